#pragma once

#include "net/rest_server.h"

#include <QObject>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>

class QTcpSocket;

namespace mbc::net {

// The requests of one connection, answered one at a time in the order they came. HTTP/1.1
// lets a client send requests before their answers (pipelining); answers made on a reader
// thread or later (a deferred /mine) would otherwise overtake each other, and one connection
// could keep any number of readers busy. What waits is bounded: past it the connection is
// closed. Lives as a child of its socket.
class AnswerLine : public QObject {
public:
    static constexpr int kMaxWaiting = 8;
    static constexpr qint64 kMaxWaitingBytes = 65'536; // of bodies waiting

    static AnswerLine* of(QTcpSocket* socket); // the socket's line, made on first use
    ~AnswerLine() override;

    // Set when the connection is gone: work done for it elsewhere may be dropped.
    std::shared_ptr<const std::atomic<bool>> closed() const { return closed_; }

    // True when `request` may be answered now (the line is busy until answered()); otherwise
    // it waits its turn, or the connection closes when too much waits already.
    bool enter(const IncomingRequest& request);
    // The answer to the request being answered went out: the next one waiting, if any (the
    // line is busy with it).
    std::optional<IncomingRequest> answered();

private:
    explicit AnswerLine(QTcpSocket* socket);

    QTcpSocket* socket_;
    bool busy_ = false;
    std::deque<IncomingRequest> waiting_;
    qint64 waitingBytes_ = 0;
    std::shared_ptr<std::atomic<bool>> closed_ = std::make_shared<std::atomic<bool>>(false);
};

} // namespace mbc::net
