#pragma once

#include "node/node_config.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace mbc::node {

// One setting a node can be given, declared once: its flag (if it has one), environment
// variable, default, what it means, whether the app's Settings dialog shows it, how its text is
// read into NodeConfig, and how --check-config shows it. Parsing (loadNodeConfig), --help, the
// environment names, the start-up description, the Settings dialog and README's table all come
// from nodeSettings().
struct Setting {
    enum class Kind {
        Text,    // free text, checked by read
        Integer, // a whole number in [min, max]
        Choice,  // one of `choices`
        Flag,    // true or false
    };
    QString env;         // NODE_PORT
    QString flag;        // "port" (--port); empty: environment only
    QString valueName;   // --help's <port>
    QString defaultText; // as README and --help say it
    QString help;        // what it means, one line
    Kind kind = Kind::Text;
    qint64 min = 0, max = 0; // Integer
    QStringList choices;     // Choice
    // Shown in the app's Settings dialog, kept under "node/<settingsKey>" in its settings file.
    QString settingsKey; // empty: not in the dialog
    // Reads `value` into the config; on failure, what was wrong, e.g. "'abc' is not a port
    // number (1-65535)" (the caller names where the value came from).
    std::function<std::optional<QString>(NodeConfig&, const QString& value)> read;
    // What a .env in the working directory may set: it may have come with a directory someone
    // else prepared. Most settings are taken. Those that decide who can reach or drive the node,
    // or where its wallet is, are not, except MiniBitcoinPy's (NODE_HOST, DATABASE_URL,
    // BOOTSTRAP_PEERS), which are logged as a warning at start, as are those that decide which
    // chain it follows (NETWORK, DEFAULT_TARGET, BLOCK_REWARD).
    enum class FromDotEnv { Taken, TakenWithWarning, Refused };
    FromDotEnv fromDotEnv = FromDotEnv::Taken;
    // For --check-config: a label, and the value as the config holds it.
    QString label;
    std::function<QString(const NodeConfig&)> show;
};

// In the order they are read (NETWORK first: other defaults depend on it).
const std::vector<Setting>& nodeSettings();
const Setting* findSetting(const QString& env);

// `--check-config`'s lines: "  port            8000".
QString describeNodeConfig(const NodeConfig& config);
// README's table rows: "| `--port` | `NODE_PORT` | `8000` | REST server port |".
QString settingsMarkdownRows();

} // namespace mbc::node
