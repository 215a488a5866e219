#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "store/database.h"
#include "store/sql_dialect.h"

#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace mbc::store {

// Statements over many rows pass them in a fixed number of bound values, whatever the row count:
// Qt's SQL drivers pay for every bound value (the SQLite one about the square of a statement's
// parameter count), and binding dominated connecting a block when each row took six parameters.
// So a whole block's rows go in one statement, as a table in its FROM clause (table()):
// - SQLite: one JSON array of rows, unpacked by json_each;
// - PostgreSQL: one array per column, unpacked by unnest. The server parses a typed array more
//   quickly than JSON, whose every field it would read out of the row's text again.
// (On SQLite, the statements a connected block runs per output and per input, and the deletes
// of the mempool rows it confirms, go row by row through SQLite's own interface instead:
// sqlite_statement.h says why. On PostgreSQL, a connected block's outputs and spends and a sync
// batch's writes go as binary arrays through libpq: postgres_arrays.h. What is left here are
// lookups, the mempool's rows and a disconnected block's.)
// Values are added row by row, one per column in the columns' order; text is hex or plain ASCII
// words (no spaces, quotes, backslashes, commas or braces, which either format would need to
// escape). A Bytes column is given hex and holds the bytes it stands for (neither format carries
// bytes as they are), as the outputs table keeps txids and addresses.
class BulkRows {
public:
    enum class Type { Text, Bytes, Integer, Flag };
    struct Column {
        const char* name;
        Type type;
    };

    BulkRows(Dialect dialect, std::initializer_list<Column> columns)
        : dialect_(dialect)
        , columns_(columns)
        , values_(dialect == Dialect::Postgres ? columns_.size() : 1) {}

    void add(const Hash256& hash) { addText(hash.hex()); }
    void addText(const std::string& hexOrPlainAscii) {
        Q_ASSERT(std::all_of(hexOrPlainAscii.begin(), hexOrPlainAscii.end(), [](char c) {
            return c > ' ' && c < 127 && c != '"' && c != '\\' && c != ',' && c != '{' && c != '}';
        }));
        std::string& out = next();
        out += '"';
        out += hexOrPlainAscii;
        out += '"';
    }
    void add(std::int64_t n) { next() += std::to_string(n); }
    void add(const char*) = delete; // would be taken for a flag
    void add(bool flag) {
        next() += dialect_ == Dialect::Postgres ? (flag ? "t" : "f") : (flag ? "true" : "false");
    }
    std::size_t rows() const { return rows_; }

    // The rows as a FROM-clause table named `alias`, with the columns' names.
    QString table(const QString& alias) const {
        QStringList fields;
        if (dialect_ == Dialect::Postgres) {
            QStringList names, decoded;
            bool bytes = false;
            for (const Column& c : columns_) {
                const QString name = QString::fromLatin1(c.name);
                fields << QStringLiteral("CAST(? AS %1[])").arg(pgType(c.type));
                names << name;
                bytes = bytes || c.type == Type::Bytes;
                decoded << (c.type == Type::Bytes
                                ? SqlDialect::bytesOfHex(dialect_, "u." + name) + " AS " + name
                                : "u." + name);
            }
            const QString unnested =
                "unnest(" + fields.join(", ") + ") AS %1 (" + names.join(", ") + ")";
            if (!bytes)
                return unnested.arg(alias);
            return "(SELECT " + decoded.join(", ") + " FROM " + unnested.arg("u") + ") AS " + alias;
        }
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const QString field = QStringLiteral("value ->> %1").arg(i);
            const Type type = columns_[i].type;
            fields << (type == Type::Text ? field
                       : type == Type::Bytes
                           ? SqlDialect::bytesOfHex(dialect_, field)
                           : QStringLiteral("CAST(%1 AS %2)")
                                 .arg(field, type == Type::Flag ? "BOOLEAN" : "BIGINT")) +
                          " AS " + QString::fromLatin1(columns_[i].name);
        }
        return "(SELECT " + fields.join(", ") + " FROM json_each(?)) AS " + alias;
    }
    // Binds the values table()'s placeholders stand for, in their order.
    void bind(QSqlQuery& q) const {
        Q_ASSERT(filled_ % columns_.size() == 0); // whole rows only
        for (const std::string& v : values_) {
            const char* close = dialect_ == Dialect::Postgres ? "}" : "]]";
            const char* empty = dialect_ == Dialect::Postgres ? "{}" : "[]";
            q.addBindValue(QString::fromLatin1(v.empty() ? std::string(empty) : v + close));
        }
    }

    // One column of hashes, as hex text (Text) or as their bytes (Bytes).
    static BulkRows ofHashes(Dialect dialect, const char* name, std::span<const Hash256> hashes,
                             Type type) {
        BulkRows rows(dialect, {{name, type}});
        for (const Hash256& h : hashes)
            rows.add(h);
        return rows;
    }

private:
    static const char* pgType(Type t) {
        return t == Type::Text || t == Type::Bytes ? "text"
               : t == Type::Flag                   ? "boolean"
                                                   : "bigint";
    }
    // Where the next value goes: PostgreSQL's array of its column, or SQLite's row array (a
    // new row at each first column).
    std::string& next() {
        const std::size_t column = filled_++ % columns_.size();
        if (column == 0)
            ++rows_;
        if (dialect_ == Dialect::Postgres) {
            std::string& array = values_[column];
            array += array.empty() ? '{' : ',';
            return array;
        }
        std::string& json = values_[0];
        if (column == 0)
            json += json.empty() ? "[[" : "],[";
        else
            json += ',';
        return json;
    }

    Dialect dialect_;
    std::vector<Column> columns_;
    std::vector<std::string> values_;
    std::size_t filled_ = 0;
    std::size_t rows_ = 0;
};

} // namespace mbc::store
