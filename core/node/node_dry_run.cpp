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
    ValidationReport report;
    report.subject = ValidationReport::Subject::Block;
    report.id = blockHash(block.header);
    const std::optional<BlockRecord> parent =
        block.header.isGenesis() ? std::nullopt : chain_->record(block.header.prevHash);
    const BlockContext ctx = chain_->contextAfter(parent);
    report.height = ctx.height();
    const bool parentActive =
        parent ? store_->activeHashAt(parent->height) == parent->hash : block.header.isGenesis();

    RuleTrace trace;
    if (!parentActive) {
        // The UTXO set is known only along the active chain.
        const std::vector<Hash256> txids = computeTxids(block);
        Status s = checkHeader(block.header, report.id, ctx, params_, &trace);
        if (s)
            s = checkBlockStructure(block, txids, &trace);
        if (!s)
            report.failure = s.failure();
        report.against = parent ? "its parent " + parent->hash.hex() + ", on a side branch"
                                : "no parent (not known to this node)";
        report.againstKind =
            parent ? ValidationReport::Against::SideBranch : ValidationReport::Against::NoParent;
        if (report.valid())
            report.notChecked = "the rules that need the spent outputs (inputs, signatures, "
                                "fees, the coinbase amount): its parent is not on the active "
                                "chain, the only one whose outputs this node indexes";
        if (!parent)
            report.height.reset();
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
    if (const auto confirmed = queries_->confirmedTx(txid)) {
        // Its inputs are spent now: it is checked where it was, as part of its block.
        ValidationReport ofBlock = checkBlock(confirmed->block->block);
        ValidationReport report;
        report.id = txid;
        report.height = confirmed->block->record.height;
        report.againstKind = ValidationReport::Against::ItsBlock;
        report.against = "its block " + confirmed->block->record.hash.hex() + " at height " +
                         heightText(confirmed->block->record.height) + ", against " +
                         ofBlock.against;
        const auto position = static_cast<std::uint32_t>(confirmed->position);
        for (const RuleStep& s : ofBlock.steps)
            if (s.tx == position)
                report.steps.push_back(s);
        if (ofBlock.failure && !ofBlock.steps.empty() && !ofBlock.steps.back().passed() &&
            ofBlock.steps.back().tx == position)
            report.failure = ofBlock.steps.back().failure;
        else if (ofBlock.failure)
            report.notChecked = "its block fails a rule before or outside this transaction: " +
                                ofBlock.failure->toString();
        report.omittedPasses = ofBlock.omittedPasses;
        for (const RuleStep& s : report.steps)
            for (const RuleFact& f : s.facts)
                if (s.rule == RuleId::Fee && f.name == "fee")
                    report.fee = f.number;
        return report;
    }

    std::vector<OutPoint> spent;
    appendPrevouts(tx, spent);
    const PrefetchedCoins coins(store_->unspentCoins(spent));
    RuleTrace trace;
    ValidationReport report;
    report.id = txid;
    const auto fee = mempool_.check(tx, coins, trace);
    if (fee)
        report.fee = *fee;
    else
        report.failure = fee.failure();
    report.against = "the active chain up to height " + heightText(tip().height) +
                     " and the mempool (" + std::to_string(mempool_.size()) + " transactions)";
    keepSteps(report, trace);
    return report;
}

} // namespace mbc::node
