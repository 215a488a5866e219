// Node::checkBlock and Node::checkTransaction: the validation X-ray's dry runs.
#include "chain/prefetched_views.h"
#include "consensus/rules/block_rules.h"
#include "consensus/rules/block_validation.h"
#include "consensus/rules/header_rules.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/node.h"

namespace mbc::node {
namespace {

void keepSteps(ValidationReport& report, const RuleTrace& trace) {
    report.steps = trace.steps();
    report.omittedPasses = trace.omittedPasses();
}

std::string heightText(std::int64_t h) {
    return std::to_string(h);
}

} // namespace

ValidationReport Node::checkBlock(const Block& block) {
    RuleTrace trace;
    return checkBlockWith(block, trace);
}

ValidationReport Node::checkBlockWith(const Block& block, RuleTrace& trace) {
    ValidationReport report;
    report.subject = ValidationReport::Subject::Block;
    report.id = blockHash(block.header);
    const bool genesis = block.header.isGenesis();
    const std::optional<BlockRecord> parent =
        genesis ? std::nullopt : chain_->record(block.header.prevHash);
    const BlockContext ctx = chain_->contextAfter(parent);
    report.height = ctx.height();
    // A genesis block is checked in full only where the node would take it: on an empty chain,
    // or as the chain's own (anyone can make another, with outputs to spend within it).
    const std::optional<Hash256> ownGenesis = activeHashAt(0);
    const bool parentActive = parent ? activeHashAt(parent->height) == parent->hash
                                     : genesis && (!ownGenesis || *ownGenesis == report.id);

    if (!parentActive) {
        // The UTXO set is known only along the active chain.
        const std::vector<Hash256> txids = computeTxids(block);
        Status s = checkHeader(block.header, report.id, ctx, params_, &trace);
        if (s)
            s = checkBlockStructure(block, txids, &trace);
        if (!s)
            report.failure = s.failure();
        if (parent) {
            report.against = "its parent " + parent->hash.hex() + ", on a side branch";
            report.againstKind = ValidationReport::Against::SideBranch;
        } else if (genesis) {
            report.against = "nothing: a genesis block other than this chain's";
            report.againstKind = ValidationReport::Against::OtherGenesis;
        } else {
            report.against = "no parent (not known to this node)";
            report.againstKind = ValidationReport::Against::NoParent;
            report.height.reset();
        }
        if (report.valid())
            report.notChecked = "the rules that need the spent outputs (inputs, signatures, "
                                "fees, the coinbase amount): this node keeps the outputs of its "
                                "active chain only";
        keepSteps(report, trace);
        return report;
    }

    std::vector<OutPoint> spent;
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        appendPrevouts(block.transactions[i], spent);
    const std::vector<Hash256> txids = computeTxids(block);
    const std::uint32_t height = ctx.height();
    const bool onTip = tip().height + 1 == static_cast<std::int64_t>(height);
    const PrefetchedCoins coins(onTip ? store_->unspentCoins(spent)
                                      : store_->coinsBefore(spent, height));
    const PrefetchedTxids known(store_->txidsInChainBefore(txids, height));
    const auto result = validateBlock(block, ctx, coins, known, params_, nullptr, &trace);
    if (!result)
        report.failure = result.failure();
    report.againstKind = ValidationReport::Against::ChainBeforeIt;
    report.against = parent ? "the active chain up to height " + heightText(parent->height) +
                                  " (block " + parent->hash.hex() + ")"
                            : "an empty chain (a genesis block)";
    keepSteps(report, trace);
    return report;
}

ValidationReport Node::checkTransaction(const Transaction& tx) {
    const Hash256 txid = computeTxid(tx);
    ValidationReport report;
    report.id = txid;
    if (const auto confirmed = queries_->confirmedTx(txid)) {
        // Its inputs are spent now: it is checked where it is, as part of its block, and as
        // it was given (the txid does not cover signatures and pubkeys, which may differ from
        // the block's copy: the merkle root does not change with them).
        Block inBlock = confirmed->block->block;
        const auto position = static_cast<std::uint32_t>(confirmed->position);
        inBlock.transactions[position] = tx;
        RuleTrace trace;
        trace.keepOnlyTransaction(position);
        const ValidationReport ofBlock = checkBlockWith(inBlock, trace);
        report.height = confirmed->block->record.height;
        report.againstKind = ValidationReport::Against::ItsBlock;
        report.against = "its block " + confirmed->block->record.hash.hex() + " at height " +
                         heightText(confirmed->block->record.height) + ", against " +
                         ofBlock.against;
        keepSteps(report, trace);
        report.failure = ofBlock.failure;
        if (report.failure && (report.steps.empty() || report.steps.back().passed()))
            report.notChecked = "its block, with this transaction in it, fails a rule of the "
                                "block as a whole (see the message)";
        for (const RuleStep& s : report.steps)
            for (const RuleFact& f : s.facts)
                if (s.rule == RuleId::Fee && f.name == "fee" && s.passed())
                    report.fee = f.number;
        return report;
    }

    const std::size_t size = encodedTxSize(tx);
    report.against = "the active chain up to height " + heightText(tip().height) +
                     " and the mempool (" + std::to_string(mempool_.size()) + " transactions)";
    if (size > mempool_.policy().maxTxSize) {
        // What the mempool would refuse before validating it, and a bound on the dry run.
        report.failure =
            fail(RejectCode::TxTooLarge, "transaction of " + std::to_string(size) +
                                             " bytes is larger than the mempool accepts (" +
                                             std::to_string(mempool_.policy().maxTxSize) + ")");
        report.notChecked = "every rule: the node's mempool refuses transactions this large "
                            "before it checks them";
        return report;
    }
    std::vector<OutPoint> spent;
    appendPrevouts(tx, spent);
    const PrefetchedCoins coins(store_->unspentCoins(spent));
    RuleTrace trace;
    const auto fee = mempool_.check(tx, coins, trace);
    if (fee)
        report.fee = *fee;
    else
        report.failure = fee.failure();
    keepSteps(report, trace);
    return report;
}

} // namespace mbc::node
