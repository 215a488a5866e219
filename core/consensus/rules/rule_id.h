#pragma once

#include "consensus/reject_code.h"

#include <string_view>

namespace mbc {

// Every check of consensus/PROTOCOL.md §4 and §5, one per check function of rules/, as a
// validation trace (rule_trace.h) names them. The string form is stable (REST answers).
enum class RuleId {
    // Header (header_rules.h)
    ParentKnown,     // parent-known
    Target,          // target
    ProofOfWork,     // proof-of-work
    TimeNotTooNew,   // time-not-too-new
    TimeAfterMedian, // time-after-median
    // Block structure (block_rules.h)
    BlockSize,         // block-size
    CoinbasePlacement, // coinbase-placement
    CoinbaseForm,      // coinbase-form
    MerkleRoot,        // merkle-root
    NoDuplicateTxids,  // no-duplicate-txids
    // Transaction structure (transaction_rules.h)
    NotCoinbase,       // not-coinbase
    InputsNotEmpty,    // inputs-not-empty
    OutputsNotEmpty,   // outputs-not-empty
    NoDuplicateInputs, // no-duplicate-inputs
    OutputAmounts,     // output-amounts
    TransactionSize,   // transaction-size
    NoNullPrevouts,    // no-null-prevouts
    // Against the chain (block_validation.h, input_rules.h)
    TxidsNotInChain,   // txids-not-in-chain
    NoMempoolConflict, // no-mempool-conflict
    NoDoubleSpend,     // no-double-spend-in-block
    InputSpendable,    // input-spendable
    PubkeyEncoding,    // pubkey-encoding
    PubkeyMatchesCoin, // pubkey-matches-coin
    InputSignature,    // input-signature
    InputValues,       // input-values
    Fee,               // fee
    BlockFees,         // block-fees
    CoinbaseAmount,    // coinbase-amount
};

inline constexpr RuleId kLastRuleId = RuleId::CoinbaseAmount;

// The stable string form, e.g. "proof-of-work".
std::string_view ruleName(RuleId rule);
// The code the rule refuses with (a few rules have more than one; this is the main one).
RejectCode ruleRejectCode(RuleId rule);

} // namespace mbc
