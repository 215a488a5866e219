#include "ui/snapshot_table_model.h"
#include "ui/plain_tooltip.h"

namespace mbc::ui {

SnapshotTableModel::SnapshotTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void SnapshotTableModel::setHeaders(const QStringList& headers) {
    if (headers.size() != headers_.size()) {
        beginResetModel();
        headers_ = headers;
        endResetModel();
        return;
    }
    headers_ = headers;
    emit headerDataChanged(Qt::Horizontal, 0, int(headers_.size()) - 1);
}

void SnapshotTableModel::setRows(QVector<QStringList> rows) {
    for (QStringList& r : rows)
        while (r.size() < headers_.size())
            r << QString();
    // Same keys in the same order: only the values changed (a view keeps its selection).
    bool sameKeys = rows.size() == rows_.size();
    for (int i = 0; sameKeys && i < rows.size(); ++i)
        sameKeys = rows[i].value(0) == rows_[i].value(0);
    if (sameKeys) {
        rows_ = std::move(rows);
        if (!rows_.isEmpty())
            emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

QString SnapshotTableModel::cell(int row, int column) const {
    return row >= 0 && row < rows_.size() ? rows_[row].value(column) : QString();
}

int SnapshotTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int SnapshotTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(headers_.size());
}

QVariant SnapshotTableModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::ToolTipRole)
        return plainToolTip(*this, index);
    if (!index.isValid() || index.row() >= rows_.size() || index.column() >= columnCount())
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return rows_[index.row()].value(index.column());
    return {};
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section < headers_.size())
        return headers_[section];
    return {};
}

} // namespace mbc::ui
