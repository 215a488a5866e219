#pragma once

#include "consensus/primitives/amount.h"

#include <QString>

#include <optional>

namespace mbc::ui {

// "12.50000000": coins with all 8 decimals (1 coin = 100,000,000 units).
QString coinsText(Amount units);
// Coins as a person types them ("12.5", "0.00000001", "3"); nullopt unless a non-negative
// amount with at most 8 decimals within MAX_MONEY.
std::optional<Amount> parseCoins(const QString& text);

} // namespace mbc::ui
