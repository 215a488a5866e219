#include "ui/next_block_model.h"

#include "ui/amount_text.h"

namespace mbc::ui {
namespace {

QStringList cells(const node::NextBlockView::Tx& tx) {
    const double rate = tx.size ? double(tx.fee) / double(tx.size) : 0.0;
    return {QString::fromStdString(tx.txid.hex()), QString::number(rate, 'f', 2), coinsText(tx.fee),
            QString::number(tx.size)};
}

} // namespace

NextBlockModel::NextBlockModel(QObject* parent)
    : SnapshotTableModel(parent) {
    retranslate();
}

void NextBlockModel::retranslate() {
    setHeaders({tr("Txid"), tr("Fee rate (units/byte)"), tr("Fee (coins)"), tr("Size (bytes)"),
                tr("Next block")});
    show(view_);
}

QString NextBlockModel::waitText(const node::NextBlockView::Waiting& w, std::size_t maxTxs) {
    switch (w.reason) {
    case node::NextBlockView::Wait::BlockFull:
        return tr("waits: the block is full (%n transaction(s) at most) of higher fee rates",
                  nullptr, int(maxTxs));
    case node::NextBlockView::Wait::NoRoom:
        return tr("waits: too few bytes are left in the block for it");
    case node::NextBlockView::Wait::ParentWaits:
        break;
    }
    return tr("waits for %1, whose output it spends and which waits too")
        .arg(QString::fromStdString(w.parent.hex().substr(0, 16)));
}

void NextBlockModel::show(node::NextBlockView view) {
    view_ = std::move(view);
    QVector<QStringList> rows;
    int position = 1; // the coinbase is first
    for (const auto& tx : view_.chosen)
        rows.push_back(cells(tx) << tr("goes in, as transaction %1").arg(position++));
    for (const auto& w : view_.waiting)
        rows.push_back(cells(w.tx) << waitText(w, view_.maxTxs));
    setRows(std::move(rows));
}

} // namespace mbc::ui
