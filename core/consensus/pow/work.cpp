#include "consensus/pow/work.h"

namespace mbc {

bool hashMeetsTarget(const Hash256& hash, const UInt256& target) {
    return UInt256::fromBigEndian(hash.bytes) <= target;
}

UInt256 blockWork(const UInt256& target) {
    if (target.isZero())
        return UInt256::max();
    if (target == UInt256::max())
        return UInt256(1);
    // 2^256 does not fit in 256 bits, but 2^256 / (t + 1) = (2^256 - 1 - t) / (t + 1) + 1.
    return (~target) / (target + UInt256(1)) + UInt256(1);
}

} // namespace mbc
