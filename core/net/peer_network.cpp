#include "net/peer_network.h"

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/peer_offence.h"
#include "net/rest_server.h"
#include "net/source_address.h"
#include "node/logging.h"
#include "node/node.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QUrl>

namespace mbc::net {
namespace {

constexpr std::size_t kSeenGeneration = 50'000;

// Until a host name resolves, the strictest scope: nothing named by others leads inside. A
// node listening beyond loopback with a loopback PUBLIC_URL (NODE_HOST=0.0.0.0 and no
// PUBLIC_URL) is reachable from outside: its loopback is not others' to name.
AddressScope ownScopeOf(const NetworkSettings& settings, const QHostAddress& publicAddress) {
    const AddressScope scope =
        publicAddress.isNull() ? AddressScope::Public : scopeOf(publicAddress);
    const QHostAddress listening(settings.listenHost);
    if (scope == AddressScope::Loopback && !listening.isNull() && !listening.isLoopback())
        return AddressScope::Public;
    return scope;
}

QByteArray jsonBytes(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

} // namespace

PeerNetwork::PeerNetwork(node::Node& node, NetworkSettings settings, QObject* parent)
    : QObject(parent)
    , node_(node)
    , settings_(std::move(settings))
    , policy_{ownScopeOf(settings_, literalHostOf(settings_.publicUrl)),
              settings_.allowPrivatePeers}
    , client_(settings_.publicUrl)
    , health_(std::int64_t(settings_.banSeconds) * 1000)
    , senders_(SenderLedger::Limits{std::int64_t(settings_.banSeconds) * 1000})
    , candidates_(std::size_t(std::max(0, settings_.maxCandidates)), kCandidatesPerSource) {
    client_.setTimeoutMs(settings_.requestTimeoutMs);
    client_.setNamedUrlPolicy(&policy_, [this](const QString& url) { return ownersChoice(url); });
    connect(&node_, &node::Node::transactionAccepted, this,
            [this](const QString& txid, qint64) { relayTransaction(txid); });
    connect(&node_, &node::Node::chainBlockConnected, this,
            [this](const QString& hash, quint32) { relayBlock(hash); });
    connect(&syncTimer_, &QTimer::timeout, this, &PeerNetwork::syncAllPeers);
    // Syncs wait while the store is away: those asked for are told why, and what peers added
    // meanwhile is fetched once it is back.
    connect(&node_, &node::Node::storeAvailabilityChanged, this, [this](bool available) {
        if (!available) {
            std::deque<PendingSync> waiting;
            waiting.swap(syncQueue_);
            for (const PendingSync& p : waiting)
                for (const auto& done : p.done)
                    enqueueSync(p.url, done); // refused at once: the store is away
            return;
        }
        startNextSync();
        if (syncTimer_.isActive())
            syncAllPeers();
    });
}

std::int64_t PeerNetwork::nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

void PeerNetwork::start() {
    if (literalHostOf(settings_.publicUrl).isNull())
        resolvePeerHost(settings_.publicUrl, this,
                        [this](const QList<QHostAddress>& addresses, const QString& error) {
                            if (addresses.isEmpty())
                                qCWarning(lcNet).noquote()
                                    << "PUBLIC_URL" << settings_.publicUrl << ":" << error;
                            else
                                policy_.ownScope = ownScopeOf(settings_, addresses.front());
                            ownScopeKnown_ = true; // candidates waited for it
                            checkCandidates();
                        });
    else
        ownScopeKnown_ = true;
    for (const store::PeerRow& p : node_.peers().all()) {
        resolveTablePeer(p.url);
        if (p.chosenByOwner)
            ownersPeers_.insert(p.url);
    }
    for (const QString& url : settings_.bootstrapPeers)
        if (const auto refused = addPeer(url))
            qCWarning(lcNet).noquote()
                << "bootstrap peer" << url << "not added:" << refused->message();
    if (settings_.syncIntervalSeconds > 0) {
        syncTimer_.start(settings_.syncIntervalSeconds * 1000);
        QTimer::singleShot(0, this, &PeerNetwork::syncAllPeers);
    }
}

bool PeerNetwork::firstSighting(const QString& hash) {
    if (seen_.count(hash) || seenBefore_.count(hash))
        return false;
    if (seen_.size() >= kSeenGeneration) {
        seenBefore_ = std::move(seen_);
        seen_.clear();
    }
    seen_.insert(hash);
    return true;
}

SenderLedger::State PeerNetwork::senderState(const QHostAddress& remote) const {
    return senders_.state(sourceKey(remote));
}

std::vector<QString> PeerNetwork::relayTargets() const {
    std::vector<QString> targets = usablePeers();
    std::erase(targets, sender_);
    return targets;
}

void PeerNetwork::relay(const QString& path, const std::function<QByteArray()>& makeBody) {
    const std::vector<QString> targets = relayTargets();
    if (targets.empty())
        return; // a node on its own does not even build the body
    const QByteArray body = makeBody();
    if (body.isEmpty())
        return;
    for (const QString& url : targets) {
        client_.post(url, path, body, "application/json", [this, url, path](const PeerReply& r) {
            // Any HTTP answer means it is up: 409 (it has it) and 202 (it will fetch the
            // parent from us) are normal.
            if (r.status != 0)
                reached(url);
            else
                unreachable(url, "relaying " + path + ": " + r.describe());
        });
    }
}

// No seen-filter here: the node reports a tx only when its mempool takes it in, which a peer's
// echo cannot do again, and a tx a reorg returned must go out again even if it went before.
void PeerNetwork::relayTransaction(const QString& txid) {
    if (takingFetchedTx_) // a peer's mempool: it relayed them already (and a burst of them
        return;           // could time out the relays and drop honest peers)
    relay(QStringLiteral("/tx"), [&] {
        const auto hash = Hash256::fromHex(txid.toStdString());
        const MempoolEntry* e = hash ? node_.mempool().find(*hash) : nullptr;
        return e ? jsonBytes(txToJson(e->tx)) : QByteArray();
    });
}

void PeerNetwork::relayBlock(const QString& hashText) {
    // Blocks a sync downloads are old news to the network; only new blocks travel.
    if ((sync_ && sync_->submitting()) || !firstSighting(hashText))
        return;
    relay(QStringLiteral("/block"), [&] {
        const auto hash = Hash256::fromHex(hashText.toStdString());
        const auto block = hash ? node_.block(*hash) : std::nullopt;
        return block ? jsonBytes(blockToJson(*block)) : QByteArray();
    });
}

QString PeerNetwork::verifiedUrl(const QHostAddress& remote, const QString& claimedUrl) const {
    if (claimedUrl.isEmpty())
        return {};
    const QHostAddress from = plainAddress(remote);
    QList<QHostAddress> named{literalHostOf(claimedUrl)};
    if (named.front().isNull()) {
        const auto resolved = resolved_.find(claimedUrl); // peers' host names only
        named = resolved == resolved_.end() ? QList<QHostAddress>{} : resolved->second;
    } else if (named.front().isLoopback() && QUrl(claimedUrl).host() == "localhost") {
        named << QHostAddress(QHostAddress::LocalHostIPv6);
    }
    for (const QHostAddress& a : named)
        if (plainAddress(a) == from)
            return claimedUrl;
    return {};
}

void PeerNetwork::admitPush(const PushSender& sender) {
    const std::int64_t now = nowMs();
    const QString url = verifiedUrl(sender.remote, sender.claimedUrl);
    if (!url.isEmpty() && health_.banned(url, now))
        throw ApiError{403, "peer-banned", url + " is banned for a while for sending invalid data"};
    if (sender.owner)
        return;
    const QString from = sourceKey(sender.remote);
    if (senders_.banned(from, now))
        throw ApiError{403, "peer-banned",
                       "address " + from + " is banned for a while for sending invalid data"};
    if (const std::int64_t waitMs = senders_.validationWaitMs(from, now))
        throw ApiError{429, "too-many-requests",
                       QStringLiteral("address %1 used its share of this node's validation time; "
                                      "try again in %2 s")
                           .arg(from)
                           .arg((waitMs + 999) / 1000)};
}

void PeerNetwork::admitTransactionPush(const PushSender& sender) {
    admitPush(sender);
    // (Nothing here may read the store: that would commit the batch.)
    if (sender.owner || !node_.syncBatchHeld() || !sync_ ||
        sync_->blocksToGo() <= kCatchingUpBlocks)
        return;
    owedFetch_.tries = kMempoolFetchTries;
    owedFetch_.height = std::max(owedFetch_.height, sync_->provenPeerHeight());
    ++owedFetch_.refusals;
    throw ApiError{503, "catching-up",
                   QStringLiteral("this node is %1 blocks behind the network and connecting "
                                  "them; it takes transactions from others again once it has "
                                  "caught up: try again later")
                       .arg(sync_->blocksToGo())};
}

void PeerNetwork::chargeRequestWork(const PushSender& sender) {
    if (!sender.owner)
        senders_.chargeValidation(sourceKey(sender.remote), costSoFar(sender) + 1, nowMs());
}

// Charged to the address only: a URL is verified by its host, and others may share that host
// (NAT, one machine running several nodes), so a push never costs a peer URL anything. What
// was taken costs nothing; the validation time of what was refused is charged.
void PeerNetwork::afterPush(const PushSender& sender, const std::optional<Failure>& failure,
                            bool offence, double costMs) {
    if (sender.owner || !failure)
        return;
    const std::int64_t now = nowMs();
    const QString from = sourceKey(sender.remote);
    senders_.chargeValidation(from, costMs, now);
    if (!offence)
        return;
    const bool banned = senders_.offended(from, now);
    std::uint64_t leftOut = 0;
    if (!offenceLog_.allow(leftOut) && !banned) // many addresses can offend; bans always show
        return;
    const QString reason = QString::fromStdString(failure->toString());
    if (banned)
        qCWarning(lcNet).noquote()
            << "address" << from << "banned for" << settings_.banSeconds << "s after"
            << senders_.limits().offencesBeforeBan
            << "offences; the last: sent invalid data:" << reason << node::leftOutNote(leftOut);
    else
        qCWarning(lcNet).noquote()
            << "address" << from << "sent invalid data:" << reason << node::leftOutNote(leftOut);
}

// The ancestors of an orphan are on the sender's chain: asked for from the sender if it is a
// peer and proved its URL, else from the peers at its address (a MiniBitcoinPy node names no
// URL); never from a URL the request merely names, nor from strangers (whose orphans cost
// nothing to post again and again: their chain comes with the next sync).
void PeerNetwork::fetchAncestorsFor(const PushSender& sender, const QString& verified) {
    if (!verified.isEmpty() && isPeer(verified))
        return enqueueSync(verified, {});
    int asked = 0;
    for (const QString& url : usablePeers())
        if (asked < 2 && !verifiedUrl(sender.remote, url).isEmpty()) {
            enqueueSync(url, {});
            ++asked;
        }
}

SubmitOutcome PeerNetwork::submitBlock(const Block& block, const PushSender& sender) {
    const QString verified = verifiedUrl(sender.remote, sender.claimedUrl);
    const SubmitOutcome outcome = submitAs(
        sender, verified, [&](const QString& source) { return node_.submitBlock(block, source); });
    const bool offence = outcome.kind == SubmitOutcome::Kind::Invalid &&
                         isOffence(rejectKind(outcome.failure->code), true);
    afterPush(sender, outcome.failure, offence, costSoFar(sender));
    if (outcome.kind == SubmitOutcome::Kind::Orphan)
        fetchAncestorsFor(sender, verified);
    return outcome;
}

Result<AcceptedTx> PeerNetwork::submitTransaction(const Transaction& tx, const PushSender& sender) {
    const QString verified = verifiedUrl(sender.remote, sender.claimedUrl);
    auto r = submitAs(sender, verified,
                      [&](const QString& source) { return node_.submitTransaction(tx, source); });
    const bool offence = !r && isOffence(rejectKind(r.failure().code), false);
    afterPush(sender, r ? std::nullopt : std::optional(r.failure()), offence, costSoFar(sender));
    return r;
}

QString PeerNetwork::sourceLabel(const PushSender& sender, const QString& verified) {
    return verified.isEmpty() ? "REST " + plainAddress(sender.remote).toString()
                              : "peer " + verified;
}

bool PeerNetwork::ownersChoice(const QString& url) const {
    return ownersPeers_.count(url) ||
           std::find(ownerSyncs_.begin(), ownerSyncs_.end(), url) != ownerSyncs_.end();
}

void PeerNetwork::syncWith(const QString& url, ChainSync::Done done) {
    if (!ownersChoice(url)) { // it may be on a private network: the owner says so
        ownerSyncs_.push_back(url);
        if (ownerSyncs_.size() > 32)
            ownerSyncs_.pop_front();
    }
    enqueueSync(url, std::move(done));
}

void PeerNetwork::enqueueSync(const QString& url, ChainSync::Done done) {
    if (!node_.storeAvailable()) { // the blocks could not be kept: sync waits for the store
        SyncResult r;
        r.message = QStringLiteral("the node's database is unavailable (%1); sync goes on once "
                                   "it is back")
                        .arg(node_.storeTroubleText());
        r.failure = SyncFailure::StorageFailure;
        r.detail = node_.storeTroubleText();
        r.newHeight = -1; // unknown: the store holds the tip
        if (done)
            done(r);
        return;
    }
    if (health_.banned(url, nowMs())) {
        SyncResult r;
        r.message = QStringLiteral("peer %1 is banned for sending invalid data").arg(url);
        r.failure = SyncFailure::Banned;
        r.newHeight = node_.tip().height;
        if (done)
            done(r);
        return;
    }
    for (PendingSync& p : syncQueue_)
        if (p.url == url) {
            if (done)
                p.done.push_back(std::move(done));
            return;
        }
    // Each peer waits once (above), first come first served; a full queue takes no more.
    if (syncQueue_.size() >= std::size_t(std::max(1, settings_.maxQueuedSyncs))) {
        SyncResult r;
        r.message = QStringLiteral("%1 syncs are waiting already; try %2 again later")
                        .arg(syncQueue_.size())
                        .arg(url);
        r.failure = SyncFailure::Busy;
        r.newHeight = node_.tip().height;
        if (done)
            done(r);
        return;
    }
    PendingSync p{url, {}};
    if (done)
        p.done.push_back(std::move(done));
    syncQueue_.push_back(std::move(p));
    startNextSync();
}

void PeerNetwork::syncAllPeers() {
    if (!node_.storeAvailable())
        return; // the peer table is in the store, and the blocks could not be kept
    try {
        for (const QString& url : usablePeers())
            enqueueSync(url, {});
    } catch (const std::exception& e) { // on a timer: nothing may escape
        qCWarning(lcNet) << "the peers could not be read for a sync:" << e.what();
    }
}

void PeerNetwork::startNextSync() {
    if (sync_ || syncQueue_.empty() || !node_.storeAvailable())
        return;
    PendingSync next = std::move(syncQueue_.front());
    syncQueue_.pop_front();
    publishSyncState(true, next.url);
    const QString url = next.url;
    sync_ = new ChainSync(
        node_, client_, url,
        [this, url, waiting = std::move(next.done)](const SyncResult& r) {
            finishSync(url, r, waiting);
        },
        this);
    sync_->start();
}

void PeerNetwork::finishSync(const QString& url, const SyncResult& r,
                             const std::vector<ChainSync::Done>& waiting) {
    try { // the peer table is in the store, which may be in trouble
        if (r.peerMisbehaved()) {
            offended(url, r.message);
        } else if (r.failure == SyncFailure::StorageFailure || r.failure == SyncFailure::Busy) {
            // our own store failed, or we never asked: nothing to hold against the peer
        } else if (r.ok()) {
            reached(url);
            if (owedFetch_.tries > 0 && !mempoolFetch_ &&
                r.newHeight >= std::max(r.peerHeight, owedFetch_.height))
                fetchMempoolOf(url);
            if (isPeer(url)) { // a one-off sync with a stranger links nothing, nor teaches peers
                resolveTablePeer(url); // its address may have changed (a container restarted)
                learnPeersOf(url);
                if (!knowsUs_.count(url))
                    announceTo(url);
            }
        } else {
            unreachable(url, r.message);
        }
    } catch (const std::exception& e) {
        qCWarning(lcNet).noquote()
            << "after the sync with" << url << "the peer table could not be updated:" << e.what();
    }
    if (r.peerHeight > bestPeerHeight_)
        bestPeerHeight_ = r.peerHeight;
    for (const auto& done : waiting)
        done(r);
    sync_->deleteLater();
    sync_ = nullptr;
    publishSyncState(false, {});
    QTimer::singleShot(0, this, &PeerNetwork::startNextSync);
}

void PeerNetwork::fetchMempoolOf(const QString& url) {
    --owedFetch_.tries;
    const std::uint64_t refusalsBefore = owedFetch_.refusals;
    qCInfo(lcNet).noquote() << "fetching the mempool of" << url
                            << "(others' txs were refused while this node caught up)";
    const QString source = "peer " + url + " (its mempool)";
    using Taken = MempoolFetch::Taken;
    const auto submit = [this, url, source](const Transaction& tx,
                                            Taken& taken) -> std::optional<QString> {
        taken = Taken::Held;
        if (node_.mempool().find(computeTxid(tx)))
            return std::nullopt; // (without reading the store)
        sender_ = url;
        takingFetchedTx_ = true;
        const auto forget = qScopeGuard([this] {
            sender_.clear();
            takingFetchedTx_ = false;
        });
        const auto r = node_.submitTransaction(tx, source);
        if (r) {
            taken = Taken::Accepted;
            return std::nullopt;
        }
        const RejectKind kind = rejectKind(r.failure().code);
        taken = kind == RejectKind::MissingInputs ? Taken::MissingInputs : Taken::Refused;
        if (isOffence(kind, false))
            return QString::fromStdString(r.failure().toString());
        return std::nullopt;
    };
    const auto done = [this, url, refusalsBefore](const MempoolFetch::Outcome& o) {
        qCInfo(lcNet).noquote() << QStringLiteral("mempool of %1: %2 txs taken, %3 held already, "
                                                  "%4 refused, in %5 pages%6")
                                       .arg(url)
                                       .arg(o.accepted)
                                       .arg(o.held)
                                       .arg(o.refused)
                                       .arg(o.pages)
                                       .arg(o.stopped.isEmpty() ? QString() : "; " + o.stopped);
        if (!o.failed && owedFetch_.refusals == refusalsBefore)
            owedFetch_ = {0, -1, owedFetch_.refusals};
        if (!o.offence.isEmpty())
            offended(url, o.offence);
    };
    mempoolFetch_ = new MempoolFetch(
        client_, url, submit, [this] { return node_.syncBatchHeld(); }, done, this);
    mempoolFetch_->start();
}

double PeerNetwork::costSoFar(const PushSender& sender) const {
    if (!sender.since.isValid())
        return 0;
    const std::int64_t forgivenNs =
        node_.heldBatchCommits().forgivenNs - sender.forgivenCommitsNsBefore;
    return double(std::max<std::int64_t>(0, sender.since.nsecsElapsed() - forgivenNs)) / 1e6;
}

PushSender PeerNetwork::senderOf(const ApiRequest& request) const {
    PushSender sender{
        request.remote, request.peerUrl, request.owner, {}, node_.heldBatchCommits().forgivenNs};
    sender.since.start();
    return sender;
}

void PeerNetwork::publishSyncState(bool syncing, const QString& peer) {
    node_.setSyncState({syncing, peer, bestPeerHeight_});
}

} // namespace mbc::net
