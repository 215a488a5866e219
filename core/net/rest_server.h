#pragma once

#include "net/api_error.h"
#include "net/chunked_answer.h"
#include "net/http_guard.h"
#include "net/rate_limiter.h"
#include "json/json_value.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace mbc::store {
class SqlChainQueries;
}

namespace mbc::net {

class ReadPool;

// One request as a route handler sees it.
struct ApiRequest {
    QByteArray method;
    QString path;
    QStringList params; // the {placeholders} of the route's pattern, in order
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QHostAddress remote;
    QString peerUrl;      // X-Peer-Url: the sending node's public URL, normalized; empty if none
    bool owner = false;   // authorized as the owner (trusted loopback or the API token)
    bool lastRead = true; // a read route's last attempt: it answers even if the chain moved
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct ApiReply {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";

    static ApiReply json(const json::Value& value, int status = 200);
    static ApiReply text(const QByteArray& body, const QByteArray& contentType);
};

// An answer given later (POST /mine answers once its block is connected). Safe to use after
// the client has gone: then it does nothing. Copies share one answer; while it is unsent and
// some copy lives, it holds one of the server's slots for deferred answers.
class DeferredReply {
public:
    DeferredReply(QTcpSocket* socket, bool close, HeaderList headers = {},
                  std::shared_ptr<void> slot = {});
    void send(const ApiReply& reply) const;
    void send(const ApiError& error) const;

private:
    struct State {
        QPointer<QTcpSocket> socket;
        bool close;
        HeaderList headers;
        std::shared_ptr<void> slot; // released when the answer goes out
    };
    std::shared_ptr<State> state_;
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
    QByteArray fetchSite;    // Sec-Fetch-Site, lower case: what a browser says of the caller
};

// Handlers throw ApiError for bad input; the server turns it into the error answer.
using Handler = std::function<ApiReply(const ApiRequest&)>;
using DeferredHandler = std::function<void(const ApiRequest&, const DeferredReply&)>;
using StreamHandler = std::function<ApiStream(const ApiRequest&)>;
// A read-only route: the first part runs on a reader thread with a database connection of its
// own (ReadPool) and returns the second, which runs back on the server's thread to make the
// answer (it may look at what only that thread may touch: the mempool).
using ReadHandler =
    std::function<std::function<ApiReply()>(const ApiRequest&, store::SqlChainQueries&)>;
// Thrown by the second part of a read handler when the node's chain moved on since the reader
// read (the answer would mix two states): the read runs again, a few times at most. On the
// last attempt (ApiRequest::lastRead) the handler answers with what it read: during a sync the
// chain can move faster than any read.
struct StaleRead {};
// What a read handler returns when its answer needs nothing of the server's thread.
inline std::function<ApiReply()> ready(ApiReply reply) {
    return [reply = std::move(reply)] { return reply; };
}

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
    // An answer too long to hold: made a piece at a time as the client takes it.
    void routeStreamed(const QByteArray& method, const QString& pattern, Access access,
                       StreamHandler handler);
    void routeRead(const QByteArray& method, const QString& pattern, ReadHandler handler);
    // Where read-only routes and streamed answers read: the pool's threads, else inline on
    // `queries` (the node's own connection: tests, the fuzzer). Both outlive the server.
    void setReaders(ReadPool* pool, store::SqlChainQueries* queries);

    // GET <path> becomes a text/event-stream; publish() sends an event to every listener.
    void routeEventStream(const QString& path);
    void publish(const QByteArray& event, const json::Value& data);
    int eventListeners() const { return static_cast<int>(listeners_.size()); }
    int deferredPending() const { return deferredPending_; }
    int openConnections() const { return tcp_ ? tcp_->openConnections() : 0; }
    qint64 bufferedRequestBytes() const { return tcp_ ? tcp_->bufferedBytes() : 0; }

    // Budgets of their own, outside the connection limits: event streams (all, and from one
    // address), what one listener may leave unread before it is dropped, and answers the node
    // is still working on (POST /mine, /sync).
    static constexpr int kMaxEventListeners = 64;
    static constexpr int kMaxEventListenersPerAddress = 4;
    static constexpr qint64 kMaxEventBacklogBytes = 1'000'000;
    static constexpr int kMaxDeferredAnswers = 16;

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
        StreamHandler streamed;
        ReadHandler read;
    };

    const Route* match(const QByteArray& method, const QStringList& segments, QStringList& params,
                       bool& pathExists) const;
    bool authorized(const IncomingRequest& request) const;
    std::optional<ApiError> refusedAsCrossSite(const IncomingRequest& request) const;
    struct Answering { // where a read's answer goes
        QPointer<QTcpSocket> client;
        bool close = false;
        HeaderList cors;
    };
    static constexpr int kMaxReadAttempts = 3;
    bool readElsewhere(const ReadHandler& read, const ApiRequest& request, const Answering& to,
                       int attempt = 1);
    void serve(const IncomingRequest& request, QTcpSocket* socket);
    void nextInLine(QTcpSocket* socket);
    bool trustedByPlace(const IncomingRequest& request) const;
    bool hasToken(const IncomingRequest& request) const;
    HeaderList corsHeaders(const IncomingRequest& request) const;
    std::shared_ptr<void> takeDeferredSlot();
    void answer(QTcpSocket* socket, bool close, int status, const QByteArray& contentType,
                const QByteArray& body, const HeaderList& headers = {});
    void openEventStream(QTcpSocket* socket, const QHostAddress& remote, const HeaderList& cors);
    void sendToListeners(const QByteArray& message);

    HttpLimits limits_;
    AccessPolicy policy_;
    RateLimiter rateLimiter_;
    quint16 port_ = 0;
    QPointer<GuardedTcpServer> tcp_;
    ReadPool* readPool_ = nullptr;
    store::SqlChainQueries* inlineQueries_ = nullptr;
    std::vector<Route> routes_;
    struct Listener {
        QPointer<QTcpSocket> socket;
        QString from; // source address
    };
    std::vector<Listener> listeners_;
    int deferredPending_ = 0;
    QTimer heartbeat_;
    QMap<int, quint64> responses_;
};

} // namespace mbc::net
