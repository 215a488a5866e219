#include "net/read_pool.h"

#include "node/logging.h"
#include "store/sql_chain_queries.h"

#include <optional>

namespace mbc::net {

ReadPool::ReadPool(store::DatabaseLocation location, int threads, int maxQueued)
    : location_(std::move(location))
    , maxQueued_(maxQueued) {
    for (int i = 0; i < threads; ++i) {
        std::unique_ptr<QThread> thread(QThread::create([this] { serve(); }));
        thread->setObjectName(QStringLiteral("reader %1").arg(i + 1));
        thread->start();
        threads_.push_back(std::move(thread));
    }
}

ReadPool::~ReadPool() {
    std::map<QString, std::deque<Work>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(waiting_); // destroyed outside the lock: their captures may be large
        turns_.clear();
        queued_ = 0;
    }
    wake_.notify_all();
    for (auto& thread : threads_)
        thread->wait();
}

bool ReadPool::submit(const QString& client, Work work, Kind kind) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || (kind == Kind::New && queued_ >= maxQueued_))
            return false;
        auto& queue = waiting_[client];
        if (queue.empty())
            turns_.push_back(client);
        queue.push_back(std::move(work));
        ++queued_;
    }
    wake_.notify_one();
    return true;
}

int ReadPool::queued() const {
    std::lock_guard lock(mutex_);
    return queued_;
}

// The first client in turn gives one piece of work, and goes to the back if it has more.
bool ReadPool::takeNext(Work& work) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || !turns_.empty(); });
    if (stopping_)
        return false;
    const QString client = turns_.front();
    turns_.pop_front();
    auto queue = waiting_.find(client);
    work = std::move(queue->second.front());
    queue->second.pop_front();
    if (queue->second.empty())
        waiting_.erase(queue);
    else
        turns_.push_back(client);
    --queued_;
    return true;
}

void ReadPool::serve() {
    // Opened and closed on this thread, as Qt's SQL connections must be.
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SqlChainQueries> queries;
    const auto forget = [&] {
        queries.reset();
        db.reset();
    };
    Work work;
    while (takeNext(work)) {
        try {
            if (!db) {
                db = store::Database::open(location_);
                // Each work reads one snapshot, as the node's thread would have seen it.
                if (db->dialect() == store::Dialect::Postgres)
                    db->execute(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION "
                                               "ISOLATION LEVEL REPEATABLE READ"));
                queries = std::make_unique<store::SqlChainQueries>(*db);
            }
        } catch (const store::StoreError& e) {
            qCCritical(lcNet).noquote() << "a reader cannot open the database:" << e.what();
            forget();
        }
        std::optional<store::Database::Transaction> snapshot;
        if (queries)
            try {
                snapshot.emplace(*db);
            } catch (const store::StoreError& e) { // the connection broke: open it again next
                qCCritical(lcNet).noquote() << "a reader lost the database:" << e.what();
                forget();
            }
        work(queries.get());
        work = nullptr; // its captures go now, not when the next work comes
        if (snapshot)
            try {
                snapshot->commit();
            } catch (const store::StoreError&) {
                snapshot.reset();
            }
    }
    forget();
}

} // namespace mbc::net
