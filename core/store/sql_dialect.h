#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"
#include "store/database.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QVariant>

namespace mbc::store {

// The only places where SQLite and PostgreSQL need different SQL. Everything else the store
// writes is standard SQL both accept (ON CONFLICT, row values, WITH ... UPDATE ... FROM).
struct SqlDialect {
    // Column type for raw bytes (blocks, transactions, the outputs table's keys).
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
    // The outputs table keeps txids and addresses as their bytes (migration 10), half the size
    // of their hex in every row and index entry. A key bound on its own is bound as those bytes
    // (keyValue, or SqliteStatement's own binding); where hex text becomes them inside a
    // statement (a BulkRows column), this is the expression. SQLite has its own unhex() only
    // from 3.41 on, and Debian 12's is 3.40, so the store gives every SQLite connection one
    // (Database::open): the bytes of hex text, NULL for anything else.
    static QString bytesOfHex(Dialect d, const QString& hexExpression) {
        return d == Dialect::Sqlite ? "unhex(" + hexExpression + ")"
                                    : "decode(" + hexExpression + ", 'hex')";
    }
    template <std::size_t N>
    static QVariant keyValue(const FixedBytes<N>& key) {
        return QByteArray(reinterpret_cast<const char*>(key.data()), static_cast<qsizetype>(N));
    }
    // The bytes of a column of hex the store wrote (lowercase, whole bytes), for migrating it;
    // NULL stays NULL. Anything else was edited on disk: it becomes "corrupt " and the value
    // quoted (so that no two edits become one key), padded to 33 bytes or more, a length no txid
    // or address has, which the store's readers refuse as a corrupt store, as they refused the
    // text. (Not NULL, which an unspent output's spent_txid is; not an error, which would keep
    // the node from starting where the text only failed what read it.)
    static QString bytesOfStoredHex(Dialect d, const QString& column) {
        const QString c = column;
        if (d == Dialect::Sqlite)
            return "CASE WHEN " + c + " IS NULL THEN NULL WHEN typeof(" + c + ") = 'text' AND " +
                   c + " = lower(" + c + ") AND length(" + c + ") > 0 AND unhex(" + c +
                   ") IS NOT NULL THEN unhex(" + c +
                   ") ELSE CAST(printf('%-33s', 'corrupt ' || quote(" + c + ")) AS BLOB) END";
        return "CASE WHEN " + c + " IS NULL THEN NULL WHEN " + c +
               " ~ '^([0-9a-f]{2})+$' THEN decode(" + c +
               ", 'hex') ELSE convert_to(rpad('corrupt ' || quote_literal(" + c +
               "), greatest(33, length(quote_literal(" + c +
               ")) + 8)), current_setting('server_encoding')) END";
    }
    // Replaces the placeholders of a schema statement: ${BINARY} by the type of a bytes column,
    // ${UNHEX:column} by bytesOfStoredHex(column).
    static QString schema(Dialect d, QString sql) {
        static const QRegularExpression unhex(QStringLiteral("\\$\\{UNHEX:(\\w+)\\}"));
        for (auto m = unhex.match(sql); m.hasMatch(); m = unhex.match(sql))
            sql.replace(m.capturedStart(), m.capturedLength(), bytesOfStoredHex(d, m.captured(1)));
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
