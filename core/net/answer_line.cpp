#include "net/answer_line.h"

#include "node/logging.h"

#include <QTcpSocket>

namespace mbc::net {

AnswerLine::AnswerLine(QTcpSocket* socket)
    : QObject(socket)
    , socket_(socket) {}

AnswerLine::~AnswerLine() {
    closed_->store(true);
}

AnswerLine* AnswerLine::of(QTcpSocket* socket) {
    // AnswerLine has no meta-object of its own, so findChild<> could not tell it apart.
    for (QObject* child : socket->children())
        if (auto* line = dynamic_cast<AnswerLine*>(child))
            return line;
    return new AnswerLine(socket);
}

bool AnswerLine::enter(const IncomingRequest& request) {
    if (!busy_) {
        busy_ = true;
        return true;
    }
    if (static_cast<int>(waiting_.size()) >= kMaxWaiting ||
        waitingBytes_ + request.body.size() > kMaxWaitingBytes) {
        qCDebug(lcNet) << "closed a connection from" << request.remote.toString()
                       << "- it sent too many requests ahead of their answers";
        socket_->abort(); // its guard deletes it
        waiting_.clear();
        return false;
    }
    waitingBytes_ += request.body.size();
    waiting_.push_back(request);
    return false;
}

std::optional<IncomingRequest> AnswerLine::answered() {
    busy_ = !waiting_.empty();
    if (waiting_.empty())
        return std::nullopt;
    IncomingRequest next = std::move(waiting_.front());
    waiting_.pop_front();
    waitingBytes_ -= next.body.size();
    return next;
}

} // namespace mbc::net
