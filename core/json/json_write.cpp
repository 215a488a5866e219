#include "json/json_value.h"

namespace mbc::json {
namespace {

constexpr char hexDigits[] = "0123456789abcdef";

void writeEscape(std::string& out, unsigned codePoint) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out.push_back(hexDigits[(codePoint >> shift) & 0xF]);
}

// The length of the UTF-8 sequence at s[i] if it encodes DEL, a C1 control or an invisible mark
// that reorders text or breaks lines (U+061C, U+200E-F, U+2028-2E, U+2066-9), else 0, and its
// code point. JSON allows them bare; written as escapes, they reach no terminal or label as
// they are (minibitcoin-cli --json prints a node's strings).
std::size_t invisibleAt(const std::string& s, std::size_t i, unsigned& codePoint) {
    const unsigned b0 = static_cast<unsigned char>(s[i]);
    if (b0 != 0x7F && b0 != 0xC2 && b0 != 0xD8 && b0 != 0xE2)
        return 0; // (nearly every byte: answers are mostly hex)
    const auto at = [&](std::size_t k) {
        return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u;
    };
    const unsigned b1 = at(i + 1), b2 = at(i + 2);
    if (b0 == 0x7F) {
        codePoint = 0x7F;
        return 1;
    }
    if ((b0 == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) || (b0 == 0xD8 && b1 == 0x9C)) {
        codePoint = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
        return 2;
    }
    if (b0 == 0xE2 && (b1 == 0x80 || b1 == 0x81) && (b2 & 0xC0) == 0x80) {
        codePoint = 0x2000 | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
        const bool mark = codePoint == 0x200E || codePoint == 0x200F ||
                          (codePoint >= 0x2028 && codePoint <= 0x202E) ||
                          (codePoint >= 0x2066 && codePoint <= 0x2069);
        return mark ? 3 : 0;
    }
    return 0;
}

void writeString(std::string& out, const std::string& s) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (unsigned codePoint = 0; const std::size_t length = invisibleAt(s, i, codePoint)) {
            writeEscape(out, codePoint);
            i += length - 1;
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                writeEscape(out, static_cast<unsigned char>(c));
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void newline(std::string& out, int indent, int level) {
    if (indent <= 0)
        return;
    out.push_back('\n');
    out.append(static_cast<std::size_t>(indent * level), ' ');
}

void writeValue(std::string& out, const Value& v, int indent, int level) {
    switch (v.type()) {
    case Value::Type::Null:
        out += "null";
        break;
    case Value::Type::Bool:
        out += v.asBool() ? "true" : "false";
        break;
    case Value::Type::Number:
        out += v.numberText();
        break;
    case Value::Type::String:
        writeString(out, v.asString());
        break;
    case Value::Type::Array: {
        const auto& items = v.asArray();
        out.push_back('[');
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            newline(out, indent, level + 1);
            writeValue(out, items[i], indent, level + 1);
        }
        if (!items.empty())
            newline(out, indent, level);
        out.push_back(']');
        break;
    }
    case Value::Type::Object: {
        const auto& members = v.asObject();
        out.push_back('{');
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            newline(out, indent, level + 1);
            writeString(out, members[i].first);
            out += indent > 0 ? ": " : ":";
            writeValue(out, members[i].second, indent, level + 1);
        }
        if (!members.empty())
            newline(out, indent, level);
        out.push_back('}');
        break;
    }
    }
}

} // namespace

std::string write(const Value& value, int indent) {
    std::string out;
    writeValue(out, value, indent, 0);
    return out;
}

} // namespace mbc::json
