// A store written by every earlier release opens and migrates, on SQLite and PostgreSQL: the
// test builds it with the migrations of that release only, fills it as a node of that release
// did (a chain with a reorg and payments, an invalid block, peers, a saved mempool), then opens
// it as this release does. Nothing is lost and the chain goes on.
#include <QTest>

#include "chain/blockchain.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/migrations.h"
#include "store/sql_chain_queries.h"
#include "store/sql_chain_store.h"
#include "store/sql_dialect.h"
#include "store/sql_mempool_store.h"
#include "store/sql_peer_store.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/utxo_audit.h"

#include <QVariant>

#include <functional>

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

// This release keeps the outputs table's txids and addresses as their bytes (migration 10);
// releases before kept their hex. As with the bodies: the table this release writes is lent for
// the filling, and its rows then go back as hex into the table as that release left it.
constexpr int kOutputsAsBytes = 10;

void lendOutputsTable(store::Database& db) {
    db.execute("ALTER TABLE outputs RENAME TO outputs_as_released");
    db.execute(store::SqlDialect::schema(db.dialect(), "CREATE TABLE outputs ("
                                                       " txid ${BINARY} NOT NULL,"
                                                       " vout INTEGER NOT NULL,"
                                                       " pubkey_hash ${BINARY} NOT NULL,"
                                                       " amount BIGINT NOT NULL,"
                                                       " height INTEGER NOT NULL,"
                                                       " coinbase BOOLEAN NOT NULL,"
                                                       " spent_txid ${BINARY},"
                                                       " spent_height INTEGER,"
                                                       " PRIMARY KEY (txid, vout))"));
}

void foldOutputsBack(store::Database& db) {
    const auto hex = [&db](const char* column) {
        return QString(db.dialect() == store::Dialect::Sqlite ? "NULLIF(lower(hex(%1)), '')"
                                                              : "encode(%1, 'hex')")
            .arg(QString::fromLatin1(column));
    };
    db.execute("INSERT INTO outputs_as_released (txid, vout, pubkey_hash, amount, height, "
               "coinbase, spent_txid, spent_height) SELECT " +
               hex("txid") + ", vout, " + hex("pubkey_hash") + ", amount, height, coinbase, " +
               hex("spent_txid") + ", spent_height FROM outputs");
    db.execute("DROP TABLE outputs");
    db.execute("ALTER TABLE outputs_as_released RENAME TO outputs");
    QSqlQuery& q = db.prepare("SELECT COUNT(*) FROM outputs WHERE length(txid) <> 64");
    db.run(q);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), 0);
    q.finish();
}

// Every output row, its values as text (bytes as hex), in key order.
QStringList outputRows(store::Database& db) {
    QSqlQuery& q = db.prepare("SELECT txid, vout, pubkey_hash, amount, height, coinbase, "
                              "spent_txid, spent_height FROM outputs ORDER BY txid, vout");
    db.run(q);
    QStringList rows;
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < 8; ++i) {
            const QVariant v = q.value(i);
            values << (v.isNull() ? QStringLiteral("NULL")
                       : v.metaType().id() == QMetaType::QByteArray
                           ? "x" + QString::fromLatin1(v.toByteArray().toHex())
                       : i == 5 ? QString::number(v.toBool())
                                : v.toString());
        }
        rows << values.join(' ');
    }
    q.finish();
    return rows;
}

// The outputs table's two indexes, by name, as every store has them from migration 10 on.
std::int64_t addressIndexesOfOutputs(store::Database& db) {
    return queryInteger(
        db, db.dialect() == store::Dialect::Sqlite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                  "'outputs' AND name IN ('outputs_unspent_address', 'outputs_spent_address')"
                : "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'outputs' AND indexname IN "
                  "('outputs_unspent_address', 'outputs_spent_address')");
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private slots:
    // A schema version no release wrote is said to be one, not taken for an empty store whose
    // migrations then fail on its tables: a negative one is corrupt, and one past 32 bits
    // (SQLite's keys are 64) is newer, not cut to its low bits.
    void aSchemaVersionNoReleaseWroteIsNamed_data() {
        QTest::addColumn<qint64>("version");
        QTest::addColumn<bool>("newer");
        QTest::newRow("negative") << qint64(-3) << false;
        if (testBackendIsSqlite()) // PostgreSQL's INTEGER holds 32 bits
            QTest::newRow("past 32 bits") << (qint64(1) << 40) << true;
    }
    void aSchemaVersionNoReleaseWroteIsNamed() {
        QFETCH(qint64, version);
        QFETCH(bool, newer);
        MBC_REQUIRE_DATABASE(testDb);
        {
            auto db = testDb->connect();
            db->execute("DELETE FROM schema_migrations");
            db->execute(QStringLiteral("INSERT INTO schema_migrations (version, description, "
                                       "applied_at) VALUES (%1, 'edited', 0)")
                            .arg(version));
        }
        auto db = testDb->connectUnmigrated();
        try {
            store::migrate(*db);
            QFAIL("a store of schema version no release wrote was migrated");
        } catch (const store::StoreError& e) {
            QCOMPARE(e.kind(), newer ? store::StoreError::Kind::NewerSchema
                                     : store::StoreError::Kind::Corrupt);
            QVERIFY2(QString::fromUtf8(e.what()).contains(
                         newer ? "newer than this MiniBitcoin understands"
                               : "is corrupt: its schema version is not one MiniBitcoin writes"),
                     e.what());
        }
    }

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
        QStringList rowsBefore; // as this release wrote them
        {
            auto db = testDb->connectUnmigrated();
            store::migrateTo(*db, version);
            QCOMPARE(store::schemaVersion(*db), version);
            if (version < kBodiesOwnTable)
                lendBodiesTable(*db);
            if (version < kOutputsAsBytes)
                lendOutputsTable(*db);
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
            rowsBefore = outputRows(*db);
            if (version < kOutputsAsBytes) {
                foldOutputsBack(*db);
                if (QTest::currentTestFailed())
                    return;
            }
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
        QCOMPARE(outputRows(*db), rowsBefore); // spent ones too
        QCOMPARE(addressIndexesOfOutputs(*db), 2);
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
        const auto saved = store::SqlMempoolStore(*db).load(100'000, 1'000'000);
        QCOMPARE(saved.size(), std::size_t(1));
        QVERIFY(saved[0].tx == waiting);
        Blockchain chain(store, regtestParams(), nullptr, [] { return kNow; });
        QCOMPARE(chain.submitBlock(make.child(branch.back(), alice, {}, 0, 2)).kind,
                 Kind::Connected);
        QCOMPARE(chain.submitBlock(invalid).kind, Kind::Invalid);
        QCOMPARE(utxosInOutputsTable(*db), utxosRecomputedFromBlocks(*db));
    }

    // Hex edited on disk in a store of an earlier release does not keep it from opening, nor
    // become something a block could have written: a spent output stays spent, and whatever
    // reads the edited value finds the store corrupt, as it did before.
    void editedHexIsStillFoundCorruptAfterTheUpgrade() {
        MBC_REQUIRE_DATABASE(testDb);
        const PubKeyHash alice = aliceKey().address();
        const std::string txid(64, 'a'), spender(64, 'b');
        {
            auto db = testDb->connectUnmigrated();
            store::migrateTo(*db, kOutputsAsBytes - 1);
            const auto insert = [&db](const QString& values) {
                db->execute("INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, "
                            "coinbase, spent_txid, spent_height) VALUES (" +
                            values + ")");
            };
            const QString flag = db->dialect() == store::Dialect::Sqlite ? "0" : "false";
            const QString address = QString::fromStdString(alice.hex());
            insert(QString("'%1', 0, '%2', 5, 1, %3, 'not hex', 2")
                       .arg(QString::fromStdString(txid), address, flag));
            insert(QString("'%1', 1, '%2', 6, 1, %3, '%4', 2")
                       .arg(QString::fromStdString(txid), address, flag,
                            QString::fromStdString(spender).toUpper()));
            insert(QString("'%1', 2, 'ABCDEF', 7, 1, %2, NULL, NULL")
                       .arg(QString::fromStdString(txid), flag));
            insert(QString("'%1', 0, '%2', 8, 1, %3, NULL, NULL").arg("xyz", address, flag));
            // An address in capitals, of an address's length: the store wrote none.
            insert(QString("'%1', 3, '%2', 9, 1, %3, NULL, NULL")
                       .arg(QString::fromStdString(txid), address.toUpper(), flag));
            insert(QString("'%1', 4, '%2', 10, 1, %3, '', 2")
                       .arg(QString::fromStdString(txid), address, flag));
            // Edits that differ only by a trailing space, or in case, stay two keys.
            insert(QString("'%1', 0, '%2', 11, 1, %3, NULL, NULL").arg("xyz ", address, flag));
            insert(QString("'%1', 0, '%2', 12, 1, %3, NULL, NULL")
                       .arg(QString::fromStdString(txid).toUpper(), address, flag));
        }
        auto db = testDb->connect();
        QCOMPARE(store::schemaVersion(*db), store::latestSchemaVersion());
        QSqlQuery& unspent = db->prepare("SELECT COUNT(*) FROM outputs WHERE spent_txid IS NULL");
        db->run(unspent);
        QVERIFY(unspent.next());
        QCOMPARE(unspent.value(0).toLongLong(), 5); // those that were unspent
        unspent.finish();
        // Every edited spender (not hex, in capitals, empty) is of no txid's length.
        QSqlQuery& spenders = db->prepare("SELECT COUNT(*) FROM outputs WHERE spent_txid IS NOT "
                                          "NULL AND length(spent_txid) >= 33");
        db->run(spenders);
        QVERIFY(spenders.next());
        QCOMPARE(spenders.value(0).toLongLong(), 3);
        spenders.finish();
        store::SqlChainStore store(*db);
        const Hash256 edited = *Hash256::fromHex(txid);
        QVERIFY(store.unspentCoins(std::vector<OutPoint>{{edited, 0}, {edited, 1}, {edited, 4}})
                    .empty());
        const auto expectCorrupt = [](const std::function<void()>& read, const char* what) {
            try {
                read();
                QFAIL(qPrintable(QString("%1 read an edited value").arg(what)));
            } catch (const store::StoreError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains("the store is corrupt"), e.what());
            }
        };
        store::SqlChainQueries queries(*db);
        expectCorrupt([&] { queries.history(alice, 0, 10); }, "the history");
        expectCorrupt([&] { queries.unspentOf(alice); }, "the unspent outputs"); // txid 'xyz'
        expectCorrupt(
            [&] {
                store.unspentCoins(std::vector<OutPoint>{{edited, 2}});
            },
            "a coin's address");
        expectCorrupt(
            [&] {
                store.unspentCoins(std::vector<OutPoint>{{edited, 3}});
            },
            "a coin's address in capitals");
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
