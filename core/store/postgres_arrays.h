#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"
#include "store/database.h"

#include <QByteArray>

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace mbc::store {

// A PostgreSQL statement's rows as one array per column, each sent apart from the statement in
// PostgreSQL's binary form (Database::runWithParameters) and unpacked by unnest (table()).
// Through Qt's driver (BulkRows) the same arrays went into the statement's text as quoted hex,
// which the server lexed and parsed again, and the daemon wrote twice the bytes: for a
// 1,000-tx block's outputs and spends, about 280 kB of text.
class PostgresArrays {
public:
    enum class Type { Bytes, BigInt, Flag };
    struct Column {
        const char* name;
        Type type;
    };

    explicit PostgresArrays(std::initializer_list<Column> columns);
    // An element, and a whole column with its header, may hold at most this many bytes (below
    // a PostgreSQL value's limit of 1 GB); more throws std::length_error. (A statement's
    // parameters together are bounded by the server, which refuses more as any statement.)
    static constexpr std::size_t kMostElementBytes = (std::size_t(1) << 30) - 64;

    // Values row by row, one per column in the columns' order, each of its column's type.
    void add(ByteSpan bytes);
    void add(const Hash256& hash) { add(hash.span()); }
    void add(std::int64_t n);
    void add(bool flag);
    void add(const char*) = delete; // would be taken for a flag
    std::size_t rows() const { return rows_; }

    // The rows as a FROM-clause table named `alias`, with the columns' names; its arrays are
    // the statement's parameters from $`firstParameter` on, one per column.
    QByteArray table(const char* alias, int firstParameter) const;
    // Appends the arrays, one parameter per column in the columns' order.
    void appendParameters(std::vector<Database::Parameter>& out) const;

private:
    std::vector<Column> columns_;
    std::vector<QByteArray> elements_; // per column: each element's length, then its bytes
    std::size_t filled_ = 0;
    std::size_t rows_ = 0;

    QByteArray& next(Type type);
};

} // namespace mbc::store
