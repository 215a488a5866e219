#pragma once

#include <cstdint>
#include <vector>

namespace mbc {

// The heights whose active-chain hashes make a block locator for a chain whose tip is at
// `tipHeight`, newest first: the last ten blocks one by one, then steps that double, then the
// genesis block. A peer finds the fork point as the first locator hash on its own active chain,
// within a factor of two of the real one, in O(log height) hashes.
std::vector<std::uint32_t> locatorHeights(std::int64_t tipHeight);

} // namespace mbc
