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
    json::Value::Array requestList;
    for (const RequestRecord& r : requests) {
        json::Value item;
        item.set("address", r.address.hex());
        item.set("amount", r.amount ? json::Value(std::int64_t(*r.amount)) : json::Value(nullptr));
        item.set("label", r.label);
        item.set("message", r.message);
        item.set("created", r.created);
        requestList.push_back(std::move(item));
    }
    json::Value v;
    v.set("frozen", json::Value(std::move(list)));
    v.set("requests", json::Value(std::move(requestList)));
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
    const json::Value* requests = book->find("requests");
    if (requests && !requests->isArray())
        return std::string("\"book\": \"requests\" is not a list");
    if (requests)
        for (const json::Value& r : requests->asArray()) {
            const json::Value* address = r.find("address");
            const json::Value* amount = r.find("amount");
            const json::Value* label = r.find("label");
            const json::Value* message = r.find("message");
            const json::Value* created = r.find("created");
            const auto hash = address && address->isString()
                                  ? PubKeyHash::fromHex(address->asString())
                                  : std::nullopt;
            const bool amountOk = amount && (amount->isNull() ||
                                             (amount->asInt64() && moneyRange(*amount->asInt64())));
            if (!hash || !amountOk || !label || !label->isString() || !message ||
                !message->isString() || !created || !created->asInt64())
                return std::string("\"book\": a request is incomplete");
            out.requests.push_back(
                {*hash, amount->isNull() ? std::nullopt : std::optional<Amount>(*amount->asInt64()),
                 label->asString(), message->asString(), *created->asInt64()});
        }
    return out;
}

} // namespace mbc::wallet
