#include "net/read_pool.h"

#include "node/logging.h"
#include "store/sql_chain_queries.h"

#include <QMetaObject>

#include <optional>

namespace mbc::net {

struct ReadPool::Reader {
    QThread thread;
    QObject* context = nullptr; // lives on `thread`: what runs there is queued to it
    // Used on `thread` only.
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SqlChainQueries> queries;
    std::atomic<int> waiting{0};
};

ReadPool::ReadPool(store::DatabaseLocation location, int threads, int maxQueued)
    : location_(std::move(location))
    , maxQueued_(maxQueued) {
    for (int i = 0; i < threads; ++i) {
        auto r = std::make_unique<Reader>();
        r->context = new QObject;
        r->context->moveToThread(&r->thread);
        r->thread.setObjectName(QStringLiteral("reader %1").arg(i + 1));
        r->thread.start();
        readers_.push_back(std::move(r));
    }
}

ReadPool::~ReadPool() {
    for (auto& r : readers_) {
        // The connection closes on the thread that opened it.
        QMetaObject::invokeMethod(
            r->context,
            [reader = r.get()] {
                reader->queries.reset();
                reader->db.reset();
            },
            Qt::BlockingQueuedConnection);
        r->thread.quit();
        r->thread.wait();
        delete r->context;
    }
}

bool ReadPool::submit(Work work) {
    if (queued_.load() >= maxQueued_)
        return false;
    // The reader with the least waiting, starting after the last one chosen.
    Reader* chosen = nullptr;
    for (std::size_t i = 0; i < readers_.size(); ++i) {
        Reader* r = readers_[(nextReader_ + i) % readers_.size()].get();
        if (!chosen || r->waiting.load() < chosen->waiting.load())
            chosen = r;
    }
    nextReader_ = (nextReader_ + 1) % readers_.size();
    ++queued_;
    ++chosen->waiting;
    QMetaObject::invokeMethod(
        chosen->context,
        [this, chosen, work = std::move(work)] {
            --queued_;
            --chosen->waiting;
            try {
                if (!chosen->db) {
                    chosen->db = store::Database::open(location_);
                    // Each work reads one snapshot, as the node's thread would have seen it.
                    if (chosen->db->dialect() == store::Dialect::Postgres)
                        chosen->db->execute(QStringLiteral(
                            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                            "REPEATABLE READ"));
                    chosen->queries = std::make_unique<store::SqlChainQueries>(*chosen->db);
                }
            } catch (const store::StoreError& e) {
                qCCritical(lcNet).noquote() << "a reader cannot open the database:" << e.what();
                chosen->db.reset();
            }
            if (!chosen->queries)
                return work(nullptr);
            std::optional<store::Database::Transaction> snapshot;
            try {
                snapshot.emplace(*chosen->db);
            } catch (const store::StoreError& e) { // the connection broke: open it again next
                qCCritical(lcNet).noquote() << "a reader lost the database:" << e.what();
                chosen->queries.reset();
                chosen->db.reset();
                return work(nullptr);
            }
            work(chosen->queries.get());
            try {
                snapshot->commit();
            } catch (const store::StoreError&) {
                snapshot.reset();
            }
        },
        Qt::QueuedConnection);
    return true;
}

} // namespace mbc::net
