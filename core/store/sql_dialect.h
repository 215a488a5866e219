#pragma once

#include "store/database.h"

#include <QString>

namespace mbc::store {

// The only places where SQLite and PostgreSQL need different SQL. Everything else the store
// writes is standard SQL both accept (ON CONFLICT, row values, WITH ... UPDATE ... FROM).
struct SqlDialect {
    // Column type for raw bytes (blocks, transactions).
    static QString binaryType(Dialect d) { return d == Dialect::Sqlite ? "BLOB" : "BYTEA"; }
    // Replaces the ${BINARY} placeholder of a schema statement.
    static QString schema(Dialect d, QString sql) {
        return sql.replace("${BINARY}", binaryType(d));
    }
};

} // namespace mbc::store
