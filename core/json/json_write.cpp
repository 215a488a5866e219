#include "json/json_value.h"

namespace mbc::json {
namespace {

void writeString(std::string& out, const std::string& s) {
    static constexpr char hexDigits[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : s) {
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
                out += "\\u00";
                out.push_back(hexDigits[(c >> 4) & 0xF]);
                out.push_back(hexDigits[c & 0xF]);
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
