// SqlChainStore: a batch's blocks staged with their outputs and spends held in memory
// (HeldOutputs), and what is held written to the outputs table.
#include "store/sql_chain_store.h"

#include "store/postgres_arrays.h"
#include "store/sql_dialect.h"
#include "store/sqlite_statement.h"

#include <algorithm>
#include <set>

namespace mbc::store {

ChainStore::StagedConnect SqlChainStore::stageHeld(const Block& block, const BlockRecord& r,
                                                   std::span<const Hash256> txids,
                                                   std::size_t* spentFound,
                                                   std::size_t* spentExpected) {
    StagedConnect staged;
    // Which txids the chain has: the batch's blocks (all below this one) hold some in memory,
    // the table the rest. (In the table a held output's insert would find them only at the
    // batch's end, too late to refuse the block.)
    std::vector<Hash256> notHeld;
    notHeld.reserve(txids.size());
    for (const Hash256& txid : txids) {
        if (held_.holdsTxid(txid))
            staged.txidsInChainBefore.insert(txid);
        else
            notHeld.push_back(txid);
    }
    // (Only when the table has any of them, which a sound store's blocks never make it: is
    // each of them below this block, as a sound store's would be?)
    if (std::set<Hash256> inTable = txidsInTable(notHeld); !inTable.empty()) {
        if (txidsWhere(notHeld, "o.height < ?", r.height) != inTable)
            throw StoreError("connecting block at height " + std::to_string(r.height) +
                             ": the outputs table already holds outputs of its txs that no "
                             "earlier block made: the store is inconsistent");
        staged.txidsInChainBefore.merge(inTable);
    }
    txidsEnterTable(txids); // (held now, in the table once the batch commits)

    for (std::size_t t = 0; t < block.transactions.size(); ++t) {
        const std::vector<TxOut>& outputs = block.transactions[t].outputs;
        for (std::size_t o = 0; o < outputs.size(); ++o)
            (void)held_.add(OutPoint{txids[t], std::uint32_t(o)},
                            Coin{outputs[o], r.height, t == 0}); // (a duplicate is refused)
    }

    std::vector<Spend> inTable;
    const std::vector<Spend> spends = spendsOf(block, txids);
    *spentExpected = spends.size();
    for (const Spend& s : spends) {
        Coin coin;
        switch (held_.spend(*s.prevout, *s.spender, r.height, &coin)) {
        case HeldOutputs::Spend::Spent:
            ++*spentFound;
            if (coin.height < r.height)
                staged.spentCoins.emplace(*s.prevout, coin);
            break;
        case HeldOutputs::Spend::AlreadySpent:
            break; // the rules say so
        case HeldOutputs::Spend::NotHeld:
            inTable.push_back(s);
            break;
        }
    }
    // Outputs of blocks before the batch: read here, marked spent when the batch is written.
    // (Two inputs of the block spending one of them: the first has it, as a block's own
    // outputs go.)
    const std::map<OutPoint, Coin> unspent = unspentInTable(inTable);
    for (const Spend& s : inTable) {
        const auto it = unspent.find(*s.prevout);
        if (it == unspent.end() || held_.spendsFromTable(*s.prevout))
            continue; // the rules say why
        held_.spendFromTable(*s.prevout, *s.spender, r.height);
        ++*spentFound;
        if (it->second.height < r.height) // (as a sound store's all are)
            staged.spentCoins.emplace(it->first, it->second);
    }
    return staged;
}

namespace {

// Reading the table's txids costs about a tenth of a probe a row: a slice of this many rows per
// txid asked about costs about what asking did, and the filter is full after a few times the
// table's rows were asked about.
constexpr std::size_t kFillRowsPerTxid = 16;
constexpr std::size_t kFillRowsAtLeast = 4096;

} // namespace

void SqlChainStore::startTxidFilterAgainAfterReconnect() {
    if (db_.reconnects() == txidFilterReconnects_)
        return;
    txidFilter_ = TxidFilter();
    txidFilterFilled_ = false;
    txidFilterReadTo_.reset();
    txidFilterReconnects_ = db_.reconnects();
}

bool SqlChainStore::txidFilterReady(std::size_t rows) {
    startTxidFilterAgainAfterReconnect();
    if (!txidFilterFilled_)
        fillTxidFilter(rows);
    return txidFilterFilled_;
}

std::set<Hash256> SqlChainStore::txidsInTable(std::span<const Hash256> txids) {
    const bool ready = txidFilterReady(std::max(kFillRowsAtLeast, kFillRowsPerTxid * txids.size()));
    std::vector<Hash256> maybe;
    maybe.reserve(txids.size());
    for (const Hash256& txid : txids)
        if (!ready || txidFilter_.mayHold(txid))
            maybe.push_back(txid);
    if (maybe.empty())
        return {};
    if (db_.dialect() != Dialect::Sqlite)
        return txidsWhere(maybe, "1 = 1", std::nullopt);
    // SQLite: a probe of the key's prefix for each, through SQLite's own interface.
    SqliteStatement& probe = db_.prepareSqlite("SELECT 1 FROM outputs WHERE txid = ?1 LIMIT 1");
    std::set<Hash256> present;
    for (const Hash256& txid : maybe) {
        probe.bind(1, txid.span());
        if (probe.step())
            present.insert(txid);
        probe.reset();
    }
    return present;
}

bool SqlChainStore::noneInTableForCertain(std::span<const Hash256> txids) {
    // (Only as many rows as the block has txids times the rate above: a small block on a large
    // table reads little of it, and saves little by the filter.)
    return txidFilterReady(kFillRowsPerTxid * txids.size()) &&
           std::ranges::none_of(txids, [&](const Hash256& t) { return txidFilter_.mayHold(t); });
}

void SqlChainStore::txidsEnterTable(std::span<const Hash256> txids) {
    startTxidFilterAgainAfterReconnect(); // (not after these went in)
    for (const Hash256& txid : txids)
        txidFilter_.add(txid);
}

void SqlChainStore::fillTxidFilter(std::size_t rows) {
    // Each txid once (the table has a row for each of its outputs). A key that is not 32 bytes
    // (the file was edited) is no txid a probe could find: it is passed over. (In SQLite's
    // order, text and numbers come before any blob: they are passed over as an empty one.)
    std::size_t read = 0;
    const auto take = [&](ByteSpan key) {
        ++read;
        if (txidFilterReadTo_ && std::ranges::equal(*txidFilterReadTo_, key))
            return;
        if (key.size() == Hash256::size()) {
            Hash256 txid;
            std::ranges::copy(key, txid.bytes.begin());
            txidFilter_.add(txid);
        }
        txidFilterReadTo_.emplace(key.begin(), key.end()); // (once added)
    };
    const auto limit = static_cast<std::int64_t>(rows);
    if (db_.dialect() == Dialect::Sqlite) {
        SqliteStatement& q =
            txidFilterReadTo_
                ? db_.prepareSqlite(
                      "SELECT txid FROM outputs WHERE txid > ?2 ORDER BY txid LIMIT ?1")
                : db_.prepareSqlite("SELECT txid FROM outputs ORDER BY txid LIMIT ?1");
        q.bind(1, limit);
        if (txidFilterReadTo_)
            q.bind(2, ByteSpan(*txidFilterReadTo_));
        while (q.step())
            take(q.bytes(0).value_or(ByteSpan()));
    } else {
        QSqlQuery& q = txidFilterReadTo_
                           ? db_.prepare("SELECT txid FROM outputs WHERE txid > decode(?, 'hex') "
                                         "ORDER BY txid LIMIT ?")
                           : db_.prepare("SELECT txid FROM outputs ORDER BY txid LIMIT ?");
        if (txidFilterReadTo_)
            q.addBindValue(QString::fromStdString(toHex(*txidFilterReadTo_)));
        q.addBindValue(static_cast<qint64>(limit));
        db_.run(q);
        while (q.next())
            take(bytesOf(bytesColumn(q.value(0))));
        q.finish();
    }
    txidFilterFilled_ = read < rows;
}

namespace {

const char* const kOutputColumns = "txid, vout, pubkey_hash, amount, height, coinbase";
const char* const kSpentOutputColumns =
    "txid, vout, pubkey_hash, amount, height, coinbase, spent_txid, spent_height";

using HeldRow = HeldOutputs::OutputRow;

// PostgreSQL: the rows as one INSERT over arrays (PostgresArrays); returns how many went in.
// Without ON CONFLICT, whose check of the key before each row took 9% of the server's work:
// staging found none of the txids in the table, and the batch holds the table's only writer, so
// a row already there means an inconsistent store, and its key error (23505) fails the batch as
// such.
std::size_t insertHeldRows(Database& db, std::span<const HeldRow* const> rows, bool spent) {
    using Type = PostgresArrays::Type;
    PostgresArrays into = spent ? PostgresArrays({{"txid", Type::Bytes},
                                                  {"vout", Type::BigInt},
                                                  {"pubkey_hash", Type::Bytes},
                                                  {"amount", Type::BigInt},
                                                  {"height", Type::BigInt},
                                                  {"coinbase", Type::Flag},
                                                  {"spent_txid", Type::Bytes},
                                                  {"spent_height", Type::BigInt}})
                                : PostgresArrays({{"txid", Type::Bytes},
                                                  {"vout", Type::BigInt},
                                                  {"pubkey_hash", Type::Bytes},
                                                  {"amount", Type::BigInt},
                                                  {"height", Type::BigInt},
                                                  {"coinbase", Type::Flag}});
    for (const HeldRow* row : rows) {
        const Coin& coin = row->second.coin;
        into.add(row->first.txid);
        into.add(std::int64_t(row->first.index));
        into.add(coin.output.pubkeyHash.span());
        into.add(std::int64_t(coin.output.amount));
        into.add(std::int64_t(coin.height));
        into.add(coin.coinbase);
        if (spent) {
            into.add(*row->second.spender);
            into.add(std::int64_t(row->second.spentHeight));
        }
    }
    const QByteArray columns = spent ? kSpentOutputColumns : kOutputColumns;
    QByteArrayList picked;
    for (const QByteArray& c : columns.split(','))
        picked << "r." + c.trimmed();
    std::vector<Database::Parameter> values;
    into.appendParameters(values);
    const QByteArray sql = "INSERT INTO outputs (" + columns + ") SELECT " + picked.join(", ") +
                           " FROM " + into.table("r", 1);
    return std::size_t(runInsertOfNewKeys([&] { return db.runWithParameters(sql, values); },
                                          "the outputs a batch of blocks created"));
}

} // namespace

std::int64_t runInsertOfNewKeys(const std::function<std::int64_t()>& insert,
                                const std::string& what) {
    try {
        return insert();
    } catch (const StoreError& e) {
        if (e.code() != QLatin1String("23505")) // unique_violation
            throw;
        throw StoreError("writing " + what +
                             ": some of them were in the outputs table already: the store is "
                             "inconsistent (" +
                             std::string(e.what()) + ")",
                         e.kind(), e.where(), e.detail())
            .withCode(e.code());
    }
}

void SqlChainStore::write() {
    // Only where no rollback can undo the rows behind HeldOutputs' back: directly inside the
    // batch, or inside the open block's savepoint, whose rollback undoBlock follows.
    const int depth = db_.openTransactions();
    if (depth > 2 || (depth == 2 && !held_.blockOpen()))
        throw StoreError("what a batch of blocks holds was to be written inside a savepoint "
                         "that is not a block's, whose rollback would lose it: not done");
    writeHeldOutputs();
}

void SqlChainStore::writeHeldOutputs() {
    // Not in a savepoint of its own, which would journal every page it changes (tens of MB at
    // a batch's end), so a failure may leave some of them written: the batch can then only be
    // undone (heldWriteFailed_).
    if (heldWriteFailed_)
        throw StoreError("the outputs this batch of blocks created could not all be written "
                         "before: the batch is undone");
    heldWriteFailed_ = true;
    const std::vector<const HeldRow*> held = held_.outputsInKeyOrder();
    std::size_t written = 0;
    if (db_.dialect() == Dialect::Sqlite) {
        // In the key's order: neighbours in the table go in one after another.
        SqliteStatement& unspent =
            db_.prepareSqlite("INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, "
                              "coinbase) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
        SqliteStatement& spent = db_.prepareSqlite(
            "INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, coinbase, "
            "spent_txid, spent_height) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            " ON CONFLICT DO NOTHING");
        for (const HeldRow* row : held) {
            const auto& [outpoint, output] = *row;
            SqliteStatement& insert = output.spender ? spent : unspent;
            insert.bind(1, outpoint.txid.span());
            insert.bind(2, std::int64_t(outpoint.index));
            insert.bind(3, output.coin.output.pubkeyHash.span());
            insert.bind(4, std::int64_t(output.coin.output.amount));
            insert.bind(5, std::int64_t(output.coin.height));
            insert.bind(6, std::int64_t(output.coin.coinbase));
            if (output.spender) {
                insert.bind(7, output.spender->span());
                insert.bind(8, std::int64_t(output.spentHeight));
            }
            written += std::size_t(insert.run());
        }
    } else {
        std::vector<const HeldRow*> spent, unspent;
        for (const HeldRow* row : held)
            (row->second.spender ? spent : unspent).push_back(row);
        for (const auto* rows : {&spent, &unspent})
            for (std::size_t from = 0; from < rows->size(); from += kHeldRowsPerStatement) {
                const std::size_t count = std::min(kHeldRowsPerStatement, rows->size() - from);
                written +=
                    insertHeldRows(db_, std::span(*rows).subspan(from, count), rows == &spent);
            }
    }
    if (written != held.size()) // (SQLite's; PostgreSQL's insert fails on such a row instead)
        throw StoreError("writing the outputs a batch of blocks created: " +
                         std::to_string(held.size() - written) +
                         " of them were in the outputs table already: the store is inconsistent");
    const std::size_t spends = held_.tableSpendCount();
    if (const std::size_t marked = writeTableSpends(held_.tableSpendsInKeyOrder());
        marked != spends)
        throw StoreError(
            "writing the spends of a batch of blocks: " + std::to_string(spends - marked) +
            " of the outputs they spent were no longer unspent in the outputs "
            "table: the store is inconsistent");
    heldWriteFailed_ = false;
    held_.written();
}

} // namespace mbc::store
