#include "net/http_guard.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace mbc::net {
namespace {

const char* kStreamingProperty = "mbcStreaming";

// Watches one connection; lives as a child of its socket.
class ConnectionGuard : public QObject {
public:
    ConnectionGuard(QTcpSocket* socket, const HttpLimits& limits)
        : QObject(socket)
        , socket_(socket)
        , limits_(limits) {
        idle_.setSingleShot(true);
        idle_.setInterval(limits_.idleSeconds * 1000);
        connect(&idle_, &QTimer::timeout, this, &ConnectionGuard::closeIdle);
        // Connected before the HTTP server connects its own handler, so this runs first.
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onData);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] { idle_.start(); });
        idle_.start();
    }

    void responded() { requestBytes_ = 0; }

private:
    void onData() {
        idle_.start();
        if (socket_->property(kStreamingProperty).toBool())
            return;
        requestBytes_ += socket_->bytesAvailable(); // the HTTP server has read all before
        if (requestBytes_ > limits_.maxRequestBytes)
            return refuseTooLarge();
        const QByteArray head = socket_->peek(std::min<qint64>(socket_->bytesAvailable(), 16384));
        const int end = head.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray headers = head.left(end).toLower();
        // Refused on the announced length, before the client spends time sending the body.
        if (announcedContentLength(headers) > limits_.maxRequestBytes - end)
            return refuseTooLarge();
        // curl waits a second for "100 Continue" before sending a body; Qt 6.4 never sends it.
        if (headers.contains("\r\nexpect: 100-continue"))
            socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void refuseTooLarge() {
        writeHttpResponse(socket_, 413, "application/json",
                          "{\"detail\":\"payload-too-large: requests are limited to " +
                              QByteArray::number(limits_.maxRequestBytes) + " bytes\"}",
                          true);
        socket_->setReadBufferSize(1); // read no more of it
    }

    void closeIdle() {
        if (socket_->property(kStreamingProperty).toBool())
            return;
        socket_->abort();
        socket_->deleteLater();
    }

    QTcpSocket* socket_;
    HttpLimits limits_;
    QTimer idle_;
    qint64 requestBytes_ = 0;
};

} // namespace

GuardedTcpServer::GuardedTcpServer(HttpLimits limits, QObject* parent)
    : QTcpServer(parent)
    , limits_(limits) {}

QTcpSocket* GuardedTcpServer::nextPendingConnection() {
    while (QTcpSocket* socket = QTcpServer::nextPendingConnection()) {
        if (open_ >= limits_.maxConnections) {
            writeHttpResponse(socket, 429, "application/json",
                              "{\"detail\":\"too-many-requests: the server has too many open "
                              "connections; try again later\"}",
                              true);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        attachGuard(socket);
        return socket;
    }
    return nullptr;
}

void GuardedTcpServer::attachGuard(QTcpSocket* socket) {
    ++open_;
    connect(socket, &QObject::destroyed, this, [this] { --open_; });
    // Memory per connection stays bounded even if nobody reads the socket any more.
    socket->setReadBufferSize(limits_.maxRequestBytes + 65536);
    new ConnectionGuard(socket, limits_);
}

void GuardedTcpServer::markStreaming(QTcpSocket* socket) {
    socket->setProperty(kStreamingProperty, true);
}

void GuardedTcpServer::markResponded(QTcpSocket* socket) {
    // ConnectionGuard has no meta-object of its own, so findChild<> could not tell it apart.
    for (QObject* child : socket->children())
        if (auto* guard = dynamic_cast<ConnectionGuard*>(child))
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
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
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
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) +
                     "\r\nContent-Type: " + contentType +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     (close ? "\r\nConnection: close" : "\r\nConnection: keep-alive");
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
