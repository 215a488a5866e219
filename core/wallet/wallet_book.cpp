#include "wallet/wallet_book.h"

#include <charconv>

namespace mbc::wallet {

std::string outPointText(const OutPoint& o) {
    return o.txid.hex() + ":" + std::to_string(o.index);
}

std::optional<OutPoint> parseOutPoint(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const auto txid = Hash256::fromHex(text.substr(0, colon));
    const std::string_view digits = text.substr(colon + 1);
    std::uint32_t index = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (!txid || digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return OutPoint{*txid, index};
}

json::Value WalletBook::toJson() const {
    json::Value::Array list;
    for (const OutPoint& o : frozen)
        list.emplace_back(outPointText(o));
    json::Value v;
    v.set("frozen", json::Value(std::move(list)));
    return v;
}

std::variant<WalletBook, std::string> WalletBook::fromJson(const json::Value* book) {
    WalletBook out;
    if (!book)
        return out;
    const json::Value* frozen = book->find("frozen");
    if (frozen && !frozen->isArray())
        return std::string("\"book\": \"frozen\" is not a list");
    if (frozen)
        for (const json::Value& f : frozen->asArray()) {
            const auto o = f.isString() ? parseOutPoint(f.asString()) : std::nullopt;
            if (!o)
                return std::string("\"book\": a frozen coin is not TXID:INDEX");
            out.frozen.insert(*o);
        }
    return out;
}

} // namespace mbc::wallet
