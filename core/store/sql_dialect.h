#pragma once

#include "consensus/primitives/bytes.h"
#include "store/database.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

namespace mbc::store {

// The only places where SQLite and PostgreSQL need different SQL. Everything else the store
// writes is standard SQL both accept (ON CONFLICT, row values, WITH ... UPDATE ... FROM).
struct SqlDialect {
    // Column type for raw bytes (blocks, transactions).
    static QString binaryType(Dialect d) { return d == Dialect::Sqlite ? "BLOB" : "BYTEA"; }
    // Where a statement writes raw bytes: the placeholder, and the value bound to it. Qt's
    // PostgreSQL driver sends every value as SQL text, bytes as a hex literal twice their size;
    // base64 is a third shorter, and the server's decode() of it is quicker to send and parse.
    static QString bytesPlaceholder(Dialect d) {
        return d == Dialect::Sqlite ? QStringLiteral("?") : QStringLiteral("decode(?, 'base64')");
    }
    static QVariant bytesValue(Dialect d, ByteSpan bytes) {
        const QByteArray raw(reinterpret_cast<const char*>(bytes.data()),
                             static_cast<qsizetype>(bytes.size()));
        return d == Dialect::Sqlite ? QVariant(raw) : QVariant(QString::fromLatin1(raw.toBase64()));
    }
    // Replaces the ${BINARY} placeholder of a schema statement.
    static QString schema(Dialect d, QString sql) {
        return sql.replace("${BINARY}", binaryType(d));
    }
    // FROM and WHERE of a query: each wanted row `s` (`wanted`: a BulkRows table or a CTE, named
    // s) with the row `o` of outputs that `match` (by primary key) and `condition` pick, looked
    // up per wanted row. SQLite follows the CROSS JOIN's order. PostgreSQL's planner may not: with
    // its statistics behind a growing table, or given a large array, it hashed every unspent output
    // (and every index entry of outputs spent since the last vacuum) for each block. A LATERAL
    // lookup is an index probe. `columns` are the outputs columns the query reads of o.
    static QString wantedOutputs(Dialect d, const QString& wanted, const QString& columns,
                                 const QString& match, const QString& condition) {
        if (d == Dialect::Sqlite)
            return wanted + " CROSS JOIN outputs o WHERE " + match + " AND " + condition;
        return wanted + " CROSS JOIN LATERAL (SELECT " + columns + " FROM outputs o WHERE " +
               match + " AND " + condition + " LIMIT 1) AS o";
    }
};

} // namespace mbc::store
