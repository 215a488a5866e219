#include "app_options.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QThread>

namespace mbc::app {
namespace {

struct Flags {
    QCommandLineOption daemon{"daemon", "Run headless as a REST node (no window)."};
    QCommandLineOption network{"network", "Network to join: main or regtest (default main).",
                               "name"};
    QCommandLineOption dataDir{"datadir", "Directory for the database, keys and logs.", "dir"};
    QCommandLineOption host{"host", "Address the REST server binds to (default 127.0.0.1).",
                            "address"};
    QCommandLineOption port{"port", "REST server port (default 8000).", "port"};
    QCommandLineOption databaseUrl{
        "database-url", "postgresql://user:pass@host:port/db (default: SQLite in the data dir).",
        "url"};
    QCommandLineOption miningThreads{"mining-threads",
                                     "Threads for mining (default: one per core).", "n"};
    QCommandLineOption help{QStringList{"h", "help"}, "Show this help and exit."};
    QCommandLineOption version{QStringList{"v", "version"}, "Show the version and exit."};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions(
            {daemon, network, dataDir, host, port, databaseUrl, miningThreads, help, version});
    }
};

QCommandLineParser& configuredParser(const Flags& flags, QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "MiniBitcoin: a wallet and full node of a small proof-of-work blockchain.");
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    flags.addTo(parser);
    return parser;
}

} // namespace

std::variant<AppOptions, OptionsError> parseAppOptions(const QStringList& arguments) {
    Flags flags;
    QCommandLineParser parser;
    configuredParser(flags, parser);
    if (!parser.parse(arguments))
        return OptionsError{parser.errorText()};
    if (!parser.positionalArguments().isEmpty())
        return OptionsError{
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first())};

    AppOptions o;
    o.daemon = parser.isSet(flags.daemon);
    o.showHelp = parser.isSet(flags.help);
    o.showVersion = parser.isSet(flags.version);

    if (parser.isSet(flags.network)) {
        o.network = parser.value(flags.network);
        if (o.network != "main" && o.network != "regtest")
            return OptionsError{QStringLiteral("--network: unknown network '%1' (expected main "
                                               "or regtest)")
                                    .arg(o.network)};
    }
    if (parser.isSet(flags.dataDir)) {
        o.dataDir = parser.value(flags.dataDir);
        if (o.dataDir.trimmed().isEmpty())
            return OptionsError{QStringLiteral("--datadir: the directory name is empty")};
    }
    if (parser.isSet(flags.host)) {
        o.host = parser.value(flags.host);
        if (o.host != "localhost" && QHostAddress(o.host).isNull())
            return OptionsError{
                QStringLiteral("--host: '%1' is not an IP address (try 127.0.0.1 or 0.0.0.0)")
                    .arg(o.host)};
    }
    if (parser.isSet(flags.port)) {
        bool ok = false;
        const uint port = parser.value(flags.port).toUInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return OptionsError{QStringLiteral("--port: '%1' is not a port number (1-65535)")
                                    .arg(parser.value(flags.port))};
        o.port = static_cast<quint16>(port);
    }
    if (parser.isSet(flags.databaseUrl)) {
        o.databaseUrl = parser.value(flags.databaseUrl);
        if (!o.databaseUrl.startsWith("postgresql://") && !o.databaseUrl.startsWith("postgres://"))
            return OptionsError{QStringLiteral("--database-url: '%1' is not a PostgreSQL URL "
                                               "(postgresql://user:pass@host:port/db)")
                                    .arg(o.databaseUrl)};
    }
    if (parser.isSet(flags.miningThreads)) {
        bool ok = false;
        o.miningThreads = parser.value(flags.miningThreads).toInt(&ok);
        if (!ok || o.miningThreads < 1 || o.miningThreads > 1024)
            return OptionsError{QStringLiteral("--mining-threads: '%1' is not a thread count "
                                               "(1-1024)")
                                    .arg(parser.value(flags.miningThreads))};
    } else {
        o.miningThreads = QThread::idealThreadCount();
    }
    return o;
}

QString appHelpText() {
    Flags flags;
    QCommandLineParser parser;
    return configuredParser(flags, parser).helpText();
}

} // namespace mbc::app
