#pragma once

#include "consensus/primitives/transaction.h"
#include "store/database.h"

#include <map>

namespace mbc::test {

using UtxoMap = std::map<OutPoint, TxOut>;

// The UTXO set recomputed from scratch: every block of the active chain, genesis first,
// decoded from the blocks table and applied in order.
UtxoMap utxosRecomputedFromBlocks(store::Database& db);
// The UTXO set as the outputs table holds it (spent_txid IS NULL).
UtxoMap utxosInOutputsTable(store::Database& db);

} // namespace mbc::test
