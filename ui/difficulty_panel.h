#pragma once

#include "node/chain_views.h"

#include <QWidget>

class QChartView;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace mbc::ui {

class ClientModel;

// Difficulty: the work of each block's target over the chain, the next retarget with a
// countdown, the target the current pace would give there, and the expected time per block at
// the measured hash rate.
class DifficultyPanel : public QWidget {
    Q_OBJECT
public:
    explicit DifficultyPanel(ClientModel& model, QWidget* parent = nullptr);

    void retranslate();
    const node::DifficultyView& view() const { return view_; }

signals:
    void shown(); // a fresh view is on screen

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void present();

    ClientModel& model_;
    node::DifficultyView view_;
    bool asked_ = false; // a view has come
    QLabel* next_;
    QLabel* retarget_;
    QLabel* projection_;
    QLabel* expected_;
    QChartView* chart_;
    QLineSeries* series_;
    QValueAxis* heights_;
    QLogValueAxis* work_;
    bool asking_ = false;
    qint64 shownHeight_ = -2; // the tip the view was read at
};

} // namespace mbc::ui
