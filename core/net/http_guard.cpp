#include "net/http_guard.h"

#include "net/source_address.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace mbc::net {
namespace {

constexpr qsizetype kMaxHeadBytes = 16'384;

// Watches one connection; lives as a child of its socket. Two clocks: `incoming_` for the
// request arriving (or the silence before it), `outgoing_` for the answer leaving.
class ConnectionGuard : public QObject {
public:
    ConnectionGuard(QTcpSocket* socket, const HttpLimits& limits)
        : QObject(socket)
        , socket_(socket)
        , limits_(limits) {
        incoming_.setSingleShot(true);
        outgoing_.setSingleShot(true);
        connect(&incoming_, &QTimer::timeout, this, &ConnectionGuard::incomingExpired);
        connect(&outgoing_, &QTimer::timeout, this, &ConnectionGuard::outgoingExpired);
        // Connected before the HTTP server connects its own handler, so this runs first.
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onData);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            if (socket_->bytesToWrite() == 0)
                outgoing_.stop();
        });
        incoming_.start(limits_.idleSeconds * 1000);
    }

    void streaming() {
        streaming_ = true;
        incoming_.stop();
        outgoing_.stop();
    }

    void answering() {
        inRequest_ = false;
        requestBytes_ = 0;
        head_.clear();
        headEnd_ = -1;
        incoming_.stop();
    }

    void responded() {
        if (streaming_)
            return;
        if (const qint64 pending = socket_->bytesToWrite(); pending > 0)
            outgoing_.start(static_cast<int>(std::min<qint64>(budgetMs(pending), INT_MAX)));
        if (!inRequest_)
            incoming_.start(limits_.idleSeconds * 1000);
    }

private:
    // What a transfer of `bytes` may take: the grace, then the minimum rate.
    qint64 budgetMs(qint64 bytes) const {
        return limits_.headSeconds * 1000LL +
               bytes * 1000 / std::max<qint64>(1, limits_.minBytesPerSecond);
    }

    void onData() {
        if (streaming_)
            return;
        const qint64 available = socket_->bytesAvailable(); // the HTTP server has read all before
        if (!inRequest_) { // a new request: its head has headSeconds, whatever trickles in
            inRequest_ = true;
            incoming_.start(limits_.headSeconds * 1000);
        }
        requestBytes_ += available;
        if (requestBytes_ > limits_.maxRequestBytes)
            return refuse(413, "payload-too-large: requests are limited to " +
                                   QByteArray::number(limits_.maxRequestBytes) + " bytes");
        if (headEnd_ >= 0)
            return;
        head_ += socket_->peek(std::min<qint64>(available, kMaxHeadBytes - head_.size()));
        headEnd_ = static_cast<int>(head_.indexOf("\r\n\r\n"));
        if (headEnd_ < 0) {
            if (head_.size() >= kMaxHeadBytes)
                refuse(431, "request-header-fields-too-large: a request head is limited to " +
                                QByteArray::number(kMaxHeadBytes) + " bytes");
            return;
        }
        const QByteArray headers = head_.left(headEnd_).toLower();
        // Refused on the announced length, before the client spends time sending the body.
        const qint64 length = announcedContentLength(headers);
        if (length > limits_.maxRequestBytes - headEnd_)
            return refuse(413, "payload-too-large: requests are limited to " +
                                   QByteArray::number(limits_.maxRequestBytes) + " bytes");
        incoming_.start(static_cast<int>(budgetMs(length))); // the body, at the minimum rate
        // curl waits a second for "100 Continue" before sending a body; Qt 6.4 never sends it.
        if (headers.contains("\r\nexpect: 100-continue"))
            socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void refuse(int status, const QByteArray& detail) {
        writeHttpResponse(socket_, status, "application/json", "{\"detail\":\"" + detail + "\"}",
                          true);
        socket_->setReadBufferSize(1); // read no more of it
        inRequest_ = false;
        incoming_.stop();
    }

    void incomingExpired() {
        if (streaming_)
            return;
        if (inRequest_)
            return refuse(408, "request-timeout: a request's head must arrive within " +
                                   QByteArray::number(limits_.headSeconds) + " s and its body at " +
                                   QByteArray::number(limits_.minBytesPerSecond / 1000) +
                                   " kB/s or faster");
        if (socket_->bytesToWrite() > 0) // still taking an answer: its own clock decides
            return incoming_.start(limits_.idleSeconds * 1000);
        socket_->abort();
        socket_->deleteLater();
    }

    // The client does not take its answer at the minimum rate: it holds the node's memory.
    void outgoingExpired() {
        if (streaming_ || socket_->bytesToWrite() == 0)
            return;
        socket_->abort();
        socket_->deleteLater();
    }

    QTcpSocket* socket_;
    HttpLimits limits_;
    QTimer incoming_;
    QTimer outgoing_;
    bool streaming_ = false;
    bool inRequest_ = false;
    qint64 requestBytes_ = 0;
    QByteArray head_; // the current request's head as it arrives (the server consumes bytes)
    int headEnd_ = -1;
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
        const bool full = open_ >= limits_.maxConnections;
        if (full || openFrom_.value(from) >= limits_.maxConnectionsPerAddress) {
            writeHttpResponse(socket, 429, "application/json",
                              full ? "{\"detail\":\"too-many-requests: the server has too many "
                                     "open connections; try again later\"}"
                                   : "{\"detail\":\"too-many-requests: " +
                                         QByteArray::number(limits_.maxConnectionsPerAddress) +
                                         " connections at once from one address at most\"}",
                              true);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        attachGuard(socket, from);
        return socket;
    }
    return nullptr;
}

void GuardedTcpServer::attachGuard(QTcpSocket* socket, const QString& from) {
    ++open_;
    ++openFrom_[from];
    connect(socket, &QObject::destroyed, this, [this, from] {
        --open_;
        if (--openFrom_[from] <= 0)
            openFrom_.remove(from);
    });
    // Memory per connection stays bounded even if nobody reads the socket any more.
    socket->setReadBufferSize(limits_.maxRequestBytes + 65536);
    new ConnectionGuard(socket, limits_);
}

void GuardedTcpServer::markStreaming(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->streaming();
}

void GuardedTcpServer::markAnswering(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->answering();
}

void GuardedTcpServer::markResponded(QTcpSocket* socket) {
    if (ConnectionGuard* guard = guardOf(socket))
        guard->responded();
}

qint64 announcedContentLength(const QByteArray& lowerCaseHead) {
    const int at = lowerCaseHead.indexOf("\r\ncontent-length:");
    if (at < 0)
        return 0;
    const int from = at + 17;
    const int to = lowerCaseHead.indexOf("\r\n", from);
    bool ok = false;
    const qint64 n = lowerCaseHead.mid(from, to < 0 ? -1 : to - from).trimmed().toLongLong(&ok);
    return ok ? n : 0;
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
