#include "net/node_api.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/request_parsing.h"
#include "node/node.h"

namespace mbc::net {
namespace {

// A peer is named by the base URL of its REST API: http(s)://host[:port], no path or query.
QString peerUrlParam(const std::string& text) {
    const QString given = QString::fromStdString(text);
    const auto url = node::normalizePeerUrl(given);
    if (!url)
        throw ApiError::badRequest("bad-peer-url", "url: expected http://host:port (got '" +
                                                       given.trimmed().left(200) + "')");
    return *url;
}

// An announcement is a URL: anyone may send one, uncharged, so nothing bigger is parsed.
constexpr qsizetype kMaxAnnouncementBytes = 4096;

} // namespace

ApiReply NodeApi::peers(const ApiRequest& req) {
    json::Value::Array active;
    json::Value::Array stored;
    for (const store::PeerRow& p : node.peers().all()) {
        if (p.isActive)
            active.push_back(p.url.toStdString());
        json::Value row;
        row.set("url", p.url.toStdString());
        row.set("is_active", p.isActive);
        row.set("failures", static_cast<std::int64_t>(p.failures));
        row.set("last_seen",
                p.lastSeen ? json::Value(std::int64_t(p.lastSeen)) : json::Value(nullptr));
        const PeerHealth::State h = network.health(p.url);
        row.set("banned", network.banned(p.url));
        row.set("offences", h.totalOffences);
        // When an unreachable peer is tried again (ms since the epoch; null: no back-off).
        row.set("retry_at", h.retryAtMs ? json::Value(h.retryAtMs) : json::Value(nullptr));
        if (req.owner) // others need not learn which peers the owner relies on
            row.set("chosen_by_owner", p.chosenByOwner);
        stored.push_back(std::move(row));
    }
    json::Value v;
    v.set("peers", std::move(active));
    v.set("stored_peers", std::move(stored));
    if (req.owner) { // others learn nothing of URLs that were only named to this node
        json::Value::Array candidates;
        for (const PeerCandidates::Candidate& c : network.candidates().all()) {
            json::Value row;
            row.set("url", c.url.toStdString());
            row.set("offered_by", c.source.toStdString());
            candidates.push_back(std::move(row));
        }
        v.set("candidates", std::move(candidates));
    }
    return ApiReply::json(v);
}

ApiReply NodeApi::addPeer(const ApiRequest& req) {
    const QString url = peerUrlParam(stringMember(jsonBody(req), "url"));
    if (const auto refused = network.addPeer(url))
        throw ApiError::conflict("peer-refused", refused->message());
    json::Value v;
    v.set("message", "peer added: " + url.toStdString());
    v.set("url", url.toStdString());
    return ApiReply::json(v);
}

// A node that added this one as a peer says how to reach it back: a candidate, made a
// peer once it answers /health as a node of this network.
ApiReply NodeApi::announcePeer(const ApiRequest& req) {
    if (req.body.size() > kMaxAnnouncementBytes)
        throw ApiError{413, "payload-too-large",
                       QStringLiteral("an announcement is limited to %1 bytes (got %2)")
                           .arg(kMaxAnnouncementBytes)
                           .arg(req.body.size())};
    const QString url = peerUrlParam(stringMember(jsonBody(req), "url"));
    if (const auto refused = network.announced(url, req.remote))
        throw ApiError::conflict("peer-refused", refused->message());
    json::Value v;
    v.set("message", "peer candidate " + url.toStdString() +
                         ": it becomes a peer once it answers as a node of this network");
    return ApiReply::json(v);
}

ApiReply NodeApi::removePeer(const ApiRequest& req) {
    const QString url = peerUrlParam(stringMember(jsonBody(req), "url"));
    if (!network.removePeer(url))
        throw ApiError::notFound("peer " + url + " is not known");
    json::Value v;
    v.set("message", "peer removed: " + url.toStdString());
    return ApiReply::json(v);
}

// MiniBitcoinPy's shape: {synced, message, new_height}; answered when the sync ends.
void NodeApi::sync(const ApiRequest& req, const DeferredReply& reply) {
    const QString url = peerUrlParam(stringMember(jsonBody(req), "peer_url"));
    network.syncWith(url, [reply](const SyncResult& r) {
        json::Value v;
        v.set("synced", r.ok());
        v.set("message", r.message.toStdString());
        v.set("new_height", r.newHeight);
        v.set("blocks_received", r.blocksReceived);
        v.set("peer_height", r.peerHeight);
        const bool ours = r.failure == SyncFailure::StorageFailure;
        if (!r.ok()) // what clients print for a refused request
            v.set("detail",
                  (ours ? "store-unavailable: " : "sync-failed: ") + r.message.toStdString());
        reply.send(ApiReply::json(v, r.ok() ? 200 : ours ? 503 : 502));
    });
}

} // namespace mbc::net
