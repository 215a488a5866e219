#include "consensus/rules/block_validation.h"

#include "consensus/rules/block_rules.h"
#include "consensus/rules/header_rules.h"
#include "consensus/rules/input_rules.h"
#include "consensus/rules/signature_jobs.h"
#include "consensus/serialize/block_serialize.h"

#include <map>
#include <set>
#include <string>

namespace mbc {
namespace {

// The UTXO set as a transaction in the block sees it: the parent's set, plus the outputs of
// earlier transactions in the block, minus what they spent. Ordered containers keep hostile
// blocks from degrading lookups (no hash flooding).
class BlockSpendView final : public UtxoView {
public:
    explicit BlockSpendView(const UtxoView& base)
        : base_(base) {}

    std::optional<Coin> coin(const OutPoint& op) const override {
        if (spent_.count(op))
            return std::nullopt;
        if (auto it = created_.find(op); it != created_.end())
            return it->second;
        return base_.coin(op);
    }

    bool spentInBlock(const OutPoint& op) const { return spent_.count(op) != 0; }

    // Returns true when the output came from an earlier block (so it belongs in the undo data).
    bool spend(const OutPoint& op) {
        spent_.insert(op);
        return created_.erase(op) == 0;
    }

    void add(const OutPoint& op, const Coin& coin) { created_.emplace(op, coin); }

private:
    const UtxoView& base_;
    std::map<OutPoint, Coin> created_;
    std::set<OutPoint> spent_;
};

Failure inTransaction(std::size_t index, const Hash256& txid, const Failure& f) {
    return fail(f.code,
                "transaction " + std::to_string(index) + " (" + txid.hex() + "): " + f.message);
}

void addOutputs(BlockSpendView& view, const Transaction& tx, const Hash256& txid,
                std::uint32_t height, std::vector<std::pair<OutPoint, Coin>>& created) {
    for (std::size_t o = 0; o < tx.outputs.size(); ++o) {
        const OutPoint op{txid, static_cast<std::uint32_t>(o)};
        const Coin coin{tx.outputs[o], height, tx.isCoinbase()};
        view.add(op, coin);
        created.emplace_back(op, coin);
    }
}

} // namespace

Status checkTxidsNotInChain(std::span<const Hash256> txids, const ChainTxIndex& chainTxs,
                            RuleTrace* trace) {
    Status s;
    for (std::size_t i = 0; s && i < txids.size(); ++i)
        if (chainTxs.containsTx(txids[i]))
            s = fail(RejectCode::BlockTxAlreadyInChain,
                     "transaction " + std::to_string(i) + " (" + txids[i].hex() +
                         ") is already in the chain this block extends");
    return traced(trace, RuleId::TxidsNotInChain, s, [&] {
        return RuleFacts{RuleFact::countOf("txids", static_cast<std::int64_t>(txids.size()))};
    });
}

Status checkCoinbaseAmount(const Transaction& coinbase, Amount fees, const NetworkParams& params,
                           RuleTrace* trace) {
    Amount paid = 0;
    for (const TxOut& o : coinbase.outputs)
        paid += o.amount; // each in range and summed within MAX_MONEY by the structure rules
    const Amount allowed = params.blockReward + fees;
    Status s;
    if (paid > allowed)
        s = fail(RejectCode::BlockCoinbaseAmount, "coinbase pays " + std::to_string(paid) +
                                                      " but reward plus fees is " +
                                                      std::to_string(allowed));
    return traced(trace, RuleId::CoinbaseAmount, s, [&] {
        return RuleFacts{RuleFact::amountOf("coinbase_pays", paid),
                         RuleFact::amountOf("block_reward", params.blockReward),
                         RuleFact::amountOf("fees", fees), RuleFact::amountOf("allowed", allowed)};
    });
}

namespace {

// bad-txns-double-spend: no input spends what an earlier transaction of the block spent.
Status checkNotSpentInBlock(const Transaction& tx, const BlockSpendView& view, RuleTrace* trace) {
    Status s;
    for (std::size_t in = 0; s && in < tx.inputs.size(); ++in)
        if (view.spentInBlock(tx.inputs[in].prevout))
            s = fail(RejectCode::BlockDoubleSpend,
                     "input " + std::to_string(in) + " spends " + tx.inputs[in].prevout.txid.hex() +
                         ":" + std::to_string(tx.inputs[in].prevout.index) +
                         ", which an earlier transaction of the block spends");
    return traced(trace, RuleId::NoDoubleSpend, s, [&] {
        return RuleFacts{RuleFact::countOf("inputs", static_cast<std::int64_t>(tx.inputs.size()))};
    });
}

} // namespace

Result<BlockUtxoChanges> validateBlock(const Block& block, const BlockContext& ctx,
                                       const UtxoView& coins, const ChainTxIndex& chainTxs,
                                       const NetworkParams& params, SignatureJobRunner* signatures,
                                       RuleTrace* trace) {
    BlockUtxoChanges changes;
    changes.blockHash = blockHash(block.header);
    if (Status s = checkHeader(block.header, changes.blockHash, ctx, params, trace); !s)
        return s.failure();

    // One serialization per transaction serves its txid and all of its sighashes.
    std::vector<TxPreimage> preimages;
    preimages.reserve(block.transactions.size());
    changes.txids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) {
        preimages.emplace_back(tx);
        changes.txids.push_back(preimages.back().txid());
    }
    if (Status s = checkBlockStructure(block, changes.txids, trace); !s)
        return s.failure();
    if (Status s = checkTxidsNotInChain(changes.txids, chainTxs, trace); !s)
        return s.failure();

    const std::uint32_t height = ctx.height();
    BlockSpendView view(coins);
    std::size_t outputCount = 0;
    std::size_t inputCount = 0;
    for (const Transaction& tx : block.transactions) {
        outputCount += tx.outputs.size();
        inputCount += tx.inputs.size();
    }
    std::vector<std::pair<OutPoint, Coin>> created;
    created.reserve(outputCount);
    changes.spent.reserve(inputCount);
    addOutputs(view, block.transactions[0], changes.txids[0], height, created);

    // Everything but signatures runs in block order and stops at the first failure; the
    // signature checks queued before that point run afterwards, possibly in parallel. A
    // failing signature among them came earlier in block order, so it is the one reported.
    std::vector<SignatureJob> signatureJobs;
    std::optional<Failure> firstOrderedFailure;
    std::vector<Coin> spentCoins;
    for (std::size_t i = 1; i < block.transactions.size() && !firstOrderedFailure; ++i) {
        const Transaction& tx = block.transactions[i];
        const Hash256& txid = changes.txids[i];
        if (trace)
            trace->setTransaction(static_cast<std::uint32_t>(i));
        if (Status s = checkNotSpentInBlock(tx, view, trace); !s) {
            firstOrderedFailure = inTransaction(i, txid, s.failure());
            break;
        }
        spentCoins.clear();
        // Traced, signatures are checked inline: the trace shows them in block order.
        auto fee = checkTxInputs(tx, preimages[i], view, spentCoins,
                                 trace ? nullptr : &signatureJobs, i, nullptr, trace);
        if (!fee) {
            firstOrderedFailure = inTransaction(i, txid, fee.failure());
            break;
        }
        const auto fees = addMoney(changes.fees, *fee);
        if (!fees) {
            const Failure tooMuch = fail(RejectCode::BlockFeesOutOfRange,
                                         "the block's fees add up to more than MAX_MONEY");
            report(trace, RuleId::BlockFees, tooMuch, [&] {
                return RuleFacts{RuleFact::amountOf("fees_so_far", changes.fees),
                                 RuleFact::amountOf("fee", *fee)};
            });
            firstOrderedFailure = inTransaction(i, txid, tooMuch);
            break;
        }
        changes.fees = *fees;
        for (std::size_t in = 0; in < tx.inputs.size(); ++in)
            if (view.spend(tx.inputs[in].prevout))
                changes.spent.emplace_back(tx.inputs[in].prevout, spentCoins[in]);
        addOutputs(view, tx, txid, height, created);
    }

    const auto sigFailure =
        signatures ? signatures->firstFailure(signatureJobs) : firstSignatureFailure(signatureJobs);
    if (sigFailure) {
        const SignatureJob& job = signatureJobs[sigFailure->jobIndex];
        return inTransaction(job.txIndex, changes.txids[job.txIndex], sigFailure->failure);
    }
    if (firstOrderedFailure)
        return *firstOrderedFailure;

    if (trace) {
        trace->setTransaction(std::nullopt);
        report(trace, RuleId::BlockFees, Status{}, [&] {
            return RuleFacts{RuleFact::amountOf("fees", changes.fees),
                             RuleFact::amountOf("max_money", MAX_MONEY)};
        });
        trace->setTransaction(0);
    }
    if (Status s = checkCoinbaseAmount(block.transactions[0], changes.fees, params, trace); !s)
        return s.failure();

    changes.created.reserve(created.size());
    for (auto& entry : created)
        if (!view.spentInBlock(entry.first))
            changes.created.push_back(std::move(entry));
    return changes;
}

} // namespace mbc
