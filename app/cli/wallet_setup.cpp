// wallet create / wallet restore: a hierarchical wallet from new or remembered recovery words.
#include "cli/cli_output.h"
#include "cli/secret_input.h"
#include "cli/wallet_commands.h"
#include "consensus/primitives/amount.h"
#include "wallet/address_discovery.h"
#include "wallet/mnemonic.h"

#include <QFile>
#include <QRandomGenerator>

#include <cstdio>

namespace mbc::cli {
namespace {

void refuseToOverwrite(const WalletContext& c) {
    if (QFile::exists(c.walletPath))
        throw CliError(c.walletPath + " already exists: a wallet is never overwritten (move it "
                                      "away first, or name another file with --wallet)");
}

QStringList wordsOf(const std::string& mnemonic) {
    return QString::fromStdString(mnemonic).split(' ');
}

// On a terminal, the user types back two of the words, so a wallet is not made from words
// nobody wrote down. Piped input (scripts, tests) skips this.
void confirmWords(const QStringList& words) {
    if (!stdinIsTerminal())
        return;
    std::fprintf(stderr, "\nTo check that you wrote them down, type two of them.\n");
    std::array<int, 2> picks{int(QRandomGenerator::system()->bounded(words.size())), 0};
    do
        picks[1] = int(QRandomGenerator::system()->bounded(words.size()));
    while (picks[1] == picks[0]);
    for (const int i : picks) {
        WipedString typed;
        readSecretLine(QStringLiteral("Word %1: ").arg(i + 1), typed.text);
        if (QString::fromStdString(typed.text).trimmed().toLower() != words[i])
            throw CliError(QStringLiteral("word %1 is not the one shown; no wallet was made "
                                          "(run create again and write the words down)")
                               .arg(i + 1));
    }
}

void printWords(const QStringList& words) {
    std::printf("\nRecovery words. Write them down in order and keep them offline: they are the "
                "only way\nback if this file is lost, and anyone who has them has the coins.\n\n");
    for (int i = 0; i < words.size(); ++i)
        std::printf("%3d. %-10s%s", i + 1, qPrintable(words[i]), (i + 1) % 4 == 0 ? "\n" : " ");
    std::printf("\n");
}

} // namespace

void createWalletFile(WalletContext& c) {
    refuseToOverwrite(c);
    const QString count = c.args.option("words", "12");
    if (count != "12" && count != "24")
        throw CliError("--words: 12 or 24, not '" + count + "'");
    WipedString passphrase;
    readNewPassphrase(c.walletPath, passphrase);
    WipedString mnemonic{wallet::generateMnemonic(count.toInt())};
    wallet::Keystore keystore =
        wallet::Keystore::createHierarchical(passphrase.text, mnemonic.text);
    const auto first = keystore.newKey("");
    const QString address = QString::fromStdString(std::get<wallet::KeyEntry>(first).address.hex());
    const QStringList words = wordsOf(mnemonic.text);
    if (c.json) {
        json::Value v;
        v.set("wallet", c.walletPath.toStdString());
        v.set("address", address.toStdString());
        v.set("words", mnemonic.text);
        saveWallet(c, keystore);
        return printJson(v);
    }
    printWords(words);
    confirmWords(words);
    saveWallet(c, keystore);
    std::printf("\n");
    printFields({{"Wallet", c.walletPath}, {"Address", address}, {"Path", "m/44'/1'/0'/0/0"}});
}

void restoreWalletFile(WalletContext& c) {
    refuseToOverwrite(c);
    WipedString typed;
    readSecretLine("Recovery words: ", typed.text);
    auto normalized = wallet::normalizeMnemonic(typed.text);
    if (const auto* e = std::get_if<wallet::MnemonicError>(&normalized))
        throw CliError(QString::fromStdString(e->message));
    WipedString mnemonic{std::move(std::get<std::string>(normalized))};
    WipedString passphrase;
    readNewPassphrase(c.walletPath, passphrase);

    // An address is used if the chain holds a transaction paying or spending it.
    const NodeClient& node = *c.node;
    const wallet::UsedAddresses used = [&node](const std::vector<PubKeyHash>& addresses) {
        std::vector<bool> out;
        for (const PubKeyHash& a : addresses)
            out.push_back(integerField(node.get(QString::fromStdString("/address/" + a.hex())),
                                       "tx_count") > 0);
        return out;
    };
    auto restored = wallet::restoreKeystore(passphrase.text, mnemonic.text, used);
    if (const auto* e = std::get_if<wallet::KeystoreError>(&restored))
        throw CliError(QString::fromStdString(e->message));
    const wallet::Keystore& keystore = std::get<wallet::Keystore>(restored);
    Amount total = 0;
    for (const wallet::KeyEntry& k : keystore.keys()) {
        const Amount balance = integerField(
            node.get(QString::fromStdString("/balance/" + k.address.hex())), "balance");
        if (!moneyRange(balance) || !moneyRange(total + balance))
            throw CliError("the node reports a balance out of range");
        total += balance;
    }
    saveWallet(c, keystore);
    const auto receive = keystore.derivedCount(wallet::KeyChain::Receive);
    const auto change = keystore.derivedCount(wallet::KeyChain::Change);
    if (c.json) {
        json::Value v;
        v.set("wallet", c.walletPath.toStdString());
        v.set("receive_addresses", receive);
        v.set("change_addresses", change);
        v.set("balance", total);
        return printJson(v);
    }
    std::printf("Wallet restored from its recovery words.\n");
    printFields({{"Wallet", c.walletPath},
                 {"Receive addresses", QString::number(receive)},
                 {"Change addresses", QString::number(change)},
                 {"Balance", coins(total) + " (" + QString::number(total) + " base units)"}});
}

} // namespace mbc::cli
