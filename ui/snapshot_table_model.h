#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace mbc::ui {

// A read-only table of text, replaced whole from a snapshot the node thread took (peers,
// mempool). Rows keep their identity in column 0 so a view's selection survives a refresh.
class SnapshotTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit SnapshotTableModel(QObject* parent = nullptr);

    // Headers are set again on a language change.
    void setHeaders(const QStringList& headers);
    void setRows(QVector<QStringList> rows);
    QString cell(int row, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList headers_;
    QVector<QStringList> rows_;
};

} // namespace mbc::ui
