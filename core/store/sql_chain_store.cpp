#include "store/sql_chain_store.h"

#include "consensus/primitives/amount.h"
#include "store/bulk_sql.h"
#include "store/sql_dialect.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QStringList>
#include <QVariant>

namespace mbc::store {
namespace {

// For the block tables' own transactions: nothing in them reads or writes the outputs a batch
// holds, so inside a batch they leave them held.
constexpr auto kBlocksOnly = Database::Transaction::Deferred::Keep;

} // namespace

SqlChainStore::SqlChainStore(Database& db)
    : db_(db) {
    db_.addDeferredWrites(this);
}

SqlChainStore::~SqlChainStore() {
    db_.removeDeferredWrites(this);
}

std::optional<Hash256> SqlChainStore::firstHash(QSqlQuery& q) {
    db_.run(q);
    std::optional<Hash256> h;
    if (q.next())
        h = hashFromText(q.value(0).toString());
    q.finish();
    return h;
}

ChainStateCache& SqlChainStore::cache() {
    cache_.checkUndone(db_.undoCount());
    return cache_;
}

ChainTip SqlChainStore::tip() {
    if (const auto& known = cache().tip())
        return *known;
    QSqlQuery& q = db_.prepare(
        "SELECT tip_hash, tip_height, chain_work, utxo_count FROM chain_state WHERE id = 1");
    db_.run(q);
    ChainTip t;
    if (q.next()) {
        if (!q.value(0).isNull())
            t.hash = hashFromText(q.value(0).toString());
        t.height = q.value(1).toLongLong();
        t.chainWork = workFromText(q.value(2).toString());
        t.utxoCount = q.value(3).toULongLong();
    }
    q.finish();
    cache_.rememberTip(t);
    return t;
}

std::optional<BlockRecord> SqlChainStore::blockRecord(const Hash256& hash) {
    return storedBlockRecord(db_, hash);
}

std::optional<BlockRecord> storedBlockRecord(Database& db, const Hash256& hash) {
    QSqlQuery& q = db.prepare("SELECT " + blockRecordColumns() + " FROM blocks WHERE hash = ?");
    q.addBindValue(hexText(hash));
    db.run(q);
    std::optional<BlockRecord> r;
    if (q.next())
        r = readBlockRecord(q);
    q.finish();
    return r;
}

std::optional<Bytes> SqlChainStore::blockBytes(const Hash256& hash) {
    // A body longer than any block is not the block's: it reads as missing, and the block is
    // welcome again from a peer like one whose body went missing.
    QSqlQuery& q = db_.prepare("SELECT " + boundedBodyColumns(db_.dialect(), "data") +
                               " FROM block_bodies WHERE hash = ?");
    q.addBindValue(hexText(hash));
    db_.run(q);
    std::optional<Bytes> out;
    if (q.next())
        out = boundedBody(q, 0);
    q.finish();
    return out;
}

std::optional<Hash256> SqlChainStore::activeHashAt(std::uint32_t height) {
    if (const auto known = cache().activeAt(height))
        return *known;
    QSqlQuery& q = db_.prepare("SELECT hash FROM active_chain WHERE height = ?");
    q.addBindValue(static_cast<qint64>(height));
    const std::optional<Hash256> hash = firstHash(q);
    cache_.setActiveAt(height, hash);
    return hash;
}

namespace {

// A block's record, in blockRecordColumns()' order.
std::vector<QVariant> recordValues(const BlockRecord& r) {
    return {hexText(r.hash),
            hexText(r.header.prevHash),
            static_cast<qint64>(r.height),
            r.header.version,
            hexText(r.header.merkleRoot),
            static_cast<qint64>(r.header.timestamp),
            workText(r.header.target),
            static_cast<qint64>(r.header.nonce),
            workText(r.chainWork),
            QString::fromLatin1(blockStatusName(r.status).data()),
            static_cast<qint64>(r.seq),
            static_cast<qint64>(r.size),
            static_cast<qint64>(r.txCount),
            static_cast<qint64>(r.receivedAt)};
}

} // namespace

void SqlChainStore::addBlock(BlockRecord& r, ByteSpan bytes) {
    if (nextSeq_ < 0) {
        QSqlQuery& q = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM blocks");
        db_.run(q);
        nextSeq_ = (q.next() ? q.value(0).toLongLong() : 0) + 1;
        q.finish();
    }
    r.seq = nextSeq_++;
    // The record and the body go in together: on PostgreSQL in one statement (a round trip
    // costs more than the write), with the body sent as its bytes (Database::runWithParameters
    // says why); on SQLite in two within one transaction.
    const std::vector<QVariant> record = recordValues(r);
    if (db_.dialect() == Dialect::Postgres) {
        using Parameter = Database::Parameter;
        static const QByteArray kRecordAndBody =
            ("WITH b AS (INSERT INTO blocks (" + blockRecordColumns() +
             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14))"
             " INSERT INTO block_bodies (hash, data) VALUES ($1, $15)")
                .toUtf8();
        std::vector<Parameter> values;
        for (const QVariant& v : record)
            values.push_back({v.toString().toUtf8()});
        values.push_back({QByteArray::fromRawData(reinterpret_cast<const char*>(bytes.data()),
                                                  qsizetype(bytes.size())),
                          Parameter::Format::Binary});
        db_.runWithParameters(kRecordAndBody, values);
    } else {
        static const QString kRecord = "INSERT INTO blocks (" + blockRecordColumns() +
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Database::Transaction tx(db_, kBlocksOnly);
        QSqlQuery& q = db_.prepare(kRecord);
        for (const QVariant& v : record)
            q.addBindValue(v);
        db_.run(q);
        QSqlQuery& body = db_.prepare("INSERT INTO block_bodies (hash, data) VALUES (?, ?)");
        body.addBindValue(record.front());
        body.addBindValue(SqlDialect::bytesValue(db_.dialect(), bytes));
        db_.run(body);
        tx.commit();
    }
    if (r.status == BlockStatus::Stored || r.status == BlockStatus::Valid)
        cache().candidateAdded({r.hash, r.chainWork, r.seq});
}

std::optional<Hash256> SqlChainStore::bestCandidate() {
    if (const auto& known = cache().best())
        return *known ? std::optional((*known)->hash) : std::nullopt;
    QSqlQuery& q = db_.prepare("SELECT hash, chain_work, seq FROM blocks"
                               " WHERE status IN ('stored', 'valid')"
                               " ORDER BY chain_work DESC, seq ASC LIMIT 1");
    db_.run(q);
    std::optional<ChainStateCache::Candidate> best;
    if (q.next())
        best = ChainStateCache::Candidate{hashFromText(q.value(0).toString()),
                                          workFromText(q.value(1).toString()),
                                          q.value(2).toLongLong()};
    q.finish();
    cache_.rememberBest(best);
    return best ? std::optional(best->hash) : std::nullopt;
}

namespace {

// The start of a statement that names, as the table d(hash), every stored block descending from
// the block bound to its one placeholder; with `andItself`, that block as well.
QString branchTable(bool andItself) {
    return QStringLiteral("WITH RECURSIVE d(hash) AS (") +
           (andItself ? QStringLiteral("SELECT CAST(? AS TEXT)")
                      : QStringLiteral("SELECT hash FROM blocks WHERE prev_hash = ?")) +
           QStringLiteral(" UNION SELECT b.hash FROM blocks b JOIN d ON b.prev_hash = d.hash) ");
}

} // namespace

void SqlChainStore::markInvalid(const Hash256& hash) {
    Database::Transaction tx(db_, kBlocksOnly);
    QSqlQuery& self = db_.prepare("UPDATE blocks SET status = 'invalid' WHERE hash = ?");
    self.addBindValue(hexText(hash));
    db_.run(self);
    static const QString markDescendants =
        branchTable(false) + "UPDATE blocks SET status = 'invalid-parent' WHERE hash IN (SELECT "
                             "hash FROM d)";
    QSqlQuery& descendants = db_.prepare(markDescendants);
    descendants.addBindValue(hexText(hash));
    db_.run(descendants);
    tx.commit();
    cache().candidatesChanged();
}

std::vector<Bytes> SqlChainStore::removeBranch(const Hash256& hash, std::size_t keepAtMost,
                                               std::size_t keepBytes) {
    static const QString descendants = branchTable(false);
    static const QString branch = branchTable(true);
    Database::Transaction tx(db_, kBlocksOnly);
    QSqlQuery& active = db_.prepare("SELECT COUNT(*) FROM active_chain WHERE hash = ?");
    active.addBindValue(hexText(hash));
    db_.run(active);
    const bool isActive = active.next() && active.value(0).toLongLong() > 0;
    active.finish();
    if (isActive)
        throw StoreError("block " + hash.hex() + " is on the active chain and cannot be removed");

    std::vector<Bytes> kept;
    if (keepAtMost > 0) {
        QSqlQuery& bodies =
            db_.prepare(descendants + "SELECT s.data FROM blocks b JOIN d ON b.hash = d.hash"
                                      " JOIN block_bodies s ON s.hash = b.hash"
                                      " ORDER BY b.height, b.seq LIMIT ?");
        bodies.addBindValue(hexText(hash));
        bodies.addBindValue(static_cast<qint64>(keepAtMost));
        db_.run(bodies);
        std::size_t bytes = 0;
        while (bodies.next()) { // one row at a time: the byte bound holds, not only the count
            const QByteArray data = bodies.value(0).toByteArray();
            bytes += std::size_t(data.size());
            if (bytes > keepBytes)
                break;
            kept.emplace_back(data.begin(), data.end());
        }
        bodies.finish();
    }
    // The bodies first: the branch is found through the records. (IN over one table, not
    // "hash = ? OR IN", which PostgreSQL answers by reading the whole table.)
    for (const char* table : {"block_bodies", "blocks"}) {
        QSqlQuery& remove =
            db_.prepare(branch + "DELETE FROM " + table + " WHERE hash IN (SELECT hash FROM d)");
        remove.addBindValue(hexText(hash));
        db_.run(remove);
    }
    tx.commit();
    cache().candidatesChanged();
    return kept;
}

void SqlChainStore::replaceBody(const Hash256& hash, ByteSpan bytes, std::uint32_t txCount) {
    Database::Transaction tx(db_, kBlocksOnly);
    // The body first: the record's status, unchanged by either, says whether it may go.
    QSqlQuery& body = db_.prepare(
        "UPDATE block_bodies SET data = " + SqlDialect::bytesPlaceholder(db_.dialect()) +
        " WHERE hash = ? AND EXISTS (SELECT 1 FROM blocks b WHERE b.hash = block_bodies.hash"
        " AND b.status = 'stored')");
    body.addBindValue(SqlDialect::bytesValue(db_.dialect(), bytes));
    body.addBindValue(hexText(hash));
    db_.run(body);
    // A record whose body went missing (a damaged store) gets this one: before, the update
    // changed nothing, and each alternate body was spent on it in turn.
    QSqlQuery& missing = db_.prepare(
        "INSERT INTO block_bodies (hash, data) SELECT CAST(? AS TEXT), " +
        SqlDialect::bytesPlaceholder(db_.dialect()) +
        " WHERE NOT EXISTS (SELECT 1 FROM block_bodies s WHERE s.hash = ?)"
        " AND EXISTS (SELECT 1 FROM blocks b WHERE b.hash = ? AND b.status = 'stored')");
    missing.addBindValue(hexText(hash));
    missing.addBindValue(SqlDialect::bytesValue(db_.dialect(), bytes));
    missing.addBindValue(hexText(hash));
    missing.addBindValue(hexText(hash));
    db_.run(missing);
    QSqlQuery& record = db_.prepare(
        "UPDATE blocks SET size = ?, tx_count = ? WHERE hash = ? AND status = 'stored'");
    record.addBindValue(static_cast<qint64>(bytes.size()));
    record.addBindValue(static_cast<qint64>(txCount));
    record.addBindValue(hexText(hash));
    db_.run(record);
    tx.commit();
}

std::map<OutPoint, Coin> SqlChainStore::unspentCoins(std::span<const OutPoint> outpoints) {
    db_.writeDeferred();
    return coinsWhere(outpoints, "o.spent_txid IS NULL", std::nullopt);
}

std::map<OutPoint, Coin> SqlChainStore::coinsBefore(std::span<const OutPoint> outpoints,
                                                    std::uint32_t height) {
    db_.writeDeferred();
    return coinsWhere(outpoints, "o.height < ? AND (o.spent_height IS NULL OR o.spent_height >= ?)",
                      height);
}

std::set<Hash256> SqlChainStore::txidsInChain(std::span<const Hash256> txids) {
    db_.writeDeferred();
    return txidsWhere(txids, "1 = 1", std::nullopt);
}

std::set<Hash256> SqlChainStore::txidsInChainBefore(std::span<const Hash256> txids,
                                                    std::uint32_t height) {
    db_.writeDeferred();
    return txidsWhere(txids, "o.height < ?", height);
}

namespace {

// Each `?` of a query's extra condition stands for the same height.
void bindHeightToEachPlaceholder(QSqlQuery& q, const char* condition,
                                 std::optional<std::uint32_t> height) {
    for (const char* c = condition; height && *c; ++c)
        if (*c == '?')
            q.addBindValue(static_cast<qint64>(*height));
}

} // namespace

std::map<OutPoint, Coin> SqlChainStore::coinsWhere(std::span<const OutPoint> outpoints,
                                                   const char* condition,
                                                   std::optional<std::uint32_t> height) {
    std::map<OutPoint, Coin> found;
    if (outpoints.empty())
        return found;
    BulkRows wanted(db_.dialect(),
                    {{"txid", BulkRows::Type::Bytes}, {"vout", BulkRows::Type::Integer}});
    for (const OutPoint& op : outpoints) {
        wanted.add(op.txid);
        wanted.add(std::int64_t(op.index));
    }
    // Driven from the wanted rows, so each is one primary-key probe rather than a scan of the
    // unspent outputs.
    QSqlQuery& q =
        db_.prepare("SELECT o.txid, o.vout, o.pubkey_hash, o.amount, o.height, o.coinbase FROM " +
                    SqlDialect::wantedOutputs(db_.dialect(), wanted.table("s"),
                                              "o.txid, o.vout, o.pubkey_hash, o.amount, "
                                              "o.height, o.coinbase",
                                              "o.txid = s.txid AND o.vout = s.vout",
                                              QString::fromLatin1(condition)));
    wanted.bind(q);
    bindHeightToEachPlaceholder(q, condition, height);
    db_.run(q);
    const auto done = qScopeGuard([&q] { q.finish(); }); // also when a row is corrupt
    while (q.next()) {
        const OutPoint op{hashFromBytes(q.value(0)), q.value(1).toUInt()};
        found.emplace(op, coinFromColumns(q.value(2), q.value(3), q.value(4), q.value(5)));
    }
    return found;
}

std::set<Hash256> SqlChainStore::txidsWhere(std::span<const Hash256> txids, const char* condition,
                                            std::optional<std::uint32_t> height) {
    std::set<Hash256> present;
    if (txids.empty())
        return present;
    const BulkRows wanted = BulkRows::ofHashes(db_.dialect(), "txid", txids, BulkRows::Type::Bytes);
    // Every tx has an output, so the outputs' primary key indexes the chain's txids (and all
    // outputs of a tx have its height).
    QSqlQuery& q =
        db_.prepare("SELECT DISTINCT o.txid FROM " +
                    SqlDialect::wantedOutputs(db_.dialect(), wanted.table("s"), "o.txid",
                                              "o.txid = s.txid", QString::fromLatin1(condition)));
    wanted.bind(q);
    bindHeightToEachPlaceholder(q, condition, height);
    db_.run(q);
    while (q.next())
        present.insert(hashFromBytes(q.value(0)));
    q.finish();
    return present;
}

void SqlChainStore::probeWrite() {
    Database::Transaction tx(db_);
    // A value that changes: SQLite writes nothing for a row set to what it holds.
    QSqlQuery& q = db_.prepare("UPDATE chain_state SET updated_at = CASE WHEN updated_at = ? "
                               "THEN updated_at + 1 ELSE ? END WHERE id = 1");
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    q.addBindValue(now);
    q.addBindValue(now);
    db_.run(q);
    tx.commit();
}

} // namespace mbc::store
