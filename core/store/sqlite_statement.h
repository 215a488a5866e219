#pragma once

#include "consensus/primitives/bytes.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mbc::store {

class Database;

// A statement run through SQLite's own interface on the connection Qt's driver holds, with
// values bound as they are and read back without a QVariant. For the statements a block runs
// once per output or input, thousands a block: through Qt each run costs more than its work, and
// a multi-row statement (BulkRows) makes SQLite parse each row's JSON again for every column
// it reads. Made by Database::prepareSqlite, which keeps it for the connection's life: ask for
// it again for each piece of work, since asking is what settles a held transaction (and
// honours a refusal) first, as any use of the connection must.
class SqliteStatement {
public:
    // Throws StoreError (through the Database) if SQLite cannot prepare `sql`.
    SqliteStatement(Database& db, sqlite3* connection, const char* sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Placeholders count from 1 (?1, ?2, ...); a value stays bound until bound again. Empty text
    // is empty text, not NULL.
    void bind(int index, std::string_view text);
    void bind(int index, ByteSpan bytes); // as a blob
    void bind(int index, std::int64_t value);
    // Runs the statement to its next row: true with a row to read, false when done (and the
    // statement is then ready to run again). A failure leaves it ready too, and throws
    // StoreError as any statement of the Database would (same kinds, same trouble).
    bool step();
    // After a row, if its other rows are not wanted (a lookup by key has no more): ready to
    // run again, and holding nothing that would block a COMMIT.
    void reset();
    // Runs a statement that returns no rows; how many rows it changed.
    int run();

    // A column of the current row, if it holds that type (a NULL, or a value of another type,
    // gives nullopt: the table is a file, and may have been edited). Text and bytes are valid until
    // the statement steps or is reset.
    std::optional<std::string_view> text(int column) const;
    std::optional<ByteSpan> bytes(int column) const; // a blob
    std::optional<std::int64_t> integer(int column) const;

private:
    [[noreturn]] void fail(int result);

    Database& db_;
    sqlite3* connection_;
    sqlite3_stmt* statement_ = nullptr;
    QString sql_;
};

} // namespace mbc::store
