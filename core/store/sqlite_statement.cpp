#include "store/sqlite_statement.h"

#include "store/database.h"

#include <QSqlError>

#include <sqlite3.h>

namespace mbc::store {

SqliteStatement::SqliteStatement(Database& db, sqlite3* connection, const char* sql)
    : db_(db)
    , connection_(connection)
    , sql_(QString::fromUtf8(sql)) {
    // (PERSISTENT: it is kept and run many times, which SQLite allocates for differently.)
    const int result =
        sqlite3_prepare_v3(connection_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
    if (result != SQLITE_OK) {
        sqlite3_finalize(statement_);
        statement_ = nullptr;
        fail(result);
    }
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::bind(int index, std::string_view text) {
    // (TRANSIENT: SQLite copies the text, so the caller's may go before the statement runs. A
    // null pointer would bind NULL.)
    const int result = sqlite3_bind_text(statement_, index, text.empty() ? "" : text.data(),
                                         int(text.size()), SQLITE_TRANSIENT);
    if (result != SQLITE_OK)
        fail(result);
}

void SqliteStatement::bind(int index, ByteSpan bytes) {
    // (TRANSIENT, as text. Empty bytes are an empty blob, which a null pointer would not be.)
    const int result = bytes.empty() ? sqlite3_bind_zeroblob(statement_, index, 0)
                                     : sqlite3_bind_blob(statement_, index, bytes.data(),
                                                         int(bytes.size()), SQLITE_TRANSIENT);
    if (result != SQLITE_OK)
        fail(result);
}

void SqliteStatement::bind(int index, std::int64_t value) {
    const int result = sqlite3_bind_int64(statement_, index, value);
    if (result != SQLITE_OK)
        fail(result);
}

bool SqliteStatement::step() {
    // Asked for again for this piece of work (prepareSqlite): nothing is held, nothing refused.
    Q_ASSERT(!db_.settleHeld_ && db_.refusedBecause_.isEmpty());
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW)
        return true;
    if (result == SQLITE_DONE) {
        sqlite3_reset(statement_);
        return false;
    }
    fail(result);
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
}

int SqliteStatement::run() {
    while (step()) {
    }
    return sqlite3_changes(connection_);
}

std::optional<std::string_view> SqliteStatement::text(int column) const {
    if (sqlite3_column_type(statement_, column) != SQLITE_TEXT)
        return std::nullopt;
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (!chars) // (out of memory)
        return std::nullopt;
    return std::string_view(chars, std::size_t(sqlite3_column_bytes(statement_, column)));
}

std::optional<ByteSpan> SqliteStatement::bytes(int column) const {
    if (sqlite3_column_type(statement_, column) != SQLITE_BLOB)
        return std::nullopt;
    const void* data = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    if (!data) // an empty blob, or out of memory
        return size == 0 ? std::optional<ByteSpan>(ByteSpan()) : std::nullopt;
    return ByteSpan(static_cast<const std::uint8_t*>(data), std::size_t(size));
}

std::optional<std::int64_t> SqliteStatement::integer(int column) const {
    if (sqlite3_column_type(statement_, column) != SQLITE_INTEGER)
        return std::nullopt;
    return sqlite3_column_int64(statement_, column);
}

void SqliteStatement::fail(int result) {
    // As Qt's driver reports a failed statement (SQLite's result code as the native one), so
    // that it is classed as any other statement's failure. The connection's extended code and
    // message say more, when they are this failure's (the same primary code).
    const int extended = connection_ ? sqlite3_extended_errcode(connection_) : 0;
    const bool same = connection_ && (extended & 0xff) == (result & 0xff);
    const QString message =
        QString::fromUtf8(same ? sqlite3_errmsg(connection_) : sqlite3_errstr(result));
    if (statement_)
        sqlite3_reset(statement_);
    db_.fail(QStringLiteral("\"%1\"").arg(sql_),
             QSqlError(QStringLiteral("Unable to execute statement"), message,
                       QSqlError::StatementError, QString::number(same ? extended : result)));
}

} // namespace mbc::store
