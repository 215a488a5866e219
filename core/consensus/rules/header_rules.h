#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/block_context.h"

namespace mbc {

// consensus/PROTOCOL.md §4 and §5 "Block": the rules a header must meet against its parent.

// prev-blk-not-found / bad-prevblk: the parent is known, or the block is a genesis block
// (prev_hash all zero) placed with no parent.
Status checkParentKnown(const BlockHeader& header, const BlockContext& ctx);
// bad-target: the target is exactly the one the target rule expects at this height.
Status checkTarget(const BlockHeader& header, const BlockContext& ctx, const NetworkParams& params);
// high-hash: the block hash, read big-endian, is at most the target.
Status checkProofOfWork(const BlockHeader& header, const Hash256& hash);
// time-too-new: timestamp <= now + 2 hours.
Status checkTimestampNotTooNew(const BlockHeader& header, const BlockContext& ctx,
                               const NetworkParams& params);
// time-too-old: timestamp > median time past of the previous 11 blocks (none for genesis).
Status checkTimestampAfterMedianTimePast(const BlockHeader& header, const BlockContext& ctx,
                                         const NetworkParams& params);

// All header rules above, in that order.
Status checkHeader(const BlockHeader& header, const Hash256& hash, const BlockContext& ctx,
                   const NetworkParams& params);

} // namespace mbc
