#pragma once

#include "store/database.h"

#include <QString>
#include <QThread>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace mbc::store {
class SqlChainQueries;
}

namespace mbc::net {

// Threads that answer read-only questions about the chain on database connections of their
// own, so a client reading much of the chain never holds up the node's thread (validation,
// relay, mining, the GUI). Each thread opens its connection when first used; SQLite's WAL mode
// and PostgreSQL let them read beside the writer, and they see what the node has committed.
//
// Clients take turns: work waits in a queue per client (its source address), and the readers
// serve the clients with work waiting in rotation, one piece each. A client asking for much
// waits behind itself, not others: a new client's work starts after at most one piece of
// every other client's.
class ReadPool {
public:
    // Given the reader's queries, or nullptr if its connection cannot be opened (it tries again
    // for the next work).
    using Work = std::function<void(store::SqlChainQueries*)>;

    ReadPool(store::DatabaseLocation location, int threads, int maxQueued);
    ~ReadPool(); // work not started is dropped (nobody is left to answer); running work ends
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    // Queues `work` on behalf of `client`; false when maxQueued are waiting already, unless it
    // continues work already begun (the next piece of a streamed answer: one at a time per
    // answer, so those are bounded by the connections). `work` runs on a reader's thread and
    // must not throw.
    enum class Kind { New, Continuation };
    bool submit(const QString& client, Work work, Kind kind = Kind::New);
    int queued() const;

private:
    void serve(); // a reader thread's loop
    bool takeNext(Work& work);

    store::DatabaseLocation location_;
    int maxQueued_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<QString, std::deque<Work>> waiting_; // by client
    std::deque<QString> turns_;                   // clients with work waiting, next first
    int queued_ = 0;
    bool stopping_ = false;
    std::vector<std::unique_ptr<QThread>> threads_;
};

} // namespace mbc::net
