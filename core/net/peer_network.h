#pragma once

#include "net/chain_sync.h"
#include "net/peer_client.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <map>
#include <set>

namespace mbc::node {
class Node;
}

namespace mbc::net {

struct NetworkSettings {
    QString publicUrl;            // how peers reach this node (PUBLIC_URL)
    QStringList bootstrapPeers;   // BOOTSTRAP_PEERS
    int maxPeers = 50;            // MAX_PEERS
    int syncIntervalSeconds = 30; // SYNC_INTERVAL; 0: only on demand
    int requestTimeoutMs = 10'000;
};

// The node's place in the network (PROTOCOL.md §8), on the node's thread: it relays each new
// tx and block to every peer once, syncs from peers periodically and on demand (one sync at a
// time), and keeps the peers table's success and failure counts.
class PeerNetwork : public QObject {
    Q_OBJECT
public:
    PeerNetwork(node::Node& node, NetworkSettings settings, QObject* parent = nullptr);

    // Adds the bootstrap peers and starts the periodic sync.
    void start();

    // Adds a peer; if it is new and `announce`, tells it how to reach us back. Empty on
    // success, else why not.
    QString addPeer(const QString& url, bool announce);
    // Queues a sync with the peer; `done` gets the result.
    void syncWith(const QString& url, ChainSync::Done done);

    const NetworkSettings& settings() const { return settings_; }
    std::uint64_t relayed() const { return relayed_; }

private:
    void relayTransaction(const QString& txid);
    void relayBlock(const QString& hash);
    void post(const QString& path, const QByteArray& body, const QByteArray& contentType);
    void syncAllPeers();
    void startNextSync();
    void recordOutcome(const QString& url, bool reached);
    std::vector<QString> activePeers();
    bool firstSighting(const QString& hash);
    void publishSyncState(bool syncing, const QString& peer);

    node::Node& node_;
    NetworkSettings settings_;
    PeerClient client_;
    QTimer syncTimer_;

    struct PendingSync {
        QString url;
        std::vector<ChainSync::Done> done;
    };
    std::deque<PendingSync> syncQueue_;
    QPointer<ChainSync> sync_;

    // Hashes already relayed (bounded: the older half is dropped when full).
    std::set<QString> seen_, seenBefore_;
    std::uint64_t relayed_ = 0;
    std::int64_t bestPeerHeight_ = -1;
};

} // namespace mbc::net
