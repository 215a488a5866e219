#include "store/store_claim.h"

#include <QVariant>

namespace mbc::store {
namespace {

// Advisory locks are the database's own: the same key in another database is another lock.
constexpr qint64 kWriterLockKey = 0x4d42'4357'5249'5445; // "MBCWRITE"

} // namespace

void claimStore(Database& db) {
    if (db.dialect() != Dialect::Postgres)
        return;
    QSqlQuery& q = db.prepare("SELECT pg_try_advisory_lock(?)");
    q.addBindValue(kWriterLockKey);
    db.run(q);
    const bool claimed = q.next() && q.value(0).toBool();
    q.finish();
    if (!claimed)
        throw StoreError(QStringLiteral("%1 is in use by another MiniBitcoin node; stop that "
                                        "node, or give this one another database")
                             .arg(db.location().describe())
                             .toStdString(),
                         StoreError::Kind::CannotOpen, db.location().displayName(),
                         QStringLiteral("in use by another MiniBitcoin node"));
}

} // namespace mbc::store
