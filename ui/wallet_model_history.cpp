// WalletModel: the wallet's transactions as a user reads them, and their CSV export.
#include "ui/wallet_model.h"

#include "ui/node_thread.h"

#include <QSaveFile>

#include <map>

namespace mbc::ui {
namespace {

struct History {
    std::vector<wallet::HistoryEntry> entries;
    std::int64_t tipHeight = -1;
};

// On the node's thread: the wallet's transactions, each looked up for its kind, other side and
// block time.
History readHistory(node::NodeInterface& n, const std::vector<PubKeyHash>& addresses) {
    const wallet::WalletView view =
        n.wallet(addresses, node::NodeInterface::WalletQuery::WithHistory);
    const std::set<PubKeyHash> own(addresses.begin(), addresses.end());
    std::map<std::uint32_t, std::int64_t> blockTimes;
    History h;
    h.tipHeight = view.tipHeight;
    for (const wallet::WalletTx& t : view.history) {
        const auto tx = n.transaction(t.txid);
        wallet::HistoryEntry e =
            tx ? wallet::describeTransaction(tx->tx, tx->spentOutputs, own, t.net)
               : wallet::HistoryEntry{};
        e.txid = t.txid;
        e.height = t.height;
        e.net = t.net;
        if (t.height) {
            auto it = blockTimes.find(*t.height);
            if (it == blockTimes.end()) {
                const auto blocks = n.blocks(*t.height, 1);
                it = blockTimes.emplace(*t.height, blocks.empty() ? 0 : blocks[0].timestamp).first;
            }
            e.time = it->second;
        }
        h.entries.push_back(std::move(e));
    }
    return h;
}

} // namespace

void WalletModel::history(
    std::function<void(std::vector<wallet::HistoryEntry>, std::int64_t)> done) {
    if (!keystore_)
        return done({}, -1);
    node_.ask<History>(
        [addresses = addresses()](node::NodeInterface& n) { return readHistory(n, addresses); },
        this, [done](const History& h) { done(h.entries, h.tipHeight); });
}

QString WalletModel::historyLabel(const wallet::HistoryEntry& entry) const {
    return QString::fromStdString(wallet::entryLabel(
        entry, [this](const PubKeyHash& a) { return labelOf(a).toStdString(); }));
}

void WalletModel::exportHistory(const QString& path, std::function<void(QString)> done) {
    history([this, path, done](const std::vector<wallet::HistoryEntry>& entries, std::int64_t) {
        const std::string csv = wallet::historyCsv(
            entries, [this](const PubKeyHash& a) { return labelOf(a).toStdString(); });
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return done(tr("cannot write %1: %2").arg(path, file.errorString()));
        file.write(QByteArray::fromStdString(csv));
        if (!file.commit())
            return done(tr("cannot write %1: %2").arg(path, file.errorString()));
        done({});
    });
}

} // namespace mbc::ui
