#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/uint256.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mbc {

// The facts about a block's parent that the header rules need.
struct ParentInfo {
    Hash256 hash;
    std::uint32_t height = 0;
    UInt256 target;
    // Timestamps of the last (up to) 11 blocks ending with the parent, oldest first: enough
    // for the median time past and for a retarget (which needs h-1 and h-10).
    std::vector<std::uint32_t> recentTimestamps;
};

// Where a block would go, and the node's clock (consensus code never reads a clock).
struct BlockContext {
    std::optional<ParentInfo> parent; // empty for a genesis block
    std::int64_t now = 0;             // seconds since the epoch

    std::uint32_t height() const { return parent ? parent->height + 1 : 0; }
};

} // namespace mbc
