#include "net/peer_network.h"

#include "consensus/json/json_codec.h"
#include "net/peer_offence.h"
#include "net/rest_server.h"
#include "node/logging.h"
#include "node/node.h"

#include <QDateTime>

namespace mbc::net {
namespace {

constexpr std::size_t kSeenGeneration = 50'000;

QByteArray jsonBytes(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

} // namespace

PeerNetwork::PeerNetwork(node::Node& node, NetworkSettings settings, QObject* parent)
    : QObject(parent)
    , node_(node)
    , settings_(std::move(settings))
    , client_(settings_.publicUrl)
    , health_(std::int64_t(settings_.banSeconds) * 1000) {
    client_.setTimeoutMs(settings_.requestTimeoutMs);
    connect(&node_, &node::Node::transactionAccepted, this,
            [this](const QString& txid, qint64) { relayTransaction(txid); });
    connect(&node_, &node::Node::chainBlockConnected, this,
            [this](const QString& hash, quint32) { relayBlock(hash); });
    connect(&syncTimer_, &QTimer::timeout, this, &PeerNetwork::syncAllPeers);
}

std::int64_t PeerNetwork::nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

void PeerNetwork::start() {
    for (const QString& url : settings_.bootstrapPeers)
        if (const auto refused = addPeer(url, true))
            qCWarning(lcNet).noquote()
                << "bootstrap peer" << url << "not added:" << refused->message();
    if (settings_.syncIntervalSeconds > 0) {
        syncTimer_.start(settings_.syncIntervalSeconds * 1000);
        QTimer::singleShot(0, this, &PeerNetwork::syncAllPeers);
    }
}

QString PeerRefusal::message() const {
    switch (reason) {
    case Reason::OwnAddress:
        return QStringLiteral("%1 is this node's own address").arg(url);
    case Reason::Banned:
        return QStringLiteral("%1 is banned for sending invalid data").arg(url);
    case Reason::TooManyPeers:
        break;
    }
    return QStringLiteral("this node already has MAX_PEERS (%1) peers").arg(maxPeers);
}

std::optional<PeerRefusal> PeerNetwork::addPeer(const QString& url, bool announce) {
    using Reason = PeerRefusal::Reason;
    if (url == settings_.publicUrl)
        return PeerRefusal{Reason::OwnAddress, url, 0};
    if (health_.banned(url, nowMs()))
        return PeerRefusal{Reason::Banned, url, 0};
    const bool already = isPeer(url);
    if (!already && node_.peers().all().size() >= std::size_t(settings_.maxPeers))
        return PeerRefusal{Reason::TooManyPeers, url, settings_.maxPeers};
    node_.peers().add(url, node_.now());
    if (!announce) { // it announced itself: it knows how to reach us
        knowsUs_.insert(url);
        return std::nullopt;
    }
    if (already)
        return std::nullopt;
    qCInfo(lcNet).noquote() << "added peer" << url;
    announceTo(url);
    return std::nullopt;
}

// Tells the peer how to reach us, so the link works both ways. A peer that was not up yet is
// told again after our next successful sync with it.
void PeerNetwork::announceTo(const QString& url) {
    json::Value ourAddress;
    ourAddress.set("url", settings_.publicUrl.toStdString());
    client_.post(url, QStringLiteral("/peers/announce"), jsonBytes(ourAddress), "application/json",
                 [this, url](const PeerReply& r) {
                     if (r.ok())
                         knowsUs_.insert(url);
                     else
                         qCInfo(lcNet).noquote()
                             << "peer" << url << "did not take our address:" << r.describe();
                 });
}

bool PeerNetwork::isPeer(const QString& url) const {
    const auto known = node_.peers().all();
    return std::any_of(known.begin(), known.end(),
                       [&](const store::PeerRow& p) { return p.url == url; });
}

std::vector<QString> PeerNetwork::usablePeers() const {
    std::vector<QString> urls;
    const std::int64_t now = nowMs();
    for (const store::PeerRow& p : node_.peers().all())
        if (health_.usable(p.url, now))
            urls.push_back(p.url);
    return urls;
}

bool PeerNetwork::banned(const QString& url) const {
    return health_.banned(url, nowMs());
}

void PeerNetwork::reached(const QString& url) {
    health_.reached(url);
    node_.peers().recordSuccess(url, node_.now());
}

void PeerNetwork::unreachable(const QString& url, const QString& why) {
    const std::int64_t retryAt = health_.unreachable(url, nowMs());
    node_.peers().recordFailure(url, false);
    qCInfo(lcNet).noquote() << "peer" << url << "unreachable (" + why + "); next try in"
                            << (retryAt - nowMs()) / 1000 << "s";
}

void PeerNetwork::offended(const QString& url, const QString& why) {
    qCWarning(lcNet).noquote() << "peer" << url << "sent invalid data:" << why;
    if (health_.offended(url, nowMs()))
        qCWarning(lcNet).noquote() << "peer" << url << "banned for" << settings_.banSeconds
                                   << "s after" << PeerHealth::kOffencesBeforeBan << "offences";
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

void PeerNetwork::relay(const QString& path, const std::function<QByteArray()>& makeBody) {
    std::vector<QString> targets = usablePeers();
    std::erase(targets, sender_);
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

SubmitOutcome PeerNetwork::submitBlockFromPeer(const Block& block, const QString& peerUrl) {
    sender_ = peerUrl;
    const SubmitOutcome outcome = node_.submitBlock(block, "peer " + peerUrl);
    sender_.clear();
    if (outcome.kind == SubmitOutcome::Kind::Orphan) {
        // Its ancestors are on the sender's chain: fetch them from there.
        syncWith(peerUrl, {});
    } else if (outcome.kind == SubmitOutcome::Kind::Invalid &&
               isOffence(rejectKind(outcome.failure->code), true)) {
        offended(peerUrl, QString::fromStdString(outcome.failure->toString()));
    }
    return outcome;
}

Result<AcceptedTx> PeerNetwork::submitTransactionFromPeer(const Transaction& tx,
                                                          const QString& peerUrl) {
    sender_ = peerUrl;
    auto r = node_.submitTransaction(tx, "peer " + peerUrl);
    sender_.clear();
    if (!r && isOffence(rejectKind(r.failure().code), false))
        offended(peerUrl, QString::fromStdString(r.failure().toString()));
    return r;
}

void PeerNetwork::syncWith(const QString& url, ChainSync::Done done) {
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
    PendingSync p{url, {}};
    if (done)
        p.done.push_back(std::move(done));
    syncQueue_.push_back(std::move(p));
    startNextSync();
}

void PeerNetwork::syncAllPeers() {
    for (const QString& url : usablePeers())
        syncWith(url, {});
}

void PeerNetwork::startNextSync() {
    if (sync_ || syncQueue_.empty())
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
    if (r.peerMisbehaved()) {
        offended(url, r.message);
    } else if (r.failure == SyncFailure::StorageFailure) {
        // our own store failed: nothing to hold against the peer
    } else if (r.ok()) {
        reached(url);
        learnPeersOf(url);
        if (!knowsUs_.count(url) && isPeer(url)) // a one-off sync with a stranger links nothing
            announceTo(url);
    } else {
        unreachable(url, r.message);
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

// Peers of our peers become ours (up to MAX_PEERS), as MiniBitcoinPy's /peers intended.
void PeerNetwork::learnPeersOf(const QString& url) {
    client_.get(url, QStringLiteral("/peers"), [this, url](const PeerReply& r) {
        if (!r.ok())
            return;
        const auto parsed = json::parse(r.body.toStdString());
        const json::Value* v = std::get_if<json::Value>(&parsed);
        const json::Value* peers = v ? v->find("peers") : nullptr;
        if (!peers || !peers->isArray())
            return;
        std::size_t considered = 0;
        for (const json::Value& p : peers->asArray()) {
            if (++considered > std::size_t(settings_.maxPeers) || !p.isString())
                break;
            const auto learned = node::normalizePeerUrl(QString::fromStdString(p.asString()));
            if (learned && *learned != settings_.publicUrl)
                addPeer(*learned, true);
        }
    });
}

void refuseBannedPeer(const PeerNetwork& network, const ApiRequest& request) {
    if (!request.peerUrl.isEmpty() && network.banned(request.peerUrl))
        throw ApiError{403, "peer-banned",
                       request.peerUrl + " is banned for a while for sending invalid data"};
}

void PeerNetwork::publishSyncState(bool syncing, const QString& peer) {
    node_.setSyncState({syncing, peer, bestPeerHeight_});
}

} // namespace mbc::net
