// wallet addresses / new-address / balance / coins: what the wallet holds, from its file and
// the node.
#include "cli/cli_output.h"
#include "cli/wallet_commands.h"
#include "consensus/primitives/amount.h"

#include <cstdio>

namespace mbc::cli {
namespace {

QString hexOf(const PubKeyHash& a) {
    return QString::fromStdString(a.hex());
}

QString pathOrImported(const wallet::KeyEntry& k) {
    return k.path.empty() ? QStringLiteral("imported") : QString::fromStdString(k.path);
}

} // namespace

void listAddresses(WalletContext& c) {
    const wallet::Keystore keystore = loadWallet(c);
    json::Value::Array list;
    QList<QStringList> rows;
    for (const wallet::KeyEntry& k : keystore.keys()) {
        json::Value v;
        v.set("address", k.address.hex());
        v.set("label", k.label);
        v.set("path", k.path.empty() ? json::Value(nullptr) : json::Value(k.path));
        v.set("change", k.isChange());
        list.push_back(std::move(v));
        rows << QStringList{hexOf(k.address), QString::fromStdString(k.label), pathOrImported(k)};
    }
    if (c.json)
        return printJson(json::Value(std::move(list)));
    printTable({"Address", "Label", "Path"}, rows);
}

void addAddress(WalletContext& c) {
    wallet::Keystore keystore = unlockWallet(c);
    auto added = keystore.newKey(c.args.option("label").toStdString());
    if (const auto* e = std::get_if<wallet::KeystoreError>(&added))
        throw CliError(QString::fromStdString(e->message));
    saveWallet(c, keystore);
    const wallet::KeyEntry& k = std::get<wallet::KeyEntry>(added);
    if (c.json) {
        json::Value v;
        v.set("address", k.address.hex());
        v.set("label", k.label);
        v.set("path", k.path.empty() ? json::Value(nullptr) : json::Value(k.path));
        return printJson(v);
    }
    printFields({{"Address", hexOf(k.address)},
                 {"Label", QString::fromStdString(k.label)},
                 {"Path", pathOrImported(k)}});
}

void showWalletBalance(WalletContext& c) {
    const wallet::Keystore keystore = loadWallet(c);
    Amount total = 0;
    json::Value::Array list;
    QList<QStringList> rows;
    for (const wallet::KeyEntry& k : keystore.keys()) {
        const json::Value b = c.node->get("/balance/" + hexOf(k.address));
        const Amount balance = integerField(b, "balance");
        if (!moneyRange(balance) || !moneyRange(total + balance))
            throw CliError("the node reports a balance out of range for " + hexOf(k.address));
        total += balance;
        list.push_back(b);
        if (balance > 0 || !k.isChange())
            rows << QStringList{hexOf(k.address), QString::fromStdString(k.label), coins(balance),
                                field(b, "utxo_count")};
    }
    if (c.json) {
        json::Value v;
        v.set("balance", total);
        v.set("addresses", std::move(list));
        return printJson(v);
    }
    printTable({"Address", "Label", "Balance", "Coins"}, rows);
    std::printf("\nTotal: %s (%lld base units)\n", qPrintable(coins(total)),
                static_cast<long long>(total));
}

void listCoins(WalletContext& c) {
    const node::WalletFile file = loadWalletFile(c);
    const wallet::Keystore& keystore = file.keystore;
    const std::int64_t tip = integerField(c.node->get("/health"), "chain_height");
    json::Value::Array list;
    QList<QStringList> rows;
    for (const wallet::KeyEntry& k : keystore.keys()) {
        const json::Value page = c.node->getAllPages("/utxos/" + hexOf(k.address), "utxos");
        for (const json::Value& u : member(page, "utxos").asArray()) {
            const json::Value* height = u.find("height");
            const json::Value* pending = u.find("spent_in_mempool");
            const bool spending = pending && pending->isBool() && pending->asBool();
            const QString confirmations =
                height && height->asInt64() ? QString::number(tip - *height->asInt64() + 1) : "?";
            const auto coin = wallet::parseOutPoint(field(u, "txid").toStdString() + ":" +
                                                    field(u, "vout").toStdString());
            const bool frozen = coin && file.book.frozen.count(*coin);
            json::Value v = u;
            v.set("label", k.label);
            v.set("frozen", frozen);
            if (height && height->asInt64())
                v.set("confirmations", tip - *height->asInt64() + 1);
            list.push_back(std::move(v));
            rows << QStringList{
                field(u, "txid") + ":" + field(u, "vout"), coins(integerField(u, "amount")),
                hexOf(k.address), QString::fromStdString(k.label),
                confirmations + (spending ? " (being spent)" : "") + (frozen ? " (frozen)" : "")};
        }
    }
    if (c.json)
        return printJson(json::Value(std::move(list)));
    printTable({"Coin", "Amount", "Address", "Label", "Confirmations"}, rows);
}

} // namespace mbc::cli
