#include "store/store_claim.h"

#include <QVariant>

#include <chrono>
#include <thread>

namespace mbc::store {
namespace {

// Advisory locks are the database's own: the same key in another database is another lock.
constexpr qint64 kWriterLockKey = 0x4d42'4357'5249'5445; // "MBCWRITE"

bool tryClaim(Database& db) {
    QSqlQuery& q = db.prepare("SELECT pg_try_advisory_lock(?)");
    q.addBindValue(kWriterLockKey);
    db.run(q);
    const bool claimed = q.next() && q.value(0).toBool();
    q.finish();
    return claimed;
}

} // namespace

void claimStore(Database& db) {
    if (db.dialect() != Dialect::Postgres)
        return;
    // A closed connection's server process ends, and lets go, a moment after the close: a
    // node started again at once (or a test's next node) waits that moment out.
    using namespace std::chrono_literals;
    const auto giveUp = std::chrono::steady_clock::now() + 3s;
    bool claimed = tryClaim(db);
    while (!claimed && std::chrono::steady_clock::now() < giveUp) {
        std::this_thread::sleep_for(100ms);
        claimed = tryClaim(db);
    }
    if (!claimed)
        throw StoreError(QStringLiteral("%1 is in use by another MiniBitcoin node; stop that "
                                        "node, or give this one another database")
                             .arg(db.location().describe())
                             .toStdString(),
                         StoreError::Kind::CannotOpen, db.location().displayName(),
                         QStringLiteral("in use by another MiniBitcoin node"));
}

} // namespace mbc::store
