#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/block_context.h"
#include "consensus/rules/rule_trace.h"

namespace mbc {

// consensus/PROTOCOL.md §4 and §5 "Block": the rules a header must meet against its parent.
// Each reports itself, with the values it compared, to `trace` when one is given.

// prev-blk-not-found / bad-prevblk: the parent is known, or the block is a genesis block
// (prev_hash all zero) placed with no parent.
Status checkParentKnown(const BlockHeader& header, const BlockContext& ctx,
                        RuleTrace* trace = nullptr);
// bad-target: the target is exactly the one the target rule expects at this height.
Status checkTarget(const BlockHeader& header, const BlockContext& ctx, const NetworkParams& params,
                   RuleTrace* trace = nullptr);
// high-hash: the block hash, read big-endian, is at most the target.
Status checkProofOfWork(const BlockHeader& header, const Hash256& hash, RuleTrace* trace = nullptr);
// time-too-new: timestamp <= now + 2 hours.
Status checkTimestampNotTooNew(const BlockHeader& header, const BlockContext& ctx,
                               const NetworkParams& params, RuleTrace* trace = nullptr);
// time-too-old: timestamp > median time past of the previous 11 blocks (none for genesis).
Status checkTimestampAfterMedianTimePast(const BlockHeader& header, const BlockContext& ctx,
                                         const NetworkParams& params, RuleTrace* trace = nullptr);

// All header rules above, in that order.
Status checkHeader(const BlockHeader& header, const Hash256& hash, const BlockContext& ctx,
                   const NetworkParams& params, RuleTrace* trace = nullptr);

} // namespace mbc
