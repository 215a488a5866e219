#include "wallet/payment_builder.h"

#include "consensus/serialize/tx_serialize.h"

namespace mbc::wallet {

void signAllInputs(Transaction& tx, const PrivateKey& key) {
    const PublicKey pub = key.publicKey();
    const PubKeyHash lock = key.address();
    const TxPreimage preimage(tx); // signatures are not part of it, so one serves every input
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        tx.inputs[i].pubkey.assign(pub.begin(), pub.end());
        tx.inputs[i].signature = key.sign(preimage.sighash(i, lock));
    }
}

std::variant<Payment, PaymentError> buildPayment(const PrivateKey& from,
                                                 const std::vector<SpendableCoin>& coins,
                                                 const PubKeyHash& to, Amount amount, Amount fee) {
    if (amount <= 0 || amount > MAX_MONEY)
        return PaymentError{"amount: must be from 1 to " + std::to_string(MAX_MONEY) +
                            " base units, got " + std::to_string(amount)};
    if (fee < 0 || fee > MAX_MONEY)
        return PaymentError{"fee: must be from 0 to " + std::to_string(MAX_MONEY) +
                            " base units, got " + std::to_string(fee)};
    const Amount need = amount + fee;
    if (need > MAX_MONEY)
        return PaymentError{"amount + fee exceeds the money supply"};
    const auto picked = selectCoins(coins, need);
    if (!picked) {
        Amount have = 0;
        for (const auto& c : coins)
            have += c.amount;
        return PaymentError{"insufficient funds: have " + std::to_string(have) + ", need " +
                                std::to_string(need) + " (amount " + std::to_string(amount) +
                                " + fee " + std::to_string(fee) + ")",
                            have, need};
    }
    Payment p;
    p.inputTotal = picked->total;
    p.change = picked->total - need;
    for (const SpendableCoin& c : picked->coins)
        p.tx.inputs.push_back(TxIn{c.outpoint, {}, {}});
    p.tx.outputs.push_back(TxOut{amount, to});
    if (p.change > 0)
        p.tx.outputs.push_back(TxOut{p.change, from.address()});
    signAllInputs(p.tx, from);
    return p;
}

} // namespace mbc::wallet
