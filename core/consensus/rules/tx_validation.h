#pragma once

#include "consensus/result.h"
#include "consensus/rules/rule_trace.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/rules/state_views.h"

namespace mbc {

// Every rule of consensus/PROTOCOL.md §5 "Transaction" for a transaction on its own (as the
// mempool receives it), in this order: not a coinbase; structure (checkTransactionStructure); no
// null prevouts; no conflict with the mempool; then checkTxInputs against `coins` (the chain's
// UTXO set plus unconfirmed outputs). Returns the fee. Valid signatures are remembered in
// `cache` when given, so the block that confirms the tx need not verify them again. With
// `trace`, every rule checked is reported to it, with its values.
Result<Amount> validateTransaction(const Transaction& tx, const UtxoView& coins,
                                   const MempoolSpends& mempoolSpends,
                                   SignatureCache* cache = nullptr, RuleTrace* trace = nullptr);

} // namespace mbc
