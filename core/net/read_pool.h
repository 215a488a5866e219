#pragma once

#include "store/database.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace mbc::store {
class SqlChainQueries;
}

namespace mbc::net {

// Threads that answer read-only questions about the chain on database connections of their
// own, so a client reading much of the chain never holds up the node's thread (validation,
// relay, mining, the GUI). Each thread opens its connection when first used; SQLite's WAL mode
// and PostgreSQL let them read beside the writer, and they see what the node has committed.
class ReadPool {
public:
    // Given the reader's queries, or nullptr if its connection cannot be opened (it tries again
    // for the next work).
    using Work = std::function<void(store::SqlChainQueries*)>;

    ReadPool(store::DatabaseLocation location, int threads, int maxQueued);
    ~ReadPool(); // waits for the work queued
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    // Queues `work` for a reader; false when maxQueued are waiting already. `work` runs on a
    // reader's thread and must not throw.
    bool submit(Work work);
    int queued() const { return queued_.load(); }

private:
    struct Reader;

    store::DatabaseLocation location_;
    int maxQueued_;
    std::atomic<int> queued_{0};
    std::vector<std::unique_ptr<Reader>> readers_;
    std::size_t nextReader_ = 0;
};

} // namespace mbc::net
