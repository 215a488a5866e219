#include "net/peer_network.h"

#include "consensus/json/json_codec.h"
#include "node/logging.h"
#include "node/node.h"

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
    , client_(settings_.publicUrl) {
    client_.setTimeoutMs(settings_.requestTimeoutMs);
    connect(&node_, &node::Node::transactionAccepted, this,
            [this](const QString& txid, qint64) { relayTransaction(txid); });
    connect(&node_, &node::Node::chainBlockConnected, this,
            [this](const QString& hash, quint32) { relayBlock(hash); });
    connect(&syncTimer_, &QTimer::timeout, this, &PeerNetwork::syncAllPeers);
}

void PeerNetwork::start() {
    for (const QString& url : settings_.bootstrapPeers)
        if (const QString why = addPeer(url, true); !why.isEmpty())
            qCWarning(lcNet).noquote() << "bootstrap peer" << url << "not added:" << why;
    if (settings_.syncIntervalSeconds > 0) {
        syncTimer_.start(settings_.syncIntervalSeconds * 1000);
        QTimer::singleShot(0, this, &PeerNetwork::syncAllPeers);
    }
}

QString PeerNetwork::addPeer(const QString& url, bool announce) {
    if (url == settings_.publicUrl)
        return QStringLiteral("%1 is this node's own address").arg(url);
    const auto known = node_.peers().all();
    const bool already = std::any_of(known.begin(), known.end(),
                                     [&](const store::PeerRow& p) { return p.url == url; });
    if (!already && known.size() >= std::size_t(settings_.maxPeers))
        return QStringLiteral("this node already has MAX_PEERS (%1) peers").arg(settings_.maxPeers);
    node_.peers().add(url, node_.now());
    if (already || !announce)
        return {};
    // Tell the peer how to reach us, so the link works both ways.
    json::Value ourAddress;
    ourAddress.set("url", settings_.publicUrl.toStdString());
    client_.post(url, QStringLiteral("/peers/announce"), jsonBytes(ourAddress), "application/json",
                 [url](const PeerReply& r) {
                     if (!r.ok())
                         qCInfo(lcNet).noquote()
                             << "peer" << url << "did not take our address:" << r.describe();
                 });
    return {};
}

std::vector<QString> PeerNetwork::activePeers() {
    std::vector<QString> urls;
    for (const store::PeerRow& p : node_.peers().all())
        if (p.isActive)
            urls.push_back(p.url);
    return urls;
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

void PeerNetwork::post(const QString& path, const QByteArray& body, const QByteArray& contentType) {
    for (const QString& url : activePeers()) {
        ++relayed_;
        client_.post(url, path, body, contentType, [this, url, path](const PeerReply& r) {
            // 409: the peer has it already; 202: it will fetch the parent. Both are fine.
            recordOutcome(url, r.status != 0);
            if (r.status == 0)
                qCInfo(lcNet).noquote()
                    << "relay of" << path << "to" << url << "failed:" << r.describe();
        });
    }
}

void PeerNetwork::relayTransaction(const QString& txid) {
    if (!firstSighting(txid))
        return;
    const auto hash = Hash256::fromHex(txid.toStdString());
    const MempoolEntry* e = hash ? node_.mempool().find(*hash) : nullptr;
    if (e)
        post(QStringLiteral("/tx"), jsonBytes(txToJson(e->tx)), "application/json");
}

void PeerNetwork::relayBlock(const QString& hashText) {
    // Blocks a sync downloads are old news to the network; only new blocks travel.
    if ((sync_ && sync_->submitting()) || !firstSighting(hashText))
        return;
    const auto hash = Hash256::fromHex(hashText.toStdString());
    const auto block = hash ? node_.block(*hash) : std::nullopt;
    if (block)
        post(QStringLiteral("/block"), jsonBytes(blockToJson(*block)), "application/json");
}

void PeerNetwork::recordOutcome(const QString& url, bool reached) {
    if (reached)
        node_.peers().recordSuccess(url, node_.now());
    else
        node_.peers().recordFailure(url, true);
}

void PeerNetwork::syncWith(const QString& url, ChainSync::Done done) {
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
    for (const QString& url : activePeers())
        syncWith(url, {});
}

void PeerNetwork::startNextSync() {
    if (sync_ || syncQueue_.empty())
        return;
    PendingSync next = std::move(syncQueue_.front());
    syncQueue_.pop_front();
    publishSyncState(true, next.url);
    sync_ = new ChainSync(
        node_, client_, next.url,
        [this, next](const SyncResult& r) {
            recordOutcome(next.url, r.ok || r.peerMisbehaved);
            if (r.peerHeight > bestPeerHeight_)
                bestPeerHeight_ = r.peerHeight;
            for (const auto& done : next.done)
                done(r);
            sync_->deleteLater();
            sync_ = nullptr;
            publishSyncState(false, {});
            QTimer::singleShot(0, this, &PeerNetwork::startNextSync);
        },
        this);
    sync_->start();
}

void PeerNetwork::publishSyncState(bool syncing, const QString& peer) {
    node_.setSyncState({syncing, peer, bestPeerHeight_});
}

} // namespace mbc::net
