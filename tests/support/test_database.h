#pragma once

#include "store/database.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace mbc::test {

// A fresh, empty database for one test. The backend comes from MBC_TEST_BACKEND:
// "sqlite" (default): a file in a new temporary directory;
// "postgres": a new database on the server the test command started (tests/support/
// postgres_fixture.sh; its state file is named by MBC_TEST_POSTGRES_STATE), dropped afterwards.
class TestDatabase {
public:
    // nullopt with `why` set when the backend is unavailable.
    static std::unique_ptr<TestDatabase> create(QString* why);
    ~TestDatabase();

    const store::DatabaseLocation& location() const { return location_; }
    // A new connection to the same database (as a restarted node would open it), migrated to
    // the latest schema.
    std::unique_ptr<store::Database> connect() const;
    // A connection that leaves the schema as it is.
    std::unique_ptr<store::Database> connectUnmigrated() const;
    QString backendName() const;
    QString directory() const { return dir_.path(); }
    // What a daemon is given as --database-url: empty for SQLite (the daemon then uses
    // chain.sqlite in its data dir, which is directory()), else a postgresql:// URL.
    QString databaseUrl() const;

private:
    TestDatabase() = default;

    QTemporaryDir dir_;
    store::DatabaseLocation location_;
    QString adminUrl_; // postgres only: where to drop the database from
};

// The first column of `sql`'s first row as an integer (a COUNT(*), say); -1 if it has no row.
std::int64_t queryInteger(store::Database& db, const QString& sql);

// True when a suite must not skip (CI=true): unavailable backends then fail instead.
bool suitesMustRun();

// True when the tests run on SQLite (MBC_TEST_BACKEND empty or "sqlite"): data rows of edits
// only SQLite's loosely typed columns can hold are added only then (a skipped row would fail CI).
bool testBackendIsSqlite();

} // namespace mbc::test

// Skips the test when the backend is unavailable, or fails it when every suite must run.
#define MBC_REQUIRE_DATABASE(ptr)                                                                  \
    QString mbcWhy_;                                                                               \
    auto ptr = ::mbc::test::TestDatabase::create(&mbcWhy_);                                        \
    if (!ptr) {                                                                                    \
        if (::mbc::test::suitesMustRun())                                                          \
            QFAIL(qPrintable(mbcWhy_));                                                            \
        QSKIP(qPrintable(mbcWhy_));                                                                \
    }
