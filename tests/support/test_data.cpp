#include "support/test_data.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mbc::test {

json::Value loadJsonFile(const std::string& relativePath) {
    const std::string path = std::string(MBC_TEST_DATA_DIR) + "/" + relativePath;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open test data file " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto parsed = json::parse(buffer.str());
    if (auto* err = std::get_if<json::ParseError>(&parsed))
        throw std::runtime_error(path + ": invalid JSON at byte " + std::to_string(err->offset) +
                                 ": " + err->message);
    return std::get<json::Value>(std::move(parsed));
}

json::Value::Array loadVectorEntries(const std::string& name) {
    json::Value v = loadVector(name);
    if (!v.isArray())
        throw std::runtime_error("vectors/" + name + " does not hold an array");
    return std::move(v.asArray());
}

const json::Value& field(const json::Value& object, const std::string& key) {
    const json::Value* v = object.find(key);
    if (v == nullptr)
        throw std::runtime_error("test vector has no field \"" + key + "\"");
    return *v;
}

std::string stringField(const json::Value& object, const std::string& key) {
    const json::Value& v = field(object, key);
    if (!v.isString())
        throw std::runtime_error("test vector field \"" + key + "\" is not a string");
    return v.asString();
}

std::uint64_t uintField(const json::Value& object, const std::string& key) {
    auto v = field(object, key).asUint64();
    if (!v)
        throw std::runtime_error("test vector field \"" + key + "\" is not an unsigned integer");
    return *v;
}

std::int64_t intField(const json::Value& object, const std::string& key) {
    auto v = field(object, key).asInt64();
    if (!v)
        throw std::runtime_error("test vector field \"" + key + "\" is not an integer");
    return *v;
}

} // namespace mbc::test
