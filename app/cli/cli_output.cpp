#include "cli/cli_output.h"

#include "consensus/primitives/fixed_bytes.h"
#include "wallet/coin_text.h"

#include "cli/node_client.h"
#include "node/printable_text.h"

#include <cstdio>

namespace mbc::cli {

const json::Value& member(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    if (!v)
        throw CliError(
            QStringLiteral("the node's answer lacks '%1' (is it a MiniBitcoin node?)").arg(key));
    return *v;
}

QString field(const json::Value& object, const char* key) {
    const json::Value& v = member(object, key);
    switch (v.type()) {
    case json::Value::Type::Null:
        return QStringLiteral("-");
    case json::Value::Type::Bool:
        return v.asBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case json::Value::Type::Number:
        return QString::fromStdString(v.numberText());
    case json::Value::Type::String:
        return node::printableText(QString::fromStdString(v.asString()));
    default:
        return node::printableText(QString::fromStdString(json::write(v)));
    }
}

std::int64_t integerField(const json::Value& object, const char* key) {
    const auto n = member(object, key).asInt64();
    if (!n)
        throw CliError(QStringLiteral("the node's answer has a non-integer '%1'").arg(key));
    return *n;
}

QString coins(std::int64_t baseUnits) {
    return QString::fromStdString(wallet::coinsText(baseUnits));
}

void printJson(const json::Value& value) {
    std::printf("%s\n", json::write(value, 2).c_str());
}

void printFields(const QList<QPair<QString, QString>>& fields) {
    qsizetype width = 0;
    for (const auto& [label, value] : fields)
        width = std::max(width, label.size());
    for (const auto& [label, value] : fields)
        std::printf("%s  %s\n", qPrintable(label.leftJustified(width)),
                    qPrintable(node::printableText(value)));
}

void printTable(const QStringList& header, const QList<QStringList>& givenRows) {
    QList<QStringList> rows; // (a wallet file's labels, say, come from outside too)
    for (const QStringList& row : givenRows) {
        QStringList cells;
        for (const QString& cell : row)
            cells << node::printableText(cell);
        rows << cells;
    }
    QList<qsizetype> widths;
    for (const QString& h : header)
        widths << h.size();
    for (const QStringList& row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    auto line = [&widths](const QStringList& cells) {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i)
            out += (i ? "  " : "") +
                   (i + 1 < cells.size() ? cells[i].leftJustified(widths[i]) : cells[i]);
        std::printf("%s\n", qPrintable(out));
    };
    line(header);
    qsizetype total = 0;
    for (qsizetype w : widths)
        total += w;
    std::printf("%s\n", qPrintable(QString(total + 2 * (widths.size() - 1), QChar(0x2500))));
    for (const QStringList& row : rows)
        line(row);
    if (rows.isEmpty())
        std::printf("(none)\n");
}

QString hashArgument(const QString& text, const char* what) {
    const QString h = text.trimmed().toLower();
    if (!Hash256::fromHex(h.toStdString()))
        throw CliError(QStringLiteral("%1: '%2' is not a hash (64 hex digits)").arg(what, text));
    return h;
}

} // namespace mbc::cli
