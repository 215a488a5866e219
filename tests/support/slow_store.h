#pragma once

#include <QString>

namespace mbc::store {
class Database;
}

namespace mbc::test {

// Each row inserted into `table` from now on takes a while, as on a slow disk: a few
// milliseconds (a 5 ms sleep on PostgreSQL; on SQLite, which has no sleep, a join of 360,000
// rows). For tests that need the store's work to be long enough to see.
void slowDownInserts(store::Database& db, const QString& table);

// Every row the store is asked to insert into `table` from now on is refused, as a failing
// disk would refuse it.
void refuseInserts(store::Database& db, const QString& table);

} // namespace mbc::test
