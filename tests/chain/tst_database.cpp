// The store's connection under failures: a COMMIT that fails leaves no transaction open
// behind it, and the connection goes on working; each failure that undid work is counted
// (Database::undoCount, which empties the chain store's cache). Rows passed in bulk come back
// as they went.
#include <QTest>

#include "store/bulk_sql.h"
#include "store/sql_dialect.h"
#include "store/sql_peer_store.h"
#include "store/sqlite_setup.h"
#include "store/sqlite_statement.h"
#include "store/store_claim.h"
#include "support/own_postgres.h"
#include "support/test_database.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <limits>
#include <memory>
#include <tuple>
#include <vector>

using namespace mbc;
using namespace mbc::test;

namespace {

std::int64_t countRows(store::Database& db, const QString& table) {
    return queryInteger(db, "SELECT COUNT(*) FROM " + table);
}

// The peer rows as `peers` keeps them, against the table as another connection reads it.
QString peerRowsDiffer(store::SqlPeerStore& peers, store::Database& reader) {
    const auto text = [](const std::vector<store::PeerRow>& rows) {
        QStringList out;
        for (const store::PeerRow& p : rows)
            out << QStringLiteral("%1 active=%2 seen=%3 failures=%4 added=%5 chosen=%6")
                       .arg(p.url)
                       .arg(p.isActive)
                       .arg(p.lastSeen)
                       .arg(p.failures)
                       .arg(p.addedAt)
                       .arg(p.chosenByOwner);
        return out.join("; ");
    };
    const QString kept = text(peers.all());
    const QString stored = text(store::SqlPeerStore(reader).all());
    return kept == stored ? QString() : "kept: " + kept + "\nstored: " + stored;
}

void createWideRows(store::Database& db) {
    db.execute("CREATE TABLE wide_rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
}

// Rows 1 to `count` of 3,000 random bytes each, in one statement (SQLite).
void insertWideRows(store::Database& db, int count) {
    db.execute(QStringLiteral("INSERT INTO wide_rows (id, data) SELECT value, randomblob(3000) "
                              "FROM (WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value "
                              "+ 1 FROM n WHERE value < %1) SELECT value FROM n)")
                   .arg(count));
}

// Commits 20 rows of 3,000 random bytes: about 22 pages of 4 kB.
void commitWideRows(store::Database& db, int* rows) {
    store::Database::Transaction tx(db);
    for (int i = 0; i < 20; ++i)
        db.execute(QStringLiteral("INSERT INTO wide_rows (id, data) VALUES (%1, randomblob(3000))")
                       .arg(++*rows));
    tx.commit();
}

// The frames the file of SQLite's log at `path` has room for (it is not cut back below 40 MB).
qint64 walFrames(const QString& path, store::Database& db) {
    QSqlQuery& q = db.prepare("PRAGMA page_size");
    db.run(q);
    const qint64 pageSize = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    const qint64 header = 32, frameHeader = 24;
    return pageSize > 0 ? (QFileInfo(path + "-wal").size() - header) / (pageSize + frameHeader)
                        : -1;
}

} // namespace

class TestStoreConnection : public QObject {
    Q_OBJECT

private slots:
    // A deferred foreign key is checked at COMMIT: the commit itself fails.
    void aFailedCommitRollsBackAndTheConnectionGoesOn() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        db->execute("CREATE TABLE parent_rows (id INTEGER PRIMARY KEY)");
        db->execute("CREATE TABLE child_rows (id INTEGER PRIMARY KEY, parent INTEGER "
                    "REFERENCES parent_rows (id) DEFERRABLE INITIALLY DEFERRED)");
        const std::uint64_t undoneBefore = db->undoCount();
        {
            store::Database::Transaction tx(*db);
            db->execute("INSERT INTO child_rows (id, parent) VALUES (1, 42)"); // no parent 42
            try {
                tx.commit();
                QFAIL("a commit with a missing parent row went through");
            } catch (const store::StoreError& e) {
                // The driver's code reached us (SQLite's driver drops it unless the COMMIT is
                // run as a statement): how a full disk at COMMIT is told from a bad statement.
                QVERIFY2(!e.code().isEmpty(), e.what());
                QCOMPARE(e.kind(), store::StoreError::Kind::Failed);
            }
            tx.commit(); // again: nothing left to do, and no throw
        }
        QCOMPARE(countRows(*db, "child_rows"), 0);   // undone, not left pending
        QCOMPARE(db->undoCount(), undoneBefore + 1); // what was read in it may not hold
        // A new transaction starts (inside a leftover one it would fail or nest) and commits.
        {
            store::Database::Transaction tx(*db);
            db->execute("INSERT INTO parent_rows (id) VALUES (42)");
            db->execute("INSERT INTO child_rows (id, parent) VALUES (1, 42)");
            tx.commit();
        }
        QCOMPARE(countRows(*db, "child_rows"), 1);
        // Seen from another connection: committed, so not inside an open transaction.
        auto other = testDb->connect();
        QCOMPARE(countRows(*other, "child_rows"), 1);
        QVERIFY(!db->trouble()); // a statement's failure is not the store's trouble
    }

    // A transaction its owner holds open between pieces of its work (a sync's slices) is
    // committed before anyone else's work begins, so nobody's writes join it; the owner going
    // on in it (resumeHeld) does not end it.
    void aHeldTransactionEndsBeforeAnyoneElsesWork() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        auto reader = testDb->connect();
        db->execute("CREATE TABLE held_rows (id INTEGER PRIMARY KEY)");
        auto held = std::make_unique<store::Database::Transaction>(*db);
        int settled = 0;
        const auto settle = [&] {
            ++settled;
            held->commit();
        };
        db->execute("INSERT INTO held_rows (id) VALUES (1)");
        db->holdOpen(settle);
        db->resumeHeld(); // the owner goes on: still one transaction, still uncommitted
        db->execute("INSERT INTO held_rows (id) VALUES (2)");
        QCOMPARE(settled, 0);
        QCOMPARE(countRows(*reader, "held_rows"), 0);
        db->holdOpen(settle);
        {
            // Someone else's transaction, rolled back: the held rows were committed before it.
            store::Database::Transaction other(*db);
            QCOMPARE(settled, 1);
            db->execute("INSERT INTO held_rows (id) VALUES (3)");
        }
        QCOMPARE(countRows(*reader, "held_rows"), 2);
        // And a lone statement: committed by itself, not held in anyone's transaction.
        held = std::make_unique<store::Database::Transaction>(*db);
        db->execute("INSERT INTO held_rows (id) VALUES (4)");
        db->holdOpen(settle);
        QCOMPARE(countRows(*db, "held_rows"), 3);
        QCOMPARE(settled, 2);
        QCOMPARE(countRows(*reader, "held_rows"), 3);
    }

    // The peer table is read once and kept in step with each write, so that reading it (every
    // /health, the app's status) does not end a transaction held open; a write does, and
    // anything undone on the connection has it read again.
    void peersAreKeptInStepWithTheTableWithoutEndingAHeldTransaction() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        auto reader = testDb->connect();
        store::SqlPeerStore peers(*db);
        QVERIFY(peers.all().empty());
        QVERIFY(peers.add("http://127.0.0.1:9001", 200));
        QVERIFY(peers.add("http://127.0.0.1:9000", 200)); // same second: by url
        QVERIFY(peers.add("http://127.0.0.1:8999", 100));
        QVERIFY(!peers.add("http://127.0.0.1:9000", 300));
        peers.recordFailure("http://127.0.0.1:9000", false);
        peers.recordFailure("http://127.0.0.1:9000", false);
        peers.recordSuccess("http://127.0.0.1:9001", 400);
        peers.markChosenByOwner("http://127.0.0.1:8999");
        QVERIFY(peers.remove("http://127.0.0.1:9001"));
        QVERIFY(!peers.remove("http://127.0.0.1:9001"));
        QString differ = peerRowsDiffer(peers, *reader);
        QVERIFY2(differ.isEmpty(), qPrintable(differ));
        QCOMPARE(peers.all().size(), std::size_t(2));
        QCOMPARE(peers.all()[1].failures, 2);
        QVERIFY(!peers.all()[1].isActive);
        QVERIFY(!peers.add("http://127.0.0.1:9000", 500)); // active again
        QVERIFY(peers.all()[1].isActive);

        // Held open: reading the peers and probing the store leave it open; a write ends it.
        auto held = std::make_unique<store::Database::Transaction>(*db);
        db->execute("CREATE TABLE held_rows (id INTEGER PRIMARY KEY)");
        int settled = 0;
        db->holdOpen([&] {
            ++settled;
            held->commit();
        });
        QCOMPARE(peers.all().size(), std::size_t(2));
        db->probe();
        QCOMPARE(settled, 0);
        peers.recordSuccess("http://127.0.0.1:8999", 600);
        QCOMPARE(settled, 1);
        QCOMPARE(countRows(*reader, "held_rows"), 0);

        // Undone: a peer added in a transaction rolled back is not kept either.
        {
            store::Database::Transaction undone(*db);
            QVERIFY(peers.add("http://127.0.0.1:9002", 700));
            QCOMPARE(peers.all().size(), std::size_t(3));
        }
        differ = peerRowsDiffer(peers, *reader);
        QVERIFY2(differ.isEmpty(), qPrintable(differ));
        QCOMPARE(peers.all().size(), std::size_t(2));
    }

    // PostgreSQL: a statement whose values are sent apart from its text (a block's body) stores
    // them as they were, and fails as any other statement does: a bad row with the server's
    // code, a server gone as a lost connection, which is opened again once it is back.
    void valuesSentApartArriveWholeAndFailAsAnyStatement() {
        MBC_REQUIRE_DATABASE(testDb);
        if (testDb->connect()->dialect() != store::Dialect::Postgres)
            return; // SQLite's driver binds values itself
        MBC_OWN_POSTGRES(pg);
        auto db = pg->connect();
        db->execute("CREATE TABLE sent_apart (id INTEGER PRIMARY KEY, note TEXT, data BYTEA)");
        QByteArray bytes;
        for (int i = 0; i < 70'000; ++i)
            bytes.append(char(i * 7)); // every byte value, zeros included
        using P = store::Database::Parameter;
        const QByteArray insert = "INSERT INTO sent_apart (id, note, data) VALUES ($1, $2, $3)";
        const QString note = QStringLiteral("it's \\ 'quoted' \u00e9");
        db->runWithParameters(insert, {P{"1"}, P{note.toUtf8()}, P{bytes, P::Format::Binary}});
        db->runWithParameters(insert, {P{"2"}, P{{}, P::Format::Null}, P{"", P::Format::Binary}});
        QSqlQuery& q = db->prepare("SELECT note, data FROM sent_apart ORDER BY id");
        db->run(q);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), note);
        QVERIFY(q.value(1).toByteArray() == bytes);
        QVERIFY(q.next());
        QVERIFY(q.value(0).isNull());
        QCOMPARE(q.value(1).toByteArray(), QByteArray());
        q.finish();

        try {
            db->runWithParameters(insert, {P{"1"}, P{"again"}, P{"x", P::Format::Binary}});
            QFAIL("a second row with the same key went in");
        } catch (const store::StoreError& e) {
            QCOMPARE(e.kind(), store::StoreError::Kind::Failed);
            QCOMPARE(e.code(), QStringLiteral("23505")); // unique_violation
        }
        QVERIFY(db->connected());

        QVERIFY2(pg->halt(), qPrintable(pg->why()));
        try {
            db->runWithParameters(insert, {P{"3"}, P{"gone"}, P{"y", P::Format::Binary}});
            QFAIL("a statement went through with the server stopped");
        } catch (const store::StoreError& e) {
            QCOMPARE(e.kind(), store::StoreError::Kind::Unreachable);
        }
        QVERIFY(!db->connected());
        QVERIFY2(pg->resume(), qPrintable(pg->why()));
        QTRY_VERIFY_WITH_TIMEOUT(db->reconnect(), 10'000);
        db->runWithParameters(insert, {P{"3"}, P{"back"}, P{"z", P::Format::Binary}});
        QCOMPARE(countRows(*db, "sent_apart"), 3);
    }

    // SQLite's own interface, used for a block's thousands of one-row statements: values go in
    // and come back as they were, a statement is prepared once and runs again after a failure,
    // a failure is classed as any statement's (a key, a full disk), asking for one settles a
    // held transaction first, and closing the store finalizes them all (SQLite would keep a
    // connection open with its statements otherwise, and its WAL file with it).
    void statementsOnSqlitesOwnInterfaceWorkAndFailAsAnyStatement() {
        MBC_REQUIRE_DATABASE(testDb);
        if (testDb->connect()->dialect() != store::Dialect::Sqlite)
            return; // PostgreSQL's are sent apart instead (the test above)
        const QString wal = testDb->location().sqlitePath + "-wal";
        {
            auto db = testDb->connect();
            db->execute("CREATE TABLE own_rows (id INTEGER PRIMARY KEY, note TEXT NOT NULL)");
            const char* const insertSql = "INSERT INTO own_rows (id, note) VALUES (?1, ?2)";
            store::SqliteStatement& insert = db->prepareSqlite(insertSql);
            QCOMPARE(&db->prepareSqlite(insertSql), &insert); // cached by its text
            const std::string note = "it's \\ 'quoted' \xc3\xa9";
            insert.bind(1, std::int64_t(1));
            insert.bind(2, note);
            QCOMPARE(insert.run(), 1);
            insert.bind(1, std::numeric_limits<std::int64_t>::max());
            insert.bind(2, std::string_view("max"));
            QCOMPARE(insert.run(), 1);
            store::SqliteStatement& skip = db->prepareSqlite(
                "INSERT INTO own_rows (id, note) VALUES (?1, 'x') ON CONFLICT DO NOTHING");
            skip.bind(1, std::int64_t(1));
            QCOMPARE(skip.run(), 0); // a conflict changes nothing

            store::SqliteStatement& rename =
                db->prepareSqlite("UPDATE own_rows SET note = ?1 WHERE id = ?2 RETURNING id, note");
            rename.bind(1, std::string_view("renamed"));
            rename.bind(2, std::numeric_limits<std::int64_t>::max());
            QVERIFY(rename.step());
            QCOMPARE(rename.integer(0), std::optional(std::numeric_limits<std::int64_t>::max()));
            QCOMPARE(rename.text(1), std::optional(std::string_view("renamed")));
            QCOMPARE(rename.integer(1), std::nullopt); // text is not an integer
            QCOMPARE(rename.text(0), std::nullopt);    // nor an integer text
            QCOMPARE(rename.bytes(1), std::nullopt);   // nor text bytes
            rename.reset(); // the rest unread: the update was made at the first row
            rename.bind(2, std::int64_t(2)); // no such row
            QVERIFY(!rename.step());
            store::SqliteStatement& read =
                db->prepareSqlite("SELECT note FROM own_rows WHERE id = ?1");
            read.bind(1, std::int64_t(1));
            QVERIFY(read.step());
            QCOMPARE(read.text(0), std::optional(std::string_view(note)));
            QVERIFY(!read.step());
            read.bind(1, std::numeric_limits<std::int64_t>::max());
            QVERIFY(read.step());
            QCOMPARE(read.text(0), std::optional(std::string_view("renamed")));
            read.reset();
            // Bytes go as a blob, and come back as the same bytes; no bytes are an empty blob.
            store::SqliteStatement& echo = db->prepareSqlite("SELECT ?1, typeof(?1)");
            for (const Bytes& sentBytes : {Bytes{0x00, 0xff, 0x10}, Bytes{}}) {
                echo.bind(1, ByteSpan(sentBytes));
                QVERIFY(echo.step());
                const std::optional<ByteSpan> back = echo.bytes(0);
                QVERIFY(back);
                QCOMPARE(Bytes(back->begin(), back->end()), sentBytes);
                QCOMPARE(echo.text(1), std::optional(std::string_view("blob")));
                QCOMPARE(echo.text(0), std::nullopt); // bytes are not text
                echo.reset();
            }

            // A statement stopped after its first row by someone who then threw (and so never
            // reset it) does not keep a savepoint or the transaction from ending, whether the
            // savepoint is kept or given up (rolled back, which stops the statement too).
            const auto stopInSavepoint = [&](std::string_view note, bool keep) {
                store::Database::Transaction outer(*db);
                {
                    store::Database::Transaction inner(*db);
                    store::SqliteStatement& again = db->prepareSqlite(
                        "UPDATE own_rows SET note = ?1 WHERE id = ?2 RETURNING id, note");
                    again.bind(1, note);
                    again.bind(2, std::int64_t(1));
                    if (!again.step())
                        return false;
                    if (keep)
                        inner.commit();
                }
                outer.commit();
                read.bind(1, std::int64_t(1));
                const bool found = read.step();
                const auto now = read.text(0);
                const bool kept = found && now == std::optional(std::string_view("stopped"));
                read.reset();
                return kept;
            };
            QVERIFY(stopInSavepoint("stopped", true));
            QVERIFY(stopInSavepoint("given up", false));
            QVERIFY(!db->trouble());
            // Empty text is text (the column is NOT NULL).
            insert.bind(1, std::int64_t(5));
            insert.bind(2, std::string_view());
            QCOMPARE(insert.run(), 1);
            read.bind(1, std::int64_t(5));
            QVERIFY(read.step());
            QCOMPARE(read.text(0), std::optional(std::string_view("")));
            read.reset();

            // The same key again: a statement's failure, with SQLite's code, and the statement
            // runs again.
            insert.bind(1, std::int64_t(1));
            try {
                insert.run();
                QFAIL("a second row with the same key went in");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.kind(), store::StoreError::Kind::Failed);
                QCOMPARE(e.code().toInt() & 0xff, 19); // SQLITE_CONSTRAINT
                QVERIFY2(QString::fromUtf8(e.what()).contains(insertSql), e.what());
                QVERIFY2(e.detail().contains("UNIQUE"), qPrintable(e.detail()));
            }
            QVERIFY(!db->trouble());
            insert.bind(1, std::int64_t(3));
            QCOMPARE(insert.run(), 1);
            QCOMPARE(countRows(*db, "own_rows"), 4);

            // A full disk (max_page_count stands in for it): the store is in trouble, and the
            // transaction SQLite rolled back counts as undone.
            QSqlQuery& pages = db->prepare("PRAGMA page_count");
            db->run(pages);
            QVERIFY(pages.next());
            db->execute(QStringLiteral("PRAGMA max_page_count = %1").arg(pages.value(0).toInt()));
            pages.finish();
            const std::uint64_t undoneBefore = db->undoCount();
            try {
                store::Database::Transaction tx(*db);
                for (std::int64_t id = 10; id < 60; ++id) {
                    insert.bind(1, id);
                    insert.bind(2, std::string(4000, 'x'));
                    insert.run();
                }
                tx.commit();
                QFAIL("a full database took 200 kB");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.kind(), store::StoreError::Kind::Full);
            }
            QCOMPARE(db->trouble(), std::optional(store::StoreError::Kind::Full));
            QVERIFY(db->undoCount() > undoneBefore);
            db->execute("PRAGMA max_page_count = 1073741823");
            QCOMPARE(countRows(*db, "own_rows"), 4); // nothing of it was kept

            // Asking for a statement ends a held transaction first, as any use does.
            auto held = std::make_unique<store::Database::Transaction>(*db);
            insert.bind(1, std::int64_t(4));
            insert.bind(2, std::string_view("held"));
            QCOMPARE(insert.run(), 1);
            bool settled = false;
            db->holdOpen([&] {
                settled = true;
                held->commit();
            });
            db->prepareSqlite(insertSql);
            QVERIFY(settled);
            held.reset();
            QCOMPARE(countRows(*testDb->connect(), "own_rows"), 5);
            QVERIFY(QFile::exists(wal));
        }
        // The last connection closed checkpoints the WAL and removes it, which it cannot
        // while a statement of its own is left.
        QVERIFY(!QFile::exists(wal));
    }

    // A savepoint (a synced block's) that changes more pages than SQLite keeps of their old
    // content in memory (16 MiB) commits: the rest goes to a temporary file. Debian's SQLite
    // 3.40 writes the part held in memory with one write that its own VFS cuts to its low 17
    // bits, and failed such a savepoint as a full disk, for ever: a full block on a chain of a
    // million outputs would have stopped a node on SQLite where one on PostgreSQL went on.
    void aSavepointPastWhatSqliteKeepsInMemoryCommits() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        if (db->dialect() != store::Dialect::Sqlite)
            return; // PostgreSQL's server keeps no such journal on the client
        // (Else the journal would go to its file past 64 kB, and the test would not test it.)
        QCOMPARE(store::setUpSqliteOnce(), store::SqliteSetup::Done);
        createWideRows(*db);
        // 5,000 rows of 3,000 bytes, one a page: 20 MB of old content once all are changed.
        insertWideRows(*db, 5000);
        QCOMPARE(countRows(*db, "wide_rows"), 5000);
        const auto zeroedRows = [&] {
            return queryInteger(*db, "SELECT COUNT(*) FROM wide_rows WHERE data = zeroblob(3000)");
        };
        try {
            store::Database::Transaction batch(*db);
            {
                store::Database::Transaction block(*db);
                db->execute("UPDATE wide_rows SET data = zeroblob(3000)");
                block.commit();
            }
            {
                store::Database::Transaction refused(*db);
                db->execute("UPDATE wide_rows SET data = randomblob(3000)");
                // dropped: its 20 MB of old content are read back from the file
            }
            batch.commit();
        } catch (const store::StoreError& e) {
            QFAIL(e.what());
        }
        QCOMPARE(zeroedRows(), 5000); // the first block's change kept, the second's undone
        QVERIFY(!db->trouble());
    }

    // On PostgreSQL the node's sessions store big values (block bodies) compressed with LZ4,
    // which compresses them several times faster than the server's default, where the server
    // has it (Debian's, which the tests run, does); also in a session made again after a loss.
    void bigValuesAreCompressedWithLz4OnPostgres() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        if (db->dialect() != store::Dialect::Postgres)
            return; // (SQLite does not compress)
        db->execute("CREATE TABLE bodies (id INTEGER PRIMARY KEY, data BYTEA NOT NULL)");
        const auto compressionOf = [&](int id) {
            // 100 kB that compress well, as a block's repeated keys and amounts do.
            QSqlQuery& insert = db->prepare(
                "INSERT INTO bodies (id, data) SELECT ?, decode(repeat('00ff11ee', 25000), 'hex')");
            insert.addBindValue(id);
            db->run(insert);
            QSqlQuery& q = db->prepare(
                "SELECT pg_column_compression(data), octet_length(data) FROM bodies WHERE id = ?");
            q.addBindValue(id);
            db->run(q);
            return q.next() && q.value(1).toInt() == 100000 ? q.value(0).toString() : QString();
        };
        QCOMPARE(compressionOf(1), QStringLiteral("lz4"));
        // A lost session: the next use after the failure opens another.
        QSqlQuery& pid = db->prepare("SELECT pg_backend_pid()");
        db->run(pid);
        QVERIFY(pid.next());
        const qint64 backend = pid.value(0).toLongLong();
        testDb->connect()->execute(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, compressionOf(2));
        QVERIFY(!db->connected());
        QCOMPARE(compressionOf(3), QStringLiteral("lz4"));
    }

    // SQLite counts its allocations under a process-wide mutex at each one, for figures the node
    // never reads: the store turns the count off, so it stays at nothing whatever SQLite holds.
    void sqliteDoesNotCountItsAllocations() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        if (db->dialect() != store::Dialect::Sqlite)
            return; // (PostgreSQL's client library is not SQLite)
        QCOMPARE(store::setUpSqliteOnce(), store::SqliteSetup::Done);
        createWideRows(*db);
        insertWideRows(*db, 200);
        QCOMPARE(countRows(*db, "wide_rows"), 200);
        QCOMPARE(sqlite3_memory_used(), sqlite3_int64(0));
    }

    // Each synced block's savepoint takes its in-memory journal (16 MiB) as one chunk and frees
    // it at the block's end: the next block reuses that chunk instead of asking the system for
    // another (under AddressSanitizer each fresh one was mapped and its shadow poisoned anew,
    // some 27 ms a block).
    void blocksSavepointsReuseOneJournalChunk() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        if (db->dialect() != store::Dialect::Sqlite)
            return; // (PostgreSQL's client library is not SQLite)
        QCOMPARE(store::setUpSqliteOnce(), store::SqliteSetup::Done);
        createWideRows(*db);
        insertWideRows(*db, 10);
        const auto block = [&](int n) {
            store::Database::Transaction savepoint(*db);
            db->execute(QStringLiteral("UPDATE wide_rows SET data = randomblob(3000) WHERE id = %1")
                            .arg(n % 10 + 1));
            savepoint.commit();
        };
        store::Database::Transaction batch(*db);
        block(0); // the first may need a chunk from the system
        const store::SqliteLargeAllocations before = store::sqliteLargeAllocations();
        for (int n = 1; n <= 50; ++n)
            block(n);
        batch.commit();
        const store::SqliteLargeAllocations after = store::sqliteLargeAllocations();
        QVERIFY2(after.taken - before.taken >= 50, qPrintable(QString::number(after.taken)));
        QCOMPARE(after.fromSystem, before.fromSystem);
    }

    // SQLite's write-ahead log is copied into the database by a thread of its own, and the log
    // starts over once all of it is copied, also when the writer never pauses.
    void theWriteAheadLogIsCopiedInTheBackgroundAndStartsOver() {
        MBC_REQUIRE_DATABASE(testDb);
        if (testDb->connect()->dialect() != store::Dialect::Sqlite)
            return; // PostgreSQL's server checkpoints by itself
        const QString path = testDb->location().sqlitePath;
        auto db = testDb->connect();
        db->setWalCheckpointPages({.background = 1'000'000, .restart = 1'000'000});
        int rows = 0;
        createWideRows(*db);
        // Frames in the log as another connection sees them. (Its checkpoint copies what is
        // left, which changes nothing counted here.)
        auto observer = testDb->connect();
        const auto framesInLog = [&] {
            QSqlQuery& q = observer->prepare("PRAGMA wal_checkpoint(PASSIVE)");
            observer->run(q);
            const int frames = q.next() ? q.value(1).toInt() : -1;
            q.finish();
            return frames;
        };
        for (int i = 0; i < 3; ++i)
            commitWideRows(*db, &rows);
        // The thread is woken at the commit that takes the log past `background` pages: here,
        // after every row is committed.
        db->setWalCheckpointPages({.background = 50, .restart = 1'000'000});
        commitWideRows(*db, &rows);
        QVERIFY(db->backgroundCheckpointsWhenIdle() >= 1);
        // The database file alone, without its log, holds every committed row.
        QTemporaryDir dir;
        QVERIFY(QFile::copy(path, dir.filePath("alone.sqlite")));
        try {
            auto alone = store::Database::open(
                store::DatabaseLocation::sqliteFile(dir.filePath("alone.sqlite")));
            QCOMPARE(countRows(*alone, "wide_rows"), std::int64_t(rows));
        } catch (const store::StoreError& e) {
            QFAIL(qPrintable(QStringLiteral("the file alone: %1").arg(e.what())));
        }
        const int before = framesInLog();
        QVERIFY2(before >= 50, qPrintable(QString::number(before)));
        commitWideRows(*db, &rows); // begins with every frame copied: the log starts over
        const int after = framesInLog();
        QVERIFY2(after < 40, qPrintable(QStringLiteral("%1 then %2").arg(before).arg(after)));

        // A writer that never pauses: past `restart` pages it copies what the thread has not
        // (waiting for it at twice that), so the log starts over, and its file stays bounded.
        db->setWalCheckpointPages({.background = 1'000'000, .restart = 200});
        for (int i = 0; i < 60; ++i) // 1,300 pages
            commitWideRows(*db, &rows);
        QVERIFY2(walFrames(path, *db) <= 2 * 200 + 30,
                 qPrintable(QString::number(walFrames(path, *db))));
        QCOMPARE(countRows(*observer, "wide_rows"), std::int64_t(rows));
    }

    // A file put in the database's place while the node runs is not the node's: nothing copies
    // the node's log into it (SQLite would, from a connection that closes last on it), and the
    // node copies its log itself, so that it still starts over.
    void aFilePutInTheDatabasesPlaceIsNotWrittenTo() {
        MBC_REQUIRE_DATABASE(testDb);
        if (testDb->connect()->dialect() != store::Dialect::Sqlite)
            return; // (the thread is SQLite's)
        const QString path = testDb->location().sqlitePath;
        auto db = testDb->connect();
        db->setWalCheckpointPages({.background = 50, .restart = 1'000'000});
        int rows = 0;
        createWideRows(*db);
        commitWideRows(*db, &rows);
        QVERIFY(QFile::rename(path, path + ".moved"));
        QVERIFY(QFile::copy(path + ".moved", path));
        const auto bytesThere = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray put = bytesThere();
        QVERIFY(!put.isEmpty());
        for (int i = 0; i < 3; ++i)
            commitWideRows(*db, &rows); // past 50 pages: the thread would be woken
        const std::uint64_t copiedByTheThread = db->backgroundCheckpointsWhenIdle();
        QVERIFY(bytesThere() == put);
        QCOMPARE(copiedByTheThread, std::uint64_t(0));
        for (int i = 0; i < 20; ++i) // 440 pages: copied by the node every 50 or so
            commitWideRows(*db, &rows);
        QVERIFY(bytesThere() == put);
        // (Its file is as long as the log ever was: up to two commits past 50 pages were made
        // before the node knew that the thread copies nothing.)
        QVERIFY2(walFrames(path, *db) <= 50 + 3 * 25,
                 qPrintable(QString::number(walFrames(path, *db))));
        QCOMPARE(countRows(*db, "wide_rows"), std::int64_t(rows));
    }

    // A held transaction that cannot commit when someone else comes is rolled back, and the
    // one who came hears the failure; the owner can have the store refuse all use until it
    // has caught up (Node::StoreBatch does), and the connection then goes on.
    void aHeldTransactionThatCannotCommitFailsTheNextUse() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        db->execute("CREATE TABLE held_parents (id INTEGER PRIMARY KEY)");
        db->execute("CREATE TABLE held_children (id INTEGER PRIMARY KEY, parent INTEGER "
                    "REFERENCES held_parents (id) DEFERRABLE INITIALLY DEFERRED)");
        store::Database::Transaction held(*db);
        db->execute("INSERT INTO held_children (id, parent) VALUES (1, 42)"); // no parent 42
        db->holdOpen([&] {
            try {
                held.commit();
            } catch (const store::StoreError&) {
                db->refuse("catching up", store::StoreError::Kind::Full);
                throw;
            }
        });
        const std::uint64_t undoneBefore = db->undoCount();
        QVERIFY_THROWS_EXCEPTION(store::StoreError, countRows(*db, "held_parents"));
        QCOMPARE(db->undoCount(), undoneBefore + 1); // what was read in it may not hold
        try {
            countRows(*db, "held_parents");
            QFAIL("the store was used while it refused");
        } catch (const store::StoreError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("catching up"));
            QVERIFY(e.storeInTrouble()); // as the owner said: callers wait, not give up
        }
        db->allow();
        QCOMPARE(countRows(*db, "held_children"), 0); // rolled back
        store::Database::Transaction next(*db);       // at depth 0: begins, and commits
        db->execute("INSERT INTO held_parents (id) VALUES (7)");
        next.commit();
        QCOMPARE(countRows(*testDb->connect(), "held_parents"), 1);
    }

    // The store's own trouble is told apart from a statement's failure, and ends by itself:
    // on PostgreSQL a connection cut by the server (as a restart does) is opened again, its
    // statements prepared anew; on SQLite a full database (max_page_count stands in for the
    // disk) fails the write whole and works again once there is room.
    void troubleIsToldApartAndEnds() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        db->execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT)");
        std::vector<std::optional<store::StoreError::Kind>> heard;
        db->setTroubleListener([&](auto trouble) { heard.push_back(trouble); });
        QCOMPARE(countRows(*db, "filler"), 0); // a statement prepared on this connection

        if (db->dialect() == store::Dialect::Postgres) {
            QSqlQuery& pid = db->prepare("SELECT pg_backend_pid()");
            db->run(pid);
            QVERIFY(pid.next());
            const qint64 backend = pid.value(0).toLongLong();
            auto admin = testDb->connect();
            admin->execute(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend));
            const std::uint64_t undoneBefore = db->undoCount();
            try {
                countRows(*db, "filler");
                QFAIL("a statement on a terminated connection went through");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.kind(), store::StoreError::Kind::Unreachable);
                QVERIFY(e.storeInTrouble());
            }
            QCOMPARE(db->undoCount(), undoneBefore + 1); // the session's work ended with it
            QVERIFY(!db->connected());
            QCOMPARE(db->trouble(), std::optional(store::StoreError::Kind::Unreachable));
            // The next use opens it again (the first try is at once) and prepares anew.
            QCOMPARE(countRows(*db, "filler"), 0);
            QVERIFY(db->connected());

            // A connection made again to a server that does not hold this store (its check
            // throws) is refused: still lost, and tried again after the back-off.
            int checks = 0;
            db->setReconnectCheck([&](store::Database&) {
                if (++checks == 1)
                    throw std::runtime_error("not this store");
            });
            QSqlQuery& pid2 = db->prepare("SELECT pg_backend_pid()");
            db->run(pid2);
            QVERIFY(pid2.next());
            admin->execute(
                QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid2.value(0).toLongLong()));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, countRows(*db, "filler")); // lost
            try {
                countRows(*db, "filler"); // reconnected, but refused by the check
                QFAIL("a connection its check refused was used");
            } catch (const store::StoreError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains("not this node's: not this store"),
                         e.what());
            }
            QVERIFY(!db->connected());
            QTest::qWait(1100); // the back-off
            QCOMPARE(countRows(*db, "filler"), 0);
            QCOMPARE(checks, 2);
        } else {
            QSqlQuery& pages = db->prepare("PRAGMA page_count");
            db->run(pages);
            QVERIFY(pages.next());
            const int used = pages.value(0).toInt();
            db->execute(QStringLiteral("PRAGMA max_page_count = %1").arg(used + 1));
            const std::uint64_t undoneBefore = db->undoCount();
            try {
                store::Database::Transaction tx(*db);
                for (int i = 0; i < 50; ++i) {
                    try {
                        db->execute(QStringLiteral("INSERT INTO filler (data) VALUES ('%1')")
                                        .arg(QString(4000, 'x')));
                    } catch (const store::StoreError&) {
                        // SQLite has rolled the whole transaction back: counted at once, not
                        // only when its owner unwinds it.
                        QCOMPARE(db->undoCount(), undoneBefore + 1);
                        throw;
                    }
                }
                tx.commit();
                QFAIL("a full database took 200 kB");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.kind(), store::StoreError::Kind::Full);
            }
            QCOMPARE(db->trouble(), std::optional(store::StoreError::Kind::Full));
            QCOMPARE(countRows(*db, "filler"), 0); // nothing of it was kept
            db->execute("PRAGMA max_page_count = 1073741823");
            store::Database::Transaction tx(*db);
            db->execute("INSERT INTO filler (data) VALUES ('room again')");
            tx.commit();
            QCOMPARE(countRows(*db, "filler"), 1);
        }
        QVERIFY(!db->trouble());
        // Into trouble and out of it, each time (twice on PostgreSQL, once on SQLite).
        QCOMPARE(heard.size(), std::size_t(db->dialect() == store::Dialect::Postgres ? 4 : 2));
        for (std::size_t i = 0; i < heard.size(); ++i)
            QCOMPARE(heard[i].has_value(), i % 2 == 0);
    }

    // A PostgreSQL database has one writer: the connection that claimed it. Another cannot
    // claim it while that one lasts, and a connection made again claims it again, or is refused
    // if another connection took it meanwhile (until that one lets go). SQLite's file is
    // guarded by the node's data directory lock instead: claiming it does nothing.
    void aClaimedDatabaseHasOneWriterAcrossReconnects() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        auto other = testDb->connect();
        store::claimStore(*db);
        if (db->dialect() == store::Dialect::Sqlite) {
            store::claimStore(*other); // no throw: the data directory's lock is what guards it
            return;
        }
        db->setReconnectCheck([](store::Database& d) { store::claimStore(d); });
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::claimStore(*other));

        // The claimant's session is cut; another connection claims the database meanwhile.
        QSqlQuery& pid = db->prepare("SELECT pg_backend_pid()");
        db->run(pid);
        QVERIFY(pid.next());
        const qint64 backend = pid.value(0).toLongLong();
        pid.finish();
        other->execute(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend));
        store::claimStore(*other); // waits for the cut session to let go
        QVERIFY_THROWS_EXCEPTION(store::StoreError, countRows(*db, "meta")); // lost
        try {
            countRows(*db, "meta");
            QFAIL("a connection made again wrote beside the database's other claimant");
        } catch (const store::StoreError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("in use by another MiniBitcoin node"),
                     e.what());
        }
        QVERIFY(!db->connected());

        other.reset();      // lets go
        QTest::qWait(1100); // the back-off
        QVERIFY(countRows(*db, "meta") >= 0);
        QVERIFY(db->connected());
        auto third = testDb->connect();
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::claimStore(*third)); // claimed again
    }

    // A block's rows go in one statement (BulkRows): JSON on SQLite, an array per column on
    // PostgreSQL. Each dialect must read back every column with its type, and no rows as none.
    void bulkRowsComeBackAsTheyWent() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        using Type = store::BulkRows::Type;
        const auto hashOf = [](std::uint8_t b) {
            Hash256 h;
            h.bytes.fill(b);
            return h;
        };
        const std::vector<std::tuple<Hash256, std::int64_t, bool>> sent = {
            {hashOf(0xab), std::numeric_limits<std::int64_t>::min(), true},
            {hashOf(0x00), -1, false},
            {hashOf(0xff), std::numeric_limits<std::int64_t>::max(), false}};
        for (std::size_t count : {sent.size(), std::size_t(0)}) {
            store::BulkRows rows(db->dialect(), {{"hash", Type::Text},
                                                 {"key", Type::Bytes},
                                                 {"n", Type::Integer},
                                                 {"flag", Type::Flag}});
            for (std::size_t i = 0; i < count; ++i) {
                rows.add(std::get<0>(sent[i]));
                rows.add(std::get<0>(sent[i])); // its bytes
                rows.add(std::get<1>(sent[i]));
                rows.add(std::get<2>(sent[i]));
            }
            QCOMPARE(rows.rows(), count);
            QSqlQuery& q =
                db->prepare("SELECT r.hash, r.n, r.flag, CAST(? AS BIGINT), r.key FROM " +
                            rows.table("r") + " ORDER BY r.n");
            q.addBindValue(qint64(7)); // a placeholder before the rows' own
            rows.bind(q);
            db->run(q);
            for (std::size_t i = 0; i < count; ++i) {
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toString().toStdString(), std::get<0>(sent[i]).hex());
                QCOMPARE(q.value(1).toLongLong(), std::get<1>(sent[i]));
                QCOMPARE(q.value(2).toBool(), std::get<2>(sent[i]));
                QCOMPARE(q.value(3).toLongLong(), qint64(7));
                QCOMPARE(q.value(4), store::SqlDialect::keyValue(std::get<0>(sent[i])));
            }
            QVERIFY(!q.next());
            q.finish();
        }
    }

    // Hex becomes its bytes inside a statement on both stores (on SQLite through the function
    // the store gives each connection: Debian's SQLite has none), and bytes bound as a key
    // compare equal to them.
    void hexBecomesBytesInAStatement() {
        MBC_REQUIRE_DATABASE(testDb);
        auto db = testDb->connect();
        const auto bytesOf = [&db](const QString& hexLiteral) {
            return store::SqlDialect::bytesOfHex(db->dialect(), hexLiteral);
        };
        PubKeyHash key;
        for (std::size_t i = 0; i < key.size(); ++i)
            key.bytes[i] = std::uint8_t(0xf0 + i);
        QSqlQuery& q = db->prepare("SELECT " + bytesOf("'00aB'") + ", " + bytesOf("?") +
                                   ", CASE WHEN " + bytesOf("?") + " = ? THEN 1 ELSE 0 END");
        q.addBindValue(QString::fromStdString(key.hex()));
        q.addBindValue(QString::fromStdString(key.hex()));
        q.addBindValue(store::SqlDialect::keyValue(key));
        db->run(q);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toByteArray(), QByteArray("\x00\xab", 2));
        QCOMPARE(q.value(1), store::SqlDialect::keyValue(key));
        QCOMPARE(q.value(2).toInt(), 1);
        q.finish();
        if (db->dialect() != store::Dialect::Sqlite)
            return; // (PostgreSQL's decode() refuses what is not hex with an error of its own)
        QSqlQuery& bad = db->prepare(
            "SELECT unhex('0g'), unhex('abc'), unhex(12), unhex(NULL), typeof(unhex(''))");
        db->run(bad);
        QVERIFY(bad.next());
        for (int i = 0; i < 4; ++i)
            QVERIFY2(bad.value(i).isNull(), qPrintable(QString::number(i)));
        QCOMPARE(bad.value(4).toString(), QStringLiteral("blob")); // no text, no bytes: not NULL
        bad.finish();
    }
};

QTEST_GUILESS_MAIN(TestStoreConnection)
#include "tst_database.moc"
