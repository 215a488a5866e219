#include "ui/block_list_model.h"

#include "ui/node_thread.h"

#include <QDateTime>

namespace mbc::ui {

BlockListModel::BlockListModel(NodeThread& node, QObject* parent)
    : QAbstractTableModel(parent)
    , node_(node) {}

void BlockListModel::setTip(qint64 height, quint64 reorgCount) {
    if (reorgCount != reorgCount_ || height < tipHeight_) {
        beginResetModel();
        reorgCount_ = reorgCount;
        tipHeight_ = height;
        ++generation_;
        pages_.clear();
        recent_.clear();
        requested_.clear();
        endResetModel();
        return;
    }
    if (height == tipHeight_)
        return;
    beginInsertRows({}, 0, int(height - tipHeight_) - 1);
    const qint64 oldTop = tipHeight_ / kPageRows;
    tipHeight_ = height;
    endInsertRows();
    // The page that held the old tip was fetched when it was not full.
    pages_.remove(oldTop);
    requested_.remove(oldTop);
}

const BlockListModel::Row* BlockListModel::rowFor(qint64 height) const {
    const qint64 page = height / kPageRows;
    const auto it = pages_.constFind(page);
    if (it != pages_.constEnd()) {
        recent_.removeOne(page);
        recent_.push_back(page);
        const qint64 offset = height - page * kPageRows;
        return offset < it->size() ? &(*it)[offset] : nullptr;
    }
    if (!requested_.contains(page)) {
        requested_.insert(page);
        auto* self = const_cast<BlockListModel*>(this);
        const quint64 generation = generation_;
        node_.ask<QVector<Row>>(
            [page](node::NodeInterface& n) {
                QVector<Row> rows;
                for (const node::BlockSummary& b :
                     n.blocks(std::uint32_t(page * kPageRows), std::uint32_t(kPageRows)))
                    rows.push_back({QString::fromStdString(b.hash.hex()), b.timestamp,
                                    int(b.txCount), int(b.size)});
                return rows;
            },
            self,
            [self, page, generation](QVector<Row> rows) {
                self->takePage(page, generation, rows);
            });
    }
    return nullptr;
}

void BlockListModel::takePage(qint64 page, quint64 generation, const QVector<Row>& rows) {
    requested_.remove(page);
    if (generation != generation_)
        return;
    pages_.insert(page, rows);
    recent_.removeOne(page);
    recent_.push_back(page);
    while (recent_.size() > kMaxPages)
        pages_.remove(recent_.takeFirst());
    // Rows are newest first: heights [page*N, page*N + size) are rows tip-h.
    const qint64 first = page * kPageRows;
    const qint64 last = std::min(tipHeight_, first + qint64(rows.size()) - 1);
    if (last >= first)
        emit dataChanged(index(int(tipHeight_ - last), 0),
                         index(int(tipHeight_ - first), ColumnCount - 1));
}

QString BlockListModel::hashAt(int row) const {
    const Row* r = row >= 0 && row < rowCount() ? rowFor(heightAt(row)) : nullptr;
    return r ? r->hash : QString();
}

int BlockListModel::rowsHeld() const {
    int n = 0;
    for (const QVector<Row>& page : pages_)
        n += int(page.size());
    return n;
}

int BlockListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(tipHeight_ + 1);
}

int BlockListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BlockListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole)
        return {};
    const qint64 height = heightAt(index.row());
    if (index.column() == HeightColumn)
        return height;
    const Row* r = rowFor(height);
    if (!r)
        return index.column() == HashColumn ? tr("loading...") : QVariant();
    switch (index.column()) {
    case HashColumn:
        return r->hash;
    case TimeColumn:
        return QDateTime::fromSecsSinceEpoch(r->timestamp).toString("yyyy-MM-dd HH:mm:ss");
    case TxsColumn:
        return r->txs;
    case SizeColumn:
        return r->size;
    }
    return {};
}

QVariant BlockListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HeightColumn:
        return tr("Height");
    case HashColumn:
        return tr("Hash");
    case TimeColumn:
        return tr("Time");
    case TxsColumn:
        return tr("Txs");
    case SizeColumn:
        return tr("Size (bytes)");
    }
    return {};
}

} // namespace mbc::ui
