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
};

// Builds the next block on the tip described by `ctx` (consensus/PROTOCOL.md mining policy): at
// most `maxBlockTxs` mempool txs, highest fee per byte first and parents before children, after a
// coinbase paying reward + fees to `payee` with locktime = height. The timestamp is the
// node's time, or one second past the median time past if that is later.
BlockTemplate assembleBlock(const BlockContext& ctx, const NetworkParams& params,
                            const Mempool& mempool, const PubKeyHash& payee,
                            std::size_t maxBlockTxs);

} // namespace mbc
