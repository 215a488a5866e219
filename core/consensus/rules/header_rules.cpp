#include "consensus/rules/header_rules.h"

#include "consensus/pow/median_time_past.h"
#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"

#include <string>

namespace mbc {
namespace {

Status parentKnown(const BlockHeader& header, const BlockContext& ctx) {
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

} // namespace

Status checkParentKnown(const BlockHeader& header, const BlockContext& ctx, RuleTrace* trace) {
    return traced(trace, RuleId::ParentKnown, parentKnown(header, ctx), [&] {
        RuleFacts facts{RuleFact::hexOf("prev_hash", header.prevHash.hex())};
        if (ctx.parent) {
            facts.push_back(RuleFact::hexOf("parent_hash", ctx.parent->hash.hex()));
            facts.push_back(RuleFact::countOf("parent_height", ctx.parent->height));
        }
        return facts;
    });
}

Status checkTarget(const BlockHeader& header, const BlockContext& ctx, const NetworkParams& params,
                   RuleTrace* trace) {
    const TargetDerivation expected =
        ctx.parent
            ? deriveTarget(params, ctx.height(), ctx.parent->target, ctx.parent->recentTimestamps)
            : deriveTarget(params, 0, UInt256(), {});
    Status s;
    if (header.target != expected.target)
        s = fail(RejectCode::BlockBadTarget, "target " + header.target.toHexQuantity() +
                                                 " at height " + std::to_string(ctx.height()) +
                                                 " should be " + expected.target.toHexQuantity());
    return traced(trace, RuleId::Target, s, [&] {
        RuleFacts facts{RuleFact::countOf("height", ctx.height()),
                        RuleFact::hexOf("target", header.target.toHexQuantity()),
                        RuleFact::hexOf("expected_target", expected.target.toHexQuantity())};
        if (ctx.parent)
            facts.push_back(RuleFact::hexOf("parent_target", ctx.parent->target.toHexQuantity()));
        facts.push_back(RuleFact::textOf("retarget", expected.retargeted ? "yes" : "no"));
        if (expected.retargeted) {
            facts.push_back(RuleFact::countOf("actual_span", expected.actualSpan));
            facts.push_back(RuleFact::countOf("clamped_span", expected.clampedSpan));
            facts.push_back(RuleFact::countOf("expected_span", expected.expectedSpan));
        }
        return facts;
    });
}

Status checkProofOfWork(const BlockHeader& header, const Hash256& hash, RuleTrace* trace) {
    Status s;
    if (!hashMeetsTarget(hash, header.target))
        s = fail(RejectCode::BlockHighHash,
                 "block hash " + hash.hex() + " is above target " + header.target.toHexQuantity());
    return traced(trace, RuleId::ProofOfWork, s, [&] {
        return RuleFacts{RuleFact::hexOf("block_hash", hash.hex()),
                         RuleFact::hexOf("target", header.target.toHexQuantity()),
                         RuleFact::countOf("nonce", header.nonce)};
    });
}

Status checkTimestampNotTooNew(const BlockHeader& header, const BlockContext& ctx,
                               const NetworkParams& params, RuleTrace* trace) {
    const std::int64_t limit = ctx.now + params.maxFutureBlockTime;
    Status s;
    if (static_cast<std::int64_t>(header.timestamp) > limit)
        s = fail(RejectCode::BlockTimeTooNew,
                 "timestamp " + std::to_string(header.timestamp) + " is more than " +
                     std::to_string(params.maxFutureBlockTime) + " seconds after the node's time " +
                     std::to_string(ctx.now));
    return traced(trace, RuleId::TimeNotTooNew, s, [&] {
        return RuleFacts{RuleFact::timeOf("timestamp", header.timestamp),
                         RuleFact::timeOf("node_time", ctx.now),
                         RuleFact::countOf("max_future_seconds", params.maxFutureBlockTime),
                         RuleFact::timeOf("latest_allowed", limit)};
    });
}

Status checkTimestampAfterMedianTimePast(const BlockHeader& header, const BlockContext& ctx,
                                         const NetworkParams& params, RuleTrace* trace) {
    const auto mtp = ctx.parent
                         ? medianTimePast(ctx.parent->recentTimestamps, params.medianTimeSpan)
                         : std::nullopt;
    Status s;
    if (mtp && static_cast<std::int64_t>(header.timestamp) <= *mtp)
        s = fail(RejectCode::BlockTimeTooOld, "timestamp " + std::to_string(header.timestamp) +
                                                  " is not after the median time past " +
                                                  std::to_string(*mtp));
    return traced(trace, RuleId::TimeAfterMedian, s, [&] {
        RuleFacts facts{RuleFact::timeOf("timestamp", header.timestamp)};
        if (mtp) {
            facts.push_back(RuleFact::timeOf("median_time_past", *mtp));
            const std::size_t n = ctx.parent->recentTimestamps.size();
            facts.push_back(RuleFact::countOf(
                "blocks_in_median", static_cast<std::int64_t>(std::min(n, params.medianTimeSpan))));
        } else {
            facts.push_back(RuleFact::textOf("median_time_past", "none (no earlier blocks)"));
        }
        return facts;
    });
}

Status checkHeader(const BlockHeader& header, const Hash256& hash, const BlockContext& ctx,
                   const NetworkParams& params, RuleTrace* trace) {
    if (Status s = checkParentKnown(header, ctx, trace); !s)
        return s;
    if (Status s = checkTarget(header, ctx, params, trace); !s)
        return s;
    if (Status s = checkProofOfWork(header, hash, trace); !s)
        return s;
    if (Status s = checkTimestampNotTooNew(header, ctx, params, trace); !s)
        return s;
    return checkTimestampAfterMedianTimePast(header, ctx, params, trace);
}

} // namespace mbc
