// send: MiniBitcoinPy's payment flow (fetch UTXOs, select, add change, sign, submit), with
// every coin's amount checked against its transaction first.
#include "cli/cli_output.h"
#include "cli/commands.h"
#include "cli/spending_key.h"
#include "cli/verified_coins.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/wallet_file.h"
#include "wallet/payment_builder.h"

#include <cstdio>

namespace mbc::cli {
namespace {

Amount amountOption(const CliArgs& args, const char* name, std::optional<Amount> fallback) {
    if (!args.options.contains(name)) {
        if (fallback)
            return *fallback;
        throw CliError(QStringLiteral("send: --%1 is required").arg(name));
    }
    bool ok = false;
    const qlonglong v = args.option(name).toLongLong(&ok);
    if (!ok || v < 0 || v > MAX_MONEY)
        throw CliError(QStringLiteral("--%1: '%2' is not an amount in base units (0-%3)")
                           .arg(name, args.option(name))
                           .arg(MAX_MONEY));
    return v;
}

} // namespace

void sendPayment(const CommandContext& c) {
    if (!c.args.options.contains("to"))
        throw CliError("send: --to ADDRESS is required");
    const auto to = PubKeyHash::fromHex(c.args.option("to").trimmed().toLower().toStdString());
    if (!to)
        throw CliError("--to: '" + c.args.option("to") + "' is not an address (40 hex digits)");
    const Amount amount = amountOption(c.args, "amount", std::nullopt);
    const Amount fee = amountOption(c.args, "fee", Amount(1000));
    const PrivateKey key = spendingKey(c.args);

    const QString from = QString::fromStdString(key.address().hex());
    std::vector<wallet::SpendableCoin> coins = verifiedCoins(c.node, key.address());
    if (c.args.options.contains("wallet")) { // coins frozen in the app stay where they are
        const auto file = node::readWalletFile(c.args.option("wallet"));
        if (const auto* w = std::get_if<node::WalletFile>(&file))
            std::erase_if(coins,
                          [&](const auto& coin) { return w->book.frozen.count(coin.outpoint); });
    }
    auto built = wallet::buildPayment(key, coins, *to, amount, fee);
    if (const auto* e = std::get_if<wallet::PaymentError>(&built))
        throw CliError(QString::fromStdString(e->message));
    const wallet::Payment& payment = std::get<wallet::Payment>(built);
    checkPayment(payment.tx, coins, {{*to, amount}}, key.address(), fee);
    const json::Value accepted = c.node.post("/tx", txToJson(payment.tx));
    const QString txid = QString::fromStdString(computeTxid(payment.tx).hex());
    if (field(accepted, "txid") != txid)
        throw CliError("the node answered with txid " + field(accepted, "txid") +
                       " for the payment, whose txid is " + txid +
                       "; check it with: minibitcoin-cli tx " + txid);
    if (c.json)
        return printJson(accepted);
    std::printf("Transaction submitted to the mempool.\n");
    printFields({{"Txid", txid},
                 {"From", from},
                 {"To", QString::fromStdString(to->hex())},
                 {"Amount", QString::number(amount)},
                 {"Fee", QString::number(fee)},
                 {"Change", QString::number(payment.change)},
                 {"Inputs", QString::number(payment.tx.inputs.size())}});
}

} // namespace mbc::cli
