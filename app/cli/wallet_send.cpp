// wallet send: one transaction to one or more recipients from the wallet's coins (every
// address's, each checked against its transaction), or from exactly the coins named.
#include "cli/cli_output.h"
#include "cli/verified_coins.h"
#include "cli/wallet_commands.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"

#include <cstdio>
#include <map>
#include <set>

namespace mbc::cli {
namespace {

Amount baseUnits(const QString& text, const QString& what) {
    bool ok = false;
    const qlonglong v = text.trimmed().toLongLong(&ok);
    if (!ok || v < 0 || v > MAX_MONEY)
        throw CliError(QStringLiteral("%1: '%2' is not an amount in base units (0-%3)")
                           .arg(what, text)
                           .arg(MAX_MONEY));
    return v;
}

// --to ADDRESS:AMOUNT, as many as given.
std::vector<wallet::Recipient> recipientsOf(const CliArgs& args) {
    std::vector<wallet::Recipient> out;
    for (const QString& to : args.lists.value("to")) {
        const QStringList parts = to.split(':');
        const auto address = parts.size() == 2
                                 ? PubKeyHash::fromHex(parts[0].trimmed().toLower().toStdString())
                                 : std::nullopt;
        if (!address)
            throw CliError("--to: '" + to +
                           "' is not ADDRESS:AMOUNT (40 hex digits, a colon, "
                           "base units)");
        out.push_back({*address, baseUnits(parts[1], "--to " + to)});
    }
    if (out.empty())
        throw CliError("say whom to pay: --to ADDRESS:AMOUNT (as many as you like)");
    return out;
}

// --coins TXID:N,...: each must be a spendable coin of the wallet.
std::vector<wallet::SpendableCoin> chosenCoins(const QString& list,
                                               const std::vector<wallet::SpendableCoin>& all) {
    std::vector<wallet::SpendableCoin> out;
    for (const QString& item : list.split(',', Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split(':');
        const auto txid =
            parts.size() == 2 ? Hash256::fromHex(parts[0].toLower().toStdString()) : std::nullopt;
        bool ok = false;
        const uint index = parts.size() == 2 ? parts[1].toUInt(&ok) : 0;
        if (!txid || !ok)
            throw CliError("--coins: '" + item +
                           "' is not TXID:OUTPUT (see: minibitcoin-cli "
                           "wallet coins)");
        const auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) {
            return c.outpoint == OutPoint{*txid, std::uint32_t(index)};
        });
        if (it == all.end())
            throw CliError("--coins: " + item +
                           " is not an unspent coin of this wallet, or a "
                           "payment in the mempool spends it already");
        out.push_back(*it);
    }
    if (out.empty())
        throw CliError("--coins: name at least one coin");
    return out;
}

} // namespace

void sendFromWallet(WalletContext& c) {
    const std::vector<wallet::Recipient> recipients = recipientsOf(c.args);
    const Amount fee = baseUnits(c.args.option("fee", "1000"), "--fee");
    const std::set<OutPoint> frozen = loadWalletFile(c).book.frozen; // frozen in the app
    wallet::Keystore keystore = unlockWallet(c);

    std::vector<wallet::SpendableCoin> available;
    for (const wallet::KeyEntry& k : keystore.keys())
        for (const wallet::SpendableCoin& coin : verifiedCoins(*c.node, k.address))
            if (!frozen.count(coin.outpoint))
                available.push_back(coin);
    wallet::PaymentOrder order{recipients, fee, available, false, {}};
    if (c.args.options.contains("coins")) {
        order.coins = chosenCoins(c.args.option("coins"), available);
        order.spendAllCoins = true;
    }
    // Change goes to a fresh change address (saved before anything is sent: the words find it
    // again anyway); a wallet of random keys sends it back to its first address.
    if (keystore.hierarchical()) {
        auto change = keystore.newKey("change", wallet::KeyChain::Change);
        if (const auto* e = std::get_if<wallet::KeystoreError>(&change))
            throw CliError(QString::fromStdString(e->message));
        order.changeAddress = std::get<wallet::KeyEntry>(change).address;
    } else {
        if (keystore.keys().empty())
            throw CliError(c.walletPath + " holds no key");
        order.changeAddress = keystore.keys().front().address;
    }
    auto built = wallet::buildPayment(order, [&keystore](const PubKeyHash& a) {
        auto key = keystore.privateKey(a);
        return std::holds_alternative<PrivateKey>(key)
                   ? std::optional<PrivateKey>(std::get<PrivateKey>(key))
                   : std::nullopt;
    });
    if (const auto* e = std::get_if<wallet::PaymentError>(&built))
        throw CliError(QString::fromStdString(e->message));
    const wallet::Payment& payment = std::get<wallet::Payment>(built);
    checkPayment(payment.tx, available, recipients, order.changeAddress, fee);
    if (payment.change > 0 && keystore.hierarchical())
        saveWallet(c, keystore);
    keystore.lock();

    const json::Value accepted = c.node->post("/tx", txToJson(payment.tx));
    const QString txid = QString::fromStdString(computeTxid(payment.tx).hex());
    if (field(accepted, "txid") != txid)
        throw CliError("the node answered with txid " + field(accepted, "txid") +
                       " for the payment, whose txid is " + txid);
    if (c.json)
        return printJson(accepted);
    std::printf("Transaction submitted to the mempool.\n");
    QList<QPair<QString, QString>> fields{{"Txid", txid}};
    for (const wallet::Recipient& r : recipients)
        fields.append({"To", QString::fromStdString(r.address.hex()) + "  " + coins(r.amount)});
    fields.append({"Fee", QString::number(fee)});
    fields.append({"Change", QString::number(payment.change) +
                                 (payment.change > 0
                                      ? " to " + QString::fromStdString(order.changeAddress.hex())
                                      : QString())});
    fields.append({"Coins chosen", c.args.options.contains("coins")
                                       ? QStringLiteral("by you (--coins)")
                                       : QString(wallet::kSelectionStrategy)});
    for (const wallet::SpendableCoin& s : payment.spent)
        fields.append({"Spent", QString::fromStdString(s.outpoint.txid.hex()) + ":" +
                                    QString::number(s.outpoint.index) + "  " + coins(s.amount)});
    printFields(fields);
}

} // namespace mbc::cli
