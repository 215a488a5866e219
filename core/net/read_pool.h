#pragma once

#include "store/database.h"

#include <QString>
#include <QThread>

#include <atomic>
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
// every other client's. When the queue is full, a newcomer takes the place of the newest work
// of the client with the most new work waiting (if that one has more than the newcomer
// would), so asking more than others buys an address no more than its share. Work whose
// client left is dropped, and gives its place back at once.
class ReadPool {
public:
    // Given the reader's queries, or nullptr if its connection cannot be opened (it tries again
    // for the next work).
    using Work = std::function<void(store::SqlChainQueries*)>;
    // Set once nobody waits for the work's result any more (its connection closed).
    using Abandoned = std::shared_ptr<const std::atomic<bool>>;

    enum class Kind {
        New,          // may be refused when the queue is full, or give its place to a newcomer
        Continuation, // the next piece of work already begun (a streamed answer): never refused
                      // (one at a time per answer, so these are bounded by the connections)
    };
    struct Job {
        Work work;                       // runs on a reader's thread; must not throw
        Abandoned abandoned;             // may be null
        std::function<void()> displaced; // called (on the submitting thread) if it lost its
                                         // place to a newcomer
        Kind kind = Kind::New;
    };

    ReadPool(store::DatabaseLocation location, int threads, int maxQueued);
    ~ReadPool(); // work not started is dropped (nobody is left to answer); running work ends
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    // Queues `job` on behalf of `client`; false when the queue is full and nothing waiting can
    // give its place.
    bool submit(const QString& client, Job job);
    int queued() const; // new work waiting (continuations are not counted)

private:
    void serve(); // a reader thread's loop
    bool takeNext(Work& work);
    std::function<void()> makeRoom(const QString& client); // under the lock
    void forget(QString client, std::size_t at);           // under the lock (by value: the
                                                           // key it names may be erased)

    store::DatabaseLocation location_;
    int maxQueued_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<QString, std::deque<Job>> waiting_; // by client
    std::deque<QString> turns_;                  // clients with work waiting, next first
    int queued_ = 0;                             // new work waiting: what maxQueued bounds
    bool stopping_ = false;
    std::vector<std::unique_ptr<QThread>> threads_;
};

} // namespace mbc::net
