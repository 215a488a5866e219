#include "json/json_value.h"

#include <algorithm>

namespace mbc::json {
namespace {

// A byte of the input as a message names it: printable ASCII in quotes, any other in hex (the
// messages reach logs and terminals, and the input is anyone's).
std::string byteName(char c) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F)
        return std::string("'") + c + "'";
    static constexpr char hexDigits[] = "0123456789abcdef";
    return std::string("byte 0x") + hexDigits[b >> 4] + hexDigits[b & 0xF];
}

// A key as a message names it: as JSON writes it (controls escaped), its first 64 bytes.
std::string keyName(const std::string& key) {
    constexpr std::size_t kMaxBytes = 64;
    std::size_t end = std::min(key.size(), kMaxBytes);
    while (end < key.size() && end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80)
        --end; // (not within a character)
    return write(Value(key.substr(0, end))) + (end < key.size() ? "..." : "");
}

class Parser {
public:
    Parser(std::string_view text, ParseLimits limits)
        : s_(text)
        , limits_(limits) {}

    std::variant<Value, ParseError> run() {
        skipWhitespace();
        Value v = parseValue(0);
        if (!error_) {
            skipWhitespace();
            if (pos_ != s_.size())
                fail("unexpected text after the JSON value");
        }
        if (error_)
            return *error_;
        return v;
    }

private:
    void fail(std::string message) {
        if (!error_)
            error_ = ParseError{pos_, std::move(message)};
    }

    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[pos_]; }

    void skipWhitespace() {
        while (!atEnd() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    bool consumeLiteral(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word)
            return false;
        pos_ += word.size();
        return true;
    }

    Value parseValue(std::size_t depth) {
        if (++values_ > limits_.maxValues) {
            fail("more than " + std::to_string(limits_.maxValues) + " values");
            return {};
        }
        if (atEnd()) {
            fail("unexpected end of input");
            return {};
        }
        switch (peek()) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"':
            return Value(parseString());
        case 't':
            if (consumeLiteral("true"))
                return Value(true);
            break;
        case 'f':
            if (consumeLiteral("false"))
                return Value(false);
            break;
        case 'n':
            if (consumeLiteral("null"))
                return Value(nullptr);
            break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber();
        }
        fail("unexpected character " + byteName(peek()));
        return {};
    }

    bool enter(std::size_t depth) {
        if (depth > limits_.maxDepth) {
            fail("nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
            return false;
        }
        return true;
    }

    Value parseObject(std::size_t depth) {
        if (!enter(depth))
            return {};
        ++pos_; // '{'
        Value::Object members;
        skipWhitespace();
        if (peek() == '}') {
            ++pos_;
            return Value(std::move(members));
        }
        while (!error_) {
            skipWhitespace();
            if (peek() != '"') {
                fail("expected a string key");
                break;
            }
            std::string key = parseString();
            if (error_)
                break;
            skipWhitespace();
            if (peek() != ':') {
                fail("expected ':' after a key");
                break;
            }
            ++pos_;
            skipWhitespace();
            Value v = parseValue(depth);
            members.emplace_back(std::move(key), std::move(v));
            skipWhitespace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                if (const std::string* dup = firstDuplicateKey(members)) {
                    fail("duplicate key " + keyName(*dup));
                    return {};
                }
                return Value(std::move(members));
            }
            fail("expected ',' or '}' in an object");
        }
        return {};
    }

    // Sorting keeps hostile objects with many keys at O(n log n).
    static const std::string* firstDuplicateKey(const Value::Object& members) {
        std::vector<const std::string*> keys;
        keys.reserve(members.size());
        for (const auto& m : members)
            keys.push_back(&m.first);
        std::sort(keys.begin(), keys.end(),
                  [](const std::string* a, const std::string* b) { return *a < *b; });
        for (std::size_t i = 1; i < keys.size(); ++i)
            if (*keys[i] == *keys[i - 1])
                return keys[i];
        return nullptr;
    }

    Value parseArray(std::size_t depth) {
        if (!enter(depth))
            return {};
        ++pos_; // '['
        Value::Array items;
        skipWhitespace();
        if (peek() == ']') {
            ++pos_;
            return Value(std::move(items));
        }
        while (!error_) {
            skipWhitespace();
            items.push_back(parseValue(depth));
            skipWhitespace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == ']') {
                ++pos_;
                return Value(std::move(items));
            }
            fail("expected ',' or ']' in an array");
        }
        return {};
    }

    Value parseNumber() {
        const std::size_t start = pos_;
        if (peek() == '-')
            ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++pos_;
        } else {
            fail("invalid number");
            return {};
        }
        if (peek() == '.') {
            ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) {
                fail("invalid number: digits must follow '.'");
                return {};
            }
            while (peek() >= '0' && peek() <= '9')
                ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-')
                ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) {
                fail("invalid number: digits must follow the exponent");
                return {};
            }
            while (peek() >= '0' && peek() <= '9')
                ++pos_;
        }
        return Value::numberFromText(std::string(s_.substr(start, pos_ - start)));
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    std::optional<std::uint32_t> hex4() {
        if (s_.size() - pos_ < 4)
            return std::nullopt;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = s_[pos_++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return std::nullopt;
        }
        return v;
    }

    // Length of the valid UTF-8 sequence starting at pos_, or 0 if it is not valid
    // (overlong forms, surrogates and code points above U+10FFFF are invalid).
    std::size_t utf8SequenceLength() const {
        const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s_[pos_ + i]); };
        const auto cont = [&](std::size_t i) {
            return pos_ + i < s_.size() && (b(i) & 0xC0) == 0x80;
        };
        const unsigned char c = b(0);
        if (c >= 0xC2 && c <= 0xDF)
            return cont(1) ? 2 : 0;
        if (c >= 0xE0 && c <= 0xEF) {
            if (!cont(1) || !cont(2))
                return 0;
            if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))
                return 0;
            return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (!cont(1) || !cont(2) || !cont(3))
                return 0;
            if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))
                return 0;
            return 4;
        }
        return 0;
    }

    std::string parseString() {
        ++pos_; // opening quote
        std::string out;
        while (true) {
            if (atEnd()) {
                fail("unterminated string");
                return {};
            }
            const char c = s_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character in a string");
                return {};
            }
            if (c == '\\') {
                ++pos_;
                if (atEnd()) {
                    fail("unterminated escape");
                    return {};
                }
                const char e = s_[pos_++];
                switch (e) {
                case '"':
                    out.push_back('"');
                    break;
                case '\\':
                    out.push_back('\\');
                    break;
                case '/':
                    out.push_back('/');
                    break;
                case 'b':
                    out.push_back('\b');
                    break;
                case 'f':
                    out.push_back('\f');
                    break;
                case 'n':
                    out.push_back('\n');
                    break;
                case 'r':
                    out.push_back('\r');
                    break;
                case 't':
                    out.push_back('\t');
                    break;
                case 'u': {
                    auto cp = hex4();
                    if (!cp) {
                        fail("invalid \\u escape");
                        return {};
                    }
                    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
                        std::optional<std::uint32_t> low;
                        if (consumeLiteral("\\u"))
                            low = hex4();
                        if (!low || *low < 0xDC00 || *low > 0xDFFF) {
                            fail("unpaired surrogate in a \\u escape");
                            return {};
                        }
                        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                    } else if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
                        fail("unpaired surrogate in a \\u escape");
                        return {};
                    }
                    appendUtf8(out, *cp);
                    break;
                }
                default:
                    fail("invalid escape: a backslash before " + byteName(e));
                    return {};
                }
                continue;
            }
            if (static_cast<unsigned char>(c) < 0x80) {
                out.push_back(c);
                ++pos_;
                continue;
            }
            const std::size_t n = utf8SequenceLength();
            if (n == 0) {
                fail("invalid UTF-8 in a string");
                return {};
            }
            out.append(s_.substr(pos_, n));
            pos_ += n;
        }
    }

    std::string_view s_;
    ParseLimits limits_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
    std::optional<ParseError> error_;
};

} // namespace

std::variant<Value, ParseError> parse(std::string_view text, ParseLimits limits) {
    return Parser(text, limits).run();
}

} // namespace mbc::json
