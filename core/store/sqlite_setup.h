#pragma once

namespace mbc::store {

// Sets up the process's SQLite before its first use (Qt's SQLite driver uses the same library):
// a savepoint's journal stays in memory up to 16 MiB, and the one that outgrows it is written to
// its temporary file in pieces SQLite's own file layer can write. Returns false, having changed
// nothing, if SQLite was already in use. Thread-safe; later calls return the first's answer.
bool setUpSqliteOnce();

} // namespace mbc::store
