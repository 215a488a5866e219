#include "wallet/coin_selection.h"

#include <algorithm>

namespace mbc::wallet {

std::optional<CoinSelection> selectCoins(std::vector<SpendableCoin> available, Amount target) {
    // Ties broken by outpoint so the same wallet state always gives the same transaction.
    std::sort(available.begin(), available.end(), [](const auto& a, const auto& b) {
        return a.amount != b.amount ? a.amount > b.amount : a.outpoint < b.outpoint;
    });
    CoinSelection picked;
    for (const SpendableCoin& c : available) {
        if (picked.total >= target && !picked.coins.empty())
            break;
        picked.coins.push_back(c);
        picked.total += c.amount;
    }
    if (picked.total < target || picked.coins.empty())
        return std::nullopt;
    return picked;
}

} // namespace mbc::wallet
