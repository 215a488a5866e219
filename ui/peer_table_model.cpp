#include "ui/peer_table_model.h"

#include "ui/node_thread.h"
#include "ui/when_text.h"

#include <QDateTime>

namespace mbc::ui {
namespace {

QString statusText(const node::PeerView& p, qint64 nowMs) {
    switch (p.health) {
    case node::PeerView::Health::Active:
        return PeerTableModel::tr("active");
    case node::PeerView::Health::NotReachedYet:
        break;
    case node::PeerView::Health::Banned:
        return PeerTableModel::tr("banned for sending invalid data");
    case node::PeerView::Health::RetryLater:
        return PeerTableModel::tr("unreachable, retry in %1 s")
            .arg(std::max<qint64>(0, p.untilMs - nowMs) / 1000 + 1);
    case node::PeerView::Health::Retrying:
        return PeerTableModel::tr("unreachable, retrying");
    }
    return PeerTableModel::tr("not reached yet");
}

} // namespace

PeerTableModel::PeerTableModel(NodeThread& node, QObject* parent)
    : SnapshotTableModel(parent)
    , node_(node) {
    retranslate();
}

void PeerTableModel::retranslate() {
    setHeaders({tr("URL"), tr("Status"), tr("Failures"), tr("Last seen")});
}

void PeerTableModel::refresh() {
    node_.ask<std::vector<node::PeerView>>(
        [](node::NodeInterface& n) { return n.peers(); }, this,
        [this](std::vector<node::PeerView> peers) {
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            QVector<QStringList> rows;
            for (const node::PeerView& p : peers)
                rows.push_back({p.url, statusText(p, nowMs), QString::number(p.failures),
                                whenText(p.lastSeen)});
            setRows(std::move(rows));
        });
}

} // namespace mbc::ui
