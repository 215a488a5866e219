#include "wallet/coin_text.h"

#include <cctype>

namespace mbc::wallet {

std::string coinsText(Amount units) {
    const bool negative = units < 0;
    const std::uint64_t v = negative ? 0 - std::uint64_t(units) : std::uint64_t(units);
    std::string fraction = std::to_string(v % std::uint64_t(COIN));
    fraction.insert(0, 8 - fraction.size(), '0');
    return (negative ? "-" : "") + std::to_string(v / std::uint64_t(COIN)) + "." + fraction;
}

std::string shortCoinsText(Amount units) {
    std::string text = coinsText(units);
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

std::optional<Amount> parseCoins(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    const auto digits = [](std::string_view s) {
        for (const char c : s)
            if (c < '0' || c > '9')
                return false;
        return true;
    };
    if (whole.empty() || whole.size() > 8 || fraction.size() > 8 || !digits(whole) ||
        !digits(fraction))
        return std::nullopt;
    Amount units = 0;
    for (const char c : whole)
        units = units * 10 + (c - '0');
    Amount scale = COIN;
    units *= COIN;
    for (const char c : fraction) {
        scale /= 10;
        units += (c - '0') * scale;
    }
    if (!moneyRange(units))
        return std::nullopt;
    return units;
}

} // namespace mbc::wallet
