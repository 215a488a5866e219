#pragma once

#include "chain/blockchain.h"
#include "chain/mempool.h"
#include "net/api_error.h"
#include "net/chain_sync.h"
#include "net/mempool_fetch.h"
#include "net/peer_address_policy.h"
#include "net/peer_candidates.h"
#include "net/peer_client.h"
#include "net/peer_health.h"
#include "net/sender_ledger.h"
#include "node/log_throttle.h"
#include "node/peer_refusal.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QScopeGuard>
#include <QTimer>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace mbc::node {
class Node;
}

namespace mbc::net {

using node::PeerRefusal;

struct NetworkSettings {
    QString publicUrl;            // how peers reach this node (PUBLIC_URL)
    QString listenHost;           // the address it listens on (NODE_HOST)
    QStringList bootstrapPeers;   // BOOTSTRAP_PEERS
    int maxPeers = 50;            // MAX_PEERS
    int syncIntervalSeconds = 30; // SYNC_INTERVAL; 0: only on demand
    int banSeconds = 3600;        // BAN_TIME
    int requestTimeoutMs = 10'000;
    int maxCandidates = 200;        // URLs others named, waiting to be checked
    bool allowPrivatePeers = false; // ALLOW_PRIVATE_PEERS
    int maxQueuedSyncs = 64;
};

struct ApiRequest;

// Who sent a push, as far as the node can tell: made by PeerNetwork::senderOf only, which
// starts the clock of its cost.
struct PushSender {
    QHostAddress remote; // the connection's address: what offences and costs are charged to
    QString claimedUrl;  // X-Peer-Url, normalized: believed only if `remote` is its host
    bool owner = false;  // authorized as the node's owner (loopback or API token): not charged
    // Started before the body is decoded (PeerNetwork::senderOf): a refused push is charged its
    // decoding too, which for an 8 MB body padded with members nobody reads is most of its cost.
    QElapsedTimer since;
    // Node::heldBatchCommits().forgivenNs then: of a sync's batch that the push's first use of
    // the store commits, the sender pays only its own share.
    std::int64_t forgivenCommitsNsBefore = 0;
};

// The node's place in the network (consensus/PROTOCOL.md §8), on the node's thread. It relays each
// new tx and block to every usable peer once (not back to the peer it came from); syncs from peers
// periodically and on demand, one sync at a time; takes announced and learned URLs as candidates
// and makes them peers only once they answer as nodes of this network; fetches the ancestors of an
// orphan block from the sender, if it is a verified peer; retries unreachable peers after a growing
// back-off and drops those that keep failing; and charges invalid data and validation time to the
// sender's address (THREATS.md 3-5).
class PeerNetwork : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kCandidatesPerSource = 8; // one announcer's, or one peer list's

    PeerNetwork(node::Node& node, NetworkSettings settings, QObject* parent = nullptr);

    // Adds the bootstrap peers and starts the periodic sync.
    void start();

    // The owner adds a peer (POST /peers/add, the app, BOOTSTRAP_PEERS): it joins the table
    // at once, making room by dropping the worst entry if the table is full, and is told how
    // to reach us back. Nothing on success, else why not.
    std::optional<PeerRefusal> addPeer(const QString& url);
    // A node at `from` says it is reachable at `url` (POST /peers/announce): a candidate,
    // checked before it becomes a peer. Nothing if taken, else why not.
    std::optional<PeerRefusal> announced(const QString& url, const QHostAddress& from);
    // The owner removes a peer. False if it was not one.
    bool removePeer(const QString& url);
    // The owner asks for a sync with the peer (POST /sync, the app); `done` gets the result.
    void syncWith(const QString& url, ChainSync::Done done);

    // Who sent `request`, the clock of what it costs started: taken before its body is decoded.
    PushSender senderOf(const ApiRequest& request) const;
    // Throws ApiError 403 or 429 if the sender may not push now (banned, or out of
    // validation time).
    void admitPush(const PushSender& sender);
    // admitPush(), and 503 `catching-up` for a tx from anyone but the owner while the node is
    // far behind (a sync with more than kCatchingUpBlocks to go) and its batch is held open
    // between slices: before its body is decoded, uncharged. Judging it would commit the batch
    // early, at the sender's cost, and a node that far behind would refuse most txs for inputs
    // it has not connected yet (Bitcoin Core ignores relayed txs during its initial block
    // download for the same reason). A node only a few blocks behind judges txs as ever. Once
    // a sync has caught up, the peer's mempool is fetched, with what was refused.
    void admitTransactionPush(const PushSender& sender);
    static constexpr std::int64_t kCatchingUpBlocks = 100;
    // A pushed block or tx, submitted as any other; if refused, its validation time and any
    // offence are charged to the sender's address; an orphan makes us sync from the sender if
    // it is a verified peer; and it is not relayed back to a verified sender.
    SubmitOutcome submitBlock(const Block& block, const PushSender& sender);
    // Runs `decode` (which throws ApiError for a body that does not decode); a push that
    // does not decode is an offence of its sender, as an invalid one is.
    template <typename Decode>
    auto chargeIfMalformed(const PushSender& sender, Decode decode) {
        try {
            return decode();
        } catch (const ApiError& e) {
            afterPush(sender, mbc::fail(RejectCode::BadField, e.message.toStdString()), true,
                      costSoFar(sender));
            throw;
        }
    }
    Result<AcceptedTx> submitTransaction(const Transaction& tx, const PushSender& sender);
    // Work a sender asked for that stores nothing (a dry run, a mining template: see
    // chargedWork), admitted with admitPush(): its time is charged to the sender's address
    // whatever the outcome (nothing is taken, and a refusal is what a student asks to see, not
    // an offence). At least a millisecond.
    void chargeRequestWork(const PushSender& sender);
    bool banned(const QString& url) const;
    // What pushes from `remote`'s address have cost it (SenderLedger).
    SenderLedger::State senderState(const QHostAddress& remote) const;
    // The usable peers a new block or tx goes to: all but the one whose push is being
    // submitted.
    std::vector<QString> relayTargets() const;

    const NetworkSettings& settings() const { return settings_; }
    PeerHealth::State health(const QString& url) const { return health_.state(url); }
    const PeerCandidates& candidates() const { return candidates_; }
    bool fetchingMempool() const { return mempoolFetch_; }

private:
    void relayTransaction(const QString& txid);
    void relayBlock(const QString& hash);
    // Posts makeBody() (built only if some peer will get it; empty: nothing to send) to every
    // usable peer but the sender.
    void relay(const QString& path, const std::function<QByteArray()>& makeBody);
    void enqueueSync(const QString& url, ChainSync::Done done);
    void syncAllPeers();
    void startNextSync();
    void finishSync(const QString& url, const SyncResult& result,
                    const std::vector<ChainSync::Done>& waiting);
    // Takes the txs of `url`'s mempool that this node lacks (MempoolFetch): after a sync that
    // caught up with it, when others' txs were refused meanwhile.
    void fetchMempoolOf(const QString& url);
    void learnPeersOf(const QString& url);
    void announceTo(const QString& url);
    void offerCandidate(PeerCandidates::Candidate candidate);
    void checkCandidates();
    void checkCandidate(const PeerCandidates::Candidate& candidate);
    void candidateChecked(const QString& url, const std::optional<QString>& refusal);
    void joinTable(const QString& url, bool announcedItself, const QList<QHostAddress>& at);
    QList<QHostAddress> knownAddressesOf(const QString& url) const;
    bool ownersChoice(const QString& url) const;
    bool makeRoom(bool forOwner);
    void dropPeer(const QString& url, const QString& why);
    void resolveTablePeer(const QString& url);
    // `claimedUrl` if a connection from `remote` came from its host; empty otherwise.
    QString verifiedUrl(const QHostAddress& remote, const QString& claimedUrl) const;
    void afterPush(const PushSender& sender, const std::optional<Failure>& failure, bool offence,
                   double costMs);
    void fetchAncestorsFor(const PushSender& sender, const QString& verified);
    static QString sourceLabel(const PushSender& sender, const QString& verified);
    // Milliseconds, in fractions, since the sender's request began to be decoded, less what it
    // is forgiven of the commit of a sync's batch that its use of the store made first: a
    // refused push often takes less than one, and whole ones charged such pushes nothing.
    double costSoFar(const PushSender& sender) const;
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
    PeerAddressPolicy policy_;
    PeerClient client_;
    PeerHealth health_;
    SenderLedger senders_;
    node::LogThrottle offenceLog_{60};
    PeerCandidates candidates_;
    int candidatesInCheck_ = 0;
    bool ownScopeKnown_ = false;     // until PUBLIC_URL resolves, candidates wait
    std::set<QString> ownersPeers_;  // table peers the owner chose (mirrors the store)
    std::deque<QString> ownerSyncs_; // URLs the owner synced with lately (bounded)
    std::map<QString, QList<QHostAddress>> resolved_; // table peers named by host name
    QTimer syncTimer_;

    struct PendingSync {
        QString url;
        std::vector<ChainSync::Done> done;
    };
    std::deque<PendingSync> syncQueue_;
    QPointer<ChainSync> sync_;
    // Others' txs were refused as `catching-up`: a mempool fetch is owed for them, once a
    // sync ends at or past the height its peer had proved then (a peer behind, or a sync that
    // ended halfway, does not hold them). A fetch that got no answer is tried again after the
    // next such sync, a few times; one that ran clears what was owed before it began.
    struct OwedFetch {
        int tries = 0;
        std::int64_t height = -1;
        std::uint64_t refusals = 0; // (a refusal during a fetch is owed a fetch of its own)
    } owedFetch_;
    static constexpr int kMempoolFetchTries = 3;
    QPointer<MempoolFetch> mempoolFetch_;
    bool takingFetchedTx_ = false; // old news to the network: not relayed

    QString sender_; // the peer whose push is being submitted: not relayed back to it
    // Submits a push (`submit` gets the source the log names), not to be relayed back to a
    // verified sender. If it throws (a store error), that name does not stay behind, which
    // would keep the node from relaying anything to that peer, and the sender is charged what
    // the push took: its decoding cost the node as much as a refused one's.
    template <typename Submit>
    auto submitAs(const PushSender& sender, const QString& verified, Submit submit) {
        sender_ = verified;
        const auto forget = qScopeGuard([this] { sender_.clear(); });
        try {
            return submit(sourceLabel(sender, verified));
        } catch (...) {
            chargeRequestWork(sender);
            throw;
        }
    }
    // Blocks already relayed (bounded: the older half is dropped when full).
    std::set<QString> seen_, seenBefore_;
    std::int64_t bestPeerHeight_ = -1;
    std::set<QString> knowsUs_; // peers that took our address (or gave us theirs)
};

} // namespace mbc::net
