// Inside a batch of blocks (a sync's transaction), the store holds the outputs the blocks
// create in memory and writes each once, spent or not, when the batch commits, and with them
// the blocks' spends of outputs already in the table (store::HeldOutputs). Over a real store
// (SQLite, or PostgreSQL with MBC_TEST_BACKEND=postgres): whatever the batch's blocks, readers,
// refusals and rollbacks do, the outputs table must end as if every block had been written on its
// own.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/database.h"
#include "store/sql_chain_queries.h"
#include "store/sql_dialect.h"
#include "support/chain_fixture.h"
#include "support/test_database.h"
#include "support/utxo_audit.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestHeldOutputs : public ChainSuite {
    Q_OBJECT

    Block genesis_;

    // Rows in the outputs table, read without writing what the store holds.
    std::int64_t rowsInTable() { return queryInteger(*db_, "SELECT COUNT(*) FROM outputs"); }
    // The spender and spent height of each spent row.
    std::map<OutPoint, std::pair<Hash256, std::int64_t>> spentRows() {
        QSqlQuery& q = db_->prepare("SELECT txid, vout, spent_txid, spent_height FROM outputs "
                                    "WHERE spent_txid IS NOT NULL");
        db_->run(q);
        std::map<OutPoint, std::pair<Hash256, std::int64_t>> out;
        while (q.next())
            out[{store::hashFromBytes(q.value(0)), q.value(1).toUInt()}] = {
                store::hashFromBytes(q.value(2)), q.value(3).toLongLong()};
        q.finish();
        return out;
    }
    // A tx paying `from` (bob's) to alice, less `fee`; `overpay` pays out more than it has.
    static Transaction pay(const Spendable& from, Amount fee = 0, Amount overpay = 0) {
        return makeSignedSpend({from}, bobKey(),
                               {TxOut{from.output.amount - fee + overpay, aliceKey().address()}});
    }
    static Spendable outputOf(const Transaction& tx, std::uint32_t index = 0) {
        return {{computeTxid(tx), index}, tx.outputs[index]};
    }

private slots:
    void init() { setUpChainFromGenesis(&genesis_); }
    void cleanup() { tearDownChain(); }

    void aBatchWritesItsOutputsOnceWhenItCommits() {
        const Block b1 = make_.child(genesis_, bob_);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            expect(b2, Kind::Connected);
            QCOMPARE(rowsInTable(), std::int64_t(1)); // genesis' output only: the rest is held
            batch.commit();
        }
        QCOMPARE(rowsInTable(), std::int64_t(4));
        expectConsistentUtxoSet();
        const auto spent = spentRows();
        QCOMPARE(spent.size(), std::size_t(1));
        QCOMPARE(spent.at(coinbaseOf(b1).outpoint),
                 std::make_pair(computeTxid(spend), std::int64_t(2)));
        // As a restarted node reads it.
        auto other = testDb_->connect();
        store::SqlChainStore reopened(*other);
        QCOMPARE(reopened.tip().height, std::int64_t(2));
        QCOMPARE(reopened.unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                 std::size_t(0));
        QCOMPARE(reopened.unspentCoins(std::vector{outputOf(spend).outpoint}).size(),
                 std::size_t(1));
    }

    void aReaderInTheBatchSeesWhatItHolds() {
        const Block b1 = make_.child(genesis_, bob_);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        store::SqlChainQueries queries(*db_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            QCOMPARE(rowsInTable(), std::int64_t(1));
            QCOMPARE(queries.addressSummary(bob_).balance, coinbaseOf(b1).output.amount);
            QCOMPARE(rowsInTable(), std::int64_t(2)); // written for the reader
            QCOMPARE(store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                     std::size_t(1));
            expect(b2, Kind::Connected); // spends a row of the table
            QCOMPARE(store_->txidsInChain(std::vector{computeTxid(spend)}).size(), std::size_t(1));
            batch.commit();
        }
        expectConsistentUtxoSet();
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint).first, computeTxid(spend));
    }

    // A block refused after its staging (it pays out more than it spends) leaves the held
    // outputs it spent unspent: the next block may spend them.
    void aBlockRefusedInTheBatchLeavesWhatItSpentUnspent() {
        const Block b1 = make_.child(genesis_, bob_);
        const Block greedy = make_.child(b1, bob_, {pay(coinbaseOf(b1), 0, 1)});
        const Transaction spend = pay(coinbaseOf(b1), 5);
        const Block b2 = make_.child(b1, bob_, {spend}, 5, 1);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            expect(greedy, Kind::Invalid, "bad-txns-in-belowout");
            expect(b2, Kind::Connected);
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b2.header));
        expectConsistentUtxoSet();
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint),
                 std::make_pair(computeTxid(spend), std::int64_t(2)));
    }

    void aTxidTheBatchHoldsIsAlreadyInTheChain() {
        const Block b1 = make_.child(genesis_, bob_);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        const Block again = make_.child(b2, bob_, {spend});
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            expect(b2, Kind::Connected);
            expect(again, Kind::Invalid, "bad-txns-already-in-chain");
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b2.header));
        expectConsistentUtxoSet();
    }

    // Rolled back, the batch takes what it held with it: nothing of it is written later.
    void aBatchRolledBackForgetsWhatItHeld() {
        const Block b1 = make_.child(genesis_, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
        }
        QCOMPARE(store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                 std::size_t(0)); // (a reader writes whatever is held)
        QCOMPARE(rowsInTable(), std::int64_t(1));
    }

    // A reorg inside the batch: the disconnected block's outputs, held or not, go, and what it
    // spent is unspent again.
    void aReorgInsideTheBatchUndoesTheHeldBlock() {
        const Block b1 = make_.child(genesis_, bob_);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        const Block side2 = make_.child(b1, alice_, {}, 0, 7);
        const Block side3 = make_.child(side2, alice_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            expect(b2, Kind::Connected);
            expect(side2, Kind::SideChain);
            expect(side3, Kind::Connected);
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(side3.header));
        expectConsistentUtxoSet();
        QVERIFY(spentRows().empty());
        QCOMPARE(rowsInTable(), std::int64_t(4)); // genesis, b1, side2 and side3's coinbases
    }

    // The held outputs cannot be written at the commit (a row the table should not have holds
    // one's place): the batch is undone whole, and what it held with it.
    void aBatchWhoseOutputsCannotBeWrittenIsUndone() {
        const Block b1 = make_.child(genesis_, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            QSqlQuery& squat = db_->prepare("INSERT INTO outputs (txid, vout, pubkey_hash, amount,"
                                            " height, coinbase) VALUES (?, 0, ?, 1, 1, ?)");
            squat.addBindValue(store::SqlDialect::keyValue(coinbaseOf(b1).outpoint.txid));
            squat.addBindValue(store::SqlDialect::keyValue(bob_));
            squat.addBindValue(true);
            db_->run(squat);
            try {
                batch.commit();
                QFAIL("a batch whose outputs the table already had was committed");
            } catch (const store::StoreError& e) {
                QVERIFY2(std::string_view(e.what()).find("the store is inconsistent") !=
                             std::string_view::npos,
                         e.what());
            }
            // Undone by the failed commit itself, as any failed commit is, not left open for
            // whoever comes next to write into.
            QCOMPARE(rowsInTable(), std::int64_t(1)); // the squatter went with the batch
            QCOMPARE(db_->openTransactions(), 0);
        }
        QCOMPARE(store::SqlChainStore(*db_).tip().height, std::int64_t(0));
    }

    // SQLite rolls a transaction back by itself on a full disk or an I/O error: what the batch
    // held must not then be written, and committed, on its own. (On PostgreSQL the session's
    // own ROLLBACK stands in for it.)
    void heldOutputsOfATransactionTheDatabaseEndedAreNotWritten() {
        const Block b1 = make_.child(genesis_, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            db_->execute("ROLLBACK"); // as SQLite does on SQLITE_FULL
            QVERIFY_THROWS_EXCEPTION(store::StoreError, batch.commit());
        }
        QCOMPARE(rowsInTable(), std::int64_t(1));
    }

    // Once the database has ended the batch's transaction by itself, no block joins it: a
    // savepoint outside a transaction would begin one and commit it on its own, a block whose
    // parents were rolled back (and whose spends find their outputs held) with it.
    void noBlockJoinsATransactionTheDatabaseEnded() {
        const Block b1 = make_.child(genesis_, bob_);
        const Block b2 = make_.child(b1, bob_, {pay(coinbaseOf(b1))});
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            db_->execute("ROLLBACK"); // as SQLite does on SQLITE_FULL
            QVERIFY_THROWS_EXCEPTION(store::StoreError, submit(b2));
            // SQLite's own rollback is counted as undone where it fails (Database::fail); this
            // one, behind the store's back, is not, so the store's cache answered from before
            // it until the block's savepoint found it out. That is not what is tested here.
            cacheMismatches_.clear();
        }
        auto other = testDb_->connect();
        QCOMPARE(store::SqlChainStore(*other).tip().height, std::int64_t(0));
        QCOMPARE(rowsInTable(), std::int64_t(1));
    }

    // Written while a block's staging was open (a reader inside its savepoint), the held
    // outputs of the blocks before it go with that savepoint if the block is dropped: they are
    // held again, and written when the batch commits.
    void heldOutputsWrittenInsideADroppedBlockAreHeldAgain() {
        const Block b1 = make_.child(genesis_, bob_);
        const Block b2 = make_.child(b1, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            const BlockRecord r = storeChildOfTip(b2, b1);
            {
                ChainStore::StagedConnect staged = store_->stageConnectTip(b2, r, computeTxids(b2));
                QCOMPARE(store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                         std::size_t(1));
                QCOMPARE(rowsInTable(), std::int64_t(3));
            }
            QCOMPARE(rowsInTable(), std::int64_t(1)); // the savepoint took them
            batch.commit();
        }
        QCOMPARE(rowsInTable(), std::int64_t(2));
        QCOMPARE(store_->tip().height, std::int64_t(1));
        expectConsistentUtxoSet();
    }

    // A block of the batch spending an output the table has (made before the batch) reads it,
    // and marks it spent only when the batch is written: the block's staging writes nothing.
    // Whoever reads the outputs meanwhile sees it spent.
    void aSpendOfAnOutputInTheTableIsWrittenWithTheBatch() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected); // committed: its output is in the table
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected);
            QVERIFY(spentRows().empty()); // held
            QCOMPARE(rowsInTable(), std::int64_t(2));
            QCOMPARE(store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                     std::size_t(0)); // written for the reader
            QCOMPARE(spentRows().size(), std::size_t(1));
            batch.commit();
        }
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint),
                 std::make_pair(computeTxid(spend), std::int64_t(2)));
        expectConsistentUtxoSet();
    }

    // An output of the table that a block of the batch spent is spent for the blocks after it,
    // though the table does not say so yet.
    void anOutputInTheTableSpentInTheBatchCannotBeSpentAgain() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        const Block again = make_.child(b2, bob_, {pay(coinbaseOf(b1), 5)}, 5);
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected);
            expect(again, Kind::Invalid, "bad-txns-inputs-missingorspent");
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b2.header));
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint).first, computeTxid(spend));
        expectConsistentUtxoSet();
    }

    // A block refused after staging leaves the table's outputs it spent unspent.
    void aBlockRefusedInTheBatchLeavesTheTablesOutputsItSpentUnspent() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected);
        const Block greedy = make_.child(b1, bob_, {pay(coinbaseOf(b1), 0, 1)});
        const Transaction spend = pay(coinbaseOf(b1), 5);
        const Block b2 = make_.child(b1, bob_, {spend}, 5, 1);
        {
            store::Database::Transaction batch(*db_);
            expect(greedy, Kind::Invalid, "bad-txns-in-belowout");
            expect(b2, Kind::Connected);
            batch.commit();
        }
        QCOMPARE(tipHash(), blockHash(b2.header));
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint),
                 std::make_pair(computeTxid(spend), std::int64_t(2)));
        expectConsistentUtxoSet();
    }

    // An output the batch spent that is no longer unspent in the table when the batch is
    // written (someone wrote the table behind the store's back): the batch is undone whole.
    void aSpendTheTableNoLongerAllowsUndoesTheBatch() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected);
        const Block b2 = make_.child(b1, bob_, {pay(coinbaseOf(b1))});
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected);
            QSqlQuery& behind = db_->prepare(
                "UPDATE outputs SET spent_txid = txid, spent_height = 1 WHERE txid = ?");
            behind.addBindValue(store::SqlDialect::keyValue(coinbaseOf(b1).outpoint.txid));
            db_->run(behind);
            QVERIFY_THROWS_EXCEPTION(store::StoreError, batch.commit());
            QCOMPARE(db_->openTransactions(), 0);
        }
        QVERIFY(spentRows().empty()); // the write behind the store's back went with the batch
        QCOMPARE(store::SqlChainStore(*db_).tip().height, std::int64_t(1));
    }

    // What the batch holds is not written inside a savepoint that is not a block's: that
    // savepoint's rollback would take the rows while the store believed them written (a spent
    // output unspent again in the table).
    void heldRowsAreNotWrittenInsideAnotherSavepoint() {
        const Block b1 = make_.child(genesis_, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b1, Kind::Connected);
            {
                store::Database::Transaction other(*db_,
                                                   store::Database::Transaction::Deferred::Keep);
                QVERIFY_THROWS_EXCEPTION(
                    store::StoreError, store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}));
            }
            QCOMPARE(rowsInTable(), std::int64_t(1)); // still held
            batch.commit();
        }
        QCOMPARE(rowsInTable(), std::int64_t(2));
        expectConsistentUtxoSet();
    }

    // Written while a block's staging was open, the spends of the table's outputs that the
    // blocks before it made go with that block's savepoint if it is dropped: they are held
    // again, and written when the batch commits.
    void heldSpendsWrittenInsideADroppedBlockAreHeldAgain() {
        const Block b1 = make_.child(genesis_, bob_);
        expect(b1, Kind::Connected);
        const Transaction spend = pay(coinbaseOf(b1));
        const Block b2 = make_.child(b1, bob_, {spend});
        const Block b3 = make_.child(b2, bob_);
        {
            store::Database::Transaction batch(*db_);
            expect(b2, Kind::Connected);
            const BlockRecord r = storeChildOfTip(b3, b2);
            {
                ChainStore::StagedConnect staged = store_->stageConnectTip(b3, r, computeTxids(b3));
                QCOMPARE(store_->unspentCoins(std::vector{coinbaseOf(b1).outpoint}).size(),
                         std::size_t(0));
                QCOMPARE(spentRows().size(), std::size_t(1));
            }
            QVERIFY(spentRows().empty()); // the savepoint took it
            batch.commit();
        }
        QCOMPARE(spentRows().at(coinbaseOf(b1).outpoint),
                 std::make_pair(computeTxid(spend), std::int64_t(2)));
        QCOMPARE(store_->tip().height, std::int64_t(2));
        expectConsistentUtxoSet();
    }
};

QTEST_GUILESS_MAIN(TestHeldOutputs)
#include "tst_held_outputs.moc"
