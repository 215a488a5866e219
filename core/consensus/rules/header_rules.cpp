#include "consensus/rules/header_rules.h"

#include "consensus/pow/median_time_past.h"
#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"

#include <string>

namespace mbc {

Status checkParentKnown(const BlockHeader& header, const BlockContext& ctx) {
    if (header.isGenesis()) {
        if (ctx.parent)
            return fail(RejectCode::BlockBadPrev,
                        "a genesis block (prev_hash all zero) cannot extend block " +
                            ctx.parent->hash.hex());
        return {};
    }
    if (!ctx.parent)
        return fail(RejectCode::BlockPrevNotFound,
                    "parent block " + header.prevHash.hex() + " is not known");
    if (ctx.parent->hash != header.prevHash)
        return fail(RejectCode::BlockBadPrev, "prev_hash " + header.prevHash.hex() +
                                                  " is not the given parent " +
                                                  ctx.parent->hash.hex());
    return {};
}

Status checkTarget(const BlockHeader& header, const BlockContext& ctx,
                   const NetworkParams& params) {
    const UInt256 expected = ctx.parent ? expectedTarget(params, ctx.height(), ctx.parent->target,
                                                         ctx.parent->recentTimestamps)
                                        : expectedTarget(params, 0, UInt256(), {});
    if (header.target != expected)
        return fail(RejectCode::BlockBadTarget, "target " + header.target.toHexQuantity() +
                                                    " at height " + std::to_string(ctx.height()) +
                                                    " should be " + expected.toHexQuantity());
    return {};
}

Status checkProofOfWork(const BlockHeader& header, const Hash256& hash) {
    if (!hashMeetsTarget(hash, header.target))
        return fail(RejectCode::BlockHighHash, "block hash " + hash.hex() + " is above target " +
                                                   header.target.toHexQuantity());
    return {};
}

Status checkTimestampNotTooNew(const BlockHeader& header, const BlockContext& ctx,
                               const NetworkParams& params) {
    const std::int64_t limit = ctx.now + params.maxFutureBlockTime;
    if (static_cast<std::int64_t>(header.timestamp) > limit)
        return fail(RejectCode::BlockTimeTooNew,
                    "timestamp " + std::to_string(header.timestamp) + " is more than " +
                        std::to_string(params.maxFutureBlockTime) +
                        " seconds after the node's time " + std::to_string(ctx.now));
    return {};
}

Status checkTimestampAfterMedianTimePast(const BlockHeader& header, const BlockContext& ctx,
                                         const NetworkParams& params) {
    if (!ctx.parent)
        return {};
    const auto mtp = medianTimePast(ctx.parent->recentTimestamps, params.medianTimeSpan);
    if (mtp && static_cast<std::int64_t>(header.timestamp) <= *mtp)
        return fail(RejectCode::BlockTimeTooOld, "timestamp " + std::to_string(header.timestamp) +
                                                     " is not after the median time past " +
                                                     std::to_string(*mtp));
    return {};
}

Status checkHeader(const BlockHeader& header, const Hash256& hash, const BlockContext& ctx,
                   const NetworkParams& params) {
    if (Status s = checkParentKnown(header, ctx); !s)
        return s;
    if (Status s = checkTarget(header, ctx, params); !s)
        return s;
    if (Status s = checkProofOfWork(header, hash); !s)
        return s;
    if (Status s = checkTimestampNotTooNew(header, ctx, params); !s)
        return s;
    return checkTimestampAfterMedianTimePast(header, ctx, params);
}

} // namespace mbc
