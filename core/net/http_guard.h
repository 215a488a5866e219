#pragma once

#include <QTcpServer>

class QTcpSocket;

namespace mbc::net {

// The limits every connection of the REST server lives under. Qt 6.4's HTTP server has
// none of its own: it buffers any request whole, and after a malformed request it leaves the
// socket open with nothing attached.
struct HttpLimits {
    qint64 maxRequestBytes = 8'000'000; // request line + headers + body; more gets 413
    int maxConnections = 256;           // concurrent; more get 429
    int idleSeconds = 60;               // a silent connection is closed
};

// A QTcpServer that hands each accepted socket to the HTTP server only after attaching a
// guard: the guard sees every byte first, refuses requests over the size limit with 413 before
// they are parsed, answers "Expect: 100-continue", caps the socket's buffer, and closes idle
// connections (including those the HTTP server gave up on). Streaming responses (server-sent
// events) are exempted with markStreaming().
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    explicit GuardedTcpServer(HttpLimits limits, QObject* parent = nullptr);
    QTcpSocket* nextPendingConnection() override;

    int openConnections() const { return open_; }
    static void markStreaming(QTcpSocket* socket);
    static void markResponded(QTcpSocket* socket); // a response went out: a new request begins

private:
    void attachGuard(QTcpSocket* socket);

    HttpLimits limits_;
    int open_ = 0;
};

// Writes a complete HTTP/1.1 response. With `close`, the connection ends after it.
void writeHttpResponse(QTcpSocket* socket, int status, const QByteArray& contentType,
                       const QByteArray& body, bool close,
                       const QList<QPair<QByteArray, QByteArray>>& extraHeaders = {});

QByteArray httpReasonPhrase(int status);

// The Content-Length a request head announces (its header lines, lower case), or 0 if it
// names none or an unreadable one (the HTTP parser refuses those).
qint64 announcedContentLength(const QByteArray& lowerCaseHead);

} // namespace mbc::net
