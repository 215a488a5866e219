// SqlChainStore: connecting a block as the new tip (its outputs, spends, active-chain row,
// status and the tip row, staged uncommitted) and disconnecting the tip block.
#include "store/sql_chain_store.h"

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "store/bulk_sql.h"
#include "store/postgres_arrays.h"
#include "store/sql_dialect.h"
#include "store/sqlite_statement.h"

#include <QDateTime>
#include <QVariant>

#include <algorithm>
#include <numeric>

namespace mbc::store {
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

// The indexes of a block's txs in the order of their txids, the outputs table's key: each row
// then goes in where the last one left the key's pages (in a model of a 1,000-tx block on
// SQLite, 1,000 outputs took 4.8 ms so, 5.2 in the block's order).
std::vector<std::size_t> txsInKeyOrder(std::span<const Hash256> txids) {
    std::vector<std::size_t> order(txids.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return txids[a] < txids[b]; });
    return order;
}

std::vector<SqlChainStore::Spend> inKeyOrder(std::span<const SqlChainStore::Spend> spends) {
    std::vector<SqlChainStore::Spend> sorted(spends.begin(), spends.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return *a.prevout < *b.prevout; });
    return sorted;
}

} // namespace

bool SqlChainStore::insertOutputs(const Block& block, std::uint32_t height,
                                  std::span<const Hash256> txids, bool noneThere) {
    // A txid the chain has already is refused by its rule (validation), not by the key: the
    // conflict only tells that there is one.
    txidsEnterTable(txids);
    if (db_.dialect() == Dialect::Sqlite) {
        SqliteStatement& insert = db_.prepareSqlite(
            "INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, coinbase)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
        insert.bind(5, std::int64_t(height));
        bool all = true;
        for (const std::size_t t : txsInKeyOrder(txids)) {
            insert.bind(1, txids[t].span());
            insert.bind(6, std::int64_t(t == 0));
            const std::vector<TxOut>& outputs = block.transactions[t].outputs;
            for (std::size_t o = 0; o < outputs.size(); ++o) {
                insert.bind(2, std::int64_t(o));
                insert.bind(3, outputs[o].pubkeyHash.span());
                insert.bind(4, std::int64_t(outputs[o].amount));
                all = insert.run() == 1 && all;
            }
        }
        return all;
    }
    Q_ASSERT(db_.dialect() == Dialect::Postgres); // (SQLite would read ON CONFLICT as a join's ON)
    using Type = PostgresArrays::Type;
    PostgresArrays rows({{"txid", Type::Bytes},
                         {"vout", Type::BigInt},
                         {"pubkey_hash", Type::Bytes},
                         {"amount", Type::BigInt},
                         {"coinbase", Type::Flag}});
    for (const std::size_t t : txsInKeyOrder(txids))
        for (std::size_t o = 0; o < block.transactions[t].outputs.size(); ++o) {
            const TxOut& out = block.transactions[t].outputs[o];
            rows.add(txids[t]);
            rows.add(std::int64_t(o));
            rows.add(out.pubkeyHash.span());
            rows.add(std::int64_t(out.amount));
            rows.add(t == 0);
        }
    std::vector<Database::Parameter> values{{QByteArray::number(height)}};
    rows.appendParameters(values);
    const QByteArray sql =
        "INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, coinbase)"
        " SELECT r.txid, r.vout, r.pubkey_hash, r.amount, CAST($1 AS BIGINT), r.coinbase FROM " +
        rows.table("r", 2) + (noneThere ? "" : " ON CONFLICT DO NOTHING");
    const auto insert = [&] { return db_.runWithParameters(sql, values); };
    const std::int64_t inserted =
        noneThere ? runInsertOfNewKeys(insert, "the outputs of a block whose txids the filter "
                                               "said the table had none of")
                  : insert();
    return std::size_t(inserted) == rows.rows();
}

std::vector<SqlChainStore::Spend> SqlChainStore::spendsOf(const Block& block,
                                                          std::span<const Hash256> txids) {
    std::vector<Spend> spends;
    for (std::size_t t = 1; t < block.transactions.size(); ++t)
        for (const TxIn& in : block.transactions[t].inputs)
            spends.push_back(Spend{&in.prevout, &txids[t]});
    return spends;
}

namespace {

// (prev_txid, prev_vout, spender) for each of `spends`.
BulkRows spendRows(Dialect dialect, std::span<const SqlChainStore::Spend> spends) {
    using Type = BulkRows::Type;
    BulkRows rows(
        dialect,
        {{"prev_txid", Type::Bytes}, {"prev_vout", Type::Integer}, {"spender", Type::Bytes}});
    for (const SqlChainStore::Spend& spend : spends) {
        rows.add(spend.prevout->txid);
        rows.add(std::int64_t(spend.prevout->index));
        rows.add(*spend.spender);
    }
    return rows;
}

// An UPDATE of the outputs that `spends` (a FROM-clause table of spendRows' columns, or of
// others with the same first two) names and `condition` picks, setting `assignments`, in which
// `w.<column>` is a column of `spends` (`w.spender`: the spending txid). On PostgreSQL each row
// is found by primary key first and updated by its row id (SqlDialect::wantedOutputs says why).
QString updateSpentOutputs(Dialect dialect, const QString& spends, const QString& assignments,
                           const QString& condition) {
    if (dialect == Dialect::Sqlite)
        return "WITH w AS (SELECT * FROM " + spends + ") UPDATE outputs SET " + assignments +
               " FROM w WHERE outputs.txid = w.prev_txid AND outputs.vout = w.prev_vout AND "
               "outputs." +
               condition;
    return "WITH s AS (SELECT * FROM " + spends + "), w AS (SELECT o.row_id, s.* FROM " +
           SqlDialect::wantedOutputs(dialect, "s", "o.ctid AS row_id",
                                     "o.txid = s.prev_txid AND o.vout = s.prev_vout",
                                     "o." + condition) +
           ") UPDATE outputs SET " + assignments +
           " FROM w WHERE outputs.ctid = w.row_id AND outputs." + condition;
}

} // namespace

namespace {

// The coin in a row's first four columns (pubkey_hash, amount, height, coinbase), read before
// the statement is reset (one left running would block the COMMIT) and then checked.
Coin takeCoin(SqliteStatement& row) {
    const std::optional<ByteSpan> pubkeyBytes = row.bytes(0);
    const std::optional<Bytes> pubkeyHash =
        pubkeyBytes ? std::optional<Bytes>(std::in_place, pubkeyBytes->begin(), pubkeyBytes->end())
                    : std::nullopt;
    const std::optional<std::int64_t> amount = row.integer(1);
    const std::optional<std::int64_t> createdAt = row.integer(2);
    const std::optional<std::int64_t> coinbase = row.integer(3);
    row.reset();
    return coinFromColumns(pubkeyHash, amount, createdAt, coinbase);
}

} // namespace

std::size_t SqlChainStore::markSpent(std::span<const Spend> spends, std::uint32_t height,
                                     std::map<OutPoint, Coin>& coinsBefore) {
    if (spends.empty())
        return 0;
    if (db_.dialect() == Dialect::Sqlite)
        return markSpentOneByOne(spends, height, coinsBefore);
    using Type = PostgresArrays::Type;
    PostgresArrays rows(
        {{"prev_txid", Type::Bytes}, {"prev_vout", Type::BigInt}, {"spender", Type::Bytes}});
    for (const Spend& spend : inKeyOrder(spends)) {
        rows.add(spend.prevout->txid);
        rows.add(std::int64_t(spend.prevout->index));
        rows.add(*spend.spender);
    }
    std::vector<Database::Parameter> values{{QByteArray::number(height)}};
    rows.appendParameters(values);
    // The rows as they were come back with the update: the coins validation needs, without a
    // read of their own. (w's columns have names of their own, so that RETURNING's are the
    // outputs table's.)
    const Database::BinaryRows updated = db_.queryWithParameters(
        updateSpentOutputs(db_.dialect(), QString::fromLatin1(rows.table("r", 2)),
                           "spent_txid = w.spender, spent_height = CAST($1 AS BIGINT)",
                           "spent_txid IS NULL")
                .toUtf8() +
            " RETURNING txid, vout, pubkey_hash, amount, height, coinbase",
        values);
    for (int row = 0; row < updated.rows(); ++row) {
        const QByteArray pubkeyHash = updated.bytes(row, 2);
        const Coin coin = coinFromColumns(bytesOf(pubkeyHash), updated.integer(row, 3),
                                          updated.integer(row, 4), updated.flag(row, 5) ? 1 : 0);
        if (coin.height < height) {
            const QByteArray txid = updated.bytes(row, 0);
            const std::int64_t vout = updated.integer(row, 1);
            if (vout < 0 || vout > UINT32_MAX)
                throw StoreError("the outputs table holds an output numbered " +
                                     std::to_string(vout) + ": the store is corrupt",
                                 StoreError::Kind::Corrupt);
            coinsBefore.emplace(OutPoint{hashFromBytes(bytesOf(txid)), std::uint32_t(vout)}, coin);
        }
    }
    return std::size_t(updated.rows());
}

// SQLite: for each input, the output read by primary key and then updated by row id, through
// SQLite's own interface. (An UPDATE's RETURNING first gathers its rows in a table of its own:
// in a model of a 1,000-tx block, 1,000 spends took 9.3 ms so, 7.3 read then updated.) In the
// key's order, so that one spend's pages are near the last one's.
std::size_t SqlChainStore::markSpentOneByOne(std::span<const Spend> spends, std::uint32_t height,
                                             std::map<OutPoint, Coin>& coinsBefore) {
    SqliteStatement& read =
        db_.prepareSqlite("SELECT pubkey_hash, amount, height, coinbase, rowid FROM outputs"
                          " WHERE txid = ?1 AND vout = ?2 AND spent_txid IS NULL");
    SqliteStatement& spend =
        db_.prepareSqlite("UPDATE outputs SET spent_txid = ?1, spent_height = ?2 WHERE rowid = ?3");
    spend.bind(2, std::int64_t(height));
    std::size_t found = 0;
    for (const Spend& s : inKeyOrder(spends)) {
        read.bind(1, s.prevout->txid.span());
        read.bind(2, std::int64_t(s.prevout->index));
        if (!read.step())
            continue; // not there, or spent: the rules say which
        const std::optional<std::int64_t> row = read.integer(4);
        const Coin coin = takeCoin(read);
        if (!row)
            throw StoreError("the outputs table gave a row id that is not an integer: the store "
                             "is corrupt",
                             StoreError::Kind::Corrupt);
        spend.bind(1, s.spender->span());
        spend.bind(3, *row);
        if (spend.run() != 1)
            throw StoreError("an output read unspent a moment before could not be marked spent: "
                             "the store is inconsistent");
        ++found;
        if (coin.height < height)
            coinsBefore.emplace(*s.prevout, coin);
    }
    return found;
}

std::size_t
SqlChainStore::writeTableSpends(std::span<const HeldOutputs::TableSpendRow* const> spends) {
    std::size_t written = 0;
    if (db_.dialect() == Dialect::Sqlite) {
        SqliteStatement& spend =
            db_.prepareSqlite("UPDATE outputs SET spent_txid = ?1, spent_height = ?2"
                              " WHERE txid = ?3 AND vout = ?4 AND spent_txid IS NULL");
        for (const HeldOutputs::TableSpendRow* row : spends) { // (in the key's order)
            const auto& [outpoint, by] = *row;
            spend.bind(1, by.spender.span());
            spend.bind(2, std::int64_t(by.height));
            spend.bind(3, outpoint.txid.span());
            spend.bind(4, std::int64_t(outpoint.index));
            written += std::size_t(spend.run());
        }
        return written;
    }
    using Type = PostgresArrays::Type;
    for (auto from = spends.begin(); from != spends.end();) {
        PostgresArrays rows({{"prev_txid", Type::Bytes},
                             {"prev_vout", Type::BigInt},
                             {"spender", Type::Bytes},
                             {"spent_height", Type::BigInt}});
        for (; from != spends.end() && rows.rows() < kHeldRowsPerStatement; ++from) {
            rows.add((*from)->first.txid);
            rows.add(std::int64_t((*from)->first.index));
            rows.add((*from)->second.spender);
            rows.add(std::int64_t((*from)->second.height));
        }
        std::vector<Database::Parameter> values;
        rows.appendParameters(values);
        written += std::size_t(db_.runWithParameters(
            updateSpentOutputs(db_.dialect(), QString::fromLatin1(rows.table("r", 1)),
                               "spent_txid = w.spender, spent_height = w.spent_height",
                               "spent_txid IS NULL")
                .toUtf8(),
            values));
    }
    return written;
}

std::map<OutPoint, Coin> SqlChainStore::unspentInTable(std::span<const Spend> spends) {
    if (db_.dialect() == Dialect::Postgres) {
        std::vector<OutPoint> outpoints;
        outpoints.reserve(spends.size());
        for (const Spend& s : spends)
            outpoints.push_back(*s.prevout);
        return coinsWhere(outpoints, "o.spent_txid IS NULL", std::nullopt);
    }
    // SQLite: a primary-key probe for each, through SQLite's own interface.
    SqliteStatement& read =
        db_.prepareSqlite("SELECT pubkey_hash, amount, height, coinbase FROM outputs"
                          " WHERE txid = ?1 AND vout = ?2 AND spent_txid IS NULL");
    std::map<OutPoint, Coin> found;
    for (const Spend& s : spends) {
        read.bind(1, s.prevout->txid.span());
        read.bind(2, std::int64_t(s.prevout->index));
        if (!read.step())
            continue; // not there, or spent: the rules say which
        found.emplace(*s.prevout, takeCoin(read));
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
    runTipUpdate(q, hash, height, work, utxoDelta);
}

void SqlChainStore::runTipUpdate(QSqlQuery& q, const std::optional<Hash256>& hash,
                                 std::int64_t height, const UInt256& work, std::int64_t utxoDelta) {
    q.addBindValue(hash ? QVariant(hexText(*hash)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(static_cast<qint64>(height));
    q.addBindValue(workText(work));
    q.addBindValue(static_cast<qint64>(utxoDelta));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    db_.run(q);
    cache().tipMoved(hash, height, work, utxoDelta);
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
        static const QString kAll =
            "WITH a AS (" + kActive + "), v AS (" + kValid + ") " + QString::fromLatin1(kSetTip);
        QSqlQuery& q = db_.prepare(kAll);
        q.addBindValue(static_cast<qint64>(r.height));
        q.addBindValue(hexText(r.hash));
        q.addBindValue(hexText(r.hash));
        runTipUpdate(q, r.hash, r.height, r.chainWork, utxoDelta);
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
    ChainStateCache& known = cache();
    known.setActiveAt(r.height, r.hash);
    if (r.status != BlockStatus::Stored && r.status != BlockStatus::Valid)
        known.candidatesChanged(); // not a candidate before, one now
}

namespace {

// An open SQL transaction holding a block's connection; rolled back unless committed. In a
// batch, what the block did to the held outputs goes with it.
class SqlPendingConnect final : public ChainStore::PendingConnect {
public:
    SqlPendingConnect(Database& db, std::uint32_t height)
        : tx_(db, Database::Transaction::Deferred::Keep)
        , height_(height) {}
    ~SqlPendingConnect() override {
        if (held_ && !committed_)
            held_->undoBlock();
    }
    void commit() override {
        if (spentFound_ != spentExpected_)
            throw StoreError("connecting block at height " + std::to_string(height_) + " spent " +
                             std::to_string(spentFound_) + " stored outputs but the block spends " +
                             std::to_string(spentExpected_) + ": the store is inconsistent");
        tx_.commit();
        committed_ = true;
        if (held_)
            held_->keepBlock();
    }

    Database::Transaction tx_;
    std::uint32_t height_;
    HeldOutputs* held_ = nullptr; // set when the block's outputs are held
    bool committed_ = false;
    std::size_t spentFound_ = 0;
    std::size_t spentExpected_ = 0;
};

// Held rows (outputs and spends) past this many are written before the next block is staged:
// what a batch holds stays a few tens of MB, whatever its blocks.
constexpr std::size_t kMostOutputsHeld = 200'000;

} // namespace

ChainStore::StagedConnect SqlChainStore::stageConnectTip(const Block& block, const BlockRecord& r,
                                                         std::span<const Hash256> txids) {
    if (held_.size() > kMostOutputsHeld)
        db_.writeDeferred();
    auto pending = std::make_unique<SqlPendingConnect>(db_, r.height);
    // A savepoint directly inside the outermost transaction: a batch of blocks.
    const bool inBatch = db_.openTransactions() == 2;
    if (inBatch) {
        held_.beginBlock();
        pending->held_ = &held_;
    }
    StagedConnect staged =
        inBatch ? stageHeld(block, r, txids, &pending->spentFound_, &pending->spentExpected_)
                : stageInTable(block, r, txids, &pending->spentFound_, &pending->spentExpected_);
    makeTip(r, utxoDeltaOf(block));
    staged.pending = std::move(pending);
    return staged;
}

ChainStore::StagedConnect SqlChainStore::stageInTable(const Block& block, const BlockRecord& r,
                                                      std::span<const Hash256> txids,
                                                      std::size_t* spentFound,
                                                      std::size_t* spentExpected) {
    StagedConnect staged;
    // (On SQLite a conflict costs nothing more than the key's own check: no filter is needed.)
    const bool noneThere = db_.dialect() == Dialect::Postgres && noneInTableForCertain(txids);
    if (!insertOutputs(block, r.height, txids, noneThere)) {
        // On a sound store only a txid of an earlier block keeps an output out; rows of this
        // height or above would be left over from a block that was not disconnected whole.
        staged.txidsInChainBefore = txidsWhere(txids, "o.height < ?", r.height);
        if (staged.txidsInChainBefore.empty())
            throw StoreError("connecting block at height " + std::to_string(r.height) +
                             ": the outputs table already holds outputs of its txs that no "
                             "earlier block made: the store is inconsistent");
    }
    const std::vector<Spend> spends = spendsOf(block, txids);
    *spentExpected = spends.size();
    *spentFound = markSpent(spends, r.height, staged.spentCoins);
    return staged;
}

void SqlChainStore::disconnectTip(const Block& block, const BlockRecord& r) {
    Database::Transaction tx(db_);
    // By primary key, from the block itself: the outputs it created go, the ones it spent are
    // unspent again (no index on heights needed).
    const std::vector<Hash256> txids = computeTxids(block);
    // (Should this transaction be undone, the rows come back, perhaps where the filter has
    // read past since.)
    txidsEnterTable(txids);
    const BulkRows created =
        BulkRows::ofHashes(db_.dialect(), "txid", txids, BulkRows::Type::Bytes);
    const BulkRows spends = spendRows(db_.dialect(), spendsOf(block, txids));
    // (PostgreSQL guesses a few hundred distinct txids in an IN list whatever its length, and
    // so probes the key for each.)
    QSqlQuery& uncreate = db_.prepare("DELETE FROM outputs WHERE txid IN (SELECT c.txid FROM " +
                                      created.table("c") + ")");
    created.bind(uncreate);
    db_.run(uncreate);
    if (spends.rows() > 0) {
        QSqlQuery& unspend = db_.prepare(
            updateSpentOutputs(db_.dialect(), spends.table("r"),
                               "spent_txid = NULL, spent_height = NULL", "spent_txid IS NOT NULL"));
        spends.bind(unspend);
        db_.run(unspend);
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
