#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mbc {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

// Lowercase hex of the bytes in order (consensus/PROTOCOL.md §1: no byte reversal).
std::string toHex(ByteSpan bytes);

// 0-15 for a hex digit of either case, else -1.
int hexDigitValue(char c);

// Hex in either case, even length; nullopt on any other character or an odd length.
std::optional<Bytes> fromHex(std::string_view hex);

// Decodes exactly out.size() bytes; false if the length or a character is wrong.
bool fromHexInto(std::string_view hex, std::span<std::uint8_t> out);

} // namespace mbc
