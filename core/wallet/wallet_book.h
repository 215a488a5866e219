#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/transaction.h"
#include "json/json_value.h"

#include <set>
#include <string>
#include <variant>
#include <vector>

namespace mbc::wallet {

// A payment the user asked for: a fresh address of the wallet, and what the payer was told.
struct RequestRecord {
    PubKeyHash address;
    std::optional<Amount> amount; // nullopt: any amount
    std::string label;
    std::string message;
    std::int64_t created = 0; // seconds since 1970
    bool paid = false;        // seen paid in a block once: stays paid when its coin is spent
};

// Someone the user pays: the address book's entry.
struct Contact {
    std::string label;
    PubKeyHash address;
};

// What the wallet keeps besides its keys, none of it secret: the address book, the coins the
// user froze (never chosen for a payment until thawed) and the payments asked for. Stored
// beside the keystore in the wallet file ("book").
struct WalletBook {
    std::vector<Contact> contacts; // by label
    std::set<OutPoint> frozen;
    std::vector<RequestRecord> requests; // oldest first

    const Contact* contact(const PubKeyHash& address) const;
    // Whether another entry fits (kMaxEntries per list).
    bool full(std::size_t entries) const { return entries >= kMaxEntries; }
    // Adds or renames; nullopt, or why not.
    std::optional<std::string> setContact(const std::string& label, const PubKeyHash& address);

    // A wallet file is read whole; a book beyond these is not a user's (and would make opening
    // it slow): refused.
    static constexpr std::size_t kMaxEntries = 10'000;

    json::Value toJson() const;
    // The book of a wallet file; a file without one has an empty book.
    static std::variant<WalletBook, std::string> fromJson(const json::Value* book);
};

// "txid:index", as the app, the CLI and the REST API write a coin.
std::string outPointText(const OutPoint& o);
std::optional<OutPoint> parseOutPoint(std::string_view text);

} // namespace mbc::wallet
