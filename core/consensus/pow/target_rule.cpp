#include "consensus/pow/target_rule.h"

#include <algorithm>
#include <stdexcept>

namespace mbc {
namespace {

std::int64_t expectedSpanOf(const NetworkParams& params) {
    return static_cast<std::int64_t>(params.retargetInterval - 1) * params.targetSpacing;
}

// The parent's target scaled by span / expected, clamped to [1, 2^256 - 1].
UInt256 scaled(const UInt256& parentTarget, std::int64_t span, std::int64_t expected) {
    const UInt256 next = parentTarget.mulDivSaturating(static_cast<std::uint64_t>(span),
                                                       static_cast<std::uint64_t>(expected));
    return next.isZero() ? UInt256(1) : next;
}

bool retargets(const NetworkParams& params, std::uint32_t height) {
    return params.retarget && height % params.retargetInterval == 0;
}

} // namespace

TargetDerivation deriveTarget(const NetworkParams& params, std::uint32_t height,
                              const UInt256& parentTarget,
                              std::span<const std::uint32_t> ancestorTimestamps) {
    if (height == 0)
        return {params.genesisTarget};
    if (!retargets(params, height))
        return {parentTarget};
    if (ancestorTimestamps.size() < params.retargetInterval)
        throw std::invalid_argument("a retarget needs the timestamps of the last interval");

    TargetDerivation d;
    d.retargeted = true;
    d.expectedSpan = expectedSpanOf(params);
    const std::int64_t newest = ancestorTimestamps.back(); // h - 1
    const std::int64_t oldest =
        ancestorTimestamps[ancestorTimestamps.size() - params.retargetInterval]; // h - 10
    d.actualSpan = newest - oldest;
    d.clampedSpan = std::clamp(d.actualSpan, d.expectedSpan / 4, d.expectedSpan * 4);

    d.target = scaled(parentTarget, d.clampedSpan, d.expectedSpan);
    return d;
}

TargetBounds targetBounds(const NetworkParams& params, std::uint32_t height,
                          const UInt256& parentTarget) {
    if (height == 0)
        return {params.genesisTarget, params.genesisTarget};
    if (!retargets(params, height))
        return {parentTarget, parentTarget};
    const std::int64_t expected = expectedSpanOf(params);
    return {scaled(parentTarget, expected / 4, expected),
            scaled(parentTarget, expected * 4, expected)};
}

UInt256 expectedTarget(const NetworkParams& params, std::uint32_t height,
                       const UInt256& parentTarget,
                       std::span<const std::uint32_t> ancestorTimestamps) {
    return deriveTarget(params, height, parentTarget, ancestorTimestamps).target;
}

} // namespace mbc
