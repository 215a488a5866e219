#include "net/http_guard.h"

#include "net/source_address.h"
#include "node/logging.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace mbc::net {
namespace {

constexpr qsizetype kMaxHeadBytes = 16'384;
constexpr int kTickMs = 250;
// A client that asks again while this much of its answers is still unread is not reading.
constexpr qint64 kMaxUnreadAnswerBytes = 16'000'000;
constexpr qint64 kSmallRequestBytes = 65'536; // never refused for the buffer budget

// Watches one connection; lives as a child of its socket. One clock checks, a few times a
// second, that the request arrives and the answer leaves at the minimum rate (measured from
// the start, so nothing a client sends or asks for grants it new grace, and in every window
// since, so a fast start cannot pay for a long stall) and that a silent connection goes. Every way
// out closes and deletes the socket itself: after a request it cannot parse, Qt's HTTP server
// disconnects every signal of the socket and forgets it.
class ConnectionGuard : public QObject {
public:
    ConnectionGuard(QTcpSocket* socket, const HttpLimits& limits, GuardedTcpServer* server,
                    QString from, bool counted)
        : QObject(socket)
        , socket_(socket)
        , limits_(limits)
        , server_(server)
        , from_(std::move(from))
        , counted_(counted) {
        clock_.start();
        lastActivityMs_ = 0;
        tick_.setInterval(kTickMs);
        connect(&tick_, &QTimer::timeout, this, &ConnectionGuard::check);
        // Connected before the HTTP server connects its own handler, so this runs first.
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onData);
        connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onWritten);
        tick_.start();
    }

    ~ConnectionGuard() override { // with the socket, however it went
        release();
        if (server_)
            server_->connectionClosed(from_, counted_);
    }

    void streaming() { streaming_ = true; }

    // The request is whole and with its handler: no clock runs for it until it is answered.
    void answering() {
        inRequest_ = false;
        answering_ = true;
        release();
        requestBytes_ = 0;
        head_.clear();
        headEnd_ = -1;
        if (socket_->bytesToWrite() > kMaxUnreadAnswerBytes)
            close("it asks again without reading its answers");
    }

    // A request received earlier waits for its turn: the connection is still being answered.
    void waiting() { answering_ = true; }

    // Part of an answer went out (a chunked one): its clock runs, and it is not idle.
    void sending() {
        lastActivityMs_ = clock_.elapsed();
        if (socket_->bytesToWrite() > 0 && !write_.running())
            write_.begin(clock_.elapsed());
    }

    void responded() {
        answering_ = false;
        if (server_)
            emit server_->answered(socket_);
        lastActivityMs_ = clock_.elapsed();
        if (socket_->bytesToWrite() > 0 && !write_.running())
            write_.begin(clock_.elapsed());
    }

private:
    // Bytes of a body or an answer moving, since it began and since the current window.
    struct Flow {
        qint64 startMs = -1;
        qint64 bytes = 0;
        qint64 windowStartMs = 0;
        qint64 windowBytes = 0;
        bool running() const { return startMs >= 0; }
        void begin(qint64 nowMs, qint64 already = 0) {
            startMs = windowStartMs = nowMs;
            bytes = windowBytes = already;
        }
        void add(qint64 n) {
            bytes += n;
            windowBytes += n;
        }
        void end() { startMs = -1; }
        void shift(qint64 ms, qint64 before) { // what began before `before` moves on
            startMs += running() && startMs <= before ? ms : 0;
            windowStartMs += windowStartMs <= before ? ms : 0;
        }
    };

    // Whether a flow keeps up with the minimum rate: on average since it began (after the
    // grace), and in each window of the grace's length, so that a fast start buys no long stall.
    bool keepsUp(Flow& flow) const {
        const qint64 now = clock_.elapsed();
        const qint64 graceMs = limits_.headSeconds * 1000LL;
        const qint64 late = now - flow.startMs - graceMs;
        if (late > 0 && flow.bytes < late * limits_.minBytesPerSecond / 1000)
            return false;
        if (now - flow.windowStartMs >= graceMs) {
            if (flow.windowBytes < graceMs * limits_.minBytesPerSecond / 1000)
                return false;
            flow.windowStartMs = now;
            flow.windowBytes = 0;
        }
        return true;
    }

    void onData() {
        if (streaming_ || closing_) { // nothing more is read: Qt's parser must not see it
            socket_->readAll();
            return;
        }
        const qint64 available = socket_->bytesAvailable(); // the HTTP server has read all before
        lastActivityMs_ = clock_.elapsed();
        if (!inRequest_) { // a new request: its head has headSeconds, whatever trickles in
            inRequest_ = true;
            requestStartMs_ = clock_.elapsed();
        }
        requestBytes_ += available;
        if (requestBytes_ > limits_.maxRequestBytes)
            return refuse(413, "payload-too-large: requests are limited to " +
                                   QByteArray::number(limits_.maxRequestBytes) + " bytes");
        // Requests being received are held in memory until whole: past a small size, they
        // share a budget (and one address a part of it), so slow uploads cannot add up.
        if (counted_ && server_) {
            server_->bufferChanged(from_, available);
            held_ += available;
            if (requestBytes_ > kSmallRequestBytes && server_->overBufferBudget(from_))
                return refuse(429, "too-many-requests: the node is receiving too much at once; "
                                   "try again shortly");
        }
        if (headEnd_ >= 0) {
            body_.add(available);
            return;
        }
        const qsizetype before = head_.size();
        head_ += socket_->peek(std::min<qint64>(available, kMaxHeadBytes - before));
        const qsizetype crlf = head_.indexOf("\r\n\r\n");
        const qsizetype lf = head_.indexOf("\n\n"); // Qt's parser takes bare line feeds too
        if (crlf < 0 && lf < 0) {
            if (head_.size() >= kMaxHeadBytes)
                refuse(431, "request-header-fields-too-large: a request head is limited to " +
                                QByteArray::number(kMaxHeadBytes) + " bytes");
            return;
        }
        headEnd_ = static_cast<int>(crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2);
        body_.begin(clock_.elapsed(), requestBytes_ - headEnd_);
        QByteArray headers = head_.left(headEnd_).toLower();
        headers.replace("\r\n", "\n");
        // Qt's parser reserves memory for the announced length: it is checked before Qt sees
        // it, and a body of unknown length is not taken at all.
        if (headers.contains("\ntransfer-encoding:"))
            return refuse(411, "length-required: a request body needs a Content-Length");
        const std::optional<qint64> length = contentLengthOf(headers);
        if (!length)
            return refuse(400, "bad-request: the Content-Length is unreadable");
        if (*length > limits_.maxRequestBytes - headEnd_)
            return refuse(413, "payload-too-large: requests are limited to " +
                                   QByteArray::number(limits_.maxRequestBytes) + " bytes");
        // curl waits a second for "100 Continue" before sending a body; Qt 6.4 never sends it.
        // (Not while an earlier answer is going out: it would land inside that answer.)
        if (headers.contains("\nexpect: 100-continue") && !answering_)
            socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void onWritten(qint64 bytes) {
        write_.add(bytes);
        if (socket_->bytesToWrite() == 0)
            write_.end();
    }

    void check() {
        // Ticks that came late mean the node's thread was busy (a large block, a slow commit)
        // and read or wrote nothing meanwhile: that time is not the client's to pay for.
        // Only clocks that ran through the pause move, and a connection is excused headSeconds
        // at most: a client that can make the node slow gains no more than that.
        const qint64 now = clock_.elapsed();
        const qint64 late =
            std::min(now - lastCheckMs_ - 2 * kTickMs, limits_.headSeconds * 1000LL - excusedMs_);
        if (late > 0) {
            const qint64 pauseStart = lastCheckMs_;
            const auto shift = [&](qint64& t) { t += t <= pauseStart ? late : 0; };
            shift(requestStartMs_);
            shift(lastActivityMs_);
            shift(closingSinceMs_);
            body_.shift(late, pauseStart);
            write_.shift(late, pauseStart);
            excusedMs_ += late;
        }
        lastCheckMs_ = now;
        if (socket_->state() == QAbstractSocket::UnconnectedState) {
            socket_->deleteLater(); // Qt's server may have forgotten it
            return;
        }
        if (closing_) {
            if (clock_.elapsed() - closingSinceMs_ > limits_.headSeconds * 1000LL)
                close("it did not close after its answer");
            return;
        }
        if (streaming_) // event streams: the server bounds what they may leave unread
            return;
        if (write_.running() && !keepsUp(write_))
            return close("it does not take its answer at the minimum rate");
        if (inRequest_) {
            if (headEnd_ < 0 && clock_.elapsed() - requestStartMs_ > limits_.headSeconds * 1000LL)
                return refuse(408, timeoutDetail());
            if (headEnd_ >= 0 && !keepsUp(body_))
                return refuse(408, timeoutDetail());
            return;
        }
        // Between a request and its answer the node works (a deferred answer): not idle.
        if (!write_.running() && !answering_ &&
            clock_.elapsed() - lastActivityMs_ > limits_.idleSeconds * 1000LL)
            close("it stayed silent");
    }

    QByteArray timeoutDetail() const {
        return "request-timeout: a request's head must arrive within " +
               QByteArray::number(limits_.headSeconds) + " s and its body at " +
               QByteArray::number(limits_.minBytesPerSecond / 1000) + " kB/s or faster";
    }

    // Answers, reads nothing more, and closes once the answer is out (or soon regardless).
    void refuse(int status, const QByteArray& detail) {
        if (answering_) // an earlier request's answer is still coming: this one must not overtake
                        // it
            return close(detail.left(detail.indexOf(':')).constData());
        writeHttpResponse(socket_, status, "application/json", "{\"detail\":\"" + detail + "\"}",
                          true);
        closing_ = true;
        closingSinceMs_ = clock_.elapsed();
        inRequest_ = false;
        release();
        socket_->readAll();
    }

    void release() {
        if (server_ && held_)
            server_->bufferChanged(from_, -held_);
        held_ = 0;
    }

    void close(const char* why) {
        qCDebug(lcNet) << "closed a connection from" << from_ << "-" << why;
        tick_.stop();
        socket_->abort();
        socket_->deleteLater();
    }

    QTcpSocket* socket_;
    HttpLimits limits_;
    QPointer<GuardedTcpServer> server_;
    QString from_;
    bool counted_;
    QElapsedTimer clock_;
    QTimer tick_;
    bool streaming_ = false;
    bool closing_ = false;
    bool inRequest_ = false;
    bool answering_ = false;
    qint64 lastActivityMs_ = 0;
    qint64 lastCheckMs_ = 0;
    qint64 excusedMs_ = 0; // of the node's own pauses, in all
    qint64 closingSinceMs_ = 0;
    qint64 requestStartMs_ = 0;
    qint64 requestBytes_ = 0;
    qint64 held_ = 0;  // of this request, counted in the server's buffer budget
    QByteArray head_;  // the current request's head as it arrives (the server consumes bytes)
    int headEnd_ = -1; // where its body begins, once known
    Flow body_;        // the current request's body, once its head is whole
    Flow write_;       // answers waiting to leave, while some do
};

ConnectionGuard* guardOf(QTcpSocket* socket) {
    // ConnectionGuard has no meta-object of its own, so findChild<> could not tell it apart.
    for (QObject* child : socket->children())
        if (auto* guard = dynamic_cast<ConnectionGuard*>(child))
            return guard;
    return nullptr;
}

} // namespace

GuardedTcpServer::GuardedTcpServer(HttpLimits limits, QObject* parent)
    : QTcpServer(parent)
    , limits_(limits) {}

QTcpSocket* GuardedTcpServer::nextPendingConnection() {
    while (QTcpSocket* socket = QTcpServer::nextPendingConnection()) {
        const QString from = sourceKey(socket->peerAddress());
        // The owner's own machine has a budget of its own: nobody elsewhere can take it.
        const bool owners =
            limits_.ownerOnLoopback && plainAddress(socket->peerAddress()).isLoopback();
        QByteArray refusal;
        if (owners && openOwner_ >= limits_.maxConnections)
            refusal = "this machine has too many open connections to the node";
        else if (!owners && open_ >= limits_.maxConnections)
            refusal = "the server has too many open connections; try again later";
        else if (!owners && openFrom_.value(from) >= limits_.maxConnectionsPerAddress)
            refusal = QByteArray::number(limits_.maxConnectionsPerAddress) +
                      " connections at once from one address at most";
        if (!refusal.isEmpty()) {
            writeHttpResponse(socket, 429, "application/json",
                              "{\"detail\":\"too-many-requests: " + refusal + "\"}", true);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(limits_.headSeconds * 1000, socket, [socket] {
                socket->abort();
                socket->deleteLater();
            });
            continue;
        }
        attachGuard(socket, from, !owners);
        return socket;
    }
    return nullptr;
}

void GuardedTcpServer::attachGuard(QTcpSocket* socket, const QString& from, bool counted) {
    if (counted) {
        ++open_;
        ++openFrom_[from];
    } else {
        ++openOwner_;
    }
    // Memory per connection stays bounded even if nobody reads the socket any more.
    socket->setReadBufferSize(limits_.maxRequestBytes + 65536);
    new ConnectionGuard(socket, limits_, this, from, counted);
}

void GuardedTcpServer::bufferChanged(const QString& from, qint64 bytes) {
    buffered_ += bytes;
    if ((bufferedFrom_[from] += bytes) <= 0)
        bufferedFrom_.remove(from);
}

bool GuardedTcpServer::overBufferBudget(const QString& from) const {
    return buffered_ > limits_.maxBufferedBytes ||
           bufferedFrom_.value(from) > limits_.maxBufferedBytesPerAddress;
}

void GuardedTcpServer::connectionClosed(const QString& from, bool counted) {
    if (!counted) {
        --openOwner_;
        return;
    }
    --open_;
    if (--openFrom_[from] <= 0)
        openFrom_.remove(from);
}

void GuardedTcpServer::markStreaming(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->streaming();
}

void GuardedTcpServer::markAnswering(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->answering();
}

void GuardedTcpServer::markWaiting(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->waiting();
}

void GuardedTcpServer::markSending(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->sending();
}

void GuardedTcpServer::markResponded(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->responded();
}

std::optional<qint64> contentLengthOf(const QByteArray& lowerCaseHead) {
    std::optional<qint64> length;
    for (qsizetype at = lowerCaseHead.indexOf("\ncontent-length:"); at >= 0;
         at = lowerCaseHead.indexOf("\ncontent-length:", at + 1)) {
        const qsizetype from = at + 16;
        const qsizetype to = lowerCaseHead.indexOf('\n', from);
        bool ok = false;
        const qint64 n = lowerCaseHead.mid(from, to < 0 ? -1 : to - from).trimmed().toLongLong(&ok);
        if (!ok || n < 0 || (length && *length != n))
            return std::nullopt; // unreadable, negative, or two that disagree
        length = n;
    }
    return length.value_or(0);
}

QByteArray httpReasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 408:
        return "Request Timeout";
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
    case 431:
        return "Request Header Fields Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

void writeHttpResponse(QTcpSocket* socket, int status, const QByteArray& contentType,
                       const QByteArray& body, bool close,
                       const QList<QPair<QByteArray, QByteArray>>& extraHeaders) {
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status);
    if (status != 204) // "No Content" has neither
        out += "\r\nContent-Type: " + contentType +
               "\r\nContent-Length: " + QByteArray::number(body.size());
    out += close ? "\r\nConnection: close" : "\r\nConnection: keep-alive";
    for (const auto& [key, value] : extraHeaders)
        out += "\r\n" + key + ": " + value;
    out += "\r\n\r\n";
    out += body;
    socket->write(out);
    GuardedTcpServer::markResponded(socket);
    if (close)
        socket->disconnectFromHost();
}

} // namespace mbc::net
