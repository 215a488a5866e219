#pragma once

#include "net/http_guard.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <functional>
#include <optional>

class QTcpSocket;

namespace mbc::net {

// An answer made a piece at a time as the client takes it: `next` gives the next piece, or
// nothing once the answer is whole; throwing ends the connection, so the client sees a cut
// answer rather than a wrong one.
struct ApiStream {
    QByteArray contentType = "application/json";
    std::function<std::optional<QByteArray>()> next;
};

// Sends an ApiStream with chunked transfer encoding. Pieces are made only while the socket has
// less than kLowWaterBytes queued, so an answer of any length holds a few pieces at a time, and
// the connection guard's answer deadline applies to what is queued (a client that stops reading
// is cut). Lives as a child of its socket.
class ChunkedAnswer : public QObject {
public:
    static constexpr qint64 kLowWaterBytes = 256 * 1024;

    static void start(QTcpSocket* socket, ApiStream stream, bool close,
                      const QList<QPair<QByteArray, QByteArray>>& headers);

private:
    ChunkedAnswer(QTcpSocket* socket, ApiStream stream, bool close);
    void pump();
    void end(bool whole);

    QTcpSocket* socket_;
    ApiStream stream_;
    bool close_;
};

} // namespace mbc::net
