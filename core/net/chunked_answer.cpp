#include "net/chunked_answer.h"

#include "net/answer_line.h"
#include "net/api_error.h"
#include "net/read_pool.h"
#include "node/logging.h"

#include <QPointer>
#include <QTcpSocket>

#include <exception>
#include <utility>

namespace mbc::net {

void ChunkedAnswer::start(QTcpSocket* socket, ApiStream stream, bool close,
                          const QList<QPair<QByteArray, QByteArray>>& headers, Source source) {
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: " + stream.contentType +
                      "\r\nTransfer-Encoding: chunked" +
                      (close ? "\r\nConnection: close" : "\r\nConnection: keep-alive");
    for (const auto& [key, value] : headers)
        head += "\r\n" + key + ": " + value;
    auto* answer = new ChunkedAnswer(socket, std::move(stream), close, source);
    answer->head_ = head + "\r\n\r\n"; // sent with the first piece: until then, refusals fit
    connect(socket, &QTcpSocket::bytesWritten, answer, &ChunkedAnswer::pump);
    answer->pump();
}

ChunkedAnswer::ChunkedAnswer(QTcpSocket* socket, ApiStream stream, bool close, Source source)
    : QObject(socket)
    , socket_(socket)
    , stream_(std::make_shared<ApiStream>(std::move(stream)))
    , close_(close)
    , source_(source) {}

ChunkedAnswer::Made ChunkedAnswer::make(const ApiStream& stream, store::SqlChainQueries* queries) {
    if (!queries)
        return {std::nullopt, QStringLiteral("no database connection")};
    try {
        auto piece = stream.next(*queries);
        return {piece ? std::move(piece) : std::optional<QByteArray>(), {}};
    } catch (const std::exception& e) {
        return {std::nullopt, QString::fromUtf8(e.what())};
    }
}

void ChunkedAnswer::pump() {
    while (!making_ && socket_->bytesToWrite() < kLowWaterBytes) {
        if (!source_.pool) {
            if (!take(make(*stream_, source_.inlineQueries)))
                return;
            continue;
        }
        making_ = true;
        // Once begun, an answer is finished: only its first piece may find the readers full.
        const auto kind = head_.isEmpty() ? ReadPool::Kind::Continuation : ReadPool::Kind::New;
        const QPointer<ChunkedAnswer> self(this);
        ReadPool::Job job;
        job.kind = kind;
        job.abandoned = AnswerLine::of(socket_)->closed();
        job.displaced = [self, home = source_.home] { // only a first piece: nothing sent yet
            QMetaObject::invokeMethod(
                home,
                [self] {
                    if (self)
                        self->fail(ApiError::tooManyRequests(), "the readers are busy");
                },
                Qt::QueuedConnection);
        };
        job.work = [stream = stream_, self, home = source_.home](store::SqlChainQueries* queries) {
            Made made = make(*stream, queries);
            QMetaObject::invokeMethod(
                home,
                [self, made = std::move(made)] {
                    if (!self)
                        return;
                    self->making_ = false;
                    if (self->take(made))
                        self->pump();
                },
                Qt::QueuedConnection);
        };
        const bool queued = source_.pool->submit(source_.client, std::move(job));
        if (!queued) {
            making_ = false;
            return fail(ApiError::tooManyRequests(), "the readers are busy");
        }
        return;
    }
    if (!making_)
        GuardedTcpServer::markSending(socket_); // the answer's clock runs for what is queued
}

bool ChunkedAnswer::take(const Made& made) {
    if (!made.failure.isEmpty()) {
        fail(ApiError::unavailable(), made.failure);
        return false;
    }
    if (!made.piece) {
        end(true);
        return false;
    }
    sendHead();
    if (!made.piece->isEmpty())
        socket_->write(QByteArray::number(made.piece->size(), 16) + "\r\n" + *made.piece + "\r\n");
    return true;
}

void ChunkedAnswer::sendHead() {
    if (!head_.isEmpty())
        socket_->write(std::exchange(head_, {}));
}

// Before the first piece the client gets an error answer; after, a cut connection (a status
// cannot follow a 200), so it never takes a part for the whole.
void ChunkedAnswer::fail(const ApiError& answer, const QString& why) {
    qCWarning(lcNet).noquote() << "answer cut short:" << why;
    if (head_.isEmpty())
        return end(false);
    disconnect(socket_, nullptr, this, nullptr);
    deleteLater();
    writeHttpResponse(socket_, answer.status, "application/json", answer.body(), close_);
}

void ChunkedAnswer::end(bool whole) {
    disconnect(socket_, nullptr, this, nullptr);
    deleteLater();
    if (!whole) {
        socket_->abort();
        return;
    }
    sendHead();
    socket_->write("0\r\n\r\n");
    GuardedTcpServer::markResponded(socket_);
    if (close_)
        socket_->disconnectFromHost();
}

} // namespace mbc::net
