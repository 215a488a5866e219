#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/transaction.h"

#include <optional>
#include <vector>

namespace mbc::wallet {

// An output the wallet's key can spend.
struct SpendableCoin {
    OutPoint outpoint;
    Amount amount = 0;
    PubKeyHash address; // whose key signs for it
};

// How selectCoins chooses, in words for the Send review and the CLI.
inline constexpr const char* kSelectionStrategy = "largest coins first (the fewest inputs)";

struct CoinSelection {
    std::vector<SpendableCoin> coins;
    Amount total = 0;
};

// Picks coins whose sum covers `target`: the largest first, so a payment uses as few inputs
// (and so as few bytes and signatures) as it can. nullopt if all of them together fall short.
std::optional<CoinSelection> selectCoins(std::vector<SpendableCoin> available, Amount target);

} // namespace mbc::wallet
