#pragma once

// Qt Test data rows over a vector file: one row per entry, so a failure names the entry.
#include <QTest>

#include "support/test_data.h"

#include <functional>

namespace mbc::test {

using RowNamer = std::function<std::string(const json::Value& entry, std::size_t index)>;

// Adds an int column "index" and one row per entry of vectors/<file>, named by `name`
// (default: "<file> <index>").
inline void addVectorRows(const std::string& file, const RowNamer& name = {}) {
    QTest::addColumn<int>("index");
    const auto entries = loadVectorEntries(file);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string rowName = name ? name(entries[i], i) : file + " " + std::to_string(i);
        QTest::newRow(rowName.c_str()) << int(i);
    }
}

// The entry of vectors/<file> that the current row stands for.
inline json::Value vectorEntry(const std::string& file) {
    QFETCH(int, index);
    return loadVectorEntries(file).at(std::size_t(index));
}

} // namespace mbc::test
