#pragma once

#include "consensus/json/json_value.h"
#include "net/api_error.h"
#include "net/http_guard.h"
#include "net/rate_limiter.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <vector>

namespace mbc::net {

// One request as a route handler sees it.
struct ApiRequest {
    QByteArray method;
    QString path;
    QStringList params; // the {placeholders} of the route's pattern, in order
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QHostAddress remote;
    QString peerUrl;    // X-Peer-Url: the sending node's public URL, normalized; empty if none
    bool owner = false; // authorized as the owner (trusted loopback or the API token)
};

struct ApiReply {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";

    static ApiReply json(const json::Value& value, int status = 200);
    static ApiReply text(const QByteArray& body, const QByteArray& contentType);
};

// An answer given later (POST /mine answers once its block is connected). Safe to use after
// the client has gone: then it does nothing.
class DeferredReply {
public:
    DeferredReply(QTcpSocket* socket, bool close)
        : socket_(socket)
        , close_(close) {}
    void send(const ApiReply& reply) const;
    void send(const ApiError& error) const;

private:
    QPointer<QTcpSocket> socket_;
    bool close_;
};

// A request as it arrived, before routing: what the server reads off Qt's HTTP parser.
struct IncomingRequest {
    QByteArray method; // GET, POST, ...
    QUrl url;
    QByteArray body;
    QByteArray contentType;   // lower case
    QByteArray authorization; // the Authorization header
    QByteArray peerUrl;       // the X-Peer-Url header
    QHostAddress remote;
    bool closeAfter = false; // "Connection: close"
    QByteArray host;         // the Host header
    QByteArray origin;       // the Origin header (a browser's page)
};

// Handlers throw ApiError for bad input; the server turns it into the error answer.
using Handler = std::function<ApiReply(const ApiRequest&)>;
using DeferredHandler = std::function<void(const ApiRequest&, const DeferredReply&)>;

// Who may call what, and how much.
struct AccessPolicy {
    int rateLimitPerSecond = 200; // per client address; 0: unlimited
    QString apiToken;             // admin routes need "Authorization: Bearer <token>"
    bool trustLoopback = true;    // ...except from loopback (off behind a local reverse proxy)
    QStringList allowedOrigins;   // web pages that may call (ALLOWED_ORIGINS); none by default
    QString publicHost;           // PUBLIC_URL's host: a name loopback callers may use
};

enum class Access {
    Public,
    Admin, // needs the API token unless the client is on the node's own machine (loopback)
};

// The REST API over Qt's HTTP server (its request parser, behind GuardedTcpServer's limits),
// with our own routing: exact paths with {placeholders}, per-client rate limits, bearer-token
// admin routes, JSON errors {"detail": "<code>: <message>"}, and server-sent events.
class RestServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    RestServer(HttpLimits limits, AccessPolicy policy, QObject* parent = nullptr);

    // Starts listening; on failure, the reason (e.g. "address already in use").
    std::optional<QString> listen(const QString& host, quint16 port);
    quint16 port() const { return port_; }

    void route(const QByteArray& method, const QString& pattern, Access access, Handler handler);
    void routeDeferred(const QByteArray& method, const QString& pattern, Access access,
                       DeferredHandler handler);

    // GET <path> becomes a text/event-stream; publish() sends an event to every listener.
    void routeEventStream(const QString& path);
    void publish(const QByteArray& event, const json::Value& data);
    int eventListeners() const { return static_cast<int>(listeners_.size()); }

    // Requests answered so far, by HTTP status (for /metrics).
    const QMap<int, quint64>& responsesByStatus() const { return responses_; }

    // Routes a request and runs its handler: the answer, or nothing when the request was
    // handed over to answer later (a deferred route, an event stream on `socket`).
    std::optional<ApiReply> dispatch(const IncomingRequest& request, QTcpSocket* socket);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Route {
        QByteArray method;
        QStringList segments; // "{x}" marks a placeholder
        Access access;
        Handler handler;
        DeferredHandler deferred;
        bool eventStream = false;
    };

    const Route* match(const QByteArray& method, const QStringList& segments, QStringList& params,
                       bool& pathExists) const;
    bool authorized(const IncomingRequest& request) const;
    std::optional<ApiError> refusedAsCrossSite(const IncomingRequest& request) const;
    bool trustedByPlace(const IncomingRequest& request) const;
    bool hasToken(const IncomingRequest& request) const;
    void answer(QTcpSocket* socket, bool close, int status, const QByteArray& contentType,
                const QByteArray& body);
    void openEventStream(QTcpSocket* socket);

    HttpLimits limits_;
    AccessPolicy policy_;
    RateLimiter rateLimiter_;
    quint16 port_ = 0;
    std::vector<Route> routes_;
    std::vector<QPointer<QTcpSocket>> listeners_;
    QTimer heartbeat_;
    QMap<int, quint64> responses_;
};

} // namespace mbc::net
