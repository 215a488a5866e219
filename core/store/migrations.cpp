#include "store/migrations.h"

#include "store/sql_dialect.h"
#include "store/stored_values.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <climits>

#include <vector>

namespace mbc::store {
namespace {

struct Migration {
    int version;
    const char* description;
    QStringList statements; // ${...} is replaced per dialect (SqlDialect::schema)
};

// Append new migrations at the end; never edit one that has been released.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         "blocks, active chain, outputs, chain state, peers, mempool",
         {
             // Facts about the store itself: which network it belongs to.
             "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
             // Every stored block, on any branch. Hashes are lowercase hex; chain_work and
             // target are 64 hex digits, zero-padded, so they sort numerically.
             "CREATE TABLE blocks ("
             " hash TEXT PRIMARY KEY,"
             " prev_hash TEXT NOT NULL,"
             " height INTEGER NOT NULL,"
             " version INTEGER NOT NULL,"
             " merkle_root TEXT NOT NULL,"
             " timestamp BIGINT NOT NULL,"
             " target TEXT NOT NULL,"
             " nonce BIGINT NOT NULL,"
             " chain_work TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " seq BIGINT NOT NULL,"
             " size INTEGER NOT NULL,"
             " tx_count INTEGER NOT NULL,"
             " received_at BIGINT NOT NULL,"
             " data ${BINARY} NOT NULL)",
             "CREATE INDEX blocks_prev_hash ON blocks (prev_hash)",
             "CREATE INDEX blocks_best ON blocks (chain_work DESC, seq ASC)",
             // The active chain, genesis first.
             "CREATE TABLE active_chain (height INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE)",
             // Every transaction of the active chain.
             "CREATE TABLE chain_txs ("
             " txid TEXT PRIMARY KEY,"
             " block_hash TEXT NOT NULL,"
             " height INTEGER NOT NULL,"
             " position INTEGER NOT NULL)",
             "CREATE INDEX chain_txs_height ON chain_txs (height)",
             // Every output of the active chain and what spent it: the UTXO set (spent_txid
             // IS NULL) and the address index in one table.
             "CREATE TABLE outputs ("
             " txid TEXT NOT NULL,"
             " vout INTEGER NOT NULL,"
             " pubkey_hash TEXT NOT NULL,"
             " amount BIGINT NOT NULL,"
             " height INTEGER NOT NULL,"
             " coinbase BOOLEAN NOT NULL,"
             " spent_txid TEXT,"
             " spent_height INTEGER,"
             " PRIMARY KEY (txid, vout))",
             "CREATE INDEX outputs_address ON outputs (pubkey_hash, height)",
             "CREATE INDEX outputs_unspent_address ON outputs (pubkey_hash) WHERE spent_txid IS "
             "NULL",
             "CREATE INDEX outputs_height ON outputs (height)",
             "CREATE INDEX outputs_spent_address ON outputs (pubkey_hash, spent_height)",
             "CREATE INDEX outputs_spent_height ON outputs (spent_height)",
             // The tip, in one row that moves with every connected or disconnected block.
             "CREATE TABLE chain_state ("
             " id INTEGER PRIMARY KEY CHECK (id = 1),"
             " tip_hash TEXT,"
             " tip_height INTEGER NOT NULL,"
             " chain_work TEXT NOT NULL,"
             " utxo_count BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL)",
             "INSERT INTO chain_state (id, tip_hash, tip_height, chain_work, utxo_count, "
             "updated_at) VALUES (1, NULL, -1, "
             "'0000000000000000000000000000000000000000000000000000000000000000', 0, 0)",
             "CREATE TABLE peers ("
             " url TEXT PRIMARY KEY,"
             " is_active BOOLEAN NOT NULL,"
             " last_seen BIGINT,"
             " failures INTEGER NOT NULL,"
             " added_at BIGINT NOT NULL)",
             "CREATE TABLE mempool ("
             " txid TEXT PRIMARY KEY,"
             " data ${BINARY} NOT NULL,"
             " fee BIGINT NOT NULL,"
             " size INTEGER NOT NULL,"
             " received_at BIGINT NOT NULL)",
         }},
        {2,
         "spent-output indexes hold spent outputs only",
         {
             // Unspent rows (spent_height NULL) no longer enter these two indexes, which takes
             // two index insertions off every output a block creates.
             "DROP INDEX outputs_spent_address",
             "DROP INDEX outputs_spent_height",
             "CREATE INDEX outputs_spent_address ON outputs (pubkey_hash, spent_height) WHERE "
             "spent_height IS NOT NULL",
             "CREATE INDEX outputs_spent_height ON outputs (spent_height) WHERE spent_height IS "
             "NOT NULL",
         }},
        {3,
         "transactions are found through the outputs table",
         {
             // Every transaction has an output (a consensus rule) and the outputs table keys
             // them by (txid, vout), so it already answers "is this txid in the active chain,
             // and at what height"; a second table cost a third of each block's writes.
             "DROP TABLE chain_txs",
         }},
        {4,
         "disconnecting a block finds its outputs by primary key",
         {
             // Only disconnecting a block looked outputs up by height; it now uses the block's
             // own txids and inputs, and every connected block has two index insertions per
             // output and per spend fewer.
             "DROP INDEX outputs_height",
             "DROP INDEX outputs_spent_height",
         }},
        {5,
         "peers the owner chose",
         {
             // Peers the owner added are never dropped for failing or to make room for
             // others; earlier tables may hold URLs anyone announced, so none count as chosen.
             "ALTER TABLE peers ADD COLUMN chosen_by_owner INTEGER NOT NULL DEFAULT 0",
         }},
        {6,
         "an address's unspent outputs are kept in paging order",
         {
             // GET /utxos pages by (height, txid, vout): with the order in the index, a page is
             // read from where the last ended instead of sorting every output of the address.
             "DROP INDEX outputs_unspent_address",
             "CREATE INDEX outputs_unspent_address ON outputs (pubkey_hash, height, txid, vout) "
             "WHERE spent_txid IS NULL",
         }},
        {7,
         "blocks of every branch are found by height",
         {
             // The app's fork tree reads every stored block near the tip, on any branch.
             "CREATE INDEX blocks_height ON blocks (height, seq)",
         }},
        {8,
         "an address's outputs are found through its unspent and spent indexes only",
         {
             // Every output is in one of the two partial indexes by address; a third index of
             // all outputs cost each created output, and each spend on PostgreSQL (where an
             // update writes a new entry in every index), one more index write.
             "DROP INDEX outputs_address",
         }},
        {9,
         "block bodies in a table of their own",
         {
             // SQLite rewrites a row whole when its size changes, overflow pages and all: each
             // block's status going from 'stored' to 'valid' wrote its body a second time, and
             // zeroed the first copy's pages (Debian builds SQLite with SECURE_DELETE): a
             // quarter of what connecting a 1,000-tx block wrote. A block's record is updated;
             // its body, once written, only ever is when another body replaces it.
             "CREATE TABLE block_bodies (hash TEXT PRIMARY KEY, data ${BINARY} NOT NULL)",
             "INSERT INTO block_bodies (hash, data) SELECT hash, data FROM blocks",
             "ALTER TABLE blocks DROP COLUMN data",
             // PostgreSQL only marks a dropped column as dropped: rows keep its values until
             // written again. Writing each record again (without the body) lets vacuum free
             // the space the bodies held; on SQLite, DROP COLUMN did that already (their pages
             // stay in the file, free for new blocks) and this changes nothing.
             "UPDATE blocks SET status = status",
         }},
        {10,
         "outputs keep txids and addresses as their bytes",
         {
             // As 64 and 40 hex characters they made each row 52 bytes larger than the bytes
             // themselves (84 once spent), each entry of the key (txid, vout) 32 and each of the
             // unspent-address index 52. A block's outputs enter the key at random places, so
             // the more of it the page cache holds, the fewer pages a block reads and writes.
             // (Copied in the old key's order: hex sorts as its bytes do.)
             "CREATE TABLE outputs_v10 ("
             " txid ${BINARY} NOT NULL,"
             " vout INTEGER NOT NULL,"
             " pubkey_hash ${BINARY} NOT NULL,"
             " amount BIGINT NOT NULL,"
             " height INTEGER NOT NULL,"
             " coinbase BOOLEAN NOT NULL,"
             " spent_txid ${BINARY},"
             " spent_height INTEGER,"
             " CONSTRAINT outputs_key PRIMARY KEY (txid, vout))",
             "INSERT INTO outputs_v10 (txid, vout, pubkey_hash, amount, height, coinbase, "
             "spent_txid, spent_height) SELECT ${UNHEX:txid}, vout, ${UNHEX:pubkey_hash}, "
             "amount, height, coinbase, ${UNHEX:spent_txid}, spent_height FROM outputs ORDER BY "
             "txid, vout",
             "DROP TABLE outputs",
             "ALTER TABLE outputs_v10 RENAME TO outputs",
             "CREATE INDEX outputs_unspent_address ON outputs (pubkey_hash, height, txid, vout) "
             "WHERE spent_txid IS NULL",
             "CREATE INDEX outputs_spent_address ON outputs (pubkey_hash, spent_height) WHERE "
             "spent_height IS NOT NULL",
         }},
    };
    return all;
}

} // namespace

int latestSchemaVersion() {
    return migrations().back().version;
}

int schemaVersion(Database& db) {
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version INTEGER PRIMARY KEY,"
               " description TEXT NOT NULL,"
               " applied_at BIGINT NOT NULL)");
    QSqlQuery& q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    db.run(q);
    // Read whole: a version past 32 bits (SQLite keys are 64) is a newer one, not a truncated
    // one; one below 0 is no version this program or a newer one wrote.
    const std::optional<std::int64_t> version =
        q.next() ? integerValue(q.value(0)) : std::optional<std::int64_t>(0);
    q.finish();
    if (!version || *version < 0)
        throw StoreError(QStringLiteral("%1 is corrupt: its schema version is not one MiniBitcoin "
                                        "writes; use another data directory / database")
                             .arg(db.location().describe())
                             .toStdString(),
                         StoreError::Kind::Corrupt, db.location().displayName());
    return int(std::min<std::int64_t>(*version, INT_MAX));
}

void migrate(Database& db) {
    migrateTo(db, latestSchemaVersion());
}

void migrateTo(Database& db, int version) {
    const int current = schemaVersion(db);
    if (current > latestSchemaVersion())
        throw StoreError(QStringLiteral("%1 has schema version %2, newer than this MiniBitcoin "
                                        "understands (%3); upgrade MiniBitcoin or use another "
                                        "data directory / database")
                             .arg(db.location().describe())
                             .arg(current)
                             .arg(latestSchemaVersion())
                             .toStdString(),
                         StoreError::Kind::NewerSchema, db.location().displayName());
    for (const Migration& m : migrations()) {
        if (m.version <= current || m.version > version)
            continue;
        Database::Transaction tx(db);
        for (const QString& statement : m.statements)
            db.execute(SqlDialect::schema(db.dialect(), statement));
        QSqlQuery& record = db.prepare(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)");
        record.addBindValue(m.version);
        record.addBindValue(QString::fromUtf8(m.description));
        record.addBindValue(QDateTime::currentSecsSinceEpoch());
        db.run(record);
        tx.commit();
    }
}

} // namespace mbc::store
