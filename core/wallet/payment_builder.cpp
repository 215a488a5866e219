#include "wallet/payment_builder.h"

#include "consensus/serialize/tx_serialize.h"

#include <map>
#include <set>

namespace mbc::wallet {
namespace {

std::string units(Amount a) {
    return std::to_string(a);
}

std::optional<PaymentError> checkAmounts(const PaymentOrder& order, Amount& need) {
    if (order.recipients.empty())
        return PaymentError{"a payment needs at least one recipient"};
    Amount total = 0;
    for (std::size_t i = 0; i < order.recipients.size(); ++i) {
        const Amount a = order.recipients[i].amount;
        if (a <= 0 || a > MAX_MONEY)
            return PaymentError{
                "amount" + (order.recipients.size() > 1 ? " " + std::to_string(i + 1) : "") +
                ": must be from 1 to " + units(MAX_MONEY) + " base units, got " + units(a)};
        total += a;
        if (total > MAX_MONEY)
            return PaymentError{"the amounts add up to more than the money supply"};
    }
    if (order.fee < 0 || order.fee > MAX_MONEY)
        return PaymentError{"fee: must be from 0 to " + units(MAX_MONEY) + " base units, got " +
                            units(order.fee)};
    need = total + order.fee;
    if (need > MAX_MONEY)
        return PaymentError{"amount + fee exceeds the money supply"};
    return std::nullopt;
}

std::optional<PaymentError> signInputs(Payment& p, const KeyLookup& keys) {
    const TxPreimage preimage(p.tx); // signatures are not part of it, so one serves every input
    std::map<PubKeyHash, std::optional<PrivateKey>> found;
    for (std::size_t i = 0; i < p.spent.size(); ++i) {
        const PubKeyHash& owner = p.spent[i].address;
        auto it = found.find(owner);
        if (it == found.end())
            it = found.emplace(owner, keys(owner)).first;
        if (!it->second)
            return PaymentError{"the wallet has no key for " + owner.hex() + ", whose coin " +
                                p.spent[i].outpoint.txid.hex() + ":" +
                                std::to_string(p.spent[i].outpoint.index) + " was chosen"};
        const PublicKey pub = it->second->publicKey();
        p.tx.inputs[i].pubkey.assign(pub.begin(), pub.end());
        p.tx.inputs[i].signature = it->second->sign(preimage.sighash(i, owner));
    }
    return std::nullopt;
}

} // namespace

std::variant<Payment, PaymentError> buildPayment(const PaymentOrder& order, const KeyLookup& keys) {
    Amount need = 0;
    if (auto bad = checkAmounts(order, need))
        return *bad;
    Amount have = 0;
    std::set<OutPoint> distinct;
    for (const SpendableCoin& c : order.coins) {
        if (!distinct.insert(c.outpoint).second)
            return PaymentError{"the coin " + c.outpoint.txid.hex() + ":" +
                                std::to_string(c.outpoint.index) + " is listed twice"};
        have = std::min<Amount>(have + c.amount, MAX_MONEY + 1); // each coin is in range
    }
    const auto picked = order.spendAllCoins
                            ? std::optional<CoinSelection>(CoinSelection{order.coins, have})
                            : selectCoins(order.coins, need);
    if (!picked || picked->coins.empty() || picked->total < need) {
        const std::string amounts = order.recipients.size() == 1
                                        ? "amount " + units(order.recipients[0].amount)
                                        : "amounts " + units(need - order.fee);
        return PaymentError{(order.spendAllCoins ? "the chosen coins fall short: have "
                                                 : "insufficient funds: have ") +
                                units(have) + ", need " + units(need) + " (" + amounts + " + fee " +
                                units(order.fee) + ")",
                            have, need};
    }
    Payment p;
    p.spent = picked->coins;
    p.inputTotal = picked->total;
    p.change = picked->total - need;
    for (const SpendableCoin& c : p.spent)
        p.tx.inputs.push_back(TxIn{c.outpoint, {}, {}});
    for (const Recipient& r : order.recipients)
        p.tx.outputs.push_back(TxOut{r.amount, r.address});
    if (p.change > 0)
        p.tx.outputs.push_back(TxOut{p.change, order.changeAddress});
    if (auto failed = signInputs(p, keys))
        return *failed;
    return p;
}

std::variant<Payment, PaymentError> buildPayment(const PrivateKey& from,
                                                 const std::vector<SpendableCoin>& coins,
                                                 const PubKeyHash& to, Amount amount, Amount fee) {
    PaymentOrder order{{{to, amount}}, fee, coins, false, from.address()};
    for (SpendableCoin& c : order.coins)
        c.address = from.address();
    return buildPayment(order, [&from](const PubKeyHash&) { return std::optional(from); });
}

} // namespace mbc::wallet
