#include "store/sql_mempool_store.h"

#include "consensus/serialize/tx_serialize.h"
#include "store/bulk_sql.h"
#include "store/sql_chain_store.h"
#include "store/sql_dialect.h"
#include "store/sqlite_statement.h"

#include <QVariant>

#include <optional>

namespace mbc::store {

void SqlMempoolStore::insert(const MempoolEntry& e) {
    QSqlQuery& q = db_.prepare("INSERT INTO mempool (txid, data, fee, size, received_at)"
                               " VALUES (?, " +
                               SqlDialect::bytesPlaceholder(db_.dialect()) +
                               ", ?, ?, ?) ON CONFLICT (txid) DO NOTHING");
    q.addBindValue(hexText(e.txid));
    q.addBindValue(SqlDialect::bytesValue(db_.dialect(), encodeTx(e.tx)));
    q.addBindValue(static_cast<qint64>(e.fee));
    q.addBindValue(static_cast<qint64>(e.size));
    q.addBindValue(static_cast<qint64>(e.receivedAt));
    db_.run(q);
}

void SqlMempoolStore::add(const MempoolEntry& e) {
    insert(e);
}

void SqlMempoolStore::remove(const std::vector<Hash256>& txids) {
    if (txids.empty())
        return;
    if (db_.dialect() == Dialect::Sqlite) {
        // Row by row, in one transaction as the one statement was: no JSON array built and
        // parsed again (tests/bench/MEASUREMENTS.md: 2 ms less for a block of 1,000 relayed txs).
        Database::Transaction tx(db_, Database::Transaction::Deferred::Keep); // (no outputs)
        SqliteStatement& erase = db_.prepareSqlite("DELETE FROM mempool WHERE txid = ?1");
        for (const Hash256& txid : txids) {
            erase.bind(1, txid.hex());
            erase.run();
        }
        tx.commit();
        return;
    }
    // Inside a transaction (a batch of blocks), in a savepoint: on PostgreSQL a failed statement
    // ends the whole transaction otherwise, and the blocks with it.
    std::optional<Database::Transaction> inside;
    if (db_.openTransactions() > 0)
        inside.emplace(db_, Database::Transaction::Deferred::Keep); // (no outputs)
    // One array, each element looked up by the key (= ANY): 0.7 ms less for a block of 1,000
    // relayed txs than a join with the unnested array (tests/bench/MEASUREMENTS.md).
    const BulkRows gone = BulkRows::ofHashes(db_.dialect(), "txid", txids, BulkRows::Type::Text);
    QSqlQuery& q = db_.prepare("DELETE FROM mempool WHERE txid = ANY (CAST(? AS text[]))");
    gone.bind(q);
    db_.run(q);
    if (inside)
        inside->commit();
}

void SqlMempoolStore::replaceAll(const std::vector<const MempoolEntry*>& entries) {
    Database::Transaction tx(db_, Database::Transaction::Deferred::Keep); // (no outputs)
    db_.execute("DELETE FROM mempool");
    for (const MempoolEntry* e : entries)
        insert(*e);
    tx.commit();
}

std::vector<SqlMempoolStore::SavedTx>
SqlMempoolStore::load(std::size_t maxTxBytes, std::size_t maxTotalBytes, std::size_t* corrupt) {
    QSqlQuery& q = db_.prepare("SELECT data, received_at FROM mempool WHERE length(data) <= ?"
                               " ORDER BY received_at, txid");
    q.addBindValue(static_cast<qint64>(maxTxBytes));
    db_.run(q);
    std::vector<SavedTx> out;
    std::size_t bad = 0;
    std::size_t total = 0;
    while (q.next()) {
        const QByteArray data = q.value(0).toByteArray();
        total += std::size_t(data.size());
        if (total > maxTotalBytes)
            break;
        auto tx = decodeTx(Bytes(data.begin(), data.end()));
        if (!tx) {
            ++bad;
            continue;
        }
        out.push_back(SavedTx{std::move(tx).value(), q.value(1).toLongLong()});
    }
    q.finish();
    if (corrupt)
        *corrupt = bad;
    return out;
}

} // namespace mbc::store
