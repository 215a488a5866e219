#pragma once

#include <QHash>
#include <QTcpServer>

#include <optional>

class QTcpSocket;

namespace mbc::net {

// The limits every connection of the REST server lives under. Qt 6.4's HTTP server has
// none of its own: it buffers any request whole, and after a malformed request it leaves the
// socket open with nothing attached.
struct HttpLimits {
    qint64 maxRequestBytes = 8'000'000; // request line + headers + body; more gets 413
    int maxConnections = 256;           // concurrent; more get 429
    int maxConnectionsPerAddress = 16;  // concurrent from one address (IPv6: one /64)
    int idleSeconds = 60;               // a keep-alive connection silent between requests
    int headSeconds = 10;               // a request's head, from its first byte; also the grace
                                        // before the minimum rate below applies
    qint64 minBytesPerSecond = 16'000;  // a request body's upload and an answer's download
    // Requests being received, held until whole: past 64 kB each, they must fit these.
    qint64 maxBufferedBytes = 64'000'000;
    qint64 maxBufferedBytesPerAddress = 8'000'000;
    bool ownerOnLoopback = true; // loopback is the owner's (TRUST_LOOPBACK): not counted per
                                 // address, but in a budget of its own of maxConnections
};

// A QTcpServer that hands each accepted socket to the HTTP server only after attaching a
// guard. The guard sees every byte first: it refuses requests over the size limit with 413
// before they are parsed, answers "Expect: 100-continue", caps the socket's buffer, and holds
// each connection to deadlines a slow client cannot stretch: the head within headSeconds, the
// body and the answer at minBytesPerSecond, silence between requests for idleSeconds (408 or
// a close past them). A request handed to its handler has no deadline (a deferred answer
// takes as long as the node's work); the server counts those in a budget of its own. Event
// streams are exempted with markStreaming(); the server bounds what they may queue.
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    explicit GuardedTcpServer(HttpLimits limits, QObject* parent = nullptr);
    QTcpSocket* nextPendingConnection() override;

    int openConnections() const { return open_ + openOwner_; }
    qint64 bufferedBytes() const { return buffered_; }
    void connectionClosed(const QString& from, bool counted); // a guarded socket went
    void bufferChanged(const QString& from, qint64 bytes);    // what its requests hold
    bool overBufferBudget(const QString& from) const;
    static void markStreaming(QTcpSocket* socket);
    static void markAnswering(QTcpSocket* socket); // the request is whole, with its handler
    static void markWaiting(QTcpSocket* socket);   // an answer went out; another request waits
    static void markSending(QTcpSocket* socket);   // part of a chunked answer went out
    static void markResponded(QTcpSocket* socket); // an answer went out: a new request begins

signals:
    // An answer went out on `socket` (the connection may take its next request).
    void answered(QTcpSocket* socket);

private:
    void attachGuard(QTcpSocket* socket, const QString& from, bool counted);

    HttpLimits limits_;
    int open_ = 0;                 // from elsewhere
    int openOwner_ = 0;            // from this machine, when loopback is the owner's
    QHash<QString, int> openFrom_; // by source address; entries leave with their last socket
    qint64 buffered_ = 0;
    QHash<QString, qint64> bufferedFrom_;
};

// Writes a complete HTTP/1.1 response. With `close`, the connection ends after it.
void writeHttpResponse(QTcpSocket* socket, int status, const QByteArray& contentType,
                       const QByteArray& body, bool close,
                       const QList<QPair<QByteArray, QByteArray>>& extraHeaders = {});

QByteArray httpReasonPhrase(int status);

// The Content-Length a request head announces (its header lines, lower case, "\n" between
// them), 0 if it names none, nothing if it is unreadable, negative or given twice differently.
std::optional<qint64> contentLengthOf(const QByteArray& lowerCaseHead);

} // namespace mbc::net
