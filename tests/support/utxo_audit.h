#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/transaction.h"
#include "store/database.h"

#include <map>

namespace mbc::test {

using UtxoMap = std::map<OutPoint, TxOut>;

// The UTXO set recomputed from scratch: every block of the active chain, genesis first,
// decoded from their stored bodies and applied in order.
UtxoMap utxosRecomputedFromBlocks(store::Database& db);
// The same, each block checked by validateBlock against the ones before it (with the clock at
// `now`): throws std::runtime_error naming the first active block that is not valid.
UtxoMap utxosValidatedFromBlocks(store::Database& db, const NetworkParams& params,
                                 std::int64_t now);
// The UTXO set as the outputs table holds it (spent_txid IS NULL).
UtxoMap utxosInOutputsTable(store::Database& db);
// Block records without a body plus bodies without a record: 0 in a sound store.
std::int64_t unpairedBlockBodies(store::Database& db);

} // namespace mbc::test
