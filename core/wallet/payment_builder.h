#pragma once

#include "wallet/coin_selection.h"
#include "wallet/private_key.h"

#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace mbc::wallet {

struct Recipient {
    PubKeyHash address;
    Amount amount = 0;
};

// What a payment should do, before any coin is chosen.
struct PaymentOrder {
    std::vector<Recipient> recipients; // one output each, in this order
    Amount fee = 0;
    std::vector<SpendableCoin> coins; // what it may spend
    bool spendAllCoins = false;       // coin control: spend exactly `coins`, choose none
    PubKeyHash changeAddress;         // where what is left goes back to
};

struct Payment {
    Transaction tx;
    std::vector<SpendableCoin> spent; // the coins chosen, in input order
    Amount inputTotal = 0;
    Amount change = 0; // the last output, to the change address; 0: no change output
};

struct PaymentError {
    std::string message; // "insufficient funds: have 10, need 1010 (amount 1000 + fee 10)"
    // For insufficient funds (a GUI words it in its own language): what the coins add up to,
    // and what amount + fee need; -1 otherwise.
    Amount have = -1;
    Amount need = -1;
};

// The private key of an address, if the wallet holds it (and is unlocked).
using KeyLookup = std::function<std::optional<PrivateKey>(const PubKeyHash&)>;

// A signed transaction paying every recipient, with change back to the order's change address,
// each input signed with the key of the coin it spends.
std::variant<Payment, PaymentError> buildPayment(const PaymentOrder& order, const KeyLookup& keys);

// The one-key form: pays `amount` to `to` from coins of `from`'s address, change back to it.
std::variant<Payment, PaymentError> buildPayment(const PrivateKey& from,
                                                 const std::vector<SpendableCoin>& coins,
                                                 const PubKeyHash& to, Amount amount, Amount fee);

} // namespace mbc::wallet
