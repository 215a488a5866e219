// A store written by every earlier release opens and migrates, on SQLite and PostgreSQL: the
// test builds it with the migrations of that release only, fills it as a node of that release
// did (a chain with a reorg and payments, an invalid block, peers, a saved mempool), then opens
// it as this release does. Nothing is lost and the chain goes on.
#include <QTest>

#include "chain/blockchain.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/migrations.h"
#include "store/sql_chain_store.h"
#include "store/sql_dialect.h"
#include "store/sql_mempool_store.h"
#include "store/sql_peer_store.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/utxo_audit.h"

#include <QVariant>

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

namespace {

constexpr std::int64_t kNow = 1'700'000'000 + 1'000'000;

Spendable coinbaseOf(const Block& b) {
    return {{computeTxid(b.transactions[0]), 0}, b.transactions[0].outputs[0]};
}

// This release writes a block's body into block_bodies (migration 9); releases before kept it
// in blocks.data. So that this release's code can fill an older store, block_bodies is made for
// the filling and then folded back into blocks.data, as those releases left it.
constexpr int kBodiesOwnTable = 9;

void lendBodiesTable(store::Database& db) {
    db.execute(store::SqlDialect::schema(
        db.dialect(),
        "CREATE TABLE block_bodies (hash TEXT PRIMARY KEY, data ${BINARY} NOT NULL)"));
    db.execute("ALTER TABLE blocks DROP COLUMN data");
}

void foldBodiesBack(store::Database& db) {
    // The last column, as it was, and NOT NULL: SQLite adds a NOT NULL column only with a
    // default (the one difference from those releases' table), PostgreSQL sets it afterwards.
    const bool sqlite = db.dialect() == store::Dialect::Sqlite;
    db.execute(sqlite ? "ALTER TABLE blocks ADD COLUMN data BLOB NOT NULL DEFAULT x''"
                      : "ALTER TABLE blocks ADD COLUMN data BYTEA");
    db.execute("UPDATE blocks SET data = (SELECT s.data FROM block_bodies s WHERE s.hash = "
               "blocks.hash)");
    db.execute("DROP TABLE block_bodies");
    if (!sqlite)
        db.execute("ALTER TABLE blocks ALTER COLUMN data SET NOT NULL");
    QSqlQuery& missing =
        db.prepare("SELECT COUNT(*) FROM blocks WHERE data IS NULL OR length(data) = 0");
    db.run(missing);
    QVERIFY(missing.next());
    QCOMPARE(missing.value(0).toLongLong(), 0);
    missing.finish();
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private slots:
    void everyEarlierStoreMigrates_data() {
        QTest::addColumn<int>("version");
        for (int v = 1; v < store::latestSchemaVersion(); ++v)
            QTest::newRow(qPrintable(QString("schema %1").arg(v))) << v;
    }
    void everyEarlierStoreMigrates() {
        QFETCH(int, version);
        MBC_REQUIRE_DATABASE(testDb);
        BlockFactory make;
        const PubKeyHash alice = aliceKey().address(), bob = bobKey().address();
        const Block g = make.genesis(alice);
        const Transaction pay =
            makeSignedSpend({coinbaseOf(g)}, aliceKey(), {{20 * COIN, bob}, {29 * COIN, alice}});
        const Block a1 = make.child(g, alice, {pay}, COIN);
        const Block a2 = make.child(a1, alice);
        const auto branch = make.chain(a1, 3, bob, 1); // wins: a2 goes
        const Block invalid = make.child(branch.back(), bob, {}, COIN);
        const Transaction waiting = makeSignedSpend({coinbaseOf(a2)}, aliceKey(), {{COIN, bob}});

        ChainTip before;
        {
            auto db = testDb->connectUnmigrated();
            store::migrateTo(*db, version);
            QCOMPARE(store::schemaVersion(*db), version);
            if (version < kBodiesOwnTable)
                lendBodiesTable(*db);
            store::SqlChainStore store(*db);
            Blockchain chain(store, regtestParams(), nullptr, [] { return kNow; });
            for (const Block* b : {&g, &a1, &a2})
                QCOMPARE(chain.submitBlock(*b).kind, Kind::Connected);
            for (const Block& b : branch)
                chain.submitBlock(b);
            QCOMPARE(*chain.tip().hash, blockHash(branch.back().header));
            QCOMPARE(chain.submitBlock(invalid).kind, Kind::Invalid);
            if (version < 3) // releases before migration 3 also kept every txid in chain_txs
                for (const Block* b : {&g, &a1, &branch[0], &branch[1], &branch[2]})
                    for (std::size_t i = 0; i < b->transactions.size(); ++i) {
                        QSqlQuery& q = db->prepare("INSERT INTO chain_txs (txid, block_hash, "
                                                   "height, position) VALUES (?, ?, ?, ?)");
                        q.addBindValue(
                            QString::fromStdString(computeTxid(b->transactions[i]).hex()));
                        q.addBindValue(QString::fromStdString(blockHash(b->header).hex()));
                        q.addBindValue(qint64(make.heightOf(*b)));
                        q.addBindValue(qint64(i));
                        db->run(q);
                    }
            store::SqlPeerStore(*db).add("http://127.0.0.1:9", kNow);
            store::SqlMempoolStore(*db).add(
                MempoolEntry{waiting, computeTxid(waiting), 0, 200, kNow, 1});
            before = chain.tip();
            if (version < kBodiesOwnTable) {
                foldBodiesBack(*db);
                if (QTest::currentTestFailed())
                    return;
            }
        }

        auto db = testDb->connect(); // as this release opens it
        QCOMPARE(store::schemaVersion(*db), store::latestSchemaVersion());
        QVERIFY_THROWS_EXCEPTION(store::StoreError, db->execute("SELECT data FROM blocks"));
        store::SqlChainStore store(*db);
        QCOMPARE(store.tip().hash, before.hash);
        QCOMPARE(store.tip().height, before.height);
        QCOMPARE(store.tip().utxoCount, before.utxoCount);
        const UtxoMap utxos = utxosInOutputsTable(*db);
        QCOMPARE(utxos.size(), std::size_t(before.utxoCount));
        QVERIFY2(utxos == utxosRecomputedFromBlocks(*db), "the UTXO set changed");
        for (const Block* b : {&g, &a1, &a2, &branch[0], &branch[1], &branch[2], &invalid})
            QVERIFY2(store.blockBytes(blockHash(b->header)) == encodeBlock(*b),
                     qPrintable("the body of the block at height " +
                                QString::number(make.heightOf(*b)) + " changed"));
        QVERIFY(store.blockRecord(blockHash(invalid.header))->isInvalid());
        QCOMPARE(store.blockRecord(blockHash(a2.header))->status, BlockStatus::Valid);
        QCOMPARE(store::SqlPeerStore(*db).all().size(), std::size_t(1));
        QVERIFY(!store::SqlPeerStore(*db).all().front().chosenByOwner); // anyone's, before 4
        const auto saved = store::SqlMempoolStore(*db).load();
        QCOMPARE(saved.size(), std::size_t(1));
        QVERIFY(saved[0].tx == waiting);
        Blockchain chain(store, regtestParams(), nullptr, [] { return kNow; });
        QCOMPARE(chain.submitBlock(make.child(branch.back(), alice, {}, 0, 2)).kind,
                 Kind::Connected);
        QCOMPARE(chain.submitBlock(invalid).kind, Kind::Invalid);
        QCOMPARE(utxosInOutputsTable(*db), utxosRecomputedFromBlocks(*db));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
