#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/block_context.h"
#include "consensus/rules/rule_trace.h"
#include "consensus/rules/state_views.h"

#include <span>
#include <utility>
#include <vector>

namespace mbc {

class SignatureJobRunner;

// What connecting a valid block does to the UTXO set; `spent` doubles as its undo data.
struct BlockUtxoChanges {
    Hash256 blockHash;
    std::vector<Hash256> txids; // in block order
    // Outputs of earlier blocks that this block spends, with the coins as they were.
    std::vector<std::pair<OutPoint, Coin>> spent;
    // Outputs this block creates and does not itself spend, in block order.
    std::vector<std::pair<OutPoint, Coin>> created;
    Amount fees = 0;
};

// bad-txns-already-in-chain: no txid of the block already appears in the chain it extends.
Status checkTxidsNotInChain(std::span<const Hash256> txids, const ChainTxIndex& chainTxs,
                            RuleTrace* trace = nullptr);
// bad-cb-amount: coinbase outputs <= block reward + fees.
Status checkCoinbaseAmount(const Transaction& coinbase, Amount fees, const NetworkParams& params,
                           RuleTrace* trace = nullptr);

// Every rule of consensus/PROTOCOL.md §5 "Block" against the parent's state, in this order:
// header rules (checkHeader), structure rules (checkBlockStructure), txids not in the chain,
// then each transaction in block order (bad-txns-double-spend if it spends an output an
// earlier transaction of the block spent; then checkTxInputs against the UTXO set plus the
// block's earlier outputs; fees summed within MAX_MONEY), and last the coinbase amount.
// Signature checks run on `signatures` when given (the node gives its thread pool); the outcome
// (including which failure is reported) is the same as checking everything in order on one
// thread. With `trace`, that is what happens (signatures inline, in block order), and every
// rule checked is reported to it.
Result<BlockUtxoChanges> validateBlock(const Block& block, const BlockContext& ctx,
                                       const UtxoView& coins, const ChainTxIndex& chainTxs,
                                       const NetworkParams& params,
                                       SignatureJobRunner* signatures = nullptr,
                                       RuleTrace* trace = nullptr);

} // namespace mbc
