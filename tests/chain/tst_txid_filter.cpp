// The filter of the outputs table's txids (store::TxidFilter), which spares a batch of blocks (a
// sync) a probe of the table for each of their txids, and on PostgreSQL a block on its own the
// check of each key before its insert. A txid it misses would let a repeated one through to the
// insert, so: the filter itself never misses one it was given; and over a real store (SQLite,
// or PostgreSQL with MBC_TEST_BACKEND=postgres), a txid that entered the table by any way (a
// block on its own, a batch, before the filter was filled a slice at a time, a rolled-back
// disconnect, while the connection was away) still has its repeat refused by its rule. A
// repeated coinbase is what MiniBitcoinPy miners send, and the txid rule is all that refuses it.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/database.h"
#include "store/sql_dialect.h"
#include "store/txid_filter.h"
#include "support/chain_fixture.h"
#include "support/test_chain.h"

#include <random>

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestTxidFilter : public ChainSuite {
    Q_OBJECT

    Block genesis_;

    static std::vector<Hash256> randomTxids(std::size_t count, std::uint32_t seed) {
        std::mt19937_64 random(seed);
        std::vector<Hash256> txids(count);
        for (Hash256& txid : txids)
            for (std::uint8_t& b : txid.bytes)
                b = std::uint8_t(random());
        return txids;
    }
    // A child of `parent` whose coinbase is `coinbase`.
    Block withCoinbase(const Block& parent, const Transaction& coinbase) {
        Block b = make_.child(parent, bob_);
        b.transactions[0] = coinbase;
        TestChain::reseal(b);
        return b;
    }
    // Outputs rows no block made (the filter only reads their keys): (txid, vout) each.
    void insertRows(const std::vector<std::pair<QVariant, int>>& keys) {
        store::Database::Transaction tx(*db_);
        QSqlQuery& q = db_->prepare("INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, "
                                    "coinbase) VALUES (?, ?, ?, 1, 1, ?)");
        for (const auto& [txid, vout] : keys) {
            q.addBindValue(txid);
            q.addBindValue(vout);
            q.addBindValue(store::SqlDialect::keyValue(bob_));
            q.addBindValue(false);
            db_->run(q);
        }
        tx.commit();
    }
    // `count` rows whose txids start with a zero byte: first in the key's order.
    void insertRowsFirstInKeyOrder(std::uint32_t count) {
        std::vector<std::pair<QVariant, int>> keys;
        for (std::uint32_t n = 1; n <= count; ++n) {
            Hash256 txid; // 00, then n
            for (int i = 0; i < 4; ++i)
                txid.bytes[std::size_t(1 + i)] = std::uint8_t(n >> (24 - 8 * i));
            keys.emplace_back(store::SqlDialect::keyValue(txid), 0);
        }
        insertRows(keys);
    }
    // A block after genesis whose coinbase's txid starts with a byte in [first, last].
    Block childWithTxidStartingIn(std::uint8_t first, std::uint8_t last) {
        for (std::uint32_t salt = 0;; ++salt) {
            Block b = make_.child(genesis_, bob_, {}, 0, salt);
            const std::uint8_t lead = computeTxid(b.transactions[0]).bytes[0];
            if (lead >= first && lead <= last)
                return b;
        }
    }

private slots:
    void init() { setUpChainFromGenesis(&genesis_); }
    void cleanup() { tearDownChain(); }

    void everyTxidAddedMayBeHeld() {
        store::TxidFilter filter;
        const std::vector<Hash256> added = randomTxids(300'000, 1); // past its first parts
        for (const Hash256& txid : added)
            filter.add(txid);
        QCOMPARE(filter.added(), added.size());
        for (const Hash256& txid : added)
            if (!filter.mayHold(txid))
                QFAIL(("a txid added is missing: " + txid.hex()).c_str());
        // About 12 bits a txid, in parts that double: well under a megabyte here.
        QVERIFY2(filter.bytes() < 1'000'000, std::to_string(filter.bytes()).c_str());
    }

    void fewOtherTxidsMayBeHeld() {
        store::TxidFilter filter;
        for (const Hash256& txid : randomTxids(300'000, 2))
            filter.add(txid);
        std::size_t maybe = 0;
        const std::vector<Hash256> others = randomTxids(100'000, 3);
        for (const Hash256& txid : others)
            maybe += filter.mayHold(txid);
        // (Its two full parts say "maybe" for about 1% each, the third, a third full, for
        // fewer: the probes it spares are the rest.)
        QVERIFY2(maybe < others.size() * 3 / 100, std::to_string(maybe).c_str());
    }

    // Each filter's key places the txids: another's "maybe"s are other txids.
    void twoFiltersAnswerMaybeForDifferentTxids() {
        store::TxidFilter one, two;
        for (const Hash256& txid : randomTxids(50'000, 4)) {
            one.add(txid);
            two.add(txid);
        }
        std::size_t both = 0, eitherOne = 0;
        for (const Hash256& txid : randomTxids(100'000, 5)) {
            const bool a = one.mayHold(txid), b = two.mayHold(txid);
            both += a && b;
            eitherOne += a || b;
        }
        QVERIFY2(eitherOne > 0 && both < eitherOne / 4,
                 (std::to_string(both) + " of " + std::to_string(eitherOne)).c_str());
    }

    // Block b2 goes into the table on its own (no batch), after a batch filled the filter.
    void aTxidWrittenOutsideABatchIsFoundByALaterBatch() {
        const Block b1 = make_.child(genesis_, bob_);
        expectInBatch(b1, Kind::Connected); // the filter reads the whole (small) table
        const Block b2 = make_.child(b1, bob_);
        expect(b2, Kind::Connected);
        const Block replay = withCoinbase(b2, b2.transactions[0]);
        expectInBatch(replay, Kind::Invalid, "bad-txns-already-in-chain");
        QCOMPARE(tipHash(), blockHash(b2.header));
        expectConsistentUtxoSet();
    }

    // Block b1's outputs were held, and written when its batch committed.
    void aTxidABatchWroteIsFoundByTheNextBatch() {
        const Block b1 = make_.child(genesis_, bob_);
        expectInBatch(b1, Kind::Connected);
        const Block replay = withCoinbase(b1, b1.transactions[0]);
        expectInBatch(replay, Kind::Invalid, "bad-txns-already-in-chain");
        QCOMPARE(tipHash(), blockHash(b1.header));
        expectConsistentUtxoSet();
    }

    // The filter reads the table a slice at a time (4,096 rows at least): a txid the table had
    // when the node started, past the first slices, is found once it is full.
    void aTxidPastTheFirstSlicesOfTheTableIsFound() {
        const Block b1 = childWithTxidStartingIn(1, 255); // (its txid after the rows below)
        expect(b1, Kind::Connected);
        insertRowsFirstInKeyOrder(6'000);
        reopen(); // (a store that did not see b1's txid go in)
        const Block b2 = make_.child(b1, bob_);
        const Block b3 = make_.child(b2, bob_);
        const Block b4 = make_.child(b3, bob_);
        const Block replay = withCoinbase(b4, b1.transactions[0]);
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected); // rows 1 to 4,096
            expect(b3, Kind::Connected); // the rest: the filter is full
            expect(b4, Kind::Connected); // asked of the filter
            expect(replay, Kind::Invalid, "bad-txns-already-in-chain");
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b4.header));
    }

    // A block disconnected in a batch that is rolled back comes back into the table, behind
    // where the filter read to meanwhile (the table had no more then): its txids are found.
    void aTxidBackFromARolledBackDisconnectIsFound() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected);
        reopen(); // (a store that did not see b1's txids go in)
        const Block side1 = make_.child(genesis_, alice_, {}, 0, 7);
        {
            store::Database::Transaction batch(*db_);
            store_->disconnectTip(b1, recordOf(b1));
            const BlockRecord r = storeChildOfTip(side1, genesis_);
            // The filter reads the whole table, b1's rows gone.
            store_->stageConnectTip(side1, r, computeTxids(side1)).pending->commit();
        } // rolled back: b1 is the tip again, its rows back
        QCOMPARE(store_->tip().hash, blockHash(b1.header));
        const Block replay = withCoinbase(b1, b1.transactions[0]);
        store::Database::Transaction batch(*db_);
        const BlockRecord r = storeChildOfTip(replay, b1);
        const ChainStore::StagedConnect staged =
            store_->stageConnectTip(replay, r, computeTxids(replay));
        QVERIFY(staged.txidsInChainBefore.contains(computeTxid(b1.transactions[0])));
    }

    // A row no block wrote (an inconsistent store) holding a key of a block's outputs: on
    // SQLite the insert finds it and the block is taken for a repeat, as before; on PostgreSQL,
    // where the full filter says the table has none of the block's txids and the outputs go in
    // without ON CONFLICT, it fails the block as an inconsistent store, undone, and the node
    // goes on.
    void aRowNoBlockWroteIsAnInconsistentStoreWhereTheFilterSaysNone() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected); // the filter is full: the table was all but empty
        const Block b2 = make_.child(b1, bob_);
        insertRows({{store::SqlDialect::keyValue(computeTxid(b2.transactions[0])), 0}});
        if (db_->dialect() == store::Dialect::Sqlite) {
            expect(b2, Kind::Invalid, "bad-txns-already-in-chain");
            return;
        }
        try {
            submit(b2);
            QFAIL("a block whose output's key the table held was not refused by the store");
        } catch (const store::StoreError& e) {
            QVERIFY2(std::string_view(e.what()).find("the store is inconsistent") !=
                         std::string_view::npos,
                     e.what());
            QCOMPARE(e.code(), QString("23505"));
        }
        QCOMPARE(*store_->tip().hash, blockHash(b1.header));
        expect(make_.child(b1, bob_, {}, 0, 1), Kind::Connected);
    }

    // PostgreSQL: while the node's connection was away, another node may have claimed the store
    // and written to it; the filter starts again once the connection is back, and finds what
    // was written meanwhile.
    void theFilterStartsAgainWhenTheConnectionComesBack() {
        if (db_->dialect() != store::Dialect::Postgres)
            return; // (a SQLite file stays open with the node, in a directory it locks)
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected); // the filter is full
        const Block b2 = make_.child(b1, bob_);
        QSqlQuery& pid = db_->prepare("SELECT pg_backend_pid()");
        db_->run(pid);
        QVERIFY(pid.next());
        const qint64 backend = pid.value(0).toLongLong();
        pid.finish();
        auto other = testDb_->connect();
        other->execute(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, db_->execute("SELECT 1"));
        QVERIFY(!db_->connected());
        // Another node's block, meanwhile, had b2's coinbase (as a MiniBitcoinPy miner's would).
        QSqlQuery& squat = other->prepare("INSERT INTO outputs (txid, vout, pubkey_hash, amount, "
                                          "height, coinbase) VALUES (?, 0, ?, 1, 1, ?)");
        squat.addBindValue(store::SqlDialect::keyValue(computeTxid(b2.transactions[0])));
        squat.addBindValue(store::SqlDialect::keyValue(bob_));
        squat.addBindValue(true);
        other->run(squat);
        expect(b2, Kind::Invalid, "bad-txns-already-in-chain");
        QVERIFY(db_->connected());
    }

    // An edited file's keys that are no txid (text on SQLite, which comes before any blob; an
    // empty or a short blob) are passed over, though a slice of them ends where the next begins:
    // the filter fills past them, to a txid below the bytes of that text ("00ab").
    void keysThatAreNoTxidArePassedOver() {
        const Block b1 = childWithTxidStartingIn(1, 0x2f);
        expect(b1, Kind::Connected);
        std::vector<std::pair<QVariant, int>> keys;
        const bool sqlite = db_->dialect() == store::Dialect::Sqlite;
        for (int vout = 0; vout < 4'096; ++vout) // the first slice, all of it
            keys.emplace_back(sqlite ? QVariant(QString("00ab")) : QVariant(QByteArray("")), vout);
        keys.emplace_back(QByteArray(""), 5'000);
        keys.emplace_back(QByteArray(31, '\0'), 0);
        insertRows(keys);
        reopen();
        const Block b2 = make_.child(b1, bob_);
        const Block b3 = make_.child(b2, bob_);
        const Block replay = withCoinbase(b3, b1.transactions[0]);
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected); // the first slice
            expect(b3, Kind::Connected); // the rest
            expect(replay, Kind::Invalid, "bad-txns-already-in-chain");
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b3.header));
    }
};

QTEST_GUILESS_MAIN(TestTxidFilter)
#include "tst_txid_filter.moc"
