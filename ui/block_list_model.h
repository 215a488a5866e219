#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QVector>

namespace mbc::ui {

class NodeThread;

// The active chain's blocks, newest first, for the Explorer. Rows exist for every height but
// their contents are fetched from the node a page at a time when a view first shows them, and
// only the most recently used pages are kept: a chain of 100,000 blocks costs what the view
// shows. New blocks are inserted at the top; a reorg drops what was fetched.
class BlockListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { HeightColumn, HashColumn, TimeColumn, TxsColumn, SizeColumn, ColumnCount };
    static constexpr int kPageRows = 100;
    static constexpr int kMaxPages = 50;

    explicit BlockListModel(NodeThread& node, QObject* parent = nullptr);

    // The chain's tip now; `reorgCount` changes when blocks were disconnected.
    void setTip(qint64 height, quint64 reorgCount);
    qint64 heightAt(int row) const { return tipHeight_ - row; }
    // Empty until the row's page has arrived (asking for the page if need be).
    QString hashAt(int row) const;
    // Rows fetched and kept now.
    int rowsHeld() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString hash;
        qint64 timestamp = 0;
        int txs = 0;
        int size = 0;
    };
    const Row* rowFor(qint64 height) const; // requests its page if missing
    void takePage(qint64 page, quint64 generation, const QVector<Row>& rows);

    NodeThread& node_;
    qint64 tipHeight_ = -1;
    quint64 reorgCount_ = 0;
    quint64 generation_ = 0; // pages asked for before a reorg are dropped on arrival
    mutable QHash<qint64, QVector<Row>> pages_; // page = height / kPageRows
    mutable QVector<qint64> recent_;            // pages, most recently used last
    mutable QSet<qint64> requested_;
};

} // namespace mbc::ui
