#include "net/read_pool.h"

#include "node/logging.h"
#include "store/sql_chain_queries.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <algorithm>
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
    std::map<QString, std::deque<Job>> dropped;
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

bool ReadPool::submit(const QString& client, Job job) {
    std::function<void()> displaced;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return false;
        if (job.kind == Kind::New && queued_ >= maxQueued_) {
            displaced = makeRoom(client);
            if (queued_ >= maxQueued_)
                return false;
        }
        auto& queue = waiting_[client];
        if (queue.empty())
            turns_.push_back(client);
        queued_ += job.kind == Kind::New ? 1 : 0;
        queue.push_back(std::move(job)); // in the order it came, whatever its kind
    }
    wake_.notify_one();
    if (displaced)
        displaced();
    return true;
}

int ReadPool::queued() const {
    std::lock_guard lock(mutex_);
    return queued_;
}

void ReadPool::forget(QString client, std::size_t at) {
    auto queue = waiting_.find(client);
    const auto job = queue->second.begin() + static_cast<std::ptrdiff_t>(at);
    queued_ -= job->kind == Kind::New ? 1 : 0;
    queue->second.erase(job);
    if (queue->second.empty()) {
        waiting_.erase(queue);
        turns_.erase(std::find(turns_.begin(), turns_.end(), client));
    }
}

// Work nobody waits for goes first; then, if `client` has fewer waiting than the client with
// the most, that one's newest new work gives its place. Returns what to tell the displaced.
std::function<void()> ReadPool::makeRoom(const QString& client) {
    std::vector<std::pair<QString, std::size_t>> abandoned;
    for (const auto& [owner, queue] : waiting_)
        for (std::size_t i = queue.size(); i-- > 0;)
            if (queue[i].abandoned && queue[i].abandoned->load())
                abandoned.emplace_back(owner, i); // newest first, so indexes stay valid
    for (const auto& [owner, at] : abandoned)
        forget(owner, at);
    if (queued_ < maxQueued_)
        return [] {};
    const auto newWork = [](const std::deque<Job>& queue) {
        return std::count_if(queue.begin(), queue.end(),
                             [](const Job& j) { return j.kind == Kind::New; });
    };
    const auto mine = waiting_.find(client);
    const auto held = mine == waiting_.end() ? 0 : newWork(mine->second);
    auto most = waiting_.end();
    std::ptrdiff_t mostHeld = 0;
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it)
        if (const auto n = newWork(it->second); n > mostHeld) {
            most = it;
            mostHeld = n;
        }
    if (most == waiting_.end() || mostHeld <= held + 1)
        return {};
    for (std::size_t i = most->second.size(); i-- > 0;) {
        if (most->second[i].kind != Kind::New)
            continue;
        auto told = std::move(most->second[i].displaced);
        forget(most->first, i);
        return told ? told : [] {};
    }
    return {};
}

// The first client in turn gives one piece of work, and goes to the back if it has more.
bool ReadPool::takeNext(Work& work) {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !turns_.empty(); });
        if (stopping_)
            return false;
        const QString client = turns_.front();
        turns_.pop_front();
        auto queue = waiting_.find(client);
        Job job = std::move(queue->second.front());
        queue->second.pop_front();
        if (queue->second.empty())
            waiting_.erase(queue);
        else
            turns_.push_back(client);
        queued_ -= job.kind == Kind::New ? 1 : 0;
        if (job.abandoned && job.abandoned->load())
            continue; // its client left
        work = std::move(job.work);
        return true;
    }
}

void ReadPool::serve() {
#ifdef __linux__
    // Readers yield the CPU to the node's thread (validation, relay, quick answers): on a
    // machine with few cores, heavy readers would otherwise delay everything else.
    setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
#endif
    // Opened and closed on this thread, as Qt's SQL connections must be.
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SqlChainQueries> queries;
    // Said once when it goes wrong, and once when it works again (the node logs the store's
    // trouble too); an outage must not write a line per request.
    bool failing = false;
    const auto sayFailing = [&](const char* what, const store::StoreError& e) {
        if (!failing)
            qCWarning(lcNet).noquote() << what << e.what();
        failing = true;
    };
    Work work;
    while (takeNext(work)) {
        try {
            if (!db) {
                db = store::Database::open(location_);
                // Each work reads one snapshot, as the node's thread would have seen it; a
                // connection made again (after a lost one) is set the same way.
                if (db->dialect() == store::Dialect::Postgres)
                    db->addSessionSetup(QStringLiteral("SET SESSION CHARACTERISTICS AS "
                                                       "TRANSACTION ISOLATION LEVEL REPEATABLE "
                                                       "READ"));
                queries = std::make_unique<store::SqlChainQueries>(*db);
            }
        } catch (const store::StoreError& e) {
            sayFailing("a reader cannot open the database:", e);
            queries.reset();
            db.reset();
        }
        // A lost connection is opened again by the Database itself, with its back-off.
        std::optional<store::Database::Transaction> snapshot;
        if (queries)
            try {
                snapshot.emplace(*db);
                if (failing)
                    qCInfo(lcNet) << "a reader reaches the database again";
                failing = false;
            } catch (const store::StoreError& e) {
                sayFailing("a reader lost the database:", e);
            }
        work(snapshot ? queries.get() : nullptr);
        work = nullptr; // its captures go now, not when the next work comes
        if (snapshot)
            try {
                snapshot->commit();
            } catch (const store::StoreError&) {
                snapshot.reset();
            }
    }
    queries.reset();
    db.reset();
}

} // namespace mbc::net
