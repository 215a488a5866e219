#include "ui/next_block_panel.h"

#include "ui/amount_text.h"
#include "ui/client_model.h"
#include "ui/next_block_model.h"
#include "ui/node_thread.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QStackedBarSeries>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace mbc::ui {

NextBlockPanel::NextBlockPanel(ClientModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , table_(new NextBlockModel(this))
    , summary_(new QLabel(this))
    , chart_(new QChartView(this))
    , inBlock_(new QBarSet(QString()))
    , waiting_(new QBarSet(QString()))
    , rates_(new QBarCategoryAxis)
    , counts_(new QValueAxis)
    , view_(new QTableView(this)) {
    summary_->setObjectName("nextBlockSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    chart_->setObjectName("feeRateChart");
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(220);
    auto* series = new QStackedBarSeries;
    inBlock_->setColor(QColor(0x2e, 0x7d, 0x32));
    waiting_->setColor(QColor(0xbd, 0xbd, 0xbd));
    series->append(inBlock_);
    series->append(waiting_);
    QChart* chart = chart_->chart(); // the view's own (setChart() would leak it)
    chart->addSeries(series);
    chart->addAxis(rates_, Qt::AlignBottom);
    chart->addAxis(counts_, Qt::AlignLeft);
    series->attachAxis(rates_);
    series->attachAxis(counts_);
    counts_->setLabelFormat("%d");
    chart->legend()->setAlignment(Qt::AlignTop);
    view_->setObjectName("nextBlockTable");
    view_->setModel(table_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->verticalHeader()->hide();
    view_->setFont(QFont("monospace"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(chart_, 1);
    layout->addWidget(view_, 1);
    connect(&model_, &ClientModel::statusChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    retranslate();
}

void NextBlockPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void NextBlockPanel::retranslate() {
    inBlock_->setLabel(tr("in the next block"));
    waiting_->setLabel(tr("waiting"));
    chart_->chart()->setTitle(tr("The mempool by fee rate"));
    rates_->setTitleText(tr("fee rate (units per byte)"));
    counts_->setTitleText(tr("txs"));
    table_->retranslate();
    present();
}

void NextBlockPanel::refresh() {
    if (asking_ || !model_.started())
        return; // one question at a time: the status comes every second
    asking_ = true;
    model_.node().ask<node::NextBlockView>([](node::NodeInterface& n) { return n.nextBlock(); },
                                           this,
                                           [this](node::NextBlockView v) {
                                               asking_ = false;
                                               table_->show(std::move(v));
                                               present();
                                               emit shown();
                                           },
                                           [this] { asking_ = false; });
}

void NextBlockPanel::present() {
    const node::NextBlockView& v = table_->view();
    if (!model_.started() || v.bands.empty()) {
        summary_->setText(tr("The next block shows once the node runs."));
        return;
    }
    const std::size_t pool = v.chosen.size() + v.waitingCount;
    summary_->setText(
        tr("Block %1 would take %2 of the %3 transactions in the mempool (%4 bytes with its "
           "coinbase), and its coinbase would claim the reward %5 plus %6 in fees. The node "
           "takes the highest fee rates first, a parent before the transactions that spend "
           "from it, at most %7 transactions and 1,000,000 bytes; %8 wait.")
            .arg(v.height)
            .arg(v.chosen.size())
            .arg(pool)
            .arg(v.bytes)
            .arg(coinsText(v.reward), coinsText(v.fees))
            .arg(v.maxTxs)
            .arg(v.waitingCount));

    const auto& edges = node::feeRateBandEdges();
    QStringList labels;
    QList<qreal> in;
    QList<qreal> out;
    std::size_t top = 0;
    for (std::size_t i = 0; i < v.bands.size(); ++i) {
        labels << (i + 1 < edges.size() ? QStringLiteral("%1-%2").arg(edges[i]).arg(edges[i + 1])
                                        : QStringLiteral("%1+").arg(edges[i]));
        in << qreal(v.bands[i].inBlock);
        out << qreal(v.bands[i].waiting);
        top = std::max(top, v.bands[i].inBlock + v.bands[i].waiting);
    }
    rates_->setCategories(labels);
    inBlock_->remove(0, inBlock_->count());
    inBlock_->append(in);
    waiting_->remove(0, waiting_->count());
    waiting_->append(out);
    counts_->setRange(0, std::max<qreal>(1, qreal(top) * 1.15));
    counts_->setTickCount(std::min<int>(6, int(std::max<std::size_t>(top, 1)) + 1));
}

} // namespace mbc::ui
