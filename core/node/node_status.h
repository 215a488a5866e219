#pragma once

#include <QMetaType>
#include <QString>

namespace mbc::node {

// A snapshot of the node for the GUI, taken on the node's thread and sent to the GUI thread.
struct NodeStatus {
    QString network;
    QString restUrl;
    qint64 height = -1; // -1: no block yet
    QString tipHash;
    quint64 blocksDisconnected = 0; // since start: a change means a reorg
    int peers = 0;
    int mempoolTxs = 0;
    bool syncing = false;
    QString syncPeer;
    qint64 bestPeerHeight = -1;
    bool mining = false;     // any nonce search running
    bool continuous = false; // mining block after block
    unsigned miningThreads = 0;
    unsigned defaultMiningThreads = 1;
    double hashRate = 0; // nonces per second
    quint64 blocksFound = 0;
    QString nextTarget;        // hex
    double hashesPerBlock = 0; // expected nonces to meet nextTarget
    // The database's trouble, while it has one (the node retries; the figures above are the
    // last it could read).
    enum class Store { Working, Unreachable, Full, Unwritable };
    Store store = Store::Working;
    bool operator==(const NodeStatus&) const = default;
};

} // namespace mbc::node

Q_DECLARE_METATYPE(mbc::node::NodeStatus)
