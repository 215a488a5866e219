#pragma once

#include "consensus/primitives/fixed_bytes.h"

#include <QString>

#include <cstdint>
#include <span>
#include <string>

namespace mbc::store {

// Statements over many rows pass the rows as one JSON array of arrays bound to a single
// parameter, unpacked in SQL by SqlDialect::jsonRows(). Qt's SQL drivers pay for every bound value
// (the SQLite one about the square of a statement's parameter count), and binding dominated
// connecting a block when each row took six parameters; one parameter per statement costs the
// same however many rows it carries, so a whole block's rows go in one statement.
//
// In SQL, `value ->> N` is element N of a row: text as is, numbers wrapped in CAST(... AS
// BIGINT), flags in CAST(... AS BOOLEAN); both SQLite (3.38+) and PostgreSQL read it so.
class JsonRows {
public:
    void beginRow() {
        json_ += json_.size() > 1 ? ",[" : "[";
        first_ = true;
    }
    void endRow() { json_ += ']'; }
    void add(const Hash256& hash) { addQuoted(hash.hex()); }
    void addQuoted(const std::string& hexOrPlainAscii) { // no quotes or backslashes inside
        separate();
        json_ += '"';
        json_ += hexOrPlainAscii;
        json_ += '"';
    }
    void add(std::int64_t n) {
        separate();
        json_ += std::to_string(n);
    }
    void add(bool flag) {
        separate();
        json_ += flag ? "true" : "false";
    }
    // One row [hash] per hash.
    static JsonRows ofHashes(std::span<const Hash256> hashes) {
        JsonRows rows;
        for (const Hash256& h : hashes) {
            rows.beginRow();
            rows.add(h);
            rows.endRow();
        }
        return rows;
    }
    QString text() const { return QString::fromLatin1(json_ + ']'); }

private:
    void separate() {
        if (!first_)
            json_ += ',';
        first_ = false;
    }
    std::string json_ = "[";
    bool first_ = true;
};

} // namespace mbc::store
