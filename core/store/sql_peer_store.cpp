#include "store/sql_peer_store.h"

#include <QVariant>

#include <algorithm>

namespace mbc::store {

namespace {

// ORDER BY added_at, url, in one order whatever the database's collation.
void sortAsListed(std::vector<PeerRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const PeerRow& a, const PeerRow& b) {
        return a.addedAt != b.addedAt ? a.addedAt < b.addedAt : a.url < b.url;
    });
}

std::vector<PeerRow>::iterator find(std::vector<PeerRow>& rows, const QString& url) {
    return std::find_if(rows.begin(), rows.end(),
                        [&url](const PeerRow& p) { return p.url == url; });
}

} // namespace

template <typename Write, typename Change>
void SqlPeerStore::changeRows(Write write, Change change) {
    try {
        write();
    } catch (...) {
        rows_.reset(); // it may or may not have been written
        throw;
    }
    if (!rows_ || rowsUndoCount_ != db_.undoCount()) {
        rows_.reset();
        return;
    }
    change(*rows_);
    sortAsListed(*rows_);
}

bool SqlPeerStore::add(const QString& url, qint64 now) {
    bool added = false;
    changeRows(
        [&] {
            QSqlQuery& insert =
                db_.prepare("INSERT INTO peers (url, is_active, last_seen, failures, added_at)"
                            " VALUES (?, ?, NULL, 0, ?) ON CONFLICT (url) DO NOTHING");
            insert.addBindValue(url);
            insert.addBindValue(true);
            insert.addBindValue(now);
            db_.run(insert);
            added = insert.numRowsAffected() > 0;
            if (added)
                return;
            QSqlQuery& revive = db_.prepare("UPDATE peers SET is_active = ? WHERE url = ?");
            revive.addBindValue(true);
            revive.addBindValue(url);
            db_.run(revive);
        },
        [&](std::vector<PeerRow>& rows) {
            if (added)
                rows.push_back(PeerRow{url, true, 0, 0, now, false});
            else if (const auto it = find(rows, url); it != rows.end())
                it->isActive = true;
        });
    return added;
}

void SqlPeerStore::markChosenByOwner(const QString& url) {
    changeRows(
        [&] {
            QSqlQuery& q = db_.prepare("UPDATE peers SET chosen_by_owner = 1 WHERE url = ?");
            q.addBindValue(url);
            db_.run(q);
        },
        [&](std::vector<PeerRow>& rows) {
            if (const auto it = find(rows, url); it != rows.end())
                it->chosenByOwner = true;
        });
}

bool SqlPeerStore::remove(const QString& url) {
    bool removed = false;
    changeRows(
        [&] {
            QSqlQuery& q = db_.prepare("DELETE FROM peers WHERE url = ?");
            q.addBindValue(url);
            db_.run(q);
            removed = q.numRowsAffected() > 0;
        },
        [&](std::vector<PeerRow>& rows) {
            if (const auto it = find(rows, url); it != rows.end())
                rows.erase(it);
        });
    return removed;
}

std::vector<PeerRow> SqlPeerStore::all() {
    if (rows_ && rowsUndoCount_ == db_.undoCount())
        return *rows_;
    rows_.reset();
    // Only what the node could have written is read: a table someone filled, or a row someone
    // lengthened, cannot make every status read larger (the owner's peers come first).
    // (Its bytes are counted: SQLite's length() of a text counts characters to the first NUL.)
    const QString urlBytes = db_.dialect() == Dialect::Sqlite
                                 ? QStringLiteral("length(CAST(url AS BLOB))")
                                 : QStringLiteral("octet_length(url)");
    QSqlQuery& q = db_.prepare(
        QStringLiteral(
            "SELECT url, is_active, last_seen, failures, added_at, chosen_by_owner FROM peers"
            " WHERE %1 <= %2 ORDER BY chosen_by_owner DESC, added_at, url LIMIT %3")
            .arg(urlBytes)
            .arg(kMostPeerUrlLength)
            .arg(kMostPeerRows));
    const std::uint64_t undoCount = db_.undoCount();
    db_.run(q);
    std::vector<PeerRow> out;
    while (q.next())
        out.push_back(PeerRow{q.value(0).toString(), q.value(1).toBool(),
                              q.value(2).isNull() ? 0 : q.value(2).toLongLong(), q.value(3).toInt(),
                              q.value(4).toLongLong(), q.value(5).toInt() != 0});
    q.finish();
    sortAsListed(out);
    rows_ = out;
    rowsUndoCount_ = undoCount;
    return out;
}

void SqlPeerStore::recordSuccess(const QString& url, qint64 now) {
    changeRows(
        [&] {
            QSqlQuery& q = db_.prepare(
                "UPDATE peers SET is_active = ?, last_seen = ?, failures = 0 WHERE url = ?");
            q.addBindValue(true);
            q.addBindValue(now);
            q.addBindValue(url);
            db_.run(q);
        },
        [&](std::vector<PeerRow>& rows) {
            if (const auto it = find(rows, url); it != rows.end()) {
                it->isActive = true;
                it->lastSeen = now;
                it->failures = 0;
            }
        });
}

void SqlPeerStore::recordFailure(const QString& url, bool stillActive) {
    changeRows(
        [&] {
            QSqlQuery& q = db_.prepare(
                "UPDATE peers SET failures = failures + 1, is_active = ? WHERE url = ?");
            q.addBindValue(stillActive);
            q.addBindValue(url);
            db_.run(q);
        },
        [&](std::vector<PeerRow>& rows) {
            if (const auto it = find(rows, url); it != rows.end()) {
                ++it->failures;
                it->isActive = stillActive;
            }
        });
}

} // namespace mbc::store
