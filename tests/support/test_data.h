#pragma once

#include "json/json_value.h"

#include <string>

namespace mbc::test {

// Reads and parses tests/data/<relativePath>; throws with the path on any failure so a broken
// data file is reported as such rather than as a failing check.
json::Value loadJsonFile(const std::string& relativePath);

// The conformance vectors from an independent implementation (tests/data/vectors/<name>).
inline json::Value loadVector(const std::string& name) {
    return loadJsonFile("vectors/" + name);
}
// The entries of a vector file that holds a JSON array, by value (safe in a range-for).
json::Value::Array loadVectorEntries(const std::string& name);

// Shorthands for reading vector fields; they throw std::runtime_error naming the key.
const json::Value& field(const json::Value& object, const std::string& key);
std::string stringField(const json::Value& object, const std::string& key);
std::uint64_t uintField(const json::Value& object, const std::string& key);
std::int64_t intField(const json::Value& object, const std::string& key);

} // namespace mbc::test
