#include "ui/status_text.h"

#include <QCoreApplication>

namespace mbc::ui {

QString syncText(const node::NodeStatus& s) {
    if (s.syncing)
        return QCoreApplication::translate("Status", "syncing from %1").arg(s.syncPeer);
    if (s.bestPeerHeight > s.height)
        return QCoreApplication::translate("Status", "behind (a peer is at %1)")
            .arg(s.bestPeerHeight);
    if (s.peers == 0)
        return QCoreApplication::translate("Status", "no peers");
    return QCoreApplication::translate("Status", "up to date");
}

QString miningText(const node::NodeStatus& s) {
    if (!s.mining)
        return QCoreApplication::translate("Status", "not mining");
    return QCoreApplication::translate("Status", "mining on %n thread(s), %1", nullptr,
                                       int(s.miningThreads))
        .arg(hashRateText(s.hashRate));
}

QString storeText(const node::NodeStatus& s) {
    switch (s.store) {
    case node::NodeStatus::Store::Working:
        break;
    case node::NodeStatus::Store::Unreachable:
        return QCoreApplication::translate("Status", "Database unavailable - retrying");
    case node::NodeStatus::Store::Full:
        return QCoreApplication::translate("Status", "Disk full - retrying");
    case node::NodeStatus::Store::Unwritable:
        return QCoreApplication::translate("Status", "Database cannot be written - retrying");
    }
    return {};
}

QString hashRateText(double rate) {
    if (rate >= 1e6)
        return QCoreApplication::translate("Status", "%1 MH/s").arg(rate / 1e6, 0, 'f', 2);
    if (rate >= 1e3)
        return QCoreApplication::translate("Status", "%1 kH/s").arg(rate / 1e3, 0, 'f', 1);
    return QCoreApplication::translate("Status", "%1 H/s").arg(rate, 0, 'f', 0);
}

} // namespace mbc::ui
