#include "consensus/pow/median_time_past.h"

#include <algorithm>
#include <vector>

namespace mbc {

std::optional<std::int64_t> medianTimePast(std::span<const std::uint32_t> ancestorTimestamps,
                                           std::size_t span) {
    if (ancestorTimestamps.empty() || span == 0)
        return std::nullopt;
    const std::size_t n = std::min(span, ancestorTimestamps.size());
    std::vector<std::uint32_t> window(ancestorTimestamps.end() - static_cast<std::ptrdiff_t>(n),
                                      ancestorTimestamps.end());
    std::sort(window.begin(), window.end());
    return window[n / 2];
}

} // namespace mbc
