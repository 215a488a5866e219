#include "cli/spending_key.h"

#include "cli/node_client.h"
#include "cli/secret_input.h"
#include "node/wallet_file.h"
#include "wallet/keystore.h"
#include "wallet/passphrase_seal.h"
#include "json/json_value.h"

#include <QFile>

#include <cstdio>
#include <iostream>
#include <string>

namespace mbc::cli {
namespace {

PrivateKey keyFromText(const std::string& text, const QString& source) {
    WipedString hex;
    if (const auto first = text.find_first_not_of(" \t\r\n");
        first != std::string::npos && text[first] == '{') {
        // create-wallet --json: {"private_key": ..., "public_key": ..., "address": ...}
        auto parsed = json::parse(text);
        if (auto* v = std::get_if<json::Value>(&parsed)) {
            if (const json::Value* key = v->find("private_key"); key && key->isString())
                hex.text = key->asString();
            wallet::wipeStrings(*v);
        }
    } else {
        hex.text = text;
    }
    const auto begin = hex.text.find_first_not_of(" \t\r\n");
    const auto end = hex.text.find_last_not_of(" \t\r\n");
    WipedString trimmed;
    if (begin != std::string::npos)
        trimmed.text = hex.text.substr(begin, end - begin + 1);
    const auto key = PrivateKey::fromHex(trimmed.text);
    if (!key)
        throw CliError(source + ": no private key in it (64 hex digits, or the JSON "
                                "create-wallet --json prints)");
    return *key;
}

PrivateKey keyFromFile(const QString& path) {
    WipedString text;
    if (path == "-") {
        text.text.assign(std::istreambuf_iterator<char>(std::cin), {});
        return keyFromText(text.text, "stdin");
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw CliError("--key-file: cannot read " + path + ": " + f.errorString());
    const auto others = QFileDevice::ReadGroup | QFileDevice::ReadOther;
    if (f.permissions() & others)
        std::fprintf(stderr,
                     "minibitcoin-cli: warning: %s can be read by other users; chmod 600 it\n",
                     qPrintable(path));
    QByteArray bytes = f.read(64 * 1024);
    text.text = bytes.toStdString();
    wipeBytes(bytes);
    return keyFromText(text.text, "--key-file " + path);
}

PrivateKey keyFromWallet(const QString& path, const QString& addressOption) {
    auto loaded = node::readWalletFile(path);
    if (const auto* why = std::get_if<node::WalletFileError>(&loaded))
        throw CliError("--wallet: " + why->message);
    wallet::Keystore& store = std::get<node::WalletFile>(loaded).keystore;
    if (store.keys().empty())
        throw CliError("--wallet " + path + ": the wallet holds no key");
    PubKeyHash address = store.keys().front().address;
    if (!addressOption.isEmpty()) {
        const auto chosen = PubKeyHash::fromHex(addressOption.trimmed().toLower().toStdString());
        if (!chosen || !store.find(*chosen))
            throw CliError("--address: " + addressOption + " is not an address of " + path);
        address = *chosen;
    } else if (store.keys().size() > 1) {
        QStringList all;
        for (const auto& k : store.keys())
            all << QString::fromStdString(k.address.hex());
        throw CliError("--wallet " + path + " holds " + QString::number(all.size()) +
                       " addresses: say which to pay from with --address (" + all.join(", ") + ")");
    }
    WipedString passphrase;
    readSecretLine("Passphrase for " + path + ": ", passphrase.text);
    if (const auto e = store.unlock(passphrase.text))
        throw CliError("--wallet " + path + ": " + QString::fromStdString(e->message));
    auto key = store.privateKey(address);
    store.lock(); // the other keys leave memory now
    if (const auto* e = std::get_if<wallet::KeystoreError>(&key))
        throw CliError("--wallet " + path + ": " + QString::fromStdString(e->message));
    return std::get<PrivateKey>(key);
}

} // namespace

PrivateKey spendingKey(const CliArgs& args) {
    const int sources = int(args.options.contains("wallet")) +
                        int(args.options.contains("key-file")) + int(args.options.contains("from"));
    if (sources == 0)
        throw CliError("send: say which key pays: --wallet PATH (the app's wallet.json), "
                       "--key-file PATH (- for stdin), or --from KEY");
    if (sources > 1)
        throw CliError("send: give one of --wallet, --key-file and --from");
    if (args.options.contains("wallet"))
        return keyFromWallet(args.option("wallet"), args.option("address"));
    if (args.options.contains("key-file"))
        return keyFromFile(args.option("key-file"));
    std::fprintf(stderr, "minibitcoin-cli: warning: --from puts the private key where every user "
                         "of this machine can see it (ps) and in your shell's history; use "
                         "--key-file or --wallet instead\n");
    WipedString text{args.option("from").toStdString()};
    const auto key = PrivateKey::fromHex(QString::fromStdString(text.text).trimmed().toStdString());
    if (!key)
        throw CliError("--from: not a private key (64 hex digits, as create-wallet prints)");
    return *key;
}

} // namespace mbc::cli
