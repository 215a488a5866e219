// A store whose block rows were damaged (a crash mid-write elsewhere, a disk error, someone
// with write access to the file or the database): the node neither hangs nor condemns an honest
// block for it. Rows that cannot be a chain, a body missing, or a body that is another block's
// are dropped like a body that does not decode; the block is welcome again from a peer.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/node.h"
#include "store/database.h"
#include "store/sql_chain_queries.h"
#include "store/sql_chain_store.h"
#include "store/sql_dialect.h"
#include "store/sql_mempool_store.h"
#include "store/sql_peer_store.h"
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

// SQL for the bytes of `hex`, in the store's dialect.
QString bytesOfHex(store::Database& db, const QByteArray& hex) {
    return store::SqlDialect::bytesOfHex(db.dialect(), "'" + QString::fromLatin1(hex) + "'");
}

// SQL picking output `vout` of `tx` in the outputs table.
QString outputKey(store::Database& db, const Transaction& tx, std::uint32_t vout) {
    return "txid = " + bytesOfHex(db, QByteArray::fromStdString(computeTxid(tx).hex())) +
           " AND vout = " + QString::number(vout);
}

// SQL for `size` bytes of zeros.
QString zeroBytes(store::Database& db, std::size_t size) {
    return db.dialect() == store::Dialect::Sqlite
               ? QStringLiteral("zeroblob(%1)").arg(size)
               : QStringLiteral("decode(repeat('00', %1), 'hex')").arg(size);
}

// Runs `run`, which must throw StoreError saying the store is corrupt, and returns its message.
template <typename Run>
QString corruptStoreMessage(Run run) {
    try {
        run();
    } catch (const store::StoreError& e) {
        return QString::fromUtf8(e.what());
    }
    return "(nothing was thrown)";
}

} // namespace

class TestDamagedStore : public QObject {
    Q_OBJECT

    // b2, on b1, whose one tx pays Bob twice from the genesis block's coinbase (so the outputs
    // table holds a row of it that a damage leaves).
    static Block childPayingTwice(node::Node& n, SideBranch& c) {
        const TxOut& paid = c.genesis.transactions[0].outputs[0];
        const Spendable coin{OutPoint{computeTxid(c.genesis.transactions[0]), 0}, paid};
        const Amount half = (paid.amount - 500) / 2;
        const Transaction pay = makeSignedSpend(
            {coin}, aliceKey(), {{half, bobKey().address()}, {half, bobKey().address()}});
        const Block b2 = c.f.child(c.b1, aliceKey().address(), {pay}, paid.amount - 2 * half);
        [&] { QCOMPARE(n.submitBlock(b2, "test").kind, SubmitOutcome::Kind::Connected); }();
        return b2;
    }

    // A tx spending output `vout` of `block`'s second tx (as if it had output 0's amount) back
    // to Alice, leaving `fee`.
    static Transaction spendOf(const Block& block, std::uint32_t vout, Amount fee = 500) {
        const TxOut& paid = block.transactions[1].outputs[0];
        const Spendable coin{OutPoint{computeTxid(block.transactions[1]), vout}, paid};
        return makeSignedSpend({coin}, bobKey(), {{paid.amount - fee, aliceKey().address()}});
    }

    // Opens the node and stores the side branch (genesis and b1 active, s1 beside b1).
    static void openWithSideBlock(node::Node& n, const SideBranch& c) {
        n.open();
        QCOMPARE(n.submitBlock(c.genesis, "test").kind, SubmitOutcome::Kind::Connected);
        QCOMPARE(n.submitBlock(c.b1, "test").kind, SubmitOutcome::Kind::Connected);
        QCOMPARE(n.submitBlock(c.s1, "test").kind, SubmitOutcome::Kind::SideChain);
    }

    // A node stores the side block and closes; the store is then the test's to damage.
    static std::unique_ptr<store::Database> storedThenClosed(TestDatabase& db,
                                                             const SideBranch& c) {
        {
            node::Node n(nodeConfigFor(db));
            openWithSideBlock(n, c);
        }
        return db.connect();
    }

    // s1 is not condemned, s2 waits for it, and s1 sent again (as a peer would) takes the
    // chain to s2.
    static void theBranchComesBackWhole(node::Node& n, store::Database& db, const SideBranch& c) {
        QCOMPARE(*n.tip().hash, blockHash(c.b1.header));
        QCOMPARE(queryInteger(db, "SELECT COUNT(*) FROM blocks WHERE status = 'invalid'"), 0);
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
            queryInteger(*editor, "SELECT COUNT(*) FROM blocks WHERE hash = " + quoted(c.s1)), 0,
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
            QCOMPARE(e.kind(), store::StoreError::Kind::Corrupt); // the app says so, and why
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
        openWithSideBlock(n, c);
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
            openWithSideBlock(n, c);
            QVERIFY(n.submitTransaction(pay, "test").ok());
        }
        const std::size_t size = encodeTx(pay).size();
        auto editor = db->connect();
        store::SqlMempoolStore saved(*editor);
        QCOMPARE(saved.load(size, size).size(), std::size_t(1));
        QCOMPARE(saved.load(size - 1, size).size(), std::size_t(0)); // larger than a tx may be
        QCOMPARE(saved.load(size, size - 1).size(), std::size_t(0)); // past the total
    }

    // A body longer than any block could make each read of it allocate what the row holds
    // (SQLite takes up to 1 GB a value): it is not read. Where the block is wanted for itself
    // the store is reported corrupt; where a valid body is looked for, it reads as missing, and
    // the block is welcome again from a peer.
    void aBodyLongerThanAnyBlockIsNotRead() {
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        for (const Block* b : {&c.s1, &c.b1})
            editor->execute("UPDATE block_bodies SET data = " +
                            zeroBytes(*editor, MAX_BLOCK_SIZE + 1) + " WHERE hash = " + quoted(*b));
        store::SqlChainStore chain(*editor);
        QVERIFY(!chain.blockBytes(blockHash(c.s1.header)));
        store::SqlChainQueries queries(*editor);
        const QString expected = "the store is corrupt: the body of block " +
                                 QString::fromStdString(blockHash(c.b1.header).hex()) +
                                 " is 1000001 bytes, more than a block may be (1000000)";
        QCOMPARE(corruptStoreMessage([&] { (void)queries.storedBlock(blockHash(c.b1.header)); }),
                 expected);
        QCOMPARE(corruptStoreMessage([&] { (void)queries.activeBlocks(0, 2, 10'000'000); }),
                 expected);
        if (testBackendIsSqlite()) { // a text, whose length() would read it all and stop at NUL
            editor->execute("UPDATE block_bodies SET data = CAST(x'00' || zeroblob(2000000) AS "
                            "TEXT) WHERE hash IN (" +
                            quoted(c.s1) + ", " + quoted(c.b1) + ")");
            QVERIFY(!chain.blockBytes(blockHash(c.s1.header)));
            QCOMPARE(
                corruptStoreMessage([&] { (void)queries.storedBlock(blockHash(c.b1.header)); }),
                "the store is corrupt: the body of block " +
                    QString::fromStdString(blockHash(c.b1.header).hex()) + " is not bytes");
        }
        // At the bound a body is read (it is not the block's, which its decoding finds).
        editor->execute("UPDATE block_bodies SET data = " + zeroBytes(*editor, MAX_BLOCK_SIZE) +
                        " WHERE hash = " + quoted(c.s1));
        QCOMPARE(chain.blockBytes(blockHash(c.s1.header)),
                 std::optional<Bytes>(Bytes(MAX_BLOCK_SIZE)));
        editor->execute("UPDATE block_bodies SET data = " + zeroBytes(*editor, MAX_BLOCK_SIZE + 1) +
                        " WHERE hash = " + quoted(c.s1));
        editor->execute("UPDATE block_bodies SET data = " +
                        bytesOfHex(*editor, QByteArray::fromStdString(toHex(encodeBlock(c.b1)))) +
                        " WHERE hash = " + quoted(c.b1));
        node::Node n(nodeConfigFor(*db));
        n.open();
        (void)n.submitBlock(c.s2, "peer"); // the way to s2 goes through s1's body
        theBranchComesBackWhole(n, *editor, c);
    }

    // A block record's numbers are read as numbers no block could have had only if the store
    // is corrupt, and then it says so: before, a text read as 0, and a negative height as one
    // past four billion.
    void recordNumbersNoBlockHasAreCorrupt_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("shown"); // the value as the error shows it
        QTest::newRow("a negative height") << "height = -1"
                                           << "height is '-1'";
        QTest::newRow("a timestamp past 32 bits") << "timestamp = 4294967296"
                                                  << "timestamp is '4294967296'";
        QTest::newRow("a size larger than a block") << "size = 1000001"
                                                    << "size is '1000001'";
        if (!testBackendIsSqlite())
            return; // PostgreSQL's typed columns cannot hold the rest
        QTest::newRow("a height that is text") << "height = 'ten'"
                                               << "height is 'ten'";
        QTest::newRow("a nonce that is a real") << "nonce = 1.5"
                                                << "nonce is '1.5'";
    }
    void recordNumbersNoBlockHasAreCorrupt() {
        QFETCH(QString, edit);
        QFETCH(QString, shown);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        editor->execute("UPDATE blocks SET " + edit + " WHERE hash = " + quoted(c.s1));
        const QString hash = QString::fromStdString(blockHash(c.s1.header).hex());
        QCOMPARE(corruptStoreMessage(
                     [&] { (void)store::storedBlockRecord(*editor, blockHash(c.s1.header)); }),
                 "the store is corrupt: block " + hash + "'s " + shown + ", which no block has");
    }

    // A coin's numbers likewise: an amount that is text read as 0 had an honest spend of it
    // refused (and its block condemned) for spending more than its inputs.
    void aCoinNoBlockMadeIsCorrupt_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("said");
        QTest::newRow("a negative amount") << "amount = -1"
                                           << "holds a coin no block made";
        if (testBackendIsSqlite())
            QTest::newRow("an amount that is text")
                << "amount = 'much'"
                << "holds a coin with a NULL or a value of another type";
    }
    void aCoinNoBlockMadeIsCorrupt() {
        QFETCH(QString, edit);
        QFETCH(QString, said);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        const auto editor = storedThenClosed(*db, c);
        editor->execute("UPDATE outputs SET " + edit);
        store::SqlChainStore chain(*editor);
        const OutPoint coinbase{computeTxid(c.genesis.transactions[0]), 0};
        const QString message =
            corruptStoreMessage([&] { (void)chain.unspentCoins(std::span(&coinbase, 1)); });
        QVERIFY2(message.startsWith("the outputs table " + said) &&
                     message.endsWith("the store is corrupt"),
                 qPrintable(message));
    }

    // A block spending an output the UTXO set lost (its row deleted, or marked spent by a tx
    // no block has) was condemned for good, and so was the honest chain after it: the store
    // is now reported corrupt instead, and the block connects once the row is put right.
    void aSpendTheStoreLostDoesNotCondemnTheBlock_data() {
        QTest::addColumn<QString>("damage"); // SQL; COIN stands for the spent output's key
        QTest::addColumn<QString>("repair");
        QTest::addColumn<QString>("said");
        QTest::newRow("its row deleted")
            << "CREATE TABLE lost AS SELECT * FROM outputs WHERE COIN; DELETE FROM outputs WHERE "
               "COIN"
            << "INSERT INTO outputs SELECT * FROM lost"
            << "the outputs table has no row for output TXID:0 of tx TXID (at height 2 of the "
               "active chain)";
        QTest::newRow("marked spent by a tx no block has")
            << "UPDATE outputs SET spent_txid = SPENDER, spent_height = 2 WHERE COIN"
            << "UPDATE outputs SET spent_txid = NULL, spent_height = NULL WHERE COIN"
            << "output TXID:0 is marked spent by tx " + QString(64, 'e') +
                   ", which the active chain does not hold";
        QTest::newRow("marked spent by a tx of the chain that does not spend it")
            << "UPDATE outputs SET spent_txid = OTHER, spent_height = 2 WHERE COIN"
            << "UPDATE outputs SET spent_txid = NULL, spent_height = NULL WHERE COIN"
            << "output TXID:0 is marked spent by tx OTHERHEX of the active chain, which does not "
               "spend it";
        QTest::newRow("its amount changed")
            << "CREATE TABLE lost AS SELECT * FROM outputs WHERE COIN; UPDATE outputs SET amount "
               "= 1 WHERE COIN"
            << "DELETE FROM outputs WHERE COIN; INSERT INTO outputs SELECT * FROM lost"
            << "the outputs table holds output TXID:0 as amount 1 to";
        QTest::newRow("unspent above the tip")
            << "UPDATE outputs SET height = 50 WHERE COIN"
            << "UPDATE outputs SET height = 2 WHERE COIN"
            << "the outputs table holds output TXID:0 unspent at height 50, where the block could "
               "not spend it (the tip is at 2)";
    }
    void aSpendTheStoreLostDoesNotCondemnTheBlock() {
        QFETCH(QString, damage);
        QFETCH(QString, repair);
        QFETCH(QString, said);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        node::Node n(nodeConfigFor(*db));
        openWithSideBlock(n, c);
        const Block b2 = childPayingTwice(n, c);
        const Block b3 = c.f.child(b2, aliceKey().address(), {spendOf(b2, 0)}, 500);
        auto editor = db->connect();
        const QString txid = QString::fromStdString(computeTxid(b2.transactions[1]).hex());
        const QString coin = outputKey(*editor, b2.transactions[1], 0);
        const QString other = QString::fromStdString(computeTxid(b2.transactions[0]).hex());
        for (const QString& statement : damage.split("; "))
            editor->execute(QString(statement)
                                .replace("COIN", coin)
                                .replace("SPENDER", bytesOfHex(*editor, QByteArray(64, 'e')))
                                .replace("OTHER", bytesOfHex(*editor, other.toLatin1())));
        said.replace("OTHERHEX", other);
        const QString message = corruptStoreMessage([&] { (void)n.submitBlock(b3, "peer"); });
        QVERIFY2(message.startsWith("the store is corrupt: " + said.replace("TXID", txid)),
                 qPrintable(message));
        QCOMPARE(queryInteger(*editor, "SELECT COUNT(*) FROM blocks WHERE status = 'invalid'"), 0);
        for (const QString& statement : repair.replace("COIN", coin).split("; "))
            editor->execute(statement);
        QCOMPARE(n.submitBlock(b3, "peer").kind, SubmitOutcome::Kind::Connected);
    }

    // Where the store's records agree that the output is not there, the block is condemned
    // as before: the check spares no block that is invalid.
    void aSpendOfWhatIsNotThereStillCondemns_data() {
        QTest::addColumn<QString>("spend");
        QTest::addColumn<int>("code"); // RejectCode
        const int missing = int(RejectCode::TxInputMissingOrSpent);
        QTest::newRow("an output the tx does not have") << "vout 5" << missing;
        QTest::newRow("an output the chain spent") << "spent" << missing;
        // The input validation stops at is the block's own: a lost row further on is no excuse.
        QTest::newRow("a later tx's output, before a lost row") << "forward" << missing;
        QTest::newRow("more than the coin holds") << "more" << int(RejectCode::TxInBelowOut);
        // The tx validation stops at spends the block's own output: a changed coin further on
        // is no excuse.
        QTest::newRow("more than an own output holds, before a changed coin")
            << "more of own" << int(RejectCode::TxInBelowOut);
    }
    void aSpendOfWhatIsNotThereStillCondemns() {
        QFETCH(QString, spend);
        QFETCH(int, code);
        MBC_REQUIRE_DATABASE(db);
        SideBranch c;
        node::Node n(nodeConfigFor(*db));
        openWithSideBlock(n, c);
        const Block b2 = childPayingTwice(n, c);
        Block parent = b2;
        std::vector<Transaction> txs{spendOf(b2, 5, 700)};
        if (spend == "spent") {
            parent = c.f.child(b2, aliceKey().address(), {spendOf(b2, 0)}, 500);
            QCOMPARE(n.submitBlock(parent, "test").kind, SubmitOutcome::Kind::Connected);
            txs = {spendOf(b2, 0, 700)};
        } else if (spend == "more") {
            txs = {spendOf(b2, 0, -1000)};
        } else if (spend == "more of own") {
            const Transaction first = spendOf(b2, 1);
            const Spendable made{OutPoint{computeTxid(first), 0}, first.outputs[0]};
            txs = {first,
                   makeSignedSpend({made}, aliceKey(),
                                   {{made.output.amount + 1000, bobKey().address()}}),
                   spendOf(b2, 0)};
            auto editor = db->connect();
            editor->execute("UPDATE outputs SET amount = 1 WHERE " +
                            outputKey(*editor, b2.transactions[1], 0));
        } else if (spend == "forward") {
            const Transaction later = spendOf(b2, 0, 700);
            const Spendable made{OutPoint{computeTxid(later), 0}, later.outputs[0]};
            txs = {makeSignedSpend({made}, aliceKey(), {{made.output.amount, bobKey().address()}}),
                   later};
            auto editor = db->connect();
            editor->execute("DELETE FROM outputs WHERE " +
                            outputKey(*editor, b2.transactions[1], 0));
        }
        const Block refused = c.f.child(parent, aliceKey().address(), txs, 700);
        const SubmitOutcome outcome = n.submitBlock(refused, "peer");
        QCOMPARE(outcome.kind, SubmitOutcome::Kind::Invalid);
        QCOMPARE(int(outcome.failure->code), code);
        auto editor = db->connect();
        QCOMPARE(queryInteger(*editor, "SELECT COUNT(*) FROM blocks WHERE status = 'invalid'"), 1);
    }

    // Only as many peer rows as MAX_PEERS allows, and no URL longer than a peer's, are read: a
    // table someone filled would otherwise be read whole at every status request.
    void thePeersTableIsReadWithinABound() {
        MBC_REQUIRE_DATABASE(db);
        auto editor = db->connect();
        store::SqlPeerStore peers(*editor);
        {
            store::Database::Transaction tx(*editor);
            for (int i = 0; i < store::kMostPeerRows + 200; ++i)
                peers.add(QStringLiteral("http://127.0.%1.%2:8000").arg(i / 250).arg(i % 250 + 1),
                          100 + i);
            tx.commit();
        }
        const QString owners = "http://127.0.9.9:8000"; // the newest: chosen by the owner
        peers.add(owners, 10'000);
        peers.markChosenByOwner(owners);
        editor->execute("INSERT INTO peers (url, is_active, failures, added_at) VALUES ('http://" +
                        QString(store::kMostPeerUrlLength, 'a') + ".invalid', TRUE, 0, 1)");
        if (testBackendIsSqlite()) // a text whose length() would stop at its NUL
            editor->execute("INSERT INTO peers (url, is_active, failures, added_at) VALUES "
                            "(CAST('http://' || x'00' || zeroblob(5000) AS TEXT), TRUE, 0, 2)");
        const auto rows = store::SqlPeerStore(*editor).all();
        QCOMPARE(rows.size(), std::size_t(store::kMostPeerRows));
        QVERIFY(std::any_of(rows.begin(), rows.end(),
                            [&](const store::PeerRow& p) { return p.url == owners; }));
        QVERIFY(std::all_of(rows.begin(), rows.end(), [](const store::PeerRow& p) {
            return p.url.size() <= store::kMostPeerUrlLength;
        }));
    }
};

QTEST_GUILESS_MAIN(TestDamagedStore)
#include "tst_damaged_store.moc"
