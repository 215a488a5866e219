#pragma once

#include "node/node_config.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <variant>

namespace mbc::app {

// What `minibitcoin` was asked to do, after its command line has been read. The node's
// settings are only collected here; node::loadNodeConfig checks them against the environment
// and .env (flags win).
struct AppOptions {
    bool daemon = false;
    bool checkConfig = false; // print the resolved settings and exit
    bool showHelp = false;
    bool showVersion = false;
    QMap<QString, QString> nodeFlags; // flag name without dashes -> value
    QString paymentUri; // a minibitcoin: link the app was opened with (its Send tab fills in)
};

struct OptionsError {
    QString message; // names the flag and what was wrong with it
};

// Parses `arguments` (argv, program name first).
std::variant<AppOptions, OptionsError> parseAppOptions(const QStringList& arguments);

// Flags, then the process environment, then the desktop app's saved settings (environment
// names -> values; none for the daemon), then `.env` in the working directory.
std::variant<node::NodeConfig, OptionsError>
resolveNodeConfig(const AppOptions& options, const QMap<QString, QString>& appSettings = {});

QString appHelpText();

} // namespace mbc::app
