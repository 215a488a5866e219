#include "app_options.h"

#include <QCommandLineParser>
#include <QFile>
#include <QProcessEnvironment>

namespace mbc::app {
namespace {

struct Flags {
    QCommandLineOption daemon{"daemon", "Run headless as a REST node (no window)."};
    QCommandLineOption checkConfig{"check-config",
                                   "Print the settings the node would use, and exit."};
    // Node settings: each also has an environment name (see README), which a flag overrides.
    QList<QCommandLineOption> node{
        {"network", "Network to join: main or regtest (NETWORK; default main).", "name"},
        {"datadir", "Directory for the database, token and log (DATA_DIR).", "dir"},
        {"host", "Address the REST server binds to (NODE_HOST; default 127.0.0.1).", "address"},
        {"port", "REST server port (NODE_PORT; default 8000).", "port"},
        {"database-url",
         "postgresql://user:pass@host:port/db (DATABASE_URL; default SQLite in the data dir).",
         "url"},
        {"mining-threads", "Threads for mining (MINING_THREADS; default one per core).", "n"},
        {"node-name", "Name reported by /health (NODE_NAME).", "name"},
        {"public-url", "URL other nodes reach this one at (PUBLIC_URL; default http://host:port).",
         "url"},
        {"log-level", "debug, info, warning or error (LOG_LEVEL; default info).", "level"},
    };
    QCommandLineOption help{QStringList{"h", "help"}, "Show this help and exit."};
    QCommandLineOption version{QStringList{"v", "version"}, "Show the version and exit."};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({daemon, checkConfig});
        parser.addOptions(node);
        parser.addOptions({help, version});
    }
};

QCommandLineParser& configuredParser(const Flags& flags, QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "MiniBitcoin: a wallet and full node of a small proof-of-work blockchain.\n"
        "Settings come from flags, then the environment, then a .env file in the working "
        "directory.");
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
    o.checkConfig = parser.isSet(flags.checkConfig);
    o.showHelp = parser.isSet(flags.help);
    o.showVersion = parser.isSet(flags.version);
    for (const QCommandLineOption& option : flags.node)
        if (parser.isSet(option))
            o.nodeFlags.insert(option.names().first(), parser.value(option));
    return o;
}

std::variant<node::NodeConfig, OptionsError>
resolveNodeConfig(const AppOptions& options, const QMap<QString, QString>& appSettings) {
    node::ConfigSources sources;
    sources.flags = options.nodeFlags;
    sources.appSettings = appSettings;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : node::configEnvironmentNames())
        if (env.contains(name))
            sources.environment.insert(name, env.value(name));
    QFile dotEnv(".env");
    if (dotEnv.exists()) {
        if (!dotEnv.open(QIODevice::ReadOnly))
            return OptionsError{".env: cannot read it: " + dotEnv.errorString()};
        auto parsed = node::parseDotEnv(QString::fromUtf8(dotEnv.readAll()), ".env");
        if (const auto* e = std::get_if<node::ConfigError>(&parsed))
            return OptionsError{e->message};
        sources.dotEnv = std::get<QMap<QString, QString>>(parsed);
    }
    auto config = node::loadNodeConfig(sources);
    if (const auto* e = std::get_if<node::ConfigError>(&config))
        return OptionsError{e->message};
    return std::get<node::NodeConfig>(config);
}

QString describeNodeConfig(const node::NodeConfig& c) {
    QString out;
    auto line = [&out](const char* name, const QString& value) {
        out += QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(name).leftJustified(15), value);
    };
    line("network", c.network);
    line("node name", c.nodeName);
    line("datadir", c.dataDir);
    line("host", c.host);
    line("port", QString::number(c.port));
    line("database", c.databaseUrl.isEmpty() ? "SQLite " + c.sqlitePath()
                                             : "PostgreSQL (from the database URL)");
    line("mining threads", QString::number(c.miningThreads));
    line("log level", c.logLevel);
    const NetworkParams p = c.params();
    line("target", QString::fromStdString(p.genesisTarget.toHexQuantity()));
    line("block reward", QString::number(p.blockReward));
    line("max block txs", QString::number(c.maxBlockTxs));
    const ChainLimits& limits = c.chainLimits;
    line("side branches",
         QStringLiteral("within %1 blocks of work of the tip").arg(limits.sideBranchMarginBlocks));
    line("orphans",
         QStringLiteral("%1 blocks, %2 bytes").arg(limits.maxOrphans).arg(limits.maxOrphanBytes));
    line("reorg txs", QString::number(limits.maxDisconnectedTxBytes) + " bytes");
    line("public url", c.publicUrl);
    line("bootstrap", c.bootstrapPeers.isEmpty() ? "(none)" : c.bootstrapPeers.join(','));
    line("max peers", QString::number(c.maxPeers));
    line("sync interval", QString::number(c.syncInterval) + " s");
    line("ban time", QString::number(c.banTime) + " s");
    line("api token", c.apiToken.isEmpty() ? "from the data dir" : "from API_TOKEN");
    line("rate limit", c.rateLimit ? QString::number(c.rateLimit) + "/s per client" : "none");
    line("max request", QString::number(c.maxRequestBytes) + " bytes");
    line("loopback", c.trustLoopback ? "admin without token" : "token required");
    return out;
}

QString appHelpText() {
    Flags flags;
    QCommandLineParser parser;
    return configuredParser(flags, parser).helpText();
}

} // namespace mbc::app
