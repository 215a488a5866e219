#include "cli/wallet_commands.h"

#include "cli/commands.h"
#include "cli/secret_input.h"
#include "node/node_config.h"
#include "node/printable_text.h"
#include "node/private_paths.h"
#include "node/wallet_file.h"

#include <QFile>

#include <algorithm>
#include <cstdio>

namespace mbc::cli {
namespace {

int fail(int code, const QString& message) {
    std::fprintf(stderr, "minibitcoin-cli wallet: %s\n", qPrintable(node::printableText(message)));
    return code;
}

QString walletUsage() {
    QString out = "Usage: minibitcoin-cli wallet <command> [arguments] [--wallet PATH] "
                  "[--datadir DIR] [--node URL] [--json]\n\n"
                  "The app's wallet file (DIR/wallet.json, DIR the node's data directory):\n"
                  "passphrases and recovery words are read from the terminal, or as lines of\n"
                  "stdin, never from the command line.\n\nCommands:\n";
    for (const WalletCommandInfo& c : walletCommands())
        out += "  " + c.usage.leftJustified(52) + " " + c.summary + "\n";
    return out;
}

} // namespace

const QList<WalletCommandInfo>& walletCommands() {
    static const QList<WalletCommandInfo> all{
        {"create",
         "create [--words 12|24]",
         "A new wallet with recovery words (shown once) and its first address.",
         {"words"},
         0,
         0,
         false,
         createWalletFile},
        {"restore",
         "restore",
         "A wallet from recovery words (stdin), finding every address the chain shows used.",
         {},
         0,
         0,
         true,
         restoreWalletFile},
        {"addresses",
         "addresses",
         "The wallet's addresses, labels and derivation paths.",
         {},
         0,
         0,
         false,
         listAddresses},
        {"new-address",
         "new-address [--label TEXT]",
         "The next receive address (asks for the passphrase).",
         {"label"},
         0,
         0,
         false,
         addAddress},
        {"balance",
         "balance",
         "Confirmed balance of every address, and the total.",
         {},
         0,
         0,
         true,
         showWalletBalance},
        {"coins",
         "coins",
         "Every unspent output of the wallet: coin, amount, address, label, confirmations.",
         {},
         0,
         0,
         true,
         listCoins},
        {"send",
         "send --to ADDRESS:AMOUNT [--to ...] [--fee N] [--coins TXID:N,...]",
         "Pay one or more recipients in one transaction; --coins spends exactly those coins.",
         {"to", "fee", "coins"},
         0,
         0,
         true,
         sendFromWallet},
        {"request",
         "request [--amount COINS] [--label TEXT] [--message TEXT]",
         "Ask to be paid: a fresh address as a minibitcoin: link and QR code.",
         {"amount", "label", "message"},
         0,
         0,
         false,
         requestPayment},
        {"export-history",
         "export-history [--output FILE]",
         "The wallet's confirmed transactions as CSV (stdout without --output).",
         {"output"},
         0,
         0,
         true,
         exportHistory},
        {"sign-message",
         "sign-message [--address ADDRESS] MESSAGE",
         "Sign MESSAGE with an address's key (asks for the passphrase).",
         {"address"},
         1,
         1,
         false,
         signWithAddress},
        {"verify-message",
         "verify-message ADDRESS SIGNATURE MESSAGE",
         "Check that ADDRESS's key signed MESSAGE (needs no wallet).",
         {},
         3,
         3,
         false,
         verifySignedMessage},
    };
    return all;
}

node::WalletFile loadWalletFile(const WalletContext& c) {
    auto loaded = node::readWalletFile(c.walletPath);
    if (auto* why = std::get_if<node::WalletFileError>(&loaded))
        throw CliError(why->message + (QFile::exists(c.walletPath)
                                           ? QString()
                                           : " (make one with: minibitcoin-cli wallet create)"));
    return std::move(std::get<node::WalletFile>(loaded));
}

wallet::Keystore loadWallet(const WalletContext& c) {
    return loadWalletFile(c).keystore;
}

wallet::Keystore unlockWallet(const WalletContext& c) {
    wallet::Keystore keystore = loadWallet(c);
    WipedString passphrase;
    readSecretLine("Passphrase for " + c.walletPath + ": ", passphrase.text);
    if (const auto e = keystore.unlock(passphrase.text))
        throw CliError(c.walletPath + ": " + QString::fromStdString(e->message));
    return keystore;
}

void saveWallet(const WalletContext& c, const wallet::Keystore& keystore) {
    // The book (frozen coins, requests) is kept as the file has it.
    auto current = node::readWalletFile(c.walletPath);
    const auto* file = std::get_if<node::WalletFile>(&current);
    saveWallet(c, keystore, file ? file->book : wallet::WalletBook{});
}

void saveWallet(const WalletContext& c, const wallet::Keystore& keystore,
                const wallet::WalletBook& book) {
    if (const QString why = node::writeWalletFile(c.walletPath, keystore, book); !why.isEmpty())
        throw CliError("cannot write " + c.walletPath + ": " + why);
}

PubKeyHash chosenAddress(const WalletContext& c, const wallet::Keystore& keystore) {
    if (c.args.options.contains("address")) {
        const auto a =
            PubKeyHash::fromHex(c.args.option("address").trimmed().toLower().toStdString());
        if (!a || !keystore.find(*a))
            throw CliError("--address: " + c.args.option("address") + " is not an address of " +
                           c.walletPath);
        return *a;
    }
    if (keystore.keys().size() != 1)
        throw CliError(c.walletPath + " holds " + QString::number(keystore.keys().size()) +
                       " addresses: say which with --address (see: minibitcoin-cli wallet "
                       "addresses)");
    return keystore.keys().front().address;
}

QString labelOf(const wallet::Keystore& keystore, const PubKeyHash& address) {
    const wallet::KeyEntry* e = keystore.find(address);
    return e ? QString::fromStdString(e->label) : QString();
}

int runWalletCommand(const QStringList& rawArgs) {
    if (rawArgs.isEmpty() || rawArgs.first() == "--help" || rawArgs.first() == "-h") {
        std::fputs(qPrintable(walletUsage()), rawArgs.isEmpty() ? stderr : stdout);
        return rawArgs.isEmpty() ? 2 : 0;
    }
    const QString name = rawArgs.first();
    const auto& all = walletCommands();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const WalletCommandInfo& c) { return c.name == name; });
    if (it == all.end())
        return fail(2, "unknown command '" + name + "' (see: minibitcoin-cli wallet --help)");
    const ArgsSpec spec{it->valueOptions + kCommonOptions + QStringList{"wallet"},
                        {"to"},
                        {"json"},
                        it->minPositional,
                        it->maxPositional,
                        "wallet " + it->usage};
    const auto parsed = parseCliArgs(rawArgs.mid(1), spec);
    if (const auto* why = std::get_if<QString>(&parsed))
        return fail(2, name + ": " + *why);
    const CliArgs& args = std::get<CliArgs>(parsed);
    try {
        WalletContext c{args, args.option("wallet"), std::nullopt, args.has("json")};
        if (c.walletPath.isEmpty()) {
            // Resolved, checked, and used as checked: a wallet in someone else's directory would
            // be their keys shown as yours.
            const QString dataDir = node::resolvedDirectory(args.options.contains("datadir")
                                                                ? args.option("datadir")
                                                                : node::defaultDataDir("main"));
            if (const auto why = node::whyDirectoryIsNotPrivate(dataDir))
                throw CliError(*why);
            c.walletPath = node::walletPathIn(dataDir);
        }
        // Commands that write the file hold its lock, as the app does while it runs.
        std::unique_ptr<QLockFile> lock;
        if (QStringList{"create", "restore", "new-address", "send", "request"}.contains(name)) {
            lock = node::lockWalletFile(c.walletPath);
            if (!lock)
                throw CliError(c.walletPath +
                               " is open in another MiniBitcoin (the app, or another "
                               "minibitcoin-cli): close it first, or use the app's Wallet pane");
        }
        if (it->needsNode) {
            bool ok = true;
            const int timeout =
                args.options.contains("timeout") ? args.option("timeout").toInt(&ok) : 30;
            if (!ok || timeout < 1)
                throw CliError("--timeout: '" + args.option("timeout") +
                               "' is not a number of seconds");
            const QUrl url = parseNodeUrl(args.option("node", "http://localhost:8000"));
            c.node.emplace(url,
                           findApiToken(args.option("token"), args.option("token-file"),
                                        args.option("datadir"), url),
                           timeout);
        }
        it->run(c);
        return 0;
    } catch (const CliError& e) {
        return fail(1, name + ": " + QString::fromUtf8(e.what()));
    } catch (const std::exception& e) { // a node's answer of the wrong shape, say
        return fail(1, name + ": " + QString::fromUtf8(e.what()) +
                           " (the node's answer is not what this command expects)");
    }
}

} // namespace mbc::cli
