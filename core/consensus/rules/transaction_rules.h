#pragma once

#include "consensus/primitives/transaction.h"
#include "consensus/result.h"

namespace mbc {

// consensus/PROTOCOL.md §5 "Transaction": the rules that need nothing but the transaction itself.

// bad-txns-vin-empty
Status checkInputsNotEmpty(const Transaction& tx);
// bad-txns-vout-empty
Status checkOutputsNotEmpty(const Transaction& tx);
// bad-txns-inputs-duplicate: no outpoint spent twice by one transaction.
Status checkNoDuplicateInputs(const Transaction& tx);
// bad-txns-vout-negative, bad-txns-vout-toolarge, bad-txns-txouttotal-toolarge: every output
// and their sum in [0, MAX_MONEY].
Status checkOutputAmounts(const Transaction& tx);
// coinbase: a coinbase is valid only as a block's first transaction.
Status checkNotCoinbase(const Transaction& tx);
// bad-txns-prevout-null: only a coinbase may reference the null outpoint.
Status checkNoNullPrevouts(const Transaction& tx);
// bad-txns-oversize: no transaction larger than a block.
Status checkTransactionSize(const Transaction& tx);

// All of the above that apply to every transaction, coinbase or not (non-empty, no
// duplicate inputs, amounts in range, size), in that order.
Status checkTransactionStructure(const Transaction& tx);

} // namespace mbc
