#pragma once

#include "consensus/primitives/amount.h"

#include <optional>
#include <string>
#include <string_view>

// Amounts as people write them: coins with up to 8 decimals (1 coin = 100,000,000 base units).
namespace mbc::wallet {

// "12.50000000" (always 8 decimals; "-" before a negative amount).
std::string coinsText(Amount units);
// "12.5": without trailing zeros (a payment URI's amount).
std::string shortCoinsText(Amount units);
// "12.5", "12", "0.00000001", " 3 ": nullopt for anything else, or more than MAX_MONEY.
std::optional<Amount> parseCoins(std::string_view text);

} // namespace mbc::wallet
