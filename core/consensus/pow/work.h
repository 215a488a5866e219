#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/uint256.h"

namespace mbc {

// The hash read as a 256-bit big-endian integer is at most the target (consensus/PROTOCOL.md §4).
bool hashMeetsTarget(const Hash256& hash, const UInt256& target);

// work(target) = floor(2^256 / (target + 1)): the expected number of hashes to meet it.
// A zero target (never valid) is given the largest representable work.
UInt256 blockWork(const UInt256& target);

} // namespace mbc
