#include "ui/mempool_table_model.h"

#include "ui/amount_text.h"
#include "ui/node_thread.h"
#include "ui/when_text.h"

namespace mbc::ui {

MempoolTableModel::MempoolTableModel(NodeThread& node, QObject* parent)
    : SnapshotTableModel(parent)
    , node_(node) {
    retranslate();
}

void MempoolTableModel::retranslate() {
    setHeaders({tr("Txid"), tr("Fee (coins)"), tr("Size (bytes)"), tr("Fee rate (units/byte)"),
                tr("Received")});
}

void MempoolTableModel::refresh() {
    node_.ask<std::vector<node::MempoolView>>(
        [](node::NodeInterface& n) { return n.mempool(); }, this,
        [this](std::vector<node::MempoolView> txs) {
            QVector<QStringList> rows;
            for (const node::MempoolView& t : txs)
                rows.push_back({QString::fromStdString(t.txid.hex()), coinsText(t.fee),
                                QString::number(t.size),
                                QString::number(t.size ? t.fee / Amount(t.size) : 0),
                                whenText(t.receivedAt)});
            setRows(std::move(rows));
        });
}

} // namespace mbc::ui
