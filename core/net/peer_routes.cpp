#include "net/node_routes.h"
#include "net/request_parsing.h"
#include "node/node.h"

#include <QUrl>

namespace mbc::net {
namespace {

// A peer is named by the base URL of its REST API: http(s)://host[:port], no path or query.
QString peerUrlParam(const std::string& text) {
    const QString given = QString::fromStdString(text).trimmed();
    const QUrl url(given, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
        url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (!url.path().isEmpty() && url.path() != "/"))
        throw ApiError::badRequest("bad-peer-url", "url: expected http://host:port (got '" +
                                                       given.left(200) + "')");
    return url.adjusted(QUrl::StripTrailingSlash | QUrl::RemovePath).toString();
}

} // namespace

void addPeerRoutes(RestServer& server, node::Node& node) {
    server.route("GET", "/peers", Access::Public, [&node](const ApiRequest&) {
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
            stored.push_back(std::move(row));
        }
        json::Value v;
        v.set("peers", std::move(active));
        v.set("stored_peers", std::move(stored));
        return ApiReply::json(v);
    });

    server.route("POST", "/peers/add", Access::Admin, [&node](const ApiRequest& req) {
        const QString url = peerUrlParam(stringMember(jsonBody(req), "url"));
        const bool added = node.peers().add(url, node.now());
        json::Value v;
        v.set("message",
              (added ? "peer added: " : "peer already known, marked active: ") + url.toStdString());
        v.set("url", url.toStdString());
        return ApiReply::json(v);
    });
}

} // namespace mbc::net
