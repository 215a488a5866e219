#include "cli/verified_coins.h"

#include "cli/cli_output.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "wallet/wallet_accounting.h"

#include <algorithm>
#include <map>
#include <set>

namespace mbc::cli {
namespace {

QString hexOf(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

bool moneyRange(std::int64_t amount) {
    return amount >= 0 && amount <= MAX_MONEY;
}

// The transaction `txid` as the node serves it, checked to be that transaction.
Transaction fetchTransaction(const NodeClient& node, const Hash256& txid) {
    const json::Value answer = node.get("/tx/" + hexOf(txid));
    auto tx = txFromJson(answer);
    if (!tx)
        throw CliError(QStringLiteral("the node's transaction %1 does not decode (%2); not "
                                      "spending from a node that serves it")
                           .arg(hexOf(txid), QString::fromStdString(tx.failure().toString())));
    if (computeTxid(*tx) != txid)
        throw CliError(QStringLiteral("the node served a different transaction for %1 (its txid "
                                      "is %2); not spending from a node that misreports coins")
                           .arg(hexOf(txid), hexOf(computeTxid(*tx))));
    return std::move(tx).value();
}

} // namespace

std::vector<wallet::SpendableCoin> verifiedCoins(const NodeClient& node, const PubKeyHash& owner) {
    const json::Value utxos =
        node.getAllPages(QString::fromStdString("/utxos/" + owner.hex()), "utxos");
    std::vector<wallet::OwnedCoin> listed;
    for (const json::Value& u : member(utxos, "utxos").asArray()) {
        const auto txid = Hash256::fromHex(member(u, "txid").asString());
        const std::int64_t vout = integerField(u, "vout");
        const std::int64_t claimed = integerField(u, "amount");
        if (!txid || vout < 0 || vout > 0xffffffffLL || !moneyRange(claimed))
            throw CliError("the node's list of coins holds a malformed entry; not spending from "
                           "it");
        const json::Value* pending = u.find("spent_in_mempool");
        wallet::OwnedCoin c;
        c.outpoint = {*txid, std::uint32_t(vout)};
        c.address = owner;
        c.amount = claimed;
        c.spentInMempool = pending && pending->isBool() && pending->asBool();
        listed.push_back(c);
    }
    std::map<Hash256, Transaction> fetched; // several coins may come from one transaction
    std::vector<wallet::SpendableCoin> coins;
    for (const wallet::SpendableCoin& c : wallet::spendableCoins(listed)) {
        const Hash256& txid = c.outpoint.txid;
        const std::uint32_t vout = c.outpoint.index;
        auto it = fetched.find(txid);
        if (it == fetched.end())
            it = fetched.emplace(txid, fetchTransaction(node, txid)).first;
        const Transaction& tx = it->second;
        const QString coin = QStringLiteral("%1:%2").arg(hexOf(txid)).arg(vout);
        if (vout >= tx.outputs.size())
            throw CliError("the node lists coin " + coin + ", which its transaction does not have");
        const TxOut& out = tx.outputs[vout];
        if (out.pubkeyHash != owner)
            throw CliError("the node lists coin " + coin + " as " +
                           QString::fromStdString(owner.hex()) + "'s, but it pays " +
                           QString::fromStdString(out.pubkeyHash.hex()));
        if (!moneyRange(out.amount))
            throw CliError("coin " + coin + " has an amount out of range");
        if (out.amount != c.amount)
            throw CliError(QStringLiteral("the node reports coin %1 as %2 base units, but its "
                                          "transaction says %3; not spending from a node that "
                                          "misreports amounts")
                               .arg(coin)
                               .arg(c.amount)
                               .arg(out.amount));
        if (std::any_of(coins.begin(), coins.end(),
                        [&](const wallet::SpendableCoin& s) { return s.outpoint == c.outpoint; }))
            throw CliError("the node lists coin " + coin + " twice; not spending from it");
        coins.push_back({c.outpoint, out.amount, c.address});
    }
    return coins;
}

void checkPayment(const Transaction& tx, const std::vector<wallet::SpendableCoin>& coins,
                  const std::vector<wallet::Recipient>& recipients, const PubKeyHash& changeAddress,
                  Amount fee) {
    std::map<OutPoint, Amount> worth;
    for (const auto& c : coins)
        worth[c.outpoint] = c.amount;
    Amount in = 0;
    std::set<OutPoint> spent;
    for (const TxIn& input : tx.inputs) {
        const auto it = worth.find(input.prevout);
        if (it == worth.end() || !spent.insert(input.prevout).second)
            throw CliError("the payment spends a coin that was not checked, or one twice");
        in += it->second;
        if (!moneyRange(in))
            throw CliError("the coins spent add up to more than can exist");
    }
    const std::size_t n = recipients.size();
    if (tx.outputs.size() != n && tx.outputs.size() != n + 1)
        throw CliError(QStringLiteral("the payment has %1 outputs for %2 recipients; not "
                                      "sending it")
                           .arg(tx.outputs.size())
                           .arg(n));
    Amount out = 0;
    for (std::size_t i = 0; i < tx.outputs.size(); ++i) {
        const TxOut& o = tx.outputs[i];
        if (!moneyRange(o.amount))
            throw CliError("an output's amount is out of range");
        if (i < n && (o.pubkeyHash != recipients[i].address || o.amount != recipients[i].amount))
            throw CliError(QStringLiteral("the payment's output %1 is not what recipient %1 "
                                          "asked for; not sending it")
                               .arg(i + 1));
        if (i == n && o.pubkeyHash != changeAddress)
            throw CliError("the payment pays an address that is neither a recipient nor the "
                           "wallet's change");
        out += o.amount;
        if (!moneyRange(out))
            throw CliError("the outputs add up to more than can exist");
    }
    if (in - out != fee)
        throw CliError(QStringLiteral("the payment would pay a fee of %1 base units, not the %2 "
                                      "asked for; not sending it")
                           .arg(in - out)
                           .arg(fee));
}

} // namespace mbc::cli
