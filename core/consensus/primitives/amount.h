#pragma once

#include <cstdint>
#include <optional>

namespace mbc {

// Base units; 1 coin = 100,000,000 units (consensus/PROTOCOL.md §3).
using Amount = std::int64_t;

inline constexpr Amount COIN = 100'000'000;
// Every amount and every sum of amounts lies in [0, MAX_MONEY].
inline constexpr Amount MAX_MONEY = 21'000'000 * COIN;

constexpr bool moneyRange(Amount value) {
    return value >= 0 && value <= MAX_MONEY;
}

// a + b when both and the sum are in money range; nullopt otherwise (never overflows, since
// 2 * MAX_MONEY is far below INT64_MAX).
constexpr std::optional<Amount> addMoney(Amount a, Amount b) {
    if (!moneyRange(a) || !moneyRange(b) || !moneyRange(a + b))
        return std::nullopt;
    return a + b;
}

} // namespace mbc
