#include "net/chunked_answer.h"

#include "node/logging.h"

#include <QTcpSocket>

#include <exception>

namespace mbc::net {

void ChunkedAnswer::start(QTcpSocket* socket, ApiStream stream, bool close,
                          const QList<QPair<QByteArray, QByteArray>>& headers) {
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: " + stream.contentType +
                      "\r\nTransfer-Encoding: chunked" +
                      (close ? "\r\nConnection: close" : "\r\nConnection: keep-alive");
    for (const auto& [key, value] : headers)
        head += "\r\n" + key + ": " + value;
    socket->write(head + "\r\n\r\n");
    auto* answer = new ChunkedAnswer(socket, std::move(stream), close);
    connect(socket, &QTcpSocket::bytesWritten, answer, &ChunkedAnswer::pump);
    answer->pump();
}

ChunkedAnswer::ChunkedAnswer(QTcpSocket* socket, ApiStream stream, bool close)
    : QObject(socket)
    , socket_(socket)
    , stream_(std::move(stream))
    , close_(close) {}

void ChunkedAnswer::pump() {
    while (socket_->bytesToWrite() < kLowWaterBytes) {
        std::optional<QByteArray> piece;
        try {
            piece = stream_.next();
        } catch (const std::exception& e) {
            qCWarning(lcNet).noquote() << "answer cut short:" << e.what();
            return end(false);
        }
        if (!piece)
            return end(true);
        if (!piece->isEmpty())
            socket_->write(QByteArray::number(piece->size(), 16) + "\r\n" + *piece + "\r\n");
    }
    GuardedTcpServer::markResponded(socket_); // the answer's clock runs for what is queued
}

void ChunkedAnswer::end(bool whole) {
    disconnect(socket_, nullptr, this, nullptr);
    deleteLater();
    if (!whole) {
        socket_->abort();
        return;
    }
    socket_->write("0\r\n\r\n");
    GuardedTcpServer::markResponded(socket_);
    if (close_)
        socket_->disconnectFromHost();
}

} // namespace mbc::net
