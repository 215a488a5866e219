#include "ui/difficulty_panel.h"

#include "ui/client_model.h"
#include "ui/node_thread.h"
#include "ui/status_text.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace mbc::ui {
namespace {

QString targetText(const UInt256& target) {
    return QString::fromStdString(target.toHexQuantity());
}

} // namespace

DifficultyPanel::DifficultyPanel(ClientModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , next_(new QLabel(this))
    , retarget_(new QLabel(this))
    , projection_(new QLabel(this))
    , expected_(new QLabel(this))
    , chart_(new QChartView(this))
    , series_(new QLineSeries)
    , heights_(new QValueAxis)
    , work_(new QLogValueAxis) {
    next_->setObjectName("difficultyNext");
    retarget_->setObjectName("difficultyRetarget");
    projection_->setObjectName("difficultyProjection");
    expected_->setObjectName("difficultyExpectedTime");
    for (QLabel* l : {next_, retarget_, projection_, expected_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    chart_->setObjectName("difficultyChart");
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(240);
    QChart* chart = chart_->chart(); // the view's own (setChart() would leak it)
    chart->addSeries(series_);
    chart->addAxis(heights_, Qt::AlignBottom);
    chart->addAxis(work_, Qt::AlignLeft);
    series_->attachAxis(heights_);
    series_->attachAxis(work_);
    series_->setPointsVisible(true);
    heights_->setLabelFormat("%d");
    work_->setBase(10);
    work_->setLabelFormat("%.3g");
    chart->legend()->hide();

    auto* layout = new QVBoxLayout(this);
    for (QLabel* l : {next_, retarget_, projection_, expected_})
        layout->addWidget(l);
    layout->addWidget(chart_, 1);
    // A new tip changes the chart; the hash rate changes the expected time every second.
    connect(&model_, &ClientModel::statusChanged, this, [this] {
        if (!isVisible())
            return;
        if (model_.status().height != shownHeight_)
            refresh();
        else
            present();
    });
    retranslate();
}

void DifficultyPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void DifficultyPanel::retranslate() {
    chart_->chart()->setTitle(tr("Work of each block's target: expected hashes to find it"));
    heights_->setTitleText(tr("height"));
    work_->setTitleText(tr("hashes per block"));
    present();
}

void DifficultyPanel::refresh() {
    if (asking_ || !model_.started())
        return;
    asking_ = true;
    const qint64 height = model_.status().height;
    model_.node().ask<node::DifficultyView>([](node::NodeInterface& n) { return n.difficulty(); },
                                            this,
                                            [this, height](node::DifficultyView v) {
                                                asking_ = false;
                                                asked_ = true;
                                                shownHeight_ = height;
                                                view_ = std::move(v);
                                                present();
                                                emit shown();
                                            },
                                            [this] { asking_ = false; });
}

void DifficultyPanel::present() {
    if (!asked_) {
        next_->setText(tr("The difficulty shows once the node runs."));
        return;
    }
    const node::DifficultyView& v = view_;
    next_->setText(tr("Block %1 must have a hash at most %2: about %3 hashes on average.")
                       .arg(v.nextHeight)
                       .arg(targetText(v.nextTarget))
                       .arg(v.nextHashesPerBlock, 0, 'g', 4));
    if (!v.retargets) {
        retarget_->setText(tr("This network never retargets: every block keeps the genesis "
                              "target (regtest, for tests and demos)."));
        projection_->clear();
    } else {
        const std::int64_t left = v.nextRetargetHeight - v.nextHeight + 1;
        retarget_->setText(
            tr("The target changes every %1 blocks so that they come every %2 s. Next retarget: "
               "block %3, in %n block(s).",
               nullptr, int(left))
                .arg(v.interval)
                .arg(v.spacing)
                .arg(v.nextRetargetHeight));
        if (v.paceBlocks > 0) {
            const double change = v.projectedHashesPerBlock / v.nextHashesPerBlock;
            projection_->setText(
                tr("Over the last %1 blocks, one came every %2 s. At that pace, block %3 "
                   "would get target %4: %5 times the work of now (%6).")
                    .arg(v.paceBlocks)
                    .arg(v.paceSeconds, 0, 'f', 1)
                    .arg(v.nextRetargetHeight)
                    .arg(targetText(v.projectedTarget))
                    .arg(change, 0, 'f', 2)
                    .arg(change > 1.0   ? tr("harder")
                         : change < 1.0 ? tr("easier")
                                        : tr("unchanged")));
        } else {
            projection_->setText(tr("One block is too few to tell the pace yet."));
        }
    }
    const double rate = model_.status().hashRate;
    expected_->setText(rate > 0 ? tr("At the measured hash rate (%1), a block takes %2 s on "
                                     "average.")
                                      .arg(hashRateText(rate))
                                      .arg(v.nextHashesPerBlock / rate, 0, 'f', 2)
                                : tr("Mine to measure the hash rate and see how long a block "
                                     "takes on average."));

    QList<QPointF> points;
    double low = 1, high = 1;
    for (const auto& p : v.blocks) {
        points << QPointF(p.height, std::max(1.0, p.hashesPerBlock));
        low = points.size() == 1 ? points.back().y() : std::min(low, points.back().y());
        high = std::max(high, points.back().y());
    }
    series_->replace(points);
    const double first = v.blocks.empty() ? 0 : v.blocks.front().height;
    const double last = v.blocks.empty() ? 1 : v.blocks.back().height;
    heights_->setRange(first, std::max(last, first + 1));
    work_->setRange(std::max(1.0, low / 2), high * 2);
}

} // namespace mbc::ui
