#pragma once

#include "chain/blockchain.h"
#include "chain/mempool.h"
#include "net/chain_sync.h"
#include "net/peer_client.h"
#include "net/peer_health.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>
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
    int banSeconds = 3600;        // BAN_TIME
    int requestTimeoutMs = 10'000;
};

// Why a peer was not added.
struct PeerRefusal {
    enum class Reason {
        OwnAddress,   // it is this node's own PUBLIC_URL
        Banned,       // it sent invalid data a short while ago
        TooManyPeers, // the node already has MAX_PEERS peers
    };
    Reason reason;
    QString url;
    int maxPeers = 0;

    QString message() const; // in English, for the REST API and logs
};

// The node's place in the network (PROTOCOL.md §8), on the node's thread. It relays each new
// tx and block to every usable peer once (not back to the peer it came from); syncs from
// peers periodically and on demand, one sync at a time; learns peers from its peers' /peers;
// fetches the ancestors of an orphan block from the peer that sent it; retries unreachable
// peers after a growing back-off; and bans for a while peers that send invalid data.
class PeerNetwork : public QObject {
    Q_OBJECT
public:
    PeerNetwork(node::Node& node, NetworkSettings settings, QObject* parent = nullptr);

    // Adds the bootstrap peers and starts the periodic sync.
    void start();

    // Adds a peer; if it is new and `announce`, tells it how to reach us back. Nothing on
    // success, else why not.
    std::optional<PeerRefusal> addPeer(const QString& url, bool announce);
    // Queues a sync with the peer; `done` gets the result.
    void syncWith(const QString& url, ChainSync::Done done);

    // A block or tx pushed to us by the peer at `peerUrl` (its X-Peer-Url): submitted as any
    // other, but its invalidity counts against the peer, an orphan makes us sync from it, and
    // it is not relayed back to it. Throws nothing; a banned peer's submissions are refused.
    SubmitOutcome submitBlockFromPeer(const Block& block, const QString& peerUrl);
    Result<AcceptedTx> submitTransactionFromPeer(const Transaction& tx, const QString& peerUrl);
    bool banned(const QString& url) const;

    const NetworkSettings& settings() const { return settings_; }
    PeerHealth::State health(const QString& url) const { return health_.state(url); }

private:
    void relayTransaction(const QString& txid);
    void relayBlock(const QString& hash);
    // Posts makeBody() (built only if some peer will get it; empty: nothing to send) to every
    // usable peer but the sender.
    void relay(const QString& path, const std::function<QByteArray()>& makeBody);
    void syncAllPeers();
    void startNextSync();
    void finishSync(const QString& url, const SyncResult& result,
                    const std::vector<ChainSync::Done>& waiting);
    void learnPeersOf(const QString& url);
    void announceTo(const QString& url);
    void reached(const QString& url);
    void unreachable(const QString& url, const QString& why);
    void offended(const QString& url, const QString& why);
    bool isPeer(const QString& url) const;
    std::vector<QString> usablePeers() const;
    bool firstSighting(const QString& hash);
    void publishSyncState(bool syncing, const QString& peer);
    static std::int64_t nowMs();

    node::Node& node_;
    NetworkSettings settings_;
    PeerClient client_;
    PeerHealth health_;
    QTimer syncTimer_;

    struct PendingSync {
        QString url;
        std::vector<ChainSync::Done> done;
    };
    std::deque<PendingSync> syncQueue_;
    QPointer<ChainSync> sync_;

    QString sender_; // the peer whose push is being submitted: not relayed back to it
    // Blocks already relayed (bounded: the older half is dropped when full).
    std::set<QString> seen_, seenBefore_;
    std::int64_t bestPeerHeight_ = -1;
    std::set<QString> knowsUs_; // peers that took our address (or gave us theirs)
};

struct ApiRequest;
// 403 for a push from a peer that is banned (named by its X-Peer-Url).
void refuseBannedPeer(const PeerNetwork& network, const ApiRequest& request);

} // namespace mbc::net
