// A store whose block rows were damaged (a crash mid-write elsewhere, a disk error, someone
// with write access to the file or the database): the node neither hangs nor condemns an honest
// block for it. Rows that cannot be a chain, a body missing, or a body that is another block's
// are dropped like a body that does not decode; the block is welcome again from a peer.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "node/node.h"
#include "store/database.h"
#include "store/sql_chain_store.h"
#include "store/sql_dialect.h"
#include "store/sql_mempool_store.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/test_node_config.h"
#include "support/timeouts.h"

using namespace mbc;
using namespace mbc::test;

namespace {

QString quoted(const Block& block) {
    return "'" + QString::fromStdString(blockHash(block.header).hex()) + "'";
}

// genesis and b1 on the active chain; s1, a sibling of b1 with equal work, stored beside it;
// s2 would make s1's branch the heavier.
struct SideBranch {
    BlockFactory f;
    Block genesis = f.genesis(aliceKey().address());
    Block b1 = f.child(genesis, aliceKey().address());
    Block s1 = f.child(genesis, carolKey().address(), {}, 0, 1);
    Block s2 = f.child(s1, carolKey().address());
};

std::int64_t count(store::Database& db, const QString& sql) {
    QSqlQuery& q = db.prepare(sql);
    db.run(q);
    const std::int64_t n = q.next() ? q.value(0).toLongLong() : -1;
    q.finish();
    return n;
}

} // namespace

class TestDamagedStore : public QObject {
    Q_OBJECT

    // Stores the side branch's first block, then damages the store with `edit`.
    static void storeSideBlock(node::Node& n, const SideBranch& c) {
        QCOMPARE(n.submitBlock(c.genesis, "test").kind, SubmitOutcome::Kind::Connected);
        QCOMPARE(n.submitBlock(c.b1, "test").kind, SubmitOutcome::Kind::Connected);
        QCOMPARE(n.submitBlock(c.s1, "test").kind, SubmitOutcome::Kind::SideChain);
    }

    // A node stores the side block and closes; the store is then the test's to damage.
    static std::unique_ptr<store::Database> storedThenClosed(TestDatabase& db,
                                                             const SideBranch& c) {
        {
            node::Node n(nodeConfigFor(db));
            n.open();
            storeSideBlock(n, c);
        }
        return db.connect();
    }

    // s1 is not condemned, s2 waits for it, and s1 sent again (as a peer would) takes the
    // chain to s2.
    static void theBranchComesBackWhole(node::Node& n, store::Database& db, const SideBranch& c) {
        QCOMPARE(*n.tip().hash, blockHash(c.b1.header));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'invalid'"), 0);
        QCOMPARE(n.submitBlock(c.s1, "peer").kind, SubmitOutcome::Kind::Connected);
        QTRY_COMPARE_WITH_TIMEOUT(*n.tip().hash, blockHash(c.s2.header), kLongTimeoutMs);
    }

private slots:
    // Rows that cannot be a chain once sent activation walking for ever at every start (a
    // block that is its own parent), or had the node follow work no chain has (a record with
    // more work than its parent gave it), or threw at every activation (a parent never stored):
    // the branch from there is dropped, and the node goes on.
    void blockRowsThatCannotBeAChainAreDropped_data() {
        QTest::addColumn<QString>("edit");
        const QString most = "chain_work = '" + QString(64, 'f') + "'";
        QTest::newRow("its own parent") << "prev_hash = hash, " + most;
        QTest::newRow("work no parent gave") << most;
        QTest::newRow("a parent never stored") << "prev_hash = '" + QString(64, 'a') + "', " + most;
    }
    void blockRowsThatCannotBeAChainAreDropped() {
        QFETCH(QString, edit);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        editor->execute("UPDATE blocks SET " + edit + " WHERE hash = " + quoted(c.s1));
        node::Node n(nodeConfigFor(*db));
        n.open();
        n.resumeBackgroundWork();
        QTRY_COMPARE_WITH_TIMEOUT(
            count(*editor, "SELECT COUNT(*) FROM blocks WHERE hash = " + quoted(c.s1)), 0,
            kLongTimeoutMs);
        QCOMPARE(*n.tip().hash, blockHash(c.b1.header));
        const Block b2 = c.f.child(c.b1, aliceKey().address());
        QCOMPARE(n.submitBlock(b2, "test").kind, SubmitOutcome::Kind::Connected);
    }

    // A tip row that disagrees with the blocks (here: naming the side block, or a block never
    // stored) had the node mine a second genesis or never follow more work, silently: it is
    // refused at start, and said to be.
    void aTipRowThatDisagreesIsRefusedAtStart_data() {
        QTest::addColumn<QString>("tipHash");
        QTest::newRow("a side block") << "s1";
        QTest::newRow("a block never stored") << QString(64, 'a');
        QTest::newRow("none, over an active chain") << "";
    }
    void aTipRowThatDisagreesIsRefusedAtStart() {
        QFETCH(QString, tipHash);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        editor->execute("UPDATE chain_state SET tip_hash = " + (tipHash == "s1" ? quoted(c.s1)
                                                                : tipHash.isEmpty()
                                                                    ? QStringLiteral("NULL")
                                                                    : "'" + tipHash + "'"));
        node::Node n(nodeConfigFor(*db));
        try {
            n.open();
            QFAIL("a node opened on a tip row that disagrees with its blocks");
        } catch (const store::StoreError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith("the store is corrupt: the tip row "),
                     e.what());
        }
    }

    // A body that is another block's would have been validated in the block's place (connected
    // under the wrong hash if valid there, or condemning the block if not); a block row without
    // its body threw at every activation. Either is dropped like a body that does not decode.
    void aStoredBodyThatIsNotTheBlocksIsDropped_data() {
        QTest::addColumn<QString>("damage"); // SQL; S1 and B1 stand for the blocks' quoted hashes
        QTest::newRow("another block's") << "UPDATE block_bodies SET data = (SELECT b.data FROM "
                                            "block_bodies b WHERE b.hash = B1) WHERE hash = S1";
        QTest::newRow("missing") << "DELETE FROM block_bodies WHERE hash = S1";
    }
    void aStoredBodyThatIsNotTheBlocksIsDropped() {
        QFETCH(QString, damage);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        node::Node n(nodeConfigFor(*db));
        n.open();
        storeSideBlock(n, c);
        auto editor = db->connect();
        editor->execute(damage.replace("S1", quoted(c.s1)).replace("B1", quoted(c.b1)));
        (void)n.submitBlock(c.s2, "peer"); // the way to s2 goes through s1's body
        theBranchComesBackWhole(n, *editor, c);
    }

    // A body given for a record whose body went missing is kept (before, the update found no
    // row, and each alternate body offered was spent on it in turn).
    void aReplacementBodyFillsAMissingOne() {
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        editor->execute("DELETE FROM block_bodies WHERE hash = " + quoted(c.s1));
        store::SqlChainStore chain(*editor);
        QVERIFY(!chain.blockBytes(blockHash(c.s1.header)));
        const Bytes body = encodeBlock(c.s1);
        chain.replaceBody(blockHash(c.s1.header), body, 1);
        QCOMPARE(chain.blockBytes(blockHash(c.s1.header)), std::optional<Bytes>(body));
        // Not for a block on the active chain (its body is settled), nor one never stored.
        chain.replaceBody(blockHash(c.b1.header), encodeBlock(c.s1), 1);
        QCOMPARE(chain.blockBytes(blockHash(c.b1.header)), std::optional<Bytes>(encodeBlock(c.b1)));
        chain.replaceBody(blockHash(c.s2.header), encodeBlock(c.s2), 1);
        QVERIFY(!chain.blockBytes(blockHash(c.s2.header)));
    }

    // The saved mempool is read only as far as the pool could hold it: a table someone filled
    // (or rows someone enlarged) cannot make a start read more.
    void theSavedMempoolIsReadWithinABound() {
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const Spendable coinbase{OutPoint{computeTxid(c.genesis.transactions[0]), 0},
                                 c.genesis.transactions[0].outputs[0]};
        const Transaction pay = makeSignedSpend(
            {coinbase}, aliceKey(), {{coinbase.output.amount - 500, bobKey().address()}});
        {
            node::Node n(nodeConfigFor(*db));
            n.open();
            storeSideBlock(n, c);
            QVERIFY(n.submitTransaction(pay, "test").ok());
        }
        const std::size_t size = encodeTx(pay).size();
        auto editor = db->connect();
        store::SqlMempoolStore saved(*editor);
        QCOMPARE(saved.load(size, size).size(), std::size_t(1));
        QCOMPARE(saved.load(size - 1, size).size(), std::size_t(0)); // larger than a tx may be
        QCOMPARE(saved.load(size, size - 1).size(), std::size_t(0)); // past the total
    }
};

QTEST_GUILESS_MAIN(TestDamagedStore)
#include "tst_damaged_store.moc"
