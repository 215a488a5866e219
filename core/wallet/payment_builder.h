#pragma once

#include "wallet/coin_selection.h"
#include "wallet/private_key.h"

#include <string>
#include <variant>

namespace mbc::wallet {

struct Payment {
    Transaction tx;
    Amount inputTotal = 0;
    Amount change = 0; // back to the sender's own address; 0: no change output
};

struct PaymentError {
    std::string message; // "insufficient funds: have 10, need 1010 (amount 1000 + fee 10)"
    // For insufficient funds (a GUI words it in its own language): what the coins add up to,
    // and what amount + fee need; -1 otherwise.
    Amount have = -1;
    Amount need = -1;
};

// A signed transaction paying `amount` to `to` with `fee`, spending coins of `from`'s address
// (selected from `coins`), with change back to that address.
std::variant<Payment, PaymentError> buildPayment(const PrivateKey& from,
                                                 const std::vector<SpendableCoin>& coins,
                                                 const PubKeyHash& to, Amount amount, Amount fee);

// Signs every input of `tx`, each spending an output locked to `key`'s address.
void signAllInputs(Transaction& tx, const PrivateKey& key);

} // namespace mbc::wallet
