#include "store/store_fault.h"

namespace mbc::store {
namespace {

// PostgreSQL's SQLSTATE classes (Appendix A of its manual).
StoreError::Kind postgresFault(const QString& sqlState, const QSqlError& error) {
    if (sqlState.startsWith(QLatin1String("08")) || // connection_exception
        sqlState.startsWith(QLatin1String("57P")))  // admin/crash shutdown, cannot connect now
        return StoreError::Kind::Unreachable;
    if (sqlState == QLatin1String("53100")) // disk_full
        return StoreError::Kind::Full;
    if (sqlState.startsWith(QLatin1String("53"))) // too many connections, out of memory...
        return StoreError::Kind::Unreachable;
    if (sqlState == QLatin1String("XX001") || // data_corrupted
        sqlState == QLatin1String("XX002"))   // index_corrupted
        return StoreError::Kind::Corrupt;
    if (sqlState == QLatin1String("25006") ||     // read-only transaction (a standby)
        sqlState.startsWith(QLatin1String("58"))) // system error (I/O)
        return StoreError::Kind::Unwritable;
    // No SQLSTATE at all: libpq failed before the server answered (no connection, the
    // server closed it, the send failed).
    if (sqlState.isEmpty() && error.type() != QSqlError::NoError)
        return StoreError::Kind::Unreachable;
    return StoreError::Kind::Failed;
}

// SQLite's primary result codes (the low byte of an extended one).
StoreError::Kind sqliteFault(const QString& code) {
    bool ok = false;
    const int primary = code.toInt(&ok) & 0xff;
    if (!ok)
        return StoreError::Kind::Failed;
    switch (primary) {
    case 13: // SQLITE_FULL: the disk (or a file-size limit) is full
        return StoreError::Kind::Full;
    case 8:  // SQLITE_READONLY
    case 10: // SQLITE_IOERR
    case 14: // SQLITE_CANTOPEN
        return StoreError::Kind::Unwritable;
    case 11: // SQLITE_CORRUPT: "database disk image is malformed"
    case 26: // SQLITE_NOTADB: "file is not a database"
        return StoreError::Kind::Corrupt;
    default:
        return StoreError::Kind::Failed;
    }
}

} // namespace

StoreError::Kind faultKindOf(Dialect dialect, const QSqlError& error) {
    const QString code = error.nativeErrorCode().trimmed();
    return dialect == Dialect::Postgres ? postgresFault(code, error) : sqliteFault(code);
}

bool losesConnection(Dialect dialect, StoreError::Kind kind) {
    return dialect == Dialect::Postgres && kind == StoreError::Kind::Unreachable;
}

} // namespace mbc::store
