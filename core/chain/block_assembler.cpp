#include "chain/block_assembler.h"

#include "chain/block_plan.h"

#include "consensus/crypto/merkle.h"
#include "consensus/pow/median_time_past.h"
#include "consensus/pow/target_rule.h"
#include "consensus/serialize/tx_serialize.h"

#include <algorithm>
#include <limits>

namespace mbc {

BlockTemplate assembleBlock(const BlockContext& ctx, const NetworkParams& params,
                            const std::vector<const MempoolEntry*>& chosen,
                            const PubKeyHash& payee) {
    BlockTemplate t;
    t.height = ctx.height();
    t.maxTimestamp = std::min<std::int64_t>(ctx.now + params.maxFutureBlockTime,
                                            std::numeric_limits<std::uint32_t>::max());
    BlockHeader& h = t.block.header;
    h.version = 1;
    if (ctx.parent) {
        h.prevHash = ctx.parent->hash;
        h.target =
            expectedTarget(params, t.height, ctx.parent->target, ctx.parent->recentTimestamps);
        const auto mtp = medianTimePast(ctx.parent->recentTimestamps, params.medianTimeSpan);
        t.minTimestamp = *mtp + 1;
        h.timestamp = static_cast<std::uint32_t>(std::max<std::int64_t>(ctx.now, t.minTimestamp));
    } else {
        h.target = params.genesisTarget;
        h.timestamp = static_cast<std::uint32_t>(ctx.now);
    }

    for (const MempoolEntry* e : chosen)
        t.fees += e->fee;
    t.block.transactions.reserve(chosen.size() + 1);
    t.block.transactions.push_back(makeCoinbase(t.height, params.blockReward + t.fees, payee));
    for (const MempoolEntry* e : chosen)
        t.block.transactions.push_back(e->tx);

    std::vector<Hash256> txids;
    txids.reserve(t.block.transactions.size());
    txids.push_back(computeTxid(t.block.transactions[0]));
    for (const MempoolEntry* e : chosen)
        txids.push_back(e->txid);
    h.merkleRoot = merkleRoot(txids);
    return t;
}

BlockTemplate assembleBlock(const BlockContext& ctx, const NetworkParams& params,
                            const Mempool& mempool, const PubKeyHash& payee,
                            std::size_t maxBlockTxs) {
    return assembleBlock(ctx, params, planBlock(mempool, maxBlockTxs, kMempoolBytesPerBlock).chosen,
                         payee);
}

} // namespace mbc
