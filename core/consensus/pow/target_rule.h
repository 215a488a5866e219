#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/uint256.h"

#include <cstdint>
#include <span>

namespace mbc {

// The target a block at `height` must carry (consensus/PROTOCOL.md §4 "Target rule"):
// - genesis (height 0): the network's genesis target;
// - without retargeting, or when height mod 10 != 0: the parent's target;
// - otherwise parent target x actual / expected, where expected = 9 x spacing and actual =
//   timestamp(h-1) - timestamp(h-10) clamped to [expected / 4, expected x 4]; the result is
//   clamped to [1, 2^256 - 1]. Integer arithmetic only.
// `ancestorTimestamps` ends with the parent's timestamp (oldest first) and must hold at least
// `retargetInterval` entries when a retarget is due.
UInt256 expectedTarget(const NetworkParams& params, std::uint32_t height,
                       const UInt256& parentTarget,
                       std::span<const std::uint32_t> ancestorTimestamps);

// How expectedTarget() arrived at its answer, for a validation trace.
struct TargetDerivation {
    UInt256 target;
    bool retargeted = false;      // the spans below are set only when it did
    std::int64_t actualSpan = 0;  // timestamp(h-1) - timestamp(h-10)
    std::int64_t clampedSpan = 0; // clamped to [expected / 4, expected x 4]
    std::int64_t expectedSpan = 0;
};
TargetDerivation deriveTarget(const NetworkParams& params, std::uint32_t height,
                              const UInt256& parentTarget,
                              std::span<const std::uint32_t> ancestorTimestamps);

// The hardest and the easiest target a block at `height` may carry whatever its ancestors'
// timestamps (the parent's, but for a retarget, which moves it by a factor of four at most):
// what can be checked of a header without the timestamps of the ten before it.
struct TargetBounds {
    UInt256 hardest;
    UInt256 easiest;
};
TargetBounds targetBounds(const NetworkParams& params, std::uint32_t height,
                          const UInt256& parentTarget);

} // namespace mbc
