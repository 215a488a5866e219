#include "ui/amount_text.h"

#include "wallet/coin_text.h"

namespace mbc::ui {

QString coinsText(Amount units) {
    return QString::fromStdString(wallet::coinsText(units));
}

std::optional<Amount> parseCoins(const QString& text) {
    return wallet::parseCoins(text.toStdString());
}

} // namespace mbc::ui
