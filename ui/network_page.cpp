#include "ui/network_page.h"

#include "node/node_config.h"
#include "ui/client_model.h"
#include "ui/line_chart.h"
#include "ui/mempool_table_model.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"
#include "ui/peer_table_model.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace mbc::ui {
namespace {

constexpr int kChartPoints = 200;

QTableView* tableFor(QAbstractItemModel* model, const char* name, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->hide();
    return view;
}

} // namespace

NetworkPage::NetworkPage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , peersHeading_(new QLabel(this))
    , peers_(new PeerTableModel(model.node(), this))
    , peersView_(tableFor(peers_, "peersTable", this))
    , peerUrl_(new QLineEdit(this))
    , addButton_(new QPushButton(this))
    , removeButton_(new QPushButton(this))
    , syncButton_(new QPushButton(this))
    , message_(new QLabel(this))
    , mempoolHeading_(new QLabel(this))
    , mempool_(new MempoolTableModel(model.node(), this))
    , mempoolView_(tableFor(mempool_, "mempoolTable", this))
    , chart_(makeLineChart(this, "%d", "%.3g", 180))
    , timer_(new QTimer(this)) {
    peerUrl_->setObjectName("peerUrl");
    addButton_->setObjectName("addPeerButton");
    removeButton_->setObjectName("removePeerButton");
    syncButton_->setObjectName("syncNowButton");
    message_->setObjectName("networkMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* peerRow = new QHBoxLayout;
    peerRow->addWidget(peerUrl_, 1);
    peerRow->addWidget(addButton_);
    peerRow->addWidget(removeButton_);
    peerRow->addWidget(syncButton_);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(peersHeading_);
    topLayout->addWidget(peersView_, 1);
    topLayout->addLayout(peerRow);
    topLayout->addWidget(message_);
    auto* middle = new QWidget(this);
    auto* middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->addWidget(mempoolHeading_);
    middleLayout->addWidget(mempoolView_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(middle);
    split->addWidget(chart_.view);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(split, 1);

    connect(addButton_, &QPushButton::clicked, this, &NetworkPage::addPeer);
    connect(peerUrl_, &QLineEdit::returnPressed, this, &NetworkPage::addPeer);
    connect(removeButton_, &QPushButton::clicked, this, &NetworkPage::removePeer);
    connect(syncButton_, &QPushButton::clicked, this, &NetworkPage::syncNow);
    // Only while the pane is shown: a snapshot of the peers and of the whole mempool is not
    // free, and nobody looks at it otherwise.
    connect(timer_, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    timer_->start(2000);
    retranslate();
}

void NetworkPage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    refresh();
}

void NetworkPage::retranslate() {
    heading_->setText(tr("Network"));
    peersHeading_->setText(tr("Peers"));
    peers_->retranslate();
    peerUrl_->setPlaceholderText(tr("http://host:port of another node"));
    addButton_->setText(tr("Add peer"));
    removeButton_->setText(tr("Remove"));
    syncButton_->setText(tr("Sync now"));
    mempoolHeading_->setText(tr("Mempool"));
    mempool_->retranslate();
    chart_.view->chart()->setTitle(
        tr("Chain work (expected hashes to redo the chain) over height"));
    chart_.x->setTitleText(tr("height"));
    chart_.y->setTitleText(tr("hashes"));
}

void NetworkPage::say(const QString& message, bool error) {
    showOutcome(message_, message, error);
}

QString NetworkPage::selectedPeer() const {
    const QModelIndexList rows = peersView_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : peers_->urlAt(rows.first().row());
}

void NetworkPage::refresh() {
    peers_->refresh();
    mempool_->refresh();

    const qint64 height = model_.status().height;
    if (height == chartedHeight_)
        return;
    chartedHeight_ = height;
    model_.node().ask<QList<QPointF>>(
        [height](node::NodeInterface& n) {
            QList<QPointF> points;
            if (height < 0)
                return points;
            const qint64 step = std::max<qint64>(1, (height + 1) / kChartPoints);
            for (qint64 h = 0; h <= height; h += step)
                for (const node::BlockSummary& b : n.blocks(std::uint32_t(h), 1))
                    points << QPointF(double(h), b.chainWork.toDouble());
            return points;
        },
        this, [this](QList<QPointF> points) { takeWork(points); });
}

void NetworkPage::takeWork(const QList<QPointF>& points) {
    chart_.series->replace(points);
    const double lastHeight = points.isEmpty() ? 1 : std::max(1.0, points.back().x());
    const double top = points.isEmpty() ? 1 : std::max(1.0, points.back().y());
    chart_.x->setRange(0, lastHeight);
    chart_.y->setRange(0, top * 1.05);
}

void NetworkPage::addPeer() {
    const QString text = peerUrl_->text().trimmed();
    const auto url = node::normalizePeerUrl(text);
    if (!url)
        return say(tr("%1 is not a node's address: use http://host:port").arg(text), true);
    QPointer<NetworkPage> self(this);
    model_.node().ask<QString>(
        [url = *url](node::NodeInterface& n) -> QString {
            const auto refused = n.addPeer(url);
            return refused ? NodeReasons::peerRefusal(*refused) : QString();
        },
        this,
        [self, text](QString why) {
            if (!why.isEmpty())
                return self->say(why, true);
            self->peerUrl_->clear();
            self->say(tr("Added %1; it was told how to reach this node.").arg(text));
            self->refresh();
        });
}

void NetworkPage::removePeer() {
    const QString url = selectedPeer();
    if (url.isEmpty())
        return say(tr("Select a peer first."), true);
    model_.node().ask<bool>([url](node::NodeInterface& n) { return n.removePeer(url); }, this,
                            [this, url](bool removed) {
                                if (removed)
                                    say(tr("Removed %1.").arg(url));
                                refresh();
                            });
}

void NetworkPage::syncNow() {
    const QString chosen = selectedPeer();
    const QString url = chosen.isEmpty() ? peers_->urlAt(0) : chosen;
    if (url.isEmpty())
        return say(tr("Add a peer first: there is nobody to sync from."), true);
    say(tr("Syncing from %1...").arg(url));
    QPointer<NetworkPage> self(this);
    NodeThread* node = &model_.node();
    node->post([url, self, node](node::NodeInterface& n) {
        n.syncWith(url, [self, node, url](const node::SyncResult& r) {
            node->deliver([self, r, url] {
                if (!self)
                    return;
                if (r.ok())
                    self->say(tr("Synced with %1: %n block(s) received; height %2.", nullptr,
                                 int(r.blocksReceived))
                                  .arg(url)
                                  .arg(r.newHeight));
                else
                    self->say(tr("Sync with %1 failed: %2").arg(url, NodeReasons::syncFailure(r)),
                              true);
            });
        });
    });
}

} // namespace mbc::ui
