#pragma once

#include "chain/mempool.h"
#include "consensus/pow/network_params.h"
#include "consensus/rules/block_context.h"

namespace mbc {

// A block ready for the nonce search: everything but the nonce is final.
struct BlockTemplate {
    Block block; // nonce 0
    std::uint32_t height = 0;
    Amount fees = 0;
    // The timestamps the block may have (consensus/PROTOCOL.md §5): after the median time past,
    // at most the node's time plus the allowed lead.
    std::int64_t minTimestamp = 0;
    std::int64_t maxTimestamp = 0;
};

// The bytes of a block the mempool's txs may fill: room is kept for the header, the tx count
// and a coinbase.
constexpr std::size_t kMempoolBytesPerBlock = MAX_BLOCK_SIZE - 1'000;

// Builds the next block on the tip described by `ctx`: a coinbase paying reward + fees to
// `payee` with locktime = height, then `chosen` (a BlockPlan's, in its order). The timestamp is
// the node's time, or one second past the median time past if that is later.
BlockTemplate assembleBlock(const BlockContext& ctx, const NetworkParams& params,
                            const std::vector<const MempoolEntry*>& chosen,
                            const PubKeyHash& payee);

// The same with the mempool's plan (consensus/PROTOCOL.md mining policy): at most `maxBlockTxs`
// mempool txs, highest fee per byte first and parents before children.
BlockTemplate assembleBlock(const BlockContext& ctx, const NetworkParams& params,
                            const Mempool& mempool, const PubKeyHash& payee,
                            std::size_t maxBlockTxs);

} // namespace mbc
