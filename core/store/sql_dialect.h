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
    // A FROM-clause table of the JSON array bound to one `?` (JsonRows), one row per element,
    // in a column `value`.
    static QString jsonRows(Dialect d) {
        return d == Dialect::Sqlite ? QStringLiteral("json_each(?)")
                                    : QStringLiteral("json_array_elements(CAST(? AS json))");
    }
};

} // namespace mbc::store
