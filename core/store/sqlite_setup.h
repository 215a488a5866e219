#pragma once

#include <cstdint>

namespace mbc::store {

enum class SqliteSetup {
    Done,
    AlreadyInUse, // nothing changed: journals go to temporary files past 64 kB
    NoFileLayer,  // the file layer could not be registered: SQLite started over with its 64 kB
};

// Sets up the process's SQLite before its first use (Qt's SQLite driver uses the same library):
// a savepoint's journal stays in memory up to 16 MiB, and the one that outgrows it is written to
// its temporary file in pieces SQLite's own file layer can write. Called before the process
// opens any SQLite connection (Database::open does): on failure it may shut SQLite down.
// Thread-safe; later calls return the first's answer.
SqliteSetup setUpSqliteOnce();

// SQLite's new allocations of 1 MiB and more since the process started (savepoints' in-memory
// journals; not reallocations), and how many of them the system made: the rest reused the
// chunk kept from the last such one freed.
struct SqliteLargeAllocations {
    std::uint64_t taken = 0;
    std::uint64_t fromSystem = 0;
};
SqliteLargeAllocations sqliteLargeAllocations();

} // namespace mbc::store
