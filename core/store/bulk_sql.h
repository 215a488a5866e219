#pragma once

#include <QString>

#include <cstddef>

namespace mbc::store {

// Statements over many rows at once ("VALUES (?,?),(?,?),..."). Their sizes are powers of two
// up to kMaxBulkRows, so only a handful of distinct statements are ever prepared and cached.
// Not more: Qt's SQLite driver looks each parameter up by position in a list, so a statement's
// cost grows with the square of its parameter count (256 rows made connecting a block slower).
inline constexpr std::size_t kMaxBulkRows = 64;

// Calls fn(begin, count) over [0, total) in chunks whose counts are powers of two.
template <typename Fn>
void forEachBulkChunk(std::size_t total, Fn&& fn) {
    std::size_t begin = 0;
    while (begin < total) {
        std::size_t count = kMaxBulkRows;
        while (count > total - begin)
            count /= 2;
        fn(begin, count);
        begin += count;
    }
}

// "row,row,...,row" with `row` (e.g. "(?, CAST(? AS INTEGER))") repeated `count` times.
inline QString repeatedRows(const QString& row, std::size_t count) {
    QString out;
    out.reserve(static_cast<qsizetype>((row.size() + 1) * count));
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0)
            out += ',';
        out += row;
    }
    return out;
}

} // namespace mbc::store
