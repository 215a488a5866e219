#include "json/json_value.h"

#include <charconv>

namespace mbc::json {

std::optional<std::int64_t> Value::asInt64() const {
    if (!isNumber() || isNonIntegerNumber())
        return std::nullopt;
    const std::string& t = numberText();
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size())
        return std::nullopt;
    return v;
}

std::optional<std::uint64_t> Value::asUint64() const {
    if (!isNumber() || isNonIntegerNumber())
        return std::nullopt;
    const std::string& t = numberText();
    if (!t.empty() && t[0] == '-')
        return t == "-0" ? std::optional<std::uint64_t>(0) : std::nullopt;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size())
        return std::nullopt;
    return v;
}

bool Value::isNonIntegerNumber() const {
    return isNumber() && numberText().find_first_of(".eE") != std::string::npos;
}

const Value* Value::find(std::string_view key) const {
    if (!isObject())
        return nullptr;
    for (const auto& [k, v] : asObject())
        if (k == key)
            return &v;
    return nullptr;
}

Value& Value::set(std::string key, Value value) {
    if (!isObject())
        v_ = Object{};
    auto& obj = asObject();
    for (auto& [name, member] : obj)
        if (name == key)
            return member = std::move(value);
    obj.emplace_back(std::move(key), std::move(value));
    return obj.back().second;
}

std::string_view Value::typeName(Type t) {
    switch (t) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "unknown";
}

} // namespace mbc::json
