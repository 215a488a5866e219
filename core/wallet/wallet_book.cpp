#include "wallet/wallet_book.h"

#include <algorithm>
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

const Contact* WalletBook::contact(const PubKeyHash& address) const {
    for (const Contact& c : contacts)
        if (c.address == address)
            return &c;
    return nullptr;
}

std::optional<std::string> WalletBook::setContact(const std::string& label,
                                                  const PubKeyHash& address) {
    if (label.empty())
        return std::string("a contact needs a name");
    if (label.size() > 200)
        return std::string("a contact's name is at most 200 bytes");
    if (!contact(address) && full(contacts.size()))
        return "the address book is full (" + std::to_string(kMaxEntries) + " contacts)";
    contacts.erase(std::remove_if(contacts.begin(), contacts.end(),
                                  [&](const Contact& c) { return c.address == address; }),
                   contacts.end());
    const auto at =
        std::lower_bound(contacts.begin(), contacts.end(), label,
                         [](const Contact& c, const std::string& l) { return c.label < l; });
    contacts.insert(at, Contact{label, address});
    return std::nullopt;
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
        item.set("paid", r.paid);
        requestList.push_back(std::move(item));
    }
    json::Value::Array contactList;
    for (const Contact& c : contacts) {
        json::Value item;
        item.set("label", c.label);
        item.set("address", c.address.hex());
        contactList.push_back(std::move(item));
    }
    json::Value v;
    v.set("contacts", json::Value(std::move(contactList)));
    v.set("frozen", json::Value(std::move(list)));
    v.set("requests", json::Value(std::move(requestList)));
    return v;
}

std::variant<WalletBook, std::string> WalletBook::fromJson(const json::Value* book) {
    WalletBook out;
    if (!book)
        return out;
    for (const char* name : {"contacts", "frozen", "requests"})
        if (const json::Value* list = book->find(name);
            list && list->isArray() && list->asArray().size() > kMaxEntries)
            return "\"book\": more than " + std::to_string(kMaxEntries) + " entries in \"" + name +
                   "\"";
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
    const json::Value* contacts = book->find("contacts");
    if (contacts && !contacts->isArray())
        return std::string("\"book\": \"contacts\" is not a list");
    if (contacts)
        for (const json::Value& c : contacts->asArray()) {
            const json::Value* label = c.find("label");
            const json::Value* address = c.find("address");
            const auto hash = address && address->isString()
                                  ? PubKeyHash::fromHex(address->asString())
                                  : std::nullopt;
            if (!hash || !label || !label->isString() || out.setContact(label->asString(), *hash))
                return std::string("\"book\": a contact is incomplete");
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
                 label->asString(), message->asString(), *created->asInt64(),
                 r.find("paid") && r.find("paid")->isBool() && r.find("paid")->asBool()});
        }
    return out;
}

} // namespace mbc::wallet
