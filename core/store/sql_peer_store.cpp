#include "store/sql_peer_store.h"

#include <QVariant>

namespace mbc::store {

bool SqlPeerStore::add(const QString& url, qint64 now) {
    QSqlQuery& insert =
        db_.prepare("INSERT INTO peers (url, is_active, last_seen, failures, added_at)"
                    " VALUES (?, ?, NULL, 0, ?) ON CONFLICT (url) DO NOTHING");
    insert.addBindValue(url);
    insert.addBindValue(true);
    insert.addBindValue(now);
    db_.run(insert);
    if (insert.numRowsAffected() > 0)
        return true;
    QSqlQuery& revive = db_.prepare("UPDATE peers SET is_active = ? WHERE url = ?");
    revive.addBindValue(true);
    revive.addBindValue(url);
    db_.run(revive);
    return false;
}

void SqlPeerStore::markChosenByOwner(const QString& url) {
    QSqlQuery& q = db_.prepare("UPDATE peers SET chosen_by_owner = 1 WHERE url = ?");
    q.addBindValue(url);
    db_.run(q);
}

bool SqlPeerStore::remove(const QString& url) {
    QSqlQuery& q = db_.prepare("DELETE FROM peers WHERE url = ?");
    q.addBindValue(url);
    db_.run(q);
    return q.numRowsAffected() > 0;
}

std::vector<PeerRow> SqlPeerStore::all() {
    QSqlQuery& q = db_.prepare(
        "SELECT url, is_active, last_seen, failures, added_at, chosen_by_owner FROM peers"
        " ORDER BY added_at, url");
    db_.run(q);
    std::vector<PeerRow> out;
    while (q.next())
        out.push_back(PeerRow{q.value(0).toString(), q.value(1).toBool(),
                              q.value(2).isNull() ? 0 : q.value(2).toLongLong(), q.value(3).toInt(),
                              q.value(4).toLongLong(), q.value(5).toInt() != 0});
    q.finish();
    return out;
}

void SqlPeerStore::recordSuccess(const QString& url, qint64 now) {
    QSqlQuery& q =
        db_.prepare("UPDATE peers SET is_active = ?, last_seen = ?, failures = 0 WHERE url = ?");
    q.addBindValue(true);
    q.addBindValue(now);
    q.addBindValue(url);
    db_.run(q);
}

void SqlPeerStore::recordFailure(const QString& url, bool stillActive) {
    QSqlQuery& q =
        db_.prepare("UPDATE peers SET failures = failures + 1, is_active = ? WHERE url = ?");
    q.addBindValue(stillActive);
    q.addBindValue(url);
    db_.run(q);
}

} // namespace mbc::store
