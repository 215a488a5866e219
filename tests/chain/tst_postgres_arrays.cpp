// PostgreSQL: rows sent as binary arrays (PostgresArrays) arrive as they were, whatever their
// bytes and numbers, and rows read back in binary form (Database::queryWithParameters) are
// refused, as a corrupt store, where a value is NULL or not of its column's type or width. (On
// SQLite there is nothing to test: its statements bind values through SQLite's own interface.)
#include <QSqlQuery>
#include <QTest>

#include "consensus/primitives/bytes.h"
#include "store/postgres_arrays.h"
#include "support/test_database.h"

#include <limits>
#include <stdexcept>
#include <vector>

using namespace mbc;
using namespace mbc::test;
using Type = store::PostgresArrays::Type;

namespace {

Bytes everyByteValue() {
    Bytes all;
    for (int i = 0; i < 256; ++i)
        all.push_back(std::uint8_t(i));
    return all;
}

// Runs `check` on a fresh PostgreSQL database; on SQLite, nothing.
template <class Check>
void onPostgres(Check check) {
    MBC_REQUIRE_DATABASE(testDb);
    std::unique_ptr<store::Database> db = testDb->connect();
    if (db->dialect() != store::Dialect::Postgres)
        return;
    db->execute("CREATE TABLE sent (id BIGSERIAL PRIMARY KEY, b BYTEA, n BIGINT, small INTEGER,"
                " f BOOLEAN)");
    check(*db);
}

// Inserts `rows` (columns b, n, small, f) and returns how many the server says went in.
std::int64_t insert(store::Database& db, const store::PostgresArrays& rows) {
    std::vector<store::Database::Parameter> values;
    rows.appendParameters(values);
    return db.runWithParameters("INSERT INTO sent (b, n, small, f) SELECT r.b, r.n, r.small, r.f "
                                "FROM " +
                                    rows.table("r", 1),
                                values);
}

store::PostgresArrays sentColumns() {
    return store::PostgresArrays(
        {{"b", Type::Bytes}, {"n", Type::BigInt}, {"small", Type::BigInt}, {"f", Type::Flag}});
}

} // namespace

class TestPostgresArrays : public QObject {
    Q_OBJECT

private slots:
    void rowsArriveAsTheyWereAndComeBackSo() {
        onPostgres([](store::Database& db) {
            const Bytes all = everyByteValue();
            const Hash256 hash = *Hash256::fromHex(
                "00ff000000000000000000000000000000000000000000000000000000000080");
            store::PostgresArrays rows = sentColumns();
            const std::vector<std::int64_t> numbers{0, -1, std::numeric_limits<std::int64_t>::min(),
                                                    std::numeric_limits<std::int64_t>::max()};
            rows.add(ByteSpan(all));
            rows.add(numbers[0]);
            rows.add(std::int64_t(7));
            rows.add(true);
            rows.add(ByteSpan()); // empty, not NULL
            rows.add(numbers[1]);
            rows.add(std::int64_t(-7));
            rows.add(false);
            rows.add(hash);
            rows.add(numbers[2]);
            rows.add(std::int64_t(std::numeric_limits<std::int32_t>::min()));
            rows.add(true);
            rows.add(ByteSpan(all).first(1)); // a single zero byte
            rows.add(numbers[3]);
            rows.add(std::int64_t(std::numeric_limits<std::int32_t>::max()));
            rows.add(false);
            QCOMPARE(rows.rows(), std::size_t(4));
            QCOMPARE(insert(db, rows), std::int64_t(4));

            const store::Database::BinaryRows back =
                db.queryWithParameters("SELECT b, n, small, f FROM sent ORDER BY id", {});
            QCOMPARE(back.rows(), 4);
            const auto bytesAt = [&](int row) {
                const QByteArray b = back.bytes(row, 0);
                return Bytes(b.begin(), b.end());
            };
            QVERIFY(bytesAt(0) == all);
            QVERIFY(bytesAt(1).empty());
            QVERIFY(bytesAt(2) == Bytes(hash.span().begin(), hash.span().end()));
            QVERIFY(bytesAt(3) == Bytes{0});
            for (int row = 0; row < 4; ++row)
                QCOMPARE(back.integer(row, 1), numbers[std::size_t(row)]);
            QCOMPARE(back.integer(0, 2), std::int64_t(7)); // (an INTEGER: four bytes)
            QCOMPARE(back.integer(1, 2), std::int64_t(-7));
            QCOMPARE(back.integer(2, 2), std::int64_t(std::numeric_limits<std::int32_t>::min()));
            QCOMPARE(back.integer(3, 2), std::int64_t(std::numeric_limits<std::int32_t>::max()));
            QCOMPARE(back.flag(0, 3), true);
            QCOMPARE(back.flag(1, 3), false);
            // The same bytes as another reader (Qt's driver, as hex) finds them.
            QSqlQuery& hex = db.prepare("SELECT encode(b, 'hex') FROM sent ORDER BY id");
            db.run(hex);
            QVERIFY(hex.next());
            QCOMPARE(hex.value(0).toString().toStdString(), toHex(all));
            hex.finish();
        });
    }

    void noRowsInsertNothing() {
        onPostgres([](store::Database& db) {
            QCOMPARE(insert(db, sentColumns()), std::int64_t(0));
            QCOMPARE(db.queryWithParameters("SELECT id FROM sent", {}).rows(), 0);
        });
    }

    // The statement's own failure is classed as any statement's, by the server's code.
    void aFailedStatementReportsTheServersCode() {
        onPostgres([](store::Database& db) {
            store::PostgresArrays rows = sentColumns();
            rows.add(ByteSpan());
            rows.add(std::int64_t(1));
            rows.add(std::int64_t(std::numeric_limits<std::int32_t>::max()) + 1); // no INTEGER
            rows.add(true);
            try {
                insert(db, rows);
                QFAIL("a value out of its column's range went in");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.code(), QStringLiteral("22003")); // numeric_value_out_of_range
            }
            try {
                (void)db.queryWithParameters("SELECT * FROM no_such_table", {});
                QFAIL("a statement on a table that is not there ran");
            } catch (const store::StoreError& e) {
                QCOMPARE(e.code(), QStringLiteral("42P01")); // undefined_table
            }
            QVERIFY(db.connected());
        });
    }

    // What comes back is what a block put there, or the store is corrupt: a NULL, an integer of
    // another width (a column whose type was changed), a boolean that is not one.
    void valuesNotOfTheirKindAreRefused() {
        onPostgres([](store::Database& db) {
            db.execute("INSERT INTO sent (b, n, small, f) VALUES (NULL, NULL, NULL, NULL)");
            const store::Database::BinaryRows nulls =
                db.queryWithParameters("SELECT b, n, f FROM sent", {});
            QVERIFY_THROWS_EXCEPTION(store::StoreError, nulls.bytes(0, 0));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, nulls.integer(0, 1));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, nulls.flag(0, 2));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, nulls.integer(0, 3)); // no such column
            // Of another type, even where its width is an integer's (a float, an oid) or its
            // bytes could be an address (text).
            const store::Database::BinaryRows others = db.queryWithParameters(
                "SELECT 'abc'::text, 12.5::numeric, 'x'::bytea, (-2)::smallint, 1.5::float8,"
                " 12::oid, '01234567890123456789'::text, 1::integer",
                {});
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.integer(0, 0));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.integer(0, 1));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.flag(0, 2));
            QCOMPARE(others.integer(0, 3), std::int64_t(-2)); // (two bytes)
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.integer(0, 4));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.integer(0, 5));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.bytes(0, 6));
            QVERIFY_THROWS_EXCEPTION(store::StoreError, others.flag(0, 7));
        });
    }

    // A value of another type than its column's, or a row given in part, is the caller's
    // mistake: refused before anything is sent.
    void valuesOfAnotherTypeOrPartRowsAreRefused() {
        store::PostgresArrays rows = sentColumns();
        QVERIFY_THROWS_EXCEPTION(std::logic_error, rows.add(std::int64_t(1))); // b is bytes
        store::PostgresArrays part = sentColumns();
        part.add(ByteSpan());
        std::vector<store::Database::Parameter> values;
        QVERIFY_THROWS_EXCEPTION(std::logic_error, part.appendParameters(values));
    }
};

QTEST_GUILESS_MAIN(TestPostgresArrays)
#include "tst_postgres_arrays.moc"
