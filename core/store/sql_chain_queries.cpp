#include "store/sql_chain_queries.h"

#include "store/sql_chain_store.h"

#include "consensus/serialize/block_serialize.h"
#include "store/sql_dialect.h"

#include <QVariant>

#include <algorithm>

namespace mbc::store {

std::vector<BlockRecord> SqlChainQueries::activeRecords(std::uint32_t from, std::uint32_t count) {
    std::vector<BlockRecord> out;
    for (auto& b : activeRows(from, count, false))
        out.push_back(std::move(b.record));
    return out;
}

std::vector<BlockRecord> SqlChainQueries::recordsBetween(std::uint32_t fromHeight,
                                                         std::uint32_t toHeight,
                                                         std::size_t limit) {
    QSqlQuery& q = db_.prepare(QStringLiteral("SELECT %1 FROM blocks b WHERE b.height >= ? AND"
                                              " b.height <= ? ORDER BY b.height DESC, b.seq"
                                              " LIMIT ?")
                                   .arg(blockRecordColumns("b.")));
    q.addBindValue(static_cast<qint64>(fromHeight));
    q.addBindValue(static_cast<qint64>(toHeight));
    q.addBindValue(static_cast<qint64>(limit));
    db_.run(q);
    std::vector<BlockRecord> out;
    while (q.next())
        out.push_back(readBlockRecord(q));
    q.finish();
    return out;
}

std::vector<SqlChainQueries::StoredBlock>
SqlChainQueries::activeBlocks(std::uint32_t from, std::uint32_t count, std::uint64_t maxBytes) {
    // The records say how large each block is, so a page of large blocks is never read whole.
    std::uint64_t bytes = 0;
    std::uint32_t fit = 0;
    for (const BlockRecord& r : activeRecords(from, count)) {
        if (fit > 0 && bytes + r.size > maxBytes)
            break;
        bytes += r.size;
        ++fit;
    }
    return fit ? activeRows(from, fit, true) : std::vector<StoredBlock>{};
}

std::vector<SqlChainQueries::StoredBlock>
SqlChainQueries::activeRows(std::uint32_t from, std::uint32_t count, bool withData) {
    QSqlQuery& q = db_.prepare(
        QStringLiteral("SELECT %1%2 FROM active_chain a JOIN blocks b ON b.hash = a.hash%3"
                       " WHERE a.height >= ? AND a.height < ? ORDER BY a.height")
            .arg(blockRecordColumns("b."),
                 withData ? ", " + boundedBodyColumns(db_.dialect(), "s.data") : QString(),
                 withData ? QStringLiteral(" JOIN block_bodies s ON s.hash = a.hash") : QString()));
    q.addBindValue(static_cast<qint64>(from));
    q.addBindValue(static_cast<qint64>(from) + count);
    db_.run(q);
    std::vector<StoredBlock> out;
    while (q.next()) {
        StoredBlock b;
        b.record = readBlockRecord(q);
        if (withData)
            b.bytes = requireBoundedBody(q, kBlockRecordColumnCount, b.record.hash);
        out.push_back(std::move(b));
    }
    q.finish();
    return out;
}

Block decodeStoredBlock(const Hash256& hash, ByteSpan bytes) {
    auto block = decodeBlock(bytes);
    if (!block)
        throw StoreError("stored block " + hash.hex() +
                             " is corrupt: " + block.failure().toString(),
                         StoreError::Kind::Corrupt);
    return std::move(block).value();
}

std::optional<SqlChainQueries::DecodedBlock> SqlChainQueries::decodedBlock(const Hash256& hash) {
    auto stored = storedBlock(hash);
    if (!stored)
        return std::nullopt;
    DecodedBlock out{std::move(stored->record), decodeStoredBlock(hash, stored->bytes), {}};
    out.txids = computeTxids(out.block);
    return out;
}

std::optional<SqlChainQueries::StoredBlock> SqlChainQueries::storedBlock(const Hash256& hash) {
    QSqlQuery& q = db_.prepare("SELECT " + blockRecordColumns("b.") + ", " +
                               boundedBodyColumns(db_.dialect(), "s.data") +
                               " FROM blocks b JOIN block_bodies s ON s.hash = b.hash"
                               " WHERE b.hash = ?");
    q.addBindValue(hexText(hash));
    db_.run(q);
    std::optional<StoredBlock> out;
    if (q.next()) {
        out.emplace();
        out->record = readBlockRecord(q);
        out->bytes = requireBoundedBody(q, kBlockRecordColumnCount, hash);
    }
    q.finish();
    return out;
}

std::optional<Hash256> SqlChainQueries::activeHashAt(std::uint32_t height) {
    QSqlQuery& q = db_.prepare("SELECT hash FROM active_chain WHERE height = ?");
    q.addBindValue(static_cast<qint64>(height));
    db_.run(q);
    std::optional<Hash256> hash;
    if (q.next())
        hash = hashFromText(q.value(0).toString());
    q.finish();
    return hash;
}

bool SqlChainQueries::isActive(const Hash256& hash) {
    QSqlQuery& q = db_.prepare("SELECT 1 FROM active_chain WHERE hash = ?");
    q.addBindValue(hexText(hash));
    db_.run(q);
    const bool found = q.next();
    q.finish();
    return found;
}

std::optional<std::uint32_t> SqlChainQueries::activeHeightOf(const Hash256& hash) {
    QSqlQuery& q = db_.prepare("SELECT height FROM active_chain WHERE hash = ?");
    q.addBindValue(hexText(hash));
    db_.run(q);
    std::optional<std::uint32_t> height;
    if (q.next())
        height = q.value(0).toUInt();
    q.finish();
    return height;
}

ChainTip SqlChainQueries::activeTip() {
    QSqlQuery& q =
        db_.prepare("SELECT height, hash FROM active_chain ORDER BY height DESC LIMIT 1");
    db_.run(q);
    ChainTip tip;
    if (q.next()) {
        tip.height = q.value(0).toLongLong();
        tip.hash = hashFromText(q.value(1).toString());
    }
    q.finish();
    return tip;
}

QSqlQuery& SqlChainQueries::prepareOnOutputs(const QString& sql) {
    db_.writeDeferred();
    return db_.prepare(sql);
}

std::optional<SqlChainQueries::TxLocation> SqlChainQueries::txLocation(const Hash256& txid) {
    QSqlQuery& q = prepareOnOutputs("SELECT a.hash, a.height FROM outputs o"
                                    " JOIN active_chain a ON a.height = o.height"
                                    " WHERE o.txid = ? LIMIT 1");
    q.addBindValue(SqlDialect::keyValue(txid));
    db_.run(q);
    std::optional<TxLocation> loc;
    if (q.next())
        loc = TxLocation{hashFromText(q.value(0).toString()), q.value(1).toUInt()};
    q.finish();
    return loc;
}

std::optional<SqlChainQueries::ConfirmedTx> SqlChainQueries::confirmedTx(const Hash256& txid,
                                                                         DecodedBlocks* decoded) {
    const auto loc = txLocation(txid);
    if (!loc)
        return std::nullopt;
    DecodedBlocks local;
    std::shared_ptr<const DecodedBlock>& block = (decoded ? *decoded : local)[loc->blockHash];
    if (!block) {
        auto read = decodedBlock(loc->blockHash);
        if (!read)
            throw StoreError("the tx index points at missing block " + loc->blockHash.hex(),
                             StoreError::Kind::Corrupt);
        block = std::make_shared<const DecodedBlock>(std::move(*read));
    }
    const auto at = std::find(block->txids.begin(), block->txids.end(), txid);
    if (at == block->txids.end())
        throw StoreError("the tx index points at block " + loc->blockHash.hex() +
                             ", which does not hold transaction " + txid.hex(),
                         StoreError::Kind::Corrupt);
    return ConfirmedTx{block, static_cast<std::size_t>(at - block->txids.begin())};
}

namespace {

// Every output paying one address (bound twice): its unspent and its spent outputs, each read
// through its own partial index. No index holds all of an address's outputs: it would cost
// every output a block creates, and on PostgreSQL every spend, one more index write. (The two
// branches part on spent_txid and spent_height, which the store sets and clears together.)
const QString kAddressOutputs =
    QStringLiteral("(SELECT txid, vout, amount, height, spent_txid, spent_height FROM outputs"
                   " WHERE pubkey_hash = ? AND spent_txid IS NULL UNION ALL"
                   " SELECT txid, vout, amount, height, spent_txid, spent_height FROM outputs"
                   " WHERE pubkey_hash = ? AND spent_height IS NOT NULL)");

void bindAddress(QSqlQuery& q, const PubKeyHash& address, int times) {
    for (int i = 0; i < times; ++i)
        q.addBindValue(SqlDialect::keyValue(address));
}

} // namespace

SqlChainQueries::AddressSummary SqlChainQueries::addressSummary(const PubKeyHash& address) {
    AddressSummary s;
    QSqlQuery& totals =
        prepareOnOutputs("SELECT COALESCE(SUM(amount), 0),"
                         " COALESCE(SUM(CASE WHEN spent_txid IS NULL THEN amount ELSE 0 END), 0),"
                         " COUNT(CASE WHEN spent_txid IS NULL THEN 1 END) FROM " +
                         kAddressOutputs + " o");
    bindAddress(totals, address, 2);
    db_.run(totals);
    if (totals.next()) {
        s.received = totals.value(0).toLongLong();
        s.balance = totals.value(1).toLongLong();
        s.utxoCount = totals.value(2).toULongLong();
        s.sent = s.received - s.balance;
    }
    totals.finish();
    QSqlQuery& txs = prepareOnOutputs("SELECT COUNT(*) FROM (SELECT txid FROM " + kAddressOutputs +
                                      " r UNION SELECT spent_txid FROM outputs"
                                      " WHERE pubkey_hash = ? AND spent_height IS NOT NULL) t");
    bindAddress(txs, address, 3);
    db_.run(txs);
    if (txs.next())
        s.txCount = txs.value(0).toULongLong();
    txs.finish();
    return s;
}

std::vector<SqlChainQueries::Utxo> SqlChainQueries::unspentOf(const PubKeyHash& address) {
    QSqlQuery& q = prepareOnOutputs("SELECT txid, vout, amount, height, coinbase FROM outputs"
                                    " WHERE pubkey_hash = ? AND spent_txid IS NULL"
                                    " ORDER BY height, txid, vout");
    q.addBindValue(SqlDialect::keyValue(address));
    return readUtxos(q);
}

std::vector<SqlChainQueries::Utxo> SqlChainQueries::unspentOf(const PubKeyHash& address,
                                                              const std::optional<Utxo>& after,
                                                              std::uint32_t limit) {
    QSqlQuery& q = prepareOnOutputs("SELECT txid, vout, amount, height, coinbase FROM outputs"
                                    " WHERE pubkey_hash = ? AND spent_txid IS NULL"
                                    " AND (height, txid, vout) > (?, ?, ?)"
                                    " ORDER BY height, txid, vout LIMIT ?");
    q.addBindValue(SqlDialect::keyValue(address));
    q.addBindValue(after ? qint64(after->height) : qint64(-1)); // (below every height)
    q.addBindValue(SqlDialect::keyValue(after ? after->outpoint.txid : Hash256()));
    q.addBindValue(after ? qint64(after->outpoint.index) : qint64(-1));
    q.addBindValue(qint64(limit));
    return readUtxos(q);
}

std::vector<SqlChainQueries::Utxo> SqlChainQueries::readUtxos(QSqlQuery& q) {
    db_.run(q);
    std::vector<Utxo> out;
    while (q.next())
        out.push_back(Utxo{{hashFromBytes(q.value(0)), q.value(1).toUInt()},
                           q.value(2).toLongLong(),
                           q.value(3).toUInt(),
                           q.value(4).toBool()});
    q.finish();
    return out;
}

std::vector<SqlChainQueries::HistoryItem>
SqlChainQueries::history(const PubKeyHash& address, std::uint64_t offset, std::uint64_t limit) {
    QSqlQuery& q =
        prepareOnOutputs("SELECT txid, height, SUM(received), SUM(spent) FROM ("
                         " SELECT txid, height, amount AS received, 0 AS spent FROM " +
                         kAddressOutputs +
                         " r UNION ALL"
                         " SELECT spent_txid, spent_height, 0, amount FROM outputs"
                         "  WHERE pubkey_hash = ? AND spent_height IS NOT NULL) h"
                         " GROUP BY txid, height ORDER BY height DESC, txid LIMIT ? OFFSET ?");
    bindAddress(q, address, 3);
    q.addBindValue(static_cast<qint64>(limit));
    q.addBindValue(static_cast<qint64>(offset));
    db_.run(q);
    std::vector<HistoryItem> out;
    while (q.next())
        out.push_back(HistoryItem{hashFromBytes(q.value(0)), q.value(1).toUInt(),
                                  q.value(2).toLongLong(), q.value(3).toLongLong()});
    q.finish();
    return out;
}

} // namespace mbc::store
