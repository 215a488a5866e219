#include "node/printable_text.h"

namespace mbc::node {
namespace {

// Controls, and the invisible format characters (bidi embeddings, overrides, isolates and
// marks, zero-width ones, the byte order mark, tags) and line and paragraph separators.
bool needsEscape(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return true;
    return c > 0x7F && QChar::category(c) == QChar::Other_Format;
}

} // namespace

QString printableText(const QString& text) {
    qsizetype first = 0;
    while (first < text.size() && text[first].unicode() >= 0x20 && text[first].unicode() < 0x7F)
        ++first; // (the common case: plain ASCII)
    if (first == text.size())
        return text;
    QString out = text.left(first);
    out.reserve(text.size() + 8);
    for (qsizetype i = first; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        qsizetype units = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i].unicode(), text[i + 1].unicode());
            units = 2;
        }
        if (!needsEscape(c))
            out += QStringView(text).mid(i, units);
        else if (c == '\n')
            out += QLatin1String("\\n");
        else if (c == '\r')
            out += QLatin1String("\\r");
        else if (c == '\t')
            out += QLatin1String("\\t");
        else if (c < 0x80)
            out += QStringLiteral("\\x%1").arg(unsigned(c), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u{%1}").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        i += units - 1;
    }
    return out;
}

} // namespace mbc::node
