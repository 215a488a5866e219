#pragma once

#include "json/json_value.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace mbc::cli {

// A member of a node's JSON answer as text: strings bare, numbers as written, null as "-".
// Throws CliError if the answer lacks it (an incompatible node).
QString field(const json::Value& object, const char* key);
const json::Value& member(const json::Value& object, const char* key);
// An integer member (throws CliError if absent or not one).
std::int64_t integerField(const json::Value& object, const char* key);

// "50.00000000" for 5,000,000,000 base units.
QString coins(std::int64_t baseUnits);
// `text` as a lowercase hash, or CliError naming `what`.
QString hashArgument(const QString& text, const char* what);

void printJson(const json::Value& value);
// "Label      value" lines, labels padded to one column.
void printFields(const QList<QPair<QString, QString>>& fields);
// A header row, a rule, and the rows, each column as wide as its widest cell.
void printTable(const QStringList& header, const QList<QStringList>& rows);

} // namespace mbc::cli
