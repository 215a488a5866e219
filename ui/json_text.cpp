#include "ui/json_text.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace mbc::ui {

namespace {

// Past these, the answer is shown as it came: a crafted answer (a node the console was pointed
// at) must not make indenting cost more than the answer itself, nor run the memory out.
constexpr int kMaxDepth = 32;
constexpr int kMaxGrowth = 4; // the indented text at most this many times the answer

} // namespace

QString indentedJson(const QByteArray& json) {
    QJsonParseError error;
    QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&] { out += '\n' + QByteArray(4 * depth, ' '); };
    const qsizetype maxOut = json.size() * kMaxGrowth + 1024;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (depth > kMaxDepth || out.size() > maxOut)
            return QString::fromUtf8(json);
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            qsizetype next = i + 1; // an empty {} or [] stays on its line
            while (next < json.size() && QChar(json[next]).isSpace())
                ++next;
            if (next < json.size() && (json[next] == '}' || json[next] == ']')) {
                out += c;
                out += json[next];
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            if (!QChar(c).isSpace())
                out += c;
        }
    }
    return QString::fromUtf8(out);
}

} // namespace mbc::ui
