#include "consensus/pow/target_rule.h"

#include <algorithm>
#include <stdexcept>

namespace mbc {

TargetDerivation deriveTarget(const NetworkParams& params, std::uint32_t height,
                              const UInt256& parentTarget,
                              std::span<const std::uint32_t> ancestorTimestamps) {
    if (height == 0)
        return {params.genesisTarget};
    if (!params.retarget || height % params.retargetInterval != 0)
        return {parentTarget};
    if (ancestorTimestamps.size() < params.retargetInterval)
        throw std::invalid_argument("a retarget needs the timestamps of the last interval");

    TargetDerivation d;
    d.retargeted = true;
    d.expectedSpan = static_cast<std::int64_t>(params.retargetInterval - 1) * params.targetSpacing;
    const std::int64_t newest = ancestorTimestamps.back(); // h - 1
    const std::int64_t oldest =
        ancestorTimestamps[ancestorTimestamps.size() - params.retargetInterval]; // h - 10
    d.actualSpan = newest - oldest;
    d.clampedSpan = std::clamp(d.actualSpan, d.expectedSpan / 4, d.expectedSpan * 4);

    const UInt256 next = parentTarget.mulDivSaturating(static_cast<std::uint64_t>(d.clampedSpan),
                                                       static_cast<std::uint64_t>(d.expectedSpan));
    d.target = next.isZero() ? UInt256(1) : next;
    return d;
}

UInt256 expectedTarget(const NetworkParams& params, std::uint32_t height,
                       const UInt256& parentTarget,
                       std::span<const std::uint32_t> ancestorTimestamps) {
    return deriveTarget(params, height, parentTarget, ancestorTimestamps).target;
}

} // namespace mbc
