#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace mbc::cli {

// A command's arguments: positionals in order, --name value options, and --flags.
struct CliArgs {
    QStringList positional;
    QMap<QString, QString> options;   // the last value of each
    QMap<QString, QStringList> lists; // every value of a repeatable option, in order
    QSet<QString> flags;

    QString option(const QString& name, const QString& fallback = {}) const {
        return options.value(name, fallback);
    }
    bool has(const QString& flag) const { return flags.contains(flag); }
};

struct ArgsSpec {
    QStringList valueOptions; // names without dashes, e.g. "node", "from"
    QStringList repeatable;   // value options that may be given more than once, e.g. "to"
    QStringList flags;        // e.g. "json"
    int minPositional = 0;
    int maxPositional = 0;
    QString usage; // e.g. "balance ADDRESS"
};

// Accepts --name value and --name=value. Every error names the argument; the caller prints
// it as one line.
std::variant<CliArgs, QString> parseCliArgs(const QStringList& args, const ArgsSpec& spec);

} // namespace mbc::cli
