#include "store/sql_chain_store.h"

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/bulk_sql.h"
#include "store/sql_dialect.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QStringList>
#include <QVariant>

namespace mbc::store {
namespace {

const char* const kRecordColumnNames[kBlockRecordColumnCount] = {
    "hash",  "prev_hash",  "height", "version", "merkle_root", "timestamp", "target",
    "nonce", "chain_work", "status", "seq",     "size",        "tx_count",  "received_at"};

} // namespace

QString blockRecordColumns(const QString& prefix) {
    QStringList columns;
    for (const char* name : kRecordColumnNames)
        columns << prefix + QString::fromLatin1(name);
    return columns.join(", ");
}

BlockRecord readBlockRecord(const QSqlQuery& q) {
    BlockRecord r;
    r.hash = hashFromText(q.value(0).toString());
    r.header.prevHash = hashFromText(q.value(1).toString());
    r.height = q.value(2).toUInt();
    r.header.version = q.value(3).toInt();
    r.header.merkleRoot = hashFromText(q.value(4).toString());
    r.header.timestamp = static_cast<std::uint32_t>(q.value(5).toLongLong());
    r.header.target = workFromText(q.value(6).toString());
    r.header.nonce = static_cast<std::uint32_t>(q.value(7).toLongLong());
    r.chainWork = workFromText(q.value(8).toString());
    const auto status = parseBlockStatus(q.value(9).toString().toStdString());
    if (!status)
        throw StoreError("block " + r.hash.hex() + " has unknown status " +
                         q.value(9).toString().toStdString());
    r.status = *status;
    r.seq = q.value(10).toLongLong();
    r.size = q.value(11).toUInt();
    r.txCount = q.value(12).toUInt();
    r.receivedAt = q.value(13).toLongLong();
    return r;
}

namespace {

std::int64_t utxoDeltaOf(const Block& block) {
    std::int64_t delta = 0;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        delta += static_cast<std::int64_t>(block.transactions[i].outputs.size());
        if (i > 0)
            delta -= static_cast<std::int64_t>(block.transactions[i].inputs.size());
    }
    return delta;
}

} // namespace

QString hexText(const Hash256& hash) {
    return QString::fromLatin1(hash.hex());
}

QString workText(const UInt256& value) {
    return QString::fromLatin1(toHex(value.toBigEndian()));
}

Hash256 hashFromText(const QString& text) {
    auto h = Hash256::fromHex(text.toStdString());
    if (!h)
        throw StoreError("the store holds a malformed hash '" + text.toStdString() + "'");
    return *h;
}

UInt256 workFromText(const QString& text) {
    const auto h = Hash256::fromHex(text.toStdString());
    if (!h)
        throw StoreError("the store holds a malformed 256-bit value '" + text.toStdString() + "'");
    return UInt256::fromBigEndian(h->bytes);
}

SqlChainStore::SqlChainStore(Database& db)
    : db_(db) {}

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
    if (const auto& known = cache().tip)
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
    cache_.tip = t;
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
    QSqlQuery& q = db_.prepare("SELECT data FROM blocks WHERE hash = ?");
    q.addBindValue(hexText(hash));
    db_.run(q);
    std::optional<Bytes> out;
    if (q.next()) {
        const QByteArray data = q.value(0).toByteArray();
        out = Bytes(data.begin(), data.end());
    }
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

void SqlChainStore::addBlock(BlockRecord& r, ByteSpan bytes) {
    if (nextSeq_ < 0) {
        QSqlQuery& q = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM blocks");
        db_.run(q);
        nextSeq_ = (q.next() ? q.value(0).toLongLong() : 0) + 1;
        q.finish();
    }
    r.seq = nextSeq_++;
    QSqlQuery& q = db_.prepare("INSERT INTO blocks (" + blockRecordColumns() +
                               ", data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(hexText(r.hash));
    q.addBindValue(hexText(r.header.prevHash));
    q.addBindValue(static_cast<qint64>(r.height));
    q.addBindValue(r.header.version);
    q.addBindValue(hexText(r.header.merkleRoot));
    q.addBindValue(static_cast<qint64>(r.header.timestamp));
    q.addBindValue(workText(r.header.target));
    q.addBindValue(static_cast<qint64>(r.header.nonce));
    q.addBindValue(workText(r.chainWork));
    q.addBindValue(QString::fromLatin1(blockStatusName(r.status).data()));
    q.addBindValue(static_cast<qint64>(r.seq));
    q.addBindValue(static_cast<qint64>(r.size));
    q.addBindValue(static_cast<qint64>(r.txCount));
    q.addBindValue(static_cast<qint64>(r.receivedAt));
    q.addBindValue(QByteArray(reinterpret_cast<const char*>(bytes.data()),
                              static_cast<qsizetype>(bytes.size())));
    db_.run(q);
    if (r.status == BlockStatus::Stored || r.status == BlockStatus::Valid)
        cache().candidateAdded({r.hash, r.chainWork, r.seq});
}

std::optional<Hash256> SqlChainStore::bestCandidate() {
    if (const auto& known = cache().best)
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
    cache_.best = best;
    return best ? std::optional(best->hash) : std::nullopt;
}

void SqlChainStore::markInvalid(const Hash256& hash) {
    Database::Transaction tx(db_);
    QSqlQuery& self = db_.prepare("UPDATE blocks SET status = 'invalid' WHERE hash = ?");
    self.addBindValue(hexText(hash));
    db_.run(self);
    QSqlQuery& descendants = db_.prepare(
        "WITH RECURSIVE d(hash) AS ("
        " SELECT hash FROM blocks WHERE prev_hash = ?"
        " UNION SELECT b.hash FROM blocks b JOIN d ON b.prev_hash = d.hash)"
        " UPDATE blocks SET status = 'invalid-parent' WHERE hash IN (SELECT hash FROM d)");
    descendants.addBindValue(hexText(hash));
    db_.run(descendants);
    tx.commit();
    cache().best.reset();
}

std::vector<Bytes> SqlChainStore::removeBranch(const Hash256& hash, std::size_t keepAtMost,
                                               std::size_t keepBytes) {
    static const QString descendants =
        QStringLiteral("WITH RECURSIVE d(hash) AS ("
                       " SELECT hash FROM blocks WHERE prev_hash = ?"
                       " UNION SELECT b.hash FROM blocks b JOIN d ON b.prev_hash = d.hash) ");
    Database::Transaction tx(db_);
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
            db_.prepare(descendants + "SELECT b.data FROM blocks b JOIN d ON b.hash = d.hash"
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
    QSqlQuery& remove =
        db_.prepare(descendants + "DELETE FROM blocks WHERE hash = ? OR hash IN (SELECT hash "
                                  "FROM d)");
    remove.addBindValue(hexText(hash));
    remove.addBindValue(hexText(hash));
    db_.run(remove);
    tx.commit();
    cache().best.reset();
    return kept;
}

void SqlChainStore::replaceBody(const Hash256& hash, ByteSpan bytes, std::uint32_t txCount) {
    QSqlQuery& q = db_.prepare("UPDATE blocks SET data = ?, size = ?, tx_count = ? WHERE hash = ?"
                               " AND status = 'stored'");
    q.addBindValue(QByteArray(reinterpret_cast<const char*>(bytes.data()),
                              static_cast<qsizetype>(bytes.size())));
    q.addBindValue(static_cast<qint64>(bytes.size()));
    q.addBindValue(static_cast<qint64>(txCount));
    q.addBindValue(hexText(hash));
    db_.run(q);
}

std::map<OutPoint, Coin> SqlChainStore::unspentCoins(std::span<const OutPoint> outpoints) {
    return coinsWhere(outpoints, "o.spent_txid IS NULL", std::nullopt);
}

std::map<OutPoint, Coin> SqlChainStore::coinsBefore(std::span<const OutPoint> outpoints,
                                                    std::uint32_t height) {
    return coinsWhere(outpoints, "o.height < ? AND (o.spent_height IS NULL OR o.spent_height >= ?)",
                      height);
}

std::set<Hash256> SqlChainStore::txidsInChain(std::span<const Hash256> txids) {
    return txidsWhere(txids, "1 = 1", std::nullopt);
}

std::set<Hash256> SqlChainStore::txidsInChainBefore(std::span<const Hash256> txids,
                                                    std::uint32_t height) {
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
    JsonRows wanted;
    for (const OutPoint& op : outpoints) {
        wanted.beginRow();
        wanted.add(op.txid);
        wanted.add(std::int64_t(op.index));
        wanted.endRow();
    }
    // Driven from the wanted rows, so each is one primary-key probe rather than a scan of the
    // unspent outputs.
    QSqlQuery& q =
        db_.prepare("SELECT o.txid, o.vout, o.pubkey_hash, o.amount, o.height, o.coinbase FROM " +
                    SqlDialect::wantedOutputs(
                        db_.dialect(), SqlDialect::jsonRows(db_.dialect()),
                        "txid, vout, pubkey_hash, amount, height, coinbase",
                        "o.txid = s.value ->> 0 AND o.vout = CAST(s.value ->> 1 AS BIGINT)",
                        QString::fromLatin1(condition)));
    q.addBindValue(wanted.text());
    bindHeightToEachPlaceholder(q, condition, height);
    db_.run(q);
    while (q.next()) {
        const OutPoint op{hashFromText(q.value(0).toString()), q.value(1).toUInt()};
        Coin c;
        c.output.pubkeyHash = *PubKeyHash::fromHex(q.value(2).toString().toStdString());
        c.output.amount = q.value(3).toLongLong();
        c.height = q.value(4).toUInt();
        c.coinbase = q.value(5).toBool();
        found.emplace(op, c);
    }
    q.finish();
    return found;
}

std::set<Hash256> SqlChainStore::txidsWhere(std::span<const Hash256> txids, const char* condition,
                                            std::optional<std::uint32_t> height) {
    std::set<Hash256> present;
    if (txids.empty())
        return present;
    const JsonRows wanted = JsonRows::ofHashes(txids);
    // Every tx has an output, so the outputs' primary key indexes the chain's txids (and all
    // outputs of a tx have its height).
    QSqlQuery& q = db_.prepare(
        "SELECT DISTINCT o.txid FROM " +
        SqlDialect::wantedOutputs(db_.dialect(), SqlDialect::jsonRows(db_.dialect()), "txid",
                                  "o.txid = s.value ->> 0", QString::fromLatin1(condition)));
    q.addBindValue(wanted.text());
    bindHeightToEachPlaceholder(q, condition, height);
    db_.run(q);
    while (q.next())
        present.insert(hashFromText(q.value(0).toString()));
    q.finish();
    return present;
}

bool SqlChainStore::insertOutputs(const Block& block, std::uint32_t height,
                                  std::span<const Hash256> txids) {
    JsonRows rows;
    std::size_t count = 0;
    for (std::size_t t = 0; t < block.transactions.size(); ++t)
        for (std::size_t o = 0; o < block.transactions[t].outputs.size(); ++o) {
            const TxOut& out = block.transactions[t].outputs[o];
            rows.beginRow();
            rows.add(txids[t]);
            rows.add(std::int64_t(o));
            rows.addQuoted(out.pubkeyHash.hex());
            rows.add(std::int64_t(out.amount));
            rows.add(t == 0);
            rows.endRow();
            ++count;
        }
    // A txid the chain has already is refused by its rule (validation), not by the key: the
    // conflict only tells that there is one. ("WHERE true" keeps SQLite from reading ON
    // CONFLICT as a join's ON.)
    QSqlQuery& q = db_.prepare(
        "INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, coinbase)"
        " SELECT value ->> 0, CAST(value ->> 1 AS BIGINT), value ->> 2,"
        " CAST(value ->> 3 AS BIGINT), CAST(? AS BIGINT), CAST(value ->> 4 AS BOOLEAN) FROM " +
        SqlDialect::jsonRows(db_.dialect()) + " WHERE true ON CONFLICT DO NOTHING");
    q.addBindValue(static_cast<qint64>(height));
    q.addBindValue(rows.text());
    db_.run(q);
    return std::size_t(q.numRowsAffected()) == count;
}

namespace {

// The coin in columns 2..5 (pubkey_hash, amount, height, coinbase) of a spent output as it
// was, unless the block at `height` created it (validation finds those in the block).
std::optional<Coin> coinFromRow(const QSqlQuery& q, std::uint32_t height) {
    const std::uint32_t createdAt = q.value(4).toUInt();
    if (createdAt >= height)
        return std::nullopt;
    Coin c;
    c.output.pubkeyHash = *PubKeyHash::fromHex(q.value(2).toString().toStdString());
    c.output.amount = q.value(3).toLongLong();
    c.height = createdAt;
    c.coinbase = q.value(5).toBool();
    return c;
}

// [prev txid, prev vout, spender txid] for every input of the block's non-coinbase txs.
JsonRows spendRows(const Block& block, std::span<const Hash256> txids, std::size_t* count) {
    JsonRows spends;
    *count = 0;
    for (std::size_t t = 1; t < block.transactions.size(); ++t)
        for (const TxIn& in : block.transactions[t].inputs) {
            spends.beginRow();
            spends.add(in.prevout.txid);
            spends.add(std::int64_t(in.prevout.index));
            spends.add(txids[t]);
            spends.endRow();
            ++*count;
        }
    return spends;
}

} // namespace

std::size_t SqlChainStore::markSpent(const Block& block, std::uint32_t height,
                                     std::span<const Hash256> txids, std::size_t* expected,
                                     std::map<OutPoint, Coin>& coinsBefore) {
    const JsonRows spends = spendRows(block, txids, expected);
    if (*expected == 0)
        return 0;
    // The rows as they were come back with the update: the coins validation needs, without a
    // read of their own. (s's columns have names of their own, so that RETURNING's are the
    // outputs table's in both dialects.) On PostgreSQL each spent row is found by primary key
    // first and updated by its row id (SqlDialect::wantedOutputs says why).
    const QString wanted = "s AS (SELECT value ->> 0 AS prev_txid, CAST(value ->> 1 AS BIGINT)"
                           " AS prev_vout, value ->> 2 AS spender FROM " +
                           SqlDialect::jsonRows(db_.dialect()) + ")";
    const QString spent =
        db_.dialect() == Dialect::Sqlite
            ? "WITH " + wanted +
                  " UPDATE outputs SET spent_txid = s.spender, spent_height = CAST(? AS BIGINT)"
                  " FROM s WHERE outputs.txid = s.prev_txid AND outputs.vout = s.prev_vout"
                  " AND outputs.spent_txid IS NULL"
            : "WITH " + wanted + ", t AS (SELECT o.row_id, s.spender FROM " +
                  SqlDialect::wantedOutputs(db_.dialect(), "s", "ctid AS row_id",
                                            "o.txid = s.prev_txid AND o.vout = s.prev_vout",
                                            "o.spent_txid IS NULL") +
                  ") UPDATE outputs SET spent_txid = t.spender, spent_height = CAST(? AS BIGINT)"
                  " FROM t WHERE outputs.ctid = t.row_id AND outputs.spent_txid IS NULL";
    QSqlQuery& q =
        db_.prepare(spent + " RETURNING txid, vout, pubkey_hash, amount, height, coinbase");
    q.addBindValue(spends.text());
    q.addBindValue(static_cast<qint64>(height));
    db_.run(q);
    const auto done = qScopeGuard([&q] { q.finish(); }); // a statement left open blocks COMMIT
    std::size_t found = 0;
    while (q.next()) {
        ++found;
        if (const auto coin = coinFromRow(q, height))
            coinsBefore.emplace(OutPoint{hashFromText(q.value(0).toString()), q.value(1).toUInt()},
                                *coin);
    }
    return found;
}

namespace {

const char* const kSetTip = "UPDATE chain_state SET tip_hash = ?, tip_height = ?, chain_work = ?,"
                            " utxo_count = utxo_count + ?, updated_at = ? WHERE id = 1";

} // namespace

void SqlChainStore::setTip(const std::optional<Hash256>& hash, std::int64_t height,
                           const UInt256& work, std::int64_t utxoDelta) {
    QSqlQuery& q = db_.prepare(QString::fromLatin1(kSetTip));
    bindTipAndRun(q, hash, height, work, utxoDelta);
}

void SqlChainStore::bindTipAndRun(QSqlQuery& q, const std::optional<Hash256>& hash,
                                  std::int64_t height, const UInt256& work,
                                  std::int64_t utxoDelta) {
    q.addBindValue(hash ? QVariant(hexText(*hash)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(static_cast<qint64>(height));
    q.addBindValue(workText(work));
    q.addBindValue(static_cast<qint64>(utxoDelta));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    db_.run(q);
    if (auto& known = cache().tip)
        *known = ChainTip{hash, height, work,
                          static_cast<std::uint64_t>(std::int64_t(known->utxoCount) + utxoDelta)};
}

// The block takes its height in the active chain, becomes valid and becomes the tip. On
// PostgreSQL the three writes go in one statement: each statement is a round trip to the
// server, which costs more than these writes do.
void SqlChainStore::makeTip(const BlockRecord& r, std::int64_t utxoDelta) {
    static const QString kActive =
        QStringLiteral("INSERT INTO active_chain (height, hash) VALUES (?, ?)");
    static const QString kValid =
        QStringLiteral("UPDATE blocks SET status = 'valid' WHERE hash = ?");
    if (db_.dialect() == Dialect::Postgres) {
        QSqlQuery& q = db_.prepare("WITH a AS (" + kActive + "), v AS (" + kValid + ") " +
                                   QString::fromLatin1(kSetTip));
        q.addBindValue(static_cast<qint64>(r.height));
        q.addBindValue(hexText(r.hash));
        q.addBindValue(hexText(r.hash));
        bindTipAndRun(q, r.hash, r.height, r.chainWork, utxoDelta);
    } else {
        QSqlQuery& active = db_.prepare(kActive);
        active.addBindValue(static_cast<qint64>(r.height));
        active.addBindValue(hexText(r.hash));
        db_.run(active);
        QSqlQuery& valid = db_.prepare(kValid);
        valid.addBindValue(hexText(r.hash));
        db_.run(valid);
        setTip(r.hash, r.height, r.chainWork, utxoDelta);
    }
    cache().setActiveAt(r.height, r.hash);
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

namespace {

// An open SQL transaction holding a block's connection; rolled back unless committed.
class SqlPendingConnect final : public ChainStore::PendingConnect {
public:
    SqlPendingConnect(Database& db, std::uint32_t height)
        : tx_(db)
        , height_(height) {}
    void commit() override {
        if (spentFound_ != spentExpected_)
            throw StoreError("connecting block at height " + std::to_string(height_) + " spent " +
                             std::to_string(spentFound_) + " stored outputs but the block spends " +
                             std::to_string(spentExpected_) + ": the store is inconsistent");
        tx_.commit();
    }

    Database::Transaction tx_;
    std::uint32_t height_;
    std::size_t spentFound_ = 0;
    std::size_t spentExpected_ = 0;
};

} // namespace

ChainStore::StagedConnect SqlChainStore::stageConnectTip(const Block& block, const BlockRecord& r,
                                                         std::span<const Hash256> txids) {
    StagedConnect staged;
    auto pending = std::make_unique<SqlPendingConnect>(db_, r.height);
    if (!insertOutputs(block, r.height, txids)) {
        // On a sound store only a txid of an earlier block keeps an output out; rows of this
        // height or above would be left over from a block that was not disconnected whole.
        staged.txidsInChainBefore = txidsInChainBefore(txids, r.height);
        if (staged.txidsInChainBefore.empty())
            throw StoreError("connecting block at height " + std::to_string(r.height) +
                             ": the outputs table already holds outputs of its txs that no "
                             "earlier block made: the store is inconsistent");
    }
    pending->spentFound_ =
        markSpent(block, r.height, txids, &pending->spentExpected_, staged.spentCoins);

    makeTip(r, utxoDeltaOf(block));
    staged.pending = std::move(pending);
    return staged;
}

void SqlChainStore::disconnectTip(const Block& block, const BlockRecord& r) {
    Database::Transaction tx(db_);
    // By primary key, from the block itself: the outputs it created go, the ones it spent are
    // unspent again (no index on heights needed).
    const std::vector<Hash256> txids = computeTxids(block);
    QSqlQuery& created = db_.prepare("DELETE FROM outputs WHERE txid IN (SELECT value ->> 0 FROM " +
                                     SqlDialect::jsonRows(db_.dialect()) + ")");
    created.addBindValue(JsonRows::ofHashes(txids).text());
    db_.run(created);
    std::size_t spendCount = 0;
    const JsonRows spends = spendRows(block, txids, &spendCount);
    if (spendCount > 0) {
        QSqlQuery& spent = db_.prepare(
            "WITH s AS (SELECT value ->> 0 AS txid, CAST(value ->> 1 AS BIGINT) AS vout FROM " +
            SqlDialect::jsonRows(db_.dialect()) +
            ") UPDATE outputs SET spent_txid = NULL, spent_height = NULL FROM s"
            " WHERE outputs.txid = s.txid AND outputs.vout = s.vout");
        spent.addBindValue(spends.text());
        db_.run(spent);
    }
    QSqlQuery& active = db_.prepare("DELETE FROM active_chain WHERE height = ?");
    const qint64 height = r.height;
    active.addBindValue(height);
    db_.run(active);
    cache().setActiveAt(r.height, std::nullopt);
    const UInt256 parentWork = r.chainWork - blockWork(r.header.target);
    if (r.header.isGenesis())
        setTip(std::nullopt, -1, UInt256(), -utxoDeltaOf(block));
    else
        setTip(r.header.prevHash, height - 1, parentWork, -utxoDeltaOf(block));
    tx.commit();
}

} // namespace mbc::store
