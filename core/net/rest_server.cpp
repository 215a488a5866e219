#include "net/rest_server.h"

#include "net/answer_line.h"
#include "net/read_pool.h"
#include "net/source_address.h"
#include "store/sql_chain_queries.h"

#include "node/node_config.h"

#include "node/log_throttle.h"
#include "node/logging.h"
#include "store/database.h"

#include <QHttpServerRequest>

#include <mutex>

namespace mbc::net {
namespace {

QStringList segmentsOf(const QString& path) {
    return path.split('/', Qt::SkipEmptyParts);
}

QByteArray methodName(QHttpServerRequest::Method m) {
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

ApiReply wholeAnswer(const ApiStream& stream, store::SqlChainQueries& queries) {
    QByteArray body;
    while (const auto piece = stream.next(queries))
        body += *piece;
    return {200, body, stream.contentType};
}

// Whether a storage failure's line may go to the log now: a request can repeat one at will
// (a block that spends an output a damaged store lost), and handlers run on several threads.
bool storageFailureLogged(std::uint64_t& leftOut) {
    static std::mutex mutex;
    static node::LogThrottle throttle(30);
    const std::lock_guard lock(mutex);
    return throttle.allow(leftOut);
}

// The error answer for what a handler threw; call it inside a catch block.
ApiReply errorReply(const QString& path) {
    const auto fail = [](const ApiError& e) {
        return ApiReply{e.status, e.body(), "application/json"};
    };
    try {
        throw;
    } catch (const ApiError& e) {
        return fail(e);
    } catch (const StaleRead&) { // read again as often as allowed
        return fail({503, "chain-moving", "the chain changed while this was read; try again"});
    } catch (const store::StoreError& e) { // the details are for the owner's log, not a client
        if (e.storeInTrouble())            // the node logs the trouble once, not once per request
            qCDebug(lcNet).noquote()
                << "store in trouble while answering" << path << ":" << e.what();
        else if (std::uint64_t leftOut = 0; storageFailureLogged(leftOut))
            qCCritical(lcNet).noquote() << "storage failure while answering" << path << ":"
                                        << e.what() << e.detail() << node::leftOutNote(leftOut);
        return fail(ApiError::unavailable(&e));
    } catch (const std::exception& e) {
        qCCritical(lcNet) << "internal error while answering" << path << ":" << e.what();
        return fail({500, "internal-error", "the node failed to answer; its log has the details"});
    }
}

bool wantsClose(const QHttpServerRequest& request) {
    // Answers to HEAD carry a body here; a client expects none, so the connection ends with
    // it rather than leave the client reading that body as the next answer.
    return request.value("connection").trimmed().toLower() == "close" ||
           request.method() == QHttpServerRequest::Method::Head;
}

} // namespace

ApiReply ApiReply::json(const json::Value& value, int status) {
    return {status, QByteArray::fromStdString(json::write(value)), "application/json"};
}

ApiReply ApiReply::text(const QByteArray& body, const QByteArray& contentType) {
    return {200, body, contentType};
}

DeferredReply::DeferredReply(QTcpSocket* socket, bool close, HeaderList headers,
                             std::shared_ptr<void> slot)
    : state_(std::make_shared<State>(State{socket, close, std::move(headers), std::move(slot)})) {
    if (socket) // a client that left frees its slot, whatever the node still does for it
        QObject::connect(socket, &QObject::destroyed, [weak = std::weak_ptr<State>(state_)] {
            if (const auto state = weak.lock())
                state->slot.reset();
        });
}

void DeferredReply::send(const ApiReply& reply) const {
    if (state_->socket)
        writeHttpResponse(state_->socket, reply.status, reply.contentType, reply.body,
                          state_->close, state_->headers);
    state_->socket.clear(); // one answer per request
    state_->slot.reset();
}

void DeferredReply::send(const ApiError& error) const {
    send(ApiReply{error.status, error.body(), "application/json"});
}

RestServer::RestServer(HttpLimits limits, AccessPolicy policy, QObject* parent)
    : QAbstractHttpServer(parent)
    , limits_(limits)
    , policy_(std::move(policy))
    , rateLimiter_(policy_.rateLimitPerSecond) {
    limits_.ownerOnLoopback = limits_.ownerOnLoopback && policy_.trustLoopback;
    heartbeat_.setInterval(15'000);
    connect(&heartbeat_, &QTimer::timeout, this, [this] { sendToListeners(": keep-alive\n\n"); });
}

std::optional<QString> RestServer::listen(const QString& host, quint16 port) {
    auto* tcp = new GuardedTcpServer(limits_, this);
    const QHostAddress address =
        host == "localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (!tcp->listen(address, port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return why;
    }
    bind(tcp);
    connect(tcp, &GuardedTcpServer::answered, this, &RestServer::nextInLine);
    port_ = tcp->serverPort();
    tcp_ = tcp;
    return std::nullopt;
}

void RestServer::route(const QByteArray& method, const QString& pattern, Access access,
                       Handler handler) {
    routes_.push_back({method, segmentsOf(pattern), access, std::move(handler), {}, false, {}, {}});
}

void RestServer::routeDeferred(const QByteArray& method, const QString& pattern, Access access,
                               DeferredHandler handler) {
    routes_.push_back({method, segmentsOf(pattern), access, {}, std::move(handler), false, {}, {}});
}

void RestServer::routeRead(const QByteArray& method, const QString& pattern, ReadHandler handler) {
    Route r{method, segmentsOf(pattern), Access::Public, {}, {}, false, {}, std::move(handler)};
    routes_.push_back(std::move(r));
}

void RestServer::setReaders(ReadPool* pool, store::SqlChainQueries* queries) {
    readPool_ = pool;
    inlineQueries_ = queries;
}

void RestServer::routeStreamed(const QByteArray& method, const QString& pattern, Access access,
                               StreamHandler handler) {
    routes_.push_back({method, segmentsOf(pattern), access, {}, {}, false, std::move(handler), {}});
}

void RestServer::routeEventStream(const QString& path) {
    routes_.push_back({"GET", segmentsOf(path), Access::Public, {}, {}, true, {}, {}});
}

const RestServer::Route* RestServer::match(const QByteArray& method, const QStringList& segments,
                                           QStringList& params, bool& pathExists) const {
    for (const Route& r : routes_) {
        if (r.segments.size() != segments.size())
            continue;
        QStringList values;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            if (r.segments[i].startsWith('{'))
                values << segments[i];
            else
                same = r.segments[i] == segments[i];
        }
        if (!same)
            continue;
        pathExists = true;
        if (r.method == method) {
            params = values;
            return &r;
        }
    }
    return nullptr;
}

// What a web page in the owner's browser could send (THREATS.md 6): a request naming a page's
// Origin, a body a page may post without asking first (text/plain, forms; for requests that
// would act as the owner, any POST without the JSON type), and - through DNS rebinding - a
// request to this machine under the page's own host name. A page cannot know the API token:
// requests that carry it are the owner's wherever they come from.
std::optional<ApiError> RestServer::refusedAsCrossSite(const IncomingRequest& in) const {
    const bool allowedOrigin =
        !in.origin.isEmpty() && policy_.allowedOrigins.contains(QString::fromUtf8(in.origin));
    if (!in.origin.isEmpty() && !allowedOrigin)
        return ApiError{403, "origin-refused",
                        "requests from web pages (Origin " +
                            QString::fromUtf8(in.origin.left(200)) +
                            ") are refused; allow an origin with ALLOWED_ORIGINS"};
    // A page's <img>, <script> or form loads carry no Origin, but browsers say where they come
    // from: such a load could hold an event stream or a connection slot of this machine's.
    if (!allowedOrigin && (in.fetchSite == "cross-site" || in.fetchSite == "same-site"))
        return ApiError{403, "origin-refused",
                        "requests a web page makes (Sec-Fetch-Site: " +
                            QString::fromUtf8(in.fetchSite.left(50)) + ") are refused"};
    const bool ownerByPlace = trustedByPlace(in) && !hasToken(in);
    if (ownerByPlace && !in.host.isEmpty()) {
        const QString host = QUrl(QStringLiteral("http://") + QString::fromUtf8(in.host)).host();
        const bool local = host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
                           QHostAddress(host).isLoopback() ||
                           (!policy_.publicHost.isEmpty() &&
                            host.compare(policy_.publicHost, Qt::CaseInsensitive) == 0);
        if (!local)
            return ApiError{421, "misdirected-request",
                            "this node answers on this machine as localhost, 127.0.0.1, [::1] or "
                            "its PUBLIC_URL (or with the API token), not as " +
                                QString::fromUtf8(in.host.left(200))};
    }
    const bool typed = in.contentType.startsWith("application/json") ||
                       in.contentType.startsWith("application/octet-stream");
    if (!typed && (!in.body.isEmpty() || (ownerByPlace && in.method != "GET")))
        return ApiError{415, "unsupported-media-type",
                        "a request body must be application/json (or application/octet-stream "
                        "for a binary block), and so must any POST from this machine without "
                        "the API token; got '" +
                            QString::fromUtf8(in.contentType.left(100)) + "'"};
    return std::nullopt;
}

// The owner by where the request comes from: this machine, unless a web page names itself.
bool RestServer::trustedByPlace(const IncomingRequest& request) const {
    return policy_.trustLoopback && request.remote.isLoopback() && request.origin.isEmpty();
}

bool RestServer::hasToken(const IncomingRequest& request) const {
    const QByteArray given = request.authorization.trimmed();
    const QByteArray expected = "Bearer " + policy_.apiToken.toUtf8();
    if (policy_.apiToken.isEmpty() || given.size() != expected.size())
        return false;
    // Every byte compared, so the time taken does not reveal how much of a guess was right.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < given.size(); ++i)
        difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
    return difference == 0;
}

bool RestServer::authorized(const IncomingRequest& request) const {
    return trustedByPlace(request) || hasToken(request);
}

// Only pages the owner allowed may read answers; nobody else gets a CORS header.
HeaderList RestServer::corsHeaders(const IncomingRequest& in) const {
    if (in.origin.isEmpty() || !policy_.allowedOrigins.contains(QString::fromUtf8(in.origin)))
        return {};
    return {{"Access-Control-Allow-Origin", in.origin}, {"Vary", "Origin"}};
}

void RestServer::answer(QTcpSocket* socket, bool close, int status, const QByteArray& contentType,
                        const QByteArray& body, const HeaderList& headers) {
    ++responses_[status];
    writeHttpResponse(socket, status, contentType, body, close, headers);
}

// A slot for an answer the node works on, or none when all are taken. Released when the
// answer goes out or the last copy of its DeferredReply is gone.
std::shared_ptr<void> RestServer::takeDeferredSlot() {
    if (deferredPending_ >= kMaxDeferredAnswers)
        return {};
    ++deferredPending_;
    return std::shared_ptr<void>(static_cast<void*>(this),
                                 [server = QPointer<RestServer>(this)](void*) {
                                     if (server)
                                         --server->deferredPending_;
                                 });
}

bool RestServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
    GuardedTcpServer::markAnswering(socket);
    const IncomingRequest in{methodName(request.method()),
                             request.url(),
                             request.body(),
                             request.value("content-type").trimmed().toLower(),
                             request.value("authorization"),
                             request.value("x-peer-url"),
                             request.remoteAddress(),
                             wantsClose(request),
                             request.value("host").trimmed(),
                             request.value("origin").trimmed(),
                             request.value("sec-fetch-site").trimmed().toLower()};
    if (socket->state() != QAbstractSocket::ConnectedState) // its guard just cut it
        return true;
    if (AnswerLine::of(socket)->enter(in))
        serve(in, socket);
    return true;
}

// The connection's answer went out: its next request waiting, if any, is served (after this
// turn of the event loop, so a line of requests never recurses).
void RestServer::nextInLine(QTcpSocket* socket) {
    auto next = AnswerLine::of(socket)->answered();
    if (!next)
        return;
    GuardedTcpServer::markWaiting(socket); // still busy: nothing may be written in between
    QMetaObject::invokeMethod(
        this,
        [this, client = QPointer(socket), in = std::move(*next)] {
            if (!client || client->state() != QAbstractSocket::ConnectedState)
                return;
            GuardedTcpServer::markAnswering(client);
            if (client->state() == QAbstractSocket::ConnectedState) // the guard may have cut it
                serve(in, client);
        },
        Qt::QueuedConnection);
}

void RestServer::serve(const IncomingRequest& in, QTcpSocket* socket) {
    const HeaderList cors = corsHeaders(in);
    if (in.method == "OPTIONS" && !cors.isEmpty() && rateLimiter_.allow(in.remote)) {
        // an allowed page's preflight
        answer(socket, in.closeAfter, 204, {}, {},
               cors + HeaderList{{"Access-Control-Allow-Methods", "GET, POST"},
                                 {"Access-Control-Allow-Headers", "Content-Type, Authorization"},
                                 {"Access-Control-Max-Age", "600"}});
        return;
    }
    if (const auto reply = dispatch(in, socket))
        answer(socket, in.closeAfter, reply->status, reply->contentType, reply->body, cors);
}

std::optional<ApiReply> RestServer::dispatch(const IncomingRequest& in, QTcpSocket* socket) {
    const QString path = in.url.path();
    const auto fail = [](const ApiError& e) {
        return std::optional<ApiReply>(ApiReply{e.status, e.body(), "application/json"});
    };
    if (!rateLimiter_.allow(in.remote))
        return fail(ApiError::tooManyRequests());
    if (const auto refused = refusedAsCrossSite(in))
        return fail(*refused);
    // A body nobody reads would only hold memory while the answer is made.
    if ((in.method == "GET" || in.method == "HEAD") && !in.body.isEmpty())
        return fail(ApiError::badRequest("bad-request", "a GET request carries no body"));

    QStringList params;
    bool pathExists = false;
    const Route* r = match(in.method, segmentsOf(path), params, pathExists);
    if (!r)
        return fail(pathExists ? ApiError::methodNotAllowed(QString::fromLatin1(in.method), path)
                               : ApiError::notFound("no route " + QString::fromLatin1(in.method) +
                                                    " " + path));
    if (r->access == Access::Admin && !authorized(in))
        return fail(ApiError::unauthorized());
    if (r->eventStream) {
        if (socket)
            openEventStream(socket, in.remote, corsHeaders(in));
        return std::nullopt;
    }

    const ApiRequest req{
        in.method,      path,
        params,         QUrlQuery(in.url),
        in.body,        in.contentType,
        in.remote,      node::normalizePeerUrl(QString::fromUtf8(in.peerUrl)).value_or(QString()),
        authorized(in), !readPool_};
    try {
        if (r->deferred) {
            auto slot = takeDeferredSlot();
            if (!slot)
                return fail({429, "too-many-requests",
                             QStringLiteral("the node is already working on %1 answers; try "
                                            "again when one is done")
                                 .arg(kMaxDeferredAnswers)});
            r->deferred(req, DeferredReply(socket, in.closeAfter, corsHeaders(in), slot));
            return std::nullopt;
        }
        if (r->streamed) {
            ApiStream stream = r->streamed(req); // refusals of the request itself throw here
            if (!socket) // no connection to send it on (the fuzzer): the whole answer
                return wholeAnswer(stream, *inlineQueries_);
            ++responses_[200];
            ChunkedAnswer::start(socket, std::move(stream), in.closeAfter, corsHeaders(in),
                                 {readPool_, inlineQueries_, this, sourceKey(in.remote)});
            return std::nullopt;
        }
        if (r->read) {
            if (!readPool_ || !socket)
                return r->read(req, *inlineQueries_)();
            if (!readElsewhere(r->read, req, {socket, in.closeAfter, corsHeaders(in)}))
                return ApiReply{429, ApiError::tooManyRequests().body(), "application/json"};
            return std::nullopt;
        }
        return r->handler(req);
    } catch (...) {
        return errorReply(path);
    }
}

// Hands a read-only request to a reader; its answer comes back to this thread. False if the
// readers have too much queued already.
bool RestServer::readElsewhere(const ReadHandler& read, const ApiRequest& req, const Answering& to,
                               int attempt) {
    ApiRequest attemptNow = req;
    attemptNow.lastRead = attempt >= kMaxReadAttempts;
    const QPointer<RestServer> server(this);
    ReadPool::Job job;
    job.abandoned = to.client ? AnswerLine::of(to.client)->closed() : nullptr;
    job.displaced = [server, to] { // a client with less waiting took its place
        QMetaObject::invokeMethod(
            server,
            [server, to] {
                const ApiError busy = ApiError::tooManyRequests();
                if (to.client)
                    server->answer(to.client, to.close, busy.status, "application/json",
                                   busy.body(), to.cors);
            },
            Qt::QueuedConnection);
    };
    job.work = [server, read, req = std::move(attemptNow), to,
                attempt](store::SqlChainQueries* queries) {
        std::function<ApiReply()> finish;
        ApiReply failed;
        if (!queries)
            failed = {503, ApiError::unavailable().body(), "application/json"};
        else
            try {
                finish = read(req, *queries);
            } catch (...) {
                failed = errorReply(req.path);
            }
        // The server outlives its readers (they stop first), so it is there to take this.
        QMetaObject::invokeMethod(
            server,
            [server, read, finish = std::move(finish), failed = std::move(failed), req, to,
             attempt] {
                if (!to.client) // gone: nobody to make the answer for
                    return;
                ApiReply reply = failed;
                if (finish)
                    try {
                        reply = finish();
                    } catch (const StaleRead&) {
                        if (!req.lastRead && server->readElsewhere(read, req, to, attempt + 1))
                            return;
                        reply = errorReply(req.path);
                    } catch (...) {
                        reply = errorReply(req.path);
                    }
                server->answer(to.client, to.close, reply.status, reply.contentType, reply.body,
                               to.cors);
            },
            Qt::QueuedConnection);
    };
    return readPool_->submit(sourceKey(req.remote), std::move(job));
}

void RestServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) {
    const ApiError e = ApiError::notFound("no route " + request.url().path());
    answer(socket, wantsClose(request), e.status, "application/json", e.body());
}

void RestServer::openEventStream(QTcpSocket* socket, const QHostAddress& remote,
                                 const HeaderList& cors) {
    std::erase_if(listeners_, [](const Listener& l) { return l.socket.isNull(); });
    const QString from = sourceKey(remote);
    const auto fromThere = std::count_if(listeners_.begin(), listeners_.end(),
                                         [&](const Listener& l) { return l.from == from; });
    if (static_cast<int>(listeners_.size()) >= kMaxEventListeners ||
        fromThere >= kMaxEventListenersPerAddress) {
        const ApiError e{429, "too-many-requests",
                         QStringLiteral("event streams are limited to %1 per address and %2 in all")
                             .arg(kMaxEventListenersPerAddress)
                             .arg(kMaxEventListeners)};
        answer(socket, true, e.status, "application/json", e.body());
        return;
    }
    GuardedTcpServer::markStreaming(socket);
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Cache-Control: no-cache\r\nConnection: keep-alive";
    for (const auto& [key, value] : cors)
        head += "\r\n" + key + ": " + value;
    socket->write(head + "\r\n\r\n: MiniBitcoin events (block, tip, tx)\n\n");
    ++responses_[200];
    listeners_.push_back({socket, from});
    if (!heartbeat_.isActive())
        heartbeat_.start();
}

void RestServer::publish(const QByteArray& event, const json::Value& data) {
    sendToListeners("event: " + event + "\ndata: " + QByteArray::fromStdString(json::write(data)) +
                    "\n\n");
}

// A listener that does not read would make the node queue every event for it: past the
// backlog bound it is dropped (it reconnects and asks the REST API for what it missed).
void RestServer::sendToListeners(const QByteArray& message) {
    std::erase_if(listeners_, [&message](const Listener& l) {
        if (l.socket.isNull() || l.socket->state() != QAbstractSocket::ConnectedState)
            return true;
        if (l.socket->bytesToWrite() + message.size() > kMaxEventBacklogBytes) {
            qCInfo(lcNet).noquote() << "event listener at" << l.from << "dropped: it left"
                                    << l.socket->bytesToWrite() << "bytes unread";
            l.socket->abort();
            l.socket->deleteLater();
            return true;
        }
        l.socket->write(message);
        return false;
    });
}

} // namespace mbc::net
