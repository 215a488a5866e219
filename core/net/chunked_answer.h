#pragma once

#include "net/http_guard.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace mbc::store {
class SqlChainQueries;
}

namespace mbc::net {

class ReadPool;
struct ApiError;

// An answer made a piece at a time as the client takes it: `next` gives the next piece, or
// nothing once the answer is whole; throwing ends the connection, so the client sees a cut
// answer rather than a wrong one. Pieces are made one at a time, in order, on the queries
// handed in (a reader thread's).
struct ApiStream {
    QByteArray contentType = "application/json";
    std::function<std::optional<QByteArray>(store::SqlChainQueries&)> next;
};

// Sends an ApiStream with chunked transfer encoding. Pieces are made (on the read pool's
// threads, or inline without one) only while the socket has less than kLowWaterBytes queued,
// so an answer of any length holds a few pieces at a time, and the connection guard's answer
// deadline applies to what is queued (a client that stops reading is cut). Lives as a child of
// its socket; `home` (the server, living on the socket's thread) receives the pieces.
class ChunkedAnswer : public QObject {
public:
    static constexpr qint64 kLowWaterBytes = 256 * 1024;

    struct Source {
        ReadPool* pool = nullptr;                        // where pieces are made...
        store::SqlChainQueries* inlineQueries = nullptr; // ...or here, without a pool
        QObject* home = nullptr;
        QString client; // whose turn among the pool's clients the pieces take
    };
    static void start(QTcpSocket* socket, ApiStream stream, bool close,
                      const QList<QPair<QByteArray, QByteArray>>& headers, Source source);

private:
    // What making a piece gave: a piece, the end, or why the answer must be cut.
    struct Made {
        std::optional<QByteArray> piece;
        QString failure;
    };

    ChunkedAnswer(QTcpSocket* socket, ApiStream stream, bool close, Source source);
    static Made make(const ApiStream& stream, store::SqlChainQueries* queries);
    void pump();
    bool take(const Made& made); // false once the answer ended
    void end(bool whole);
    void sendHead();
    void fail(const ApiError& answer, const QString& why);

    QTcpSocket* socket_;
    std::shared_ptr<ApiStream> stream_;
    bool close_;
    Source source_;
    bool making_ = false; // a piece is being made on a reader
    QByteArray head_;     // the answer's head until the first piece goes with it
};

} // namespace mbc::net
