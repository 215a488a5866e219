#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace mbc {

// The median of the timestamps of the previous (up to) 11 blocks: sorted ascending, element
// floor(n / 2). A block's timestamp must exceed it (consensus/PROTOCOL.md §5). nullopt with no
// blocks (genesis has no lower bound). Only the last `span` entries of `ancestorTimestamps` count.
std::optional<std::int64_t> medianTimePast(std::span<const std::uint32_t> ancestorTimestamps,
                                           std::size_t span = 11);

} // namespace mbc
