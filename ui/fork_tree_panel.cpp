#include "ui/fork_tree_panel.h"

#include "ui/client_model.h"
#include "ui/fork_tree_widget.h"
#include "ui/node_thread.h"
#include "ui/when_text.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

constexpr qint64 kRefreshMs = 3000;

QString shortHash(const Hash256& h) {
    return QString::fromStdString(h.hex().substr(0, 12)) + QStringLiteral("…");
}

QString hashList(const std::vector<Hash256>& hashes, int total) {
    QStringList shown;
    for (const Hash256& h : hashes)
        shown << shortHash(h);
    if (total > int(hashes.size()))
        shown << ForkTreePanel::tr("and %1 more").arg(total - int(hashes.size()));
    return shown.join(QStringLiteral(", "));
}

QString swatch(node::ForkTreeView::Status s, const QString& text) {
    return QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2")
        .arg(ForkTreeWidget::colorOf(s).name(), text.toHtmlEscaped());
}

} // namespace

ForkTreePanel::ForkTreePanel(ClientModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , legend_(new QLabel(this))
    , tree_(new ForkTreeWidget(this))
    , reorg_(new QLabel(this))
    , orphans_(new QLabel(this)) {
    legend_->setWordWrap(true);
    reorg_->setObjectName("forkTreeReorg");
    orphans_->setObjectName("forkTreeOrphans");
    for (QLabel* l : {reorg_, orphans_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(tree_);
    scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(legend_);
    layout->addWidget(scroll, 1);
    layout->addWidget(reorg_);
    layout->addWidget(orphans_);
    connect(tree_, &ForkTreeWidget::blockClicked, this, &ForkTreePanel::blockClicked);
    // A new tip changes the tree at once; side blocks and orphans come without one, so it is
    // read again every few seconds while shown.
    connect(&model_, &ClientModel::statusChanged, this, [this] {
        const auto& s = model_.status();
        if (isVisible() &&
            (s.height != shownHeight_ || s.tipHash != shownTip_ ||
             s.blocksDisconnected != shownDisconnects_ || sinceShown_.hasExpired(kRefreshMs)))
            refresh();
    });
    retranslate();
}

void ForkTreePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void ForkTreePanel::retranslate() {
    using S = node::ForkTreeView::Status;
    legend_->setText(
        tr("The block index near the tip, the tip on top: %1, %2, %3, %4. The last reorg's "
           "blocks are outlined in purple: solid if it connected them, dashed if it "
           "disconnected them. Click a block to open it.")
            .arg(swatch(S::Active, tr("the active chain")),
                 swatch(S::ValidFork, tr("a valid fork")),
                 swatch(S::Headers, tr("stored, not checked yet")),
                 swatch(S::Invalid, tr("invalid"))));
    present();
}

void ForkTreePanel::refresh() {
    if (asking_ || !model_.started())
        return;
    asking_ = true;
    const node::NodeStatus status = model_.status();
    model_.node().ask<node::ForkTreeView>([](node::NodeInterface& n) { return n.forkTree(); }, this,
                                          [this, status](node::ForkTreeView v) {
                                              asking_ = false;
                                              asked_ = true;
                                              shownHeight_ = status.height;
                                              shownTip_ = status.tipHash;
                                              shownDisconnects_ = status.blocksDisconnected;
                                              sinceShown_.start();
                                              tree_->setView(std::move(v));
                                              present();
                                              emit shown();
                                          },
                                          [this] { asking_ = false; });
}

void ForkTreePanel::present() {
    if (!asked_) {
        reorg_->clear();
        orphans_->clear();
        return;
    }
    const node::ForkTreeView& v = tree_->view();
    if (!v.hasReorg) {
        reorg_->setText(tr("No reorg since the node started."));
    } else {
        const auto& r = v.lastReorg;
        reorg_->setText(
            tr("Last reorg (%1): above height %2, %3 block(s) disconnected (%4) and %5 "
               "connected (%6); %7 transaction(s) went back to the mempool%8.")
                .arg(whenText(r.at))
                .arg(r.forkHeight)
                .arg(r.disconnected)
                .arg(hashList(r.disconnectedHashes, r.disconnected))
                .arg(r.connected)
                .arg(hashList(r.connectedHashes, r.connected))
                .arg(r.returnedCount)
                .arg(r.returnedTxids.empty()
                         ? QString()
                         : QStringLiteral(": ") + hashList(r.returnedTxids, int(r.returnedCount))));
    }
    if (v.more)
        reorg_->setText(reorg_->text() + ' ' +
                        tr("More blocks are stored near the tip than the tree draws: the "
                           "lowest are left out."));
    if (v.orphanCount == 0) {
        orphans_->setText(tr("No block waits for its parent."));
    } else {
        QStringList lines;
        for (const auto& o : v.orphans)
            lines << tr("%1 waits for its parent %2").arg(shortHash(o.hash), shortHash(o.parent));
        orphans_->setText(tr("%1 block(s) wait for their parent (orphans): %2")
                              .arg(v.orphanCount)
                              .arg(lines.join(QStringLiteral("; "))));
    }
}

} // namespace mbc::ui
