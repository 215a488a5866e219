#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/block.h"
#include "consensus/primitives/fixed_bytes.h"
#include "consensus/rules/rule_trace.h"
#include "json/json_value.h"

#include <optional>
#include <string>
#include <vector>

namespace mbc::node {

// A dry run of a block or transaction (Node::checkBlock, Node::checkTransaction): the verdict
// the node's validation reaches and the rules it checked on the way, with their values.
struct ValidationReport {
    enum class Subject { Block, Transaction };
    Subject subject = Subject::Transaction;
    Hash256 id; // the block hash or the txid
    // The state it was checked against, in words ("the active chain up to height 41 and the
    // mempool"), and which kind of state that is (for the app to say in its own words).
    std::string against;
    enum class Against {
        ChainBeforeIt, // a block: the active chain up to its parent
        TipAndMempool, // a new transaction
        ItsBlock,      // a confirmed transaction, as part of its block
        SideBranch,    // a block whose parent is not on the active chain: no UTXO rules
        NoParent,      // a block whose parent is unknown
        OtherGenesis,  // a genesis block other than the chain's own: no UTXO rules
    };
    Against againstKind = Against::TipAndMempool;
    std::optional<std::int64_t> height; // where the block would go, or the tx's block
    // Rules that could not be checked, and why (a block whose parent is not on the active
    // chain is checked without its UTXO set); empty when every rule was.
    std::string notChecked;
    std::optional<Failure> failure;
    std::optional<Amount> fee; // a valid transaction's
    std::vector<RuleStep> steps;
    std::size_t omittedPasses = 0;

    bool valid() const { return !failure.has_value(); }
};

// The REST answer of POST /tx/check and POST /block/check.
json::Value validationReportToJson(const ValidationReport& report);

// How much a dry run would make the node work, known before it starts: each signature, and each
// input's sighash over its whole transaction (which grows with the square of a transaction's
// inputs). Public requests beyond kPublicDryRunWork are refused (THREATS.md: one request's CPU
// is bounded).
struct DryRunWork {
    std::uint64_t signatures = 0;
    std::uint64_t sighashBytes = 0;
    bool within(const DryRunWork& limit) const {
        return signatures <= limit.signatures && sighashBytes <= limit.sighashBytes;
    }
};
// About a third of a second on one core: a full 1 MB block of one-input payments fits.
inline constexpr DryRunWork kPublicDryRunWork{8'000, 32'000'000};
DryRunWork dryRunWork(const Block& block);
DryRunWork dryRunWork(const Transaction& tx);

} // namespace mbc::node
