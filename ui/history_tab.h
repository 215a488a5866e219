#pragma once

#include <QWidget>

class QPushButton;
class QTableView;

namespace mbc::ui {

class SnapshotTableModel;
class WalletModel;

// The wallet's transactions: date and time, kind (mined, received, sent, to yourself), the
// other side's label, amount, confirmations; a click opens one in the Explorer; Export writes
// them as CSV.
class HistoryTab : public QWidget {
    Q_OBJECT
public:
    explicit HistoryTab(WalletModel& model, QWidget* parent = nullptr);
    void retranslate();
    // Looks each transaction up on the node's thread: done while the tab shows, not on every
    // block while it is hidden.
    void refresh();
    // Writes the CSV to `path` (the Export button asks where).
    void exportTo(const QString& path);

    enum Column {
        DateColumn,
        KindColumn,
        LabelColumn,
        AmountColumn,
        ConfirmationsColumn,
        TxidColumn
    };

protected:
    void showEvent(QShowEvent* event) override;

signals:
    void explorerRequested(const QString& link);
    void said(const QString& message, bool error);

private:
    WalletModel& model_;
    SnapshotTableModel* rows_;
    QTableView* view_;
    QPushButton* exportButton_;
};

} // namespace mbc::ui
