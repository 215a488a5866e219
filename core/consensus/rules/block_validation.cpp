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

Status checkTxidsNotInChain(std::span<const Hash256> txids, const ChainTxIndex& chainTxs) {
    for (std::size_t i = 0; i < txids.size(); ++i)
        if (chainTxs.containsTx(txids[i]))
            return fail(RejectCode::BlockTxAlreadyInChain,
                        "transaction " + std::to_string(i) + " (" + txids[i].hex() +
                            ") is already in the chain this block extends");
    return {};
}

Status checkCoinbaseAmount(const Transaction& coinbase, Amount fees, const NetworkParams& params) {
    Amount paid = 0;
    for (const TxOut& o : coinbase.outputs)
        paid += o.amount; // each in range and summed within MAX_MONEY by the structure rules
    const Amount allowed = params.blockReward + fees;
    if (paid > allowed)
        return fail(RejectCode::BlockCoinbaseAmount, "coinbase pays " + std::to_string(paid) +
                                                         " but reward plus fees is " +
                                                         std::to_string(allowed));
    return {};
}

Result<BlockUtxoChanges> validateBlock(const Block& block, const BlockContext& ctx,
                                       const UtxoView& coins, const ChainTxIndex& chainTxs,
                                       const NetworkParams& params,
                                       SignatureJobRunner* signatures) {
    BlockUtxoChanges changes;
    changes.blockHash = blockHash(block.header);
    if (Status s = checkHeader(block.header, changes.blockHash, ctx, params); !s)
        return s.failure();

    // One serialization per transaction serves its txid and all of its sighashes.
    std::vector<TxPreimage> preimages;
    preimages.reserve(block.transactions.size());
    changes.txids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) {
        preimages.emplace_back(tx);
        changes.txids.push_back(preimages.back().txid());
    }
    if (Status s = checkBlockStructure(block, changes.txids); !s)
        return s.failure();
    if (Status s = checkTxidsNotInChain(changes.txids, chainTxs); !s)
        return s.failure();

    const std::uint32_t height = ctx.height();
    BlockSpendView view(coins);
    std::vector<std::pair<OutPoint, Coin>> created;
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
        for (std::size_t in = 0; in < tx.inputs.size(); ++in) {
            if (view.spentInBlock(tx.inputs[in].prevout)) {
                firstOrderedFailure =
                    inTransaction(i, txid,
                                  fail(RejectCode::BlockDoubleSpend,
                                       "input " + std::to_string(in) + " spends " +
                                           tx.inputs[in].prevout.txid.hex() + ":" +
                                           std::to_string(tx.inputs[in].prevout.index) +
                                           ", which an earlier transaction of the block spends"));
                break;
            }
        }
        if (firstOrderedFailure)
            break;
        spentCoins.clear();
        auto fee = checkTxInputs(tx, preimages[i], view, spentCoins, &signatureJobs, i);
        if (!fee) {
            firstOrderedFailure = inTransaction(i, txid, fee.failure());
            break;
        }
        const auto fees = addMoney(changes.fees, *fee);
        if (!fees) {
            firstOrderedFailure =
                inTransaction(i, txid,
                              fail(RejectCode::BlockFeesOutOfRange,
                                   "the block's fees add up to more than MAX_MONEY"));
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

    if (Status s = checkCoinbaseAmount(block.transactions[0], changes.fees, params); !s)
        return s.failure();

    for (auto& entry : created)
        if (!view.spentInBlock(entry.first))
            changes.created.push_back(std::move(entry));
    return changes;
}

} // namespace mbc
