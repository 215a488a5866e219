#pragma once

#include <QString>
#include <QStringList>

#include <variant>

namespace mbc::app {

// What `minibitcoin` was asked to do, after its command line has been checked.
struct AppOptions {
    bool daemon = false;
    QString network = QStringLiteral("main");
    QString dataDir; // empty: the platform's app-data location
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8000;
    QString databaseUrl;   // empty: SQLite in the data dir
    int miningThreads = 1; // parseAppOptions sets one per core unless --mining-threads
    bool showHelp = false;
    bool showVersion = false;
};

struct OptionsError {
    QString message; // names the flag and what was wrong with it
};

// Parses `arguments` (argv, program name first). Every bad value is an error naming its flag.
std::variant<AppOptions, OptionsError> parseAppOptions(const QStringList& arguments);

QString appHelpText();

} // namespace mbc::app
