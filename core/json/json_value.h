#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace mbc::json {

// A JSON document. Numbers keep their exact text, so integers up to 2^64 - 1 (and beyond, as
// errors) are read without passing through a double. Objects keep their key order.
class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<Value>;
    using Object = std::vector<std::pair<std::string, Value>>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b)
        : v_(b) {}
    Value(int v)
        : v_(Number{std::to_string(v)}) {}
    Value(std::int64_t v)
        : v_(Number{std::to_string(v)}) {}
    Value(std::uint32_t v)
        : v_(Number{std::to_string(v)}) {}
    Value(std::uint64_t v)
        : v_(Number{std::to_string(v)}) {}
    Value(std::string s)
        : v_(std::move(s)) {}
    Value(const char* s)
        : v_(std::string(s)) {}
    Value(Array a)
        : v_(std::move(a)) {}
    Value(Object o)
        : v_(std::move(o)) {}

    // A number from JSON number text that the caller has already validated.
    static Value numberFromText(std::string text) { return Value(Number{std::move(text)}); }

    Type type() const { return static_cast<Type>(v_.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    bool asBool() const { return std::get<bool>(v_); }
    const std::string& numberText() const { return std::get<Number>(v_).text; }
    const std::string& asString() const { return std::get<std::string>(v_); }
    const Array& asArray() const { return std::get<Array>(v_); }
    Array& asArray() { return std::get<Array>(v_); }
    const Object& asObject() const { return std::get<Object>(v_); }
    Object& asObject() { return std::get<Object>(v_); }

    // Exact integer value of a number written without fraction or exponent.
    std::optional<std::int64_t> asInt64() const;
    std::optional<std::uint64_t> asUint64() const;
    // A number written with a fraction or exponent part.
    bool isNonIntegerNumber() const;

    // Member lookup (objects only); nullptr if absent or not an object.
    const Value* find(std::string_view key) const;
    // Sets a member of an object: replaces the value of a member of that name, else appends
    // one (a document never holds a name twice: parsers refuse that).
    Value& set(std::string key, Value value);

    bool operator==(const Value& other) const = default;

    static std::string_view typeName(Type t);

private:
    struct Number {
        std::string text;
        bool operator==(const Number&) const = default;
    };
    explicit Value(Number n)
        : v_(std::move(n)) {}

    std::variant<std::nullptr_t, bool, Number, std::string, Array, Object> v_;
};

struct ParseLimits {
    std::size_t maxDepth = 64;
    // Each value takes 40 bytes (72 as an object's member, with its key) however short its
    // text: 8 MB of ",0" would be 4 M values, 16 MB of a peer's answer 8 M, 600 MB and more.
    // Honest JSON spends 23 bytes or more per value (outputs, the densest: 70 bytes for 3), so
    // the largest answer read from a peer (16 MB) holds at most about 700,000. A million bounds
    // a document near 110 MB while its largest array or object grows.
    std::size_t maxValues = 1'000'000;
};

struct ParseError {
    std::size_t offset = 0;
    std::string message;
};

// Strict RFC 8259: no comments, no trailing commas, no duplicate keys, valid UTF-8 only,
// one value with optional surrounding whitespace, nesting no deeper than maxDepth, at most
// maxValues values in all (members and elements, and the document itself).
std::variant<Value, ParseError> parse(std::string_view text, ParseLimits limits = {});

// Compact output; `indent` > 0 pretty-prints. Strings are escaped per RFC 8259.
std::string write(const Value& value, int indent = 0);

} // namespace mbc::json
