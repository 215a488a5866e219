#include "ui/json_text.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace mbc::ui {

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
    for (qsizetype i = 0; i < json.size(); ++i) {
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
