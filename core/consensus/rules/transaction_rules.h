#pragma once

#include "consensus/primitives/transaction.h"
#include "consensus/result.h"
#include "consensus/rules/rule_trace.h"

namespace mbc {

// consensus/PROTOCOL.md §5 "Transaction": the rules that need nothing but the transaction itself.
// Each reports itself to `trace` when one is given.

// bad-txns-vin-empty
Status checkInputsNotEmpty(const Transaction& tx, RuleTrace* trace = nullptr);
// bad-txns-vout-empty
Status checkOutputsNotEmpty(const Transaction& tx, RuleTrace* trace = nullptr);
// bad-txns-inputs-duplicate: no outpoint spent twice by one transaction.
Status checkNoDuplicateInputs(const Transaction& tx, RuleTrace* trace = nullptr);
// bad-txns-vout-negative, bad-txns-vout-toolarge, bad-txns-txouttotal-toolarge: every output
// and their sum in [0, MAX_MONEY].
Status checkOutputAmounts(const Transaction& tx, RuleTrace* trace = nullptr);
// coinbase: a coinbase is valid only as a block's first transaction.
Status checkNotCoinbase(const Transaction& tx, RuleTrace* trace = nullptr);
// bad-txns-prevout-null: only a coinbase may reference the null outpoint.
Status checkNoNullPrevouts(const Transaction& tx, RuleTrace* trace = nullptr);
// bad-txns-oversize: no transaction larger than a block.
Status checkTransactionSize(const Transaction& tx, RuleTrace* trace = nullptr);

// All of the above that apply to every transaction, coinbase or not (non-empty, no
// duplicate inputs, amounts in range, size), in that order.
Status checkTransactionStructure(const Transaction& tx, RuleTrace* trace = nullptr);

} // namespace mbc
