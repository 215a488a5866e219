#pragma once

#include "ui/line_chart.h"
#include "ui/page.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace mbc::ui {

class ClientModel;
class MempoolTableModel;
class PeerTableModel;

// The node among its peers: the peers table (status, failures, last seen) with add, remove and
// sync now; the mempool; and the chain's work over height.
class NetworkPage : public Page {
    Q_OBJECT
public:
    explicit NetworkPage(ClientModel& model, QWidget* parent = nullptr);

    // Asks the node for fresh tables and chart points (also every two seconds while shown).
    void refresh();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void retranslate() override;
    void addPeer();
    void removePeer();
    void syncNow();
    QString selectedPeer() const;
    void say(const QString& message, bool error = false);
    void takeWork(const QList<QPointF>& points);

    ClientModel& model_;
    QLabel* heading_;
    QLabel* peersHeading_;
    PeerTableModel* peers_;
    QTableView* peersView_;
    QLineEdit* peerUrl_;
    QPushButton* addButton_;
    QPushButton* removeButton_;
    QPushButton* syncButton_;
    QLabel* message_;
    QLabel* mempoolHeading_;
    MempoolTableModel* mempool_;
    QTableView* mempoolView_;
    LineChart chart_; // chain work (y) over height (x)
    QTimer* timer_;
    qint64 chartedHeight_ = -2; // the tip the chart was drawn for
};

} // namespace mbc::ui
