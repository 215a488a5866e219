// wallet request / wallet export-history: asking to be paid, and what the wallet did, as CSV.
#include "cli/cli_output.h"
#include "cli/wallet_commands.h"
#include "consensus/crypto/hashes.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/printable_text.h"
#include "wallet/coin_text.h"
#include "wallet/payment_uri.h"
#include "wallet/qr_matrix.h"
#include "wallet/wallet_history.h"

#include <QDateTime>
#include <QSaveFile>

#include <cstdio>
#include <map>
#include <set>

namespace mbc::cli {
namespace {

// A QR code in the terminal: two rows of modules per line with half blocks, dark on light (the
// quiet zone drawn light too, so it scans on a dark terminal).
void printQr(const std::string& text) {
    const auto matrix = wallet::qrMatrix(text);
    if (!matrix) {
        std::fprintf(stderr, "(too long for a QR code: shorten the label or the message)\n");
        return;
    }
    const int quiet = 2, size = int(matrix->size());
    const auto dark = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < size && y < size &&
               (*matrix)[std::size_t(y)][std::size_t(x)];
    };
    for (int y = -quiet; y < size + quiet; y += 2) {
        std::string line;
        for (int x = -quiet; x < size + quiet; ++x) {
            const bool top = dark(x, y), bottom = dark(x, y + 1);
            line += top && bottom ? " " : top ? "▄" : bottom ? "▀" : "█";
        }
        std::printf("%s\n", line.c_str());
    }
}

} // namespace

void requestPayment(WalletContext& c) {
    std::optional<Amount> amount;
    if (c.args.options.contains("amount")) {
        amount = wallet::parseCoins(c.args.option("amount").toStdString());
        if (!amount || *amount == 0)
            throw CliError("--amount: '" + c.args.option("amount") +
                           "' is not a number of coins above zero with at most 8 decimals");
    }
    const std::string label = c.args.option("label").toStdString();
    const std::string message = c.args.option("message").toStdString();
    wallet::WalletBook book = loadWalletFile(c).book;
    if (book.full(book.requests.size()))
        throw CliError(QStringLiteral("the wallet keeps at most %1 requests")
                           .arg(wallet::WalletBook::kMaxEntries));
    wallet::Keystore keystore = unlockWallet(c);
    auto added = keystore.newKey(label.empty() ? "request" : label);
    if (const auto* e = std::get_if<wallet::KeystoreError>(&added))
        throw CliError(QString::fromStdString(e->message));
    const PubKeyHash address = std::get<wallet::KeyEntry>(added).address;
    book.requests.push_back(
        {address, amount, label, message, QDateTime::currentSecsSinceEpoch(), false});
    saveWallet(c, keystore, book);
    const std::string uri = wallet::toUri({address, amount, label, message});
    if (c.json) {
        json::Value v;
        v.set("address", address.hex());
        v.set("uri", uri);
        return printJson(v);
    }
    printQr(uri);
    printFields({{"Link", QString::fromStdString(uri)},
                 {"Address", QString::fromStdString(address.hex())},
                 {"Amount", amount ? coins(*amount) : QStringLiteral("any")}});
}

void exportHistory(WalletContext& c) {
    const node::WalletFile walletFile = loadWalletFile(c);
    const wallet::Keystore& keystore = walletFile.keystore;
    const NodeClient& node = *c.node;
    std::set<PubKeyHash> own;
    for (const wallet::KeyEntry& k : keystore.keys())
        own.insert(k.address);
    // What each confirmed transaction did to the wallet, address by address (each pair counted
    // once: a page boundary moving under a new block does not count it twice).
    constexpr std::int64_t kMaxItemsPerAddress = 100'000;
    std::map<Hash256, std::pair<std::uint32_t, Amount>> net;
    std::set<std::pair<Hash256, PubKeyHash>> counted;
    for (const PubKeyHash& a : own) {
        for (std::int64_t offset = 0;; offset += 500) {
            if (offset >= kMaxItemsPerAddress)
                throw CliError(QString::fromStdString("the node lists more than 100000 "
                                                      "transactions of " +
                                                      a.hex() +
                                                      "; not exporting a history that long"));
            const json::Value page =
                node.get(QStringLiteral("/address/%1/history?offset=%2&limit=500")
                             .arg(QString::fromStdString(a.hex()))
                             .arg(offset));
            const auto& items = member(page, "transactions").asArray();
            for (const json::Value& t : items) {
                const auto txid = Hash256::fromHex(member(t, "txid").asString());
                if (!txid)
                    throw CliError("the node's history holds a malformed txid");
                if (!counted.insert({*txid, a}).second)
                    continue;
                const std::int64_t change = integerField(t, "net");
                if (change < -MAX_MONEY || change > MAX_MONEY)
                    throw CliError("the node's history holds an amount out of range");
                auto& entry = net[*txid];
                entry.first = std::uint32_t(integerField(t, "height"));
                entry.second += change;
            }
            if (items.size() < 500)
                break;
        }
    }
    std::vector<wallet::HistoryEntry> entries;
    std::map<std::uint32_t, std::int64_t> times;
    for (const auto& [txid, place] : net) {
        const json::Value answer = node.get(QString::fromStdString("/tx/" + txid.hex()));
        auto tx = txFromJson(answer);
        if (!tx || computeTxid(*tx) != txid)
            throw CliError(QString::fromStdString("the node's transaction " + txid.hex() +
                                                  " is not that transaction"));
        // Who paid: the inputs' public keys name their addresses.
        std::vector<std::optional<TxOut>> payers;
        for (const TxIn& in : tx->inputs)
            payers.push_back(TxOut{0, hash160(in.pubkey)});
        wallet::HistoryEntry e = wallet::describeTransaction(*tx, payers, own, place.second);
        e.txid = txid;
        e.height = place.first;
        if (!times.count(place.first))
            times[place.first] = integerField(
                member(node.get(QStringLiteral("/block/height/%1").arg(place.first)), "header"),
                "timestamp");
        e.time = times[place.first];
        entries.push_back(std::move(e));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return *a.height > *b.height; });
    // (Labels come from the wallet file, and payment links before it: written out, they
    // cannot drive the terminal the CSV may go to.)
    const std::string csv = wallet::historyCsv(entries, [&](const PubKeyHash& a) {
        const wallet::KeyEntry* k = keystore.find(a);
        const wallet::Contact* contact = k ? nullptr : walletFile.book.contact(a);
        const std::string label = k ? k->label : contact ? contact->label : std::string();
        return node::printableText(QString::fromStdString(label)).toStdString();
    });
    const QString output = c.args.option("output", "-");
    if (output == "-") {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        return;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(csv.data(), qint64(csv.size())) != qint64(csv.size()) || !file.commit())
        throw CliError("cannot write " + output + ": " + file.errorString());
    std::fprintf(stderr, "%zu transactions written to %s\n", entries.size(), qPrintable(output));
}

} // namespace mbc::cli
