#pragma once

#include "store/database.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace mbc::test {

// A PostgreSQL server for one test (tests/support/postgres_fixture.sh, on a loopback port of
// its own), which the test may restart, halt and resume: outages never touch the server the
// other suites share. Stopped and deleted with this object.
class OwnPostgres {
public:
    OwnPostgres();
    ~OwnPostgres();
    OwnPostgres(const OwnPostgres&) = delete;
    OwnPostgres& operator=(const OwnPostgres&) = delete;

    bool ok() const { return ok_; }
    // What the fixture script said last (why it failed).
    const QString& why() const { return output_; }
    // postgresql://mbc@127.0.0.1:<port>/postgres
    QString url() const;
    bool restart() { return run("restart"); } // every session is cut
    bool halt() { return run("halt"); }       // stopped; the data stays
    bool resume() { return run("resume"); }   // started again on the same port
    // A connection of the test's own, to read what a node left.
    std::unique_ptr<store::Database> connect() const;
    // The result of `sql`, one number, read on a connection of the readings' own, kept open:
    // a new connection's server process, ending after the reading, took a core for the first
    // 20 ms or so of the request a benchmark measured next.
    double number(const QString& sql) const;
    // The process ids of the server's client sessions on the database `databaseUrl` names
    // (pg_stat_activity; not autovacuum's or other background workers'), but the readings' own.
    std::vector<qint64> sessionPids(const QString& databaseUrl) const;
    // The server's WAL position, in MB: the difference between two readings is the WAL the
    // whole server wrote in between (for benchmarks: what a store wrote).
    double walMegabytes() const {
        return number("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')") / 1e6;
    }

private:
    bool run(const char* action);
    QString state() const { return dir_.filePath("state"); }

    QTemporaryDir dir_;
    mutable std::unique_ptr<store::Database> readings_; // number()'s connection, made at first use
    bool ok_ = false;
    QString output_;
};

} // namespace mbc::test

// Skips the test without a PostgreSQL server, or fails it when every suite must run.
#define MBC_OWN_POSTGRES(pg)                                                                       \
    auto pg = std::make_unique<::mbc::test::OwnPostgres>();                                        \
    if (!pg->ok()) {                                                                               \
        if (::mbc::test::suitesMustRun())                                                          \
            QFAIL(qPrintable("no PostgreSQL server: " + pg->why()));                               \
        QSKIP(qPrintable("no PostgreSQL server: " + pg->why()));                                   \
    }
