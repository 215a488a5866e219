#pragma once

#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChartView;
class QLabel;
class QTableView;
class QValueAxis;

namespace mbc::ui {

class ClientModel;
class NextBlockModel;

// The next block: the mempool as a fee-rate histogram (what goes in, what waits) and the block
// the node would mine now, transaction by transaction, with why the others wait.
class NextBlockPanel : public QWidget {
    Q_OBJECT
public:
    explicit NextBlockPanel(ClientModel& model, QWidget* parent = nullptr);

    void retranslate();
    NextBlockModel& projection() { return *table_; }

signals:
    void shown(); // a fresh projection is on screen

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void present();

    ClientModel& model_;
    NextBlockModel* table_;
    QLabel* summary_;
    QChartView* chart_;
    QBarSet* inBlock_;
    QBarSet* waiting_;
    QBarCategoryAxis* rates_;
    QValueAxis* counts_;
    QTableView* view_;
    bool asking_ = false;
};

} // namespace mbc::ui
