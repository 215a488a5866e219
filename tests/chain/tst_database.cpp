// The store's connection under failures: a COMMIT that fails leaves no transaction open
// behind it, and the connection goes on working.
#include <QTest>

#include "support/test_database.h"

using namespace mbc;
using namespace mbc::test;

namespace {

std::int64_t countRows(store::Database& db, const QString& table) {
    QSqlQuery& q = db.prepare("SELECT COUNT(*) FROM " + table);
    db.run(q);
    return q.next() ? q.value(0).toLongLong() : -1;
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
        {
            store::Database::Transaction tx(*db);
            db->execute("INSERT INTO child_rows (id, parent) VALUES (1, 42)"); // no parent 42
            QVERIFY_THROWS_EXCEPTION(store::StoreError, tx.commit());
            tx.commit(); // again: nothing left to do, and no throw
        }
        QCOMPARE(countRows(*db, "child_rows"), 0); // undone, not left pending
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
};

QTEST_GUILESS_MAIN(TestStoreConnection)
#include "tst_database.moc"
