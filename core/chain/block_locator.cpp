#include "chain/block_locator.h"

namespace mbc {

std::vector<std::uint32_t> locatorHeights(std::int64_t tipHeight) {
    std::vector<std::uint32_t> heights;
    std::int64_t step = 1;
    for (std::int64_t h = tipHeight; h > 0; h -= step) {
        heights.push_back(static_cast<std::uint32_t>(h));
        if (heights.size() >= 10)
            step *= 2;
    }
    if (tipHeight >= 0)
        heights.push_back(0);
    return heights;
}

} // namespace mbc
