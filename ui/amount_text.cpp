#include "ui/amount_text.h"

#include <QRegularExpression>

namespace mbc::ui {

QString coinsText(Amount units) {
    const bool negative = units < 0;
    const Amount abs = negative ? -units : units;
    return QStringLiteral("%1%2.%3")
        .arg(negative ? "-" : "")
        .arg(abs / COIN)
        .arg(abs % COIN, 8, 10, QChar('0'));
}

std::optional<Amount> parseCoins(const QString& text) {
    static const QRegularExpression form(QStringLiteral("^(\\d{1,8})(?:\\.(\\d{0,8}))?$"));
    const auto m = form.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const Amount whole = m.captured(1).toLongLong();
    const QString fraction = m.captured(2).leftJustified(8, '0');
    const Amount units = whole * COIN + fraction.toLongLong();
    if (!moneyRange(units))
        return std::nullopt;
    return units;
}

} // namespace mbc::ui
