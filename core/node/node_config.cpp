#include "node/node_config.h"

#include "node/database_location.h"

#include <QDir>
#include <QHostAddress>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace mbc::node {
namespace {

// One setting's flag and environment names.
struct Names {
    const char* flag; // nullptr: no flag
    const char* env;
};

// A value with a description of where it came from, for error messages.
struct Found {
    QString value;
    QString origin;
};

class Reader {
public:
    explicit Reader(const ConfigSources& s)
        : s_(s) {}

    std::optional<Found> find(Names n) const {
        if (n.flag && s_.flags.contains(n.flag))
            return Found{s_.flags.value(n.flag), QStringLiteral("--%1").arg(n.flag)};
        if (s_.environment.contains(n.env))
            return Found{s_.environment.value(n.env),
                         QStringLiteral("%1 (environment)").arg(n.env)};
        if (s_.appSettings.contains(n.env))
            return Found{s_.appSettings.value(n.env),
                         QStringLiteral("%1 (the app's settings)").arg(n.env)};
        if (s_.dotEnv.contains(n.env))
            return Found{s_.dotEnv.value(n.env), QStringLiteral("%1 (.env)").arg(n.env)};
        return std::nullopt;
    }

private:
    const ConfigSources& s_;
};

ConfigError bad(const Found& f, const QString& expected) {
    return {QStringLiteral("%1: '%2' is not %3").arg(f.origin, f.value, expected)};
}

std::optional<ConfigError> readInt(const Reader& r, Names n, qint64 min, qint64 max,
                                   const QString& what, qint64& out) {
    const auto f = r.find(n);
    if (!f)
        return std::nullopt;
    bool ok = false;
    const qint64 v = f->value.trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max)
        return bad(*f, QStringLiteral("%1 (%2-%3)").arg(what).arg(min).arg(max));
    out = v;
    return std::nullopt;
}

} // namespace

std::optional<QString> normalizePeerUrl(const QString& text) {
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
        url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (!url.path().isEmpty() && url.path() != "/"))
        return std::nullopt;
    return url.adjusted(QUrl::StripTrailingSlash | QUrl::RemovePath).toString();
}

QStringList configEnvironmentNames() {
    return {"NETWORK",
            "DATA_DIR",
            "NODE_HOST",
            "NODE_PORT",
            "DATABASE_URL",
            "NODE_NAME",
            "LOG_LEVEL",
            "DEFAULT_TARGET",
            "BLOCK_REWARD",
            "MAX_BLOCK_TXS",
            "BOOTSTRAP_PEERS",
            "MAX_PEERS",
            "SYNC_INTERVAL",
            "MINING_THREADS",
            "API_TOKEN",
            "RATE_LIMIT",
            "MAX_REQUEST_BYTES",
            "TRUST_LOOPBACK",
            "PUBLIC_URL",
            "BAN_TIME",
            "SIDE_BRANCH_MARGIN",
            "ORPHAN_BLOCKS",
            "ORPHAN_BYTES",
            "REORG_TX_BYTES",
            "MAX_PEER_CANDIDATES",
            "ALLOW_PRIVATE_PEERS",
            "ALLOWED_ORIGINS"};
}

QString defaultDataDir(const QString& network) {
    const QString base =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/MiniBitcoin";
    return network == "main" ? base : base + "/" + network;
}

NetworkParams NodeConfig::params() const {
    NetworkParams p = *paramsForNetwork(network.toStdString());
    if (genesisTarget)
        p.genesisTarget = *genesisTarget;
    if (blockReward)
        p.blockReward = *blockReward;
    return p;
}

QString NodeConfig::sqlitePath() const {
    return QDir(dataDir).filePath("chain.sqlite");
}
QString NodeConfig::logFilePath() const {
    return QDir(dataDir).filePath("minibitcoin.log");
}

std::variant<NodeConfig, ConfigError> loadNodeConfig(const ConfigSources& sources) {
    const Reader r(sources);
    NodeConfig c;

    if (const auto f = r.find({"network", "NETWORK"})) {
        c.network = f->value.trimmed();
        if (!paramsForNetwork(c.network.toStdString()))
            return ConfigError{QStringLiteral("%1: unknown network '%2' (expected main or "
                                              "regtest)")
                                   .arg(f->origin, f->value)};
    }
    c.dataDir = defaultDataDir(c.network);
    if (const auto f = r.find({"datadir", "DATA_DIR"})) {
        if (f->value.trimmed().isEmpty())
            return ConfigError{QStringLiteral("%1: the directory name is empty").arg(f->origin)};
        c.dataDir = QDir(f->value).absolutePath();
    }
    if (const auto f = r.find({"host", "NODE_HOST"})) {
        c.host = f->value.trimmed();
        if (c.host != "localhost" && QHostAddress(c.host).isNull())
            return bad(*f, "an IP address (try 127.0.0.1, or 0.0.0.0 for every interface)");
    }
    qint64 n = c.port;
    if (auto e = readInt(r, {"port", "NODE_PORT"}, 1, 65535, "a port number", n))
        return *e;
    c.port = static_cast<quint16>(n);
    if (const auto f = r.find({"database-url", "DATABASE_URL"})) {
        c.databaseUrl = f->value.trimmed();
        if (!c.databaseUrl.isEmpty()) {
            const auto location = DatabaseLocation::fromUrl(c.databaseUrl);
            if (const auto* why = std::get_if<QString>(&location))
                return ConfigError{QStringLiteral("%1: %2").arg(f->origin, *why)};
        }
    }
    if (const auto f = r.find({"node-name", "NODE_NAME"})) {
        c.nodeName = f->value.trimmed();
        if (c.nodeName.isEmpty() || c.nodeName.size() > 64 ||
            !QRegularExpression("^[\\w.@:-]+$").match(c.nodeName).hasMatch())
            return bad(*f, "a node name (1-64 letters, digits, '.', '-', '_', '@' or ':')");
    }
    if (const auto f = r.find({"log-level", "LOG_LEVEL"})) {
        c.logLevel = f->value.trimmed().toLower();
        if (c.logLevel == "critical")
            c.logLevel = "error";
        if (!QStringList{"debug", "info", "warning", "error"}.contains(c.logLevel))
            return bad(*f, "a log level (debug, info, warning or error)");
    }
    if (const auto f = r.find({nullptr, "DEFAULT_TARGET"})) {
        const auto t = UInt256::fromHexQuantity(f->value.trimmed().toStdString());
        if (!t || t->isZero())
            return bad(*f, "a target (0x followed by up to 64 hex digits, not zero)");
        c.genesisTarget = *t;
    }
    qint64 reward = -1;
    if (auto e =
            readInt(r, {nullptr, "BLOCK_REWARD"}, 0, MAX_MONEY, "an amount in base units", reward))
        return *e;
    if (reward >= 0)
        c.blockReward = reward;
    n = c.maxBlockTxs;
    if (auto e = readInt(r, {nullptr, "MAX_BLOCK_TXS"}, 0, 100'000, "a transaction count", n))
        return *e;
    c.maxBlockTxs = static_cast<int>(n);
    ChainLimits& limits = c.chainLimits;
    n = limits.sideBranchMarginBlocks;
    if (auto e = readInt(r, {nullptr, "SIDE_BRANCH_MARGIN"}, 0, 10'000, "a number of blocks", n))
        return *e;
    limits.sideBranchMarginBlocks = static_cast<std::uint32_t>(n);
    n = qint64(limits.maxOrphans);
    if (auto e = readInt(r, {nullptr, "ORPHAN_BLOCKS"}, 0, 100'000, "a number of blocks", n))
        return *e;
    limits.maxOrphans = static_cast<std::size_t>(n);
    n = qint64(limits.maxOrphanBytes);
    if (auto e = readInt(r, {nullptr, "ORPHAN_BYTES"}, 0, 4'000'000'000, "a number of bytes", n))
        return *e;
    limits.maxOrphanBytes = static_cast<std::size_t>(n);
    n = qint64(limits.maxDisconnectedTxBytes);
    if (auto e = readInt(r, {nullptr, "REORG_TX_BYTES"}, 0, 4'000'000'000, "a number of bytes", n))
        return *e;
    limits.maxDisconnectedTxBytes = static_cast<std::size_t>(n);
    if (const auto f = r.find({nullptr, "BOOTSTRAP_PEERS"})) {
        for (const QString& part : f->value.split(',', Qt::SkipEmptyParts)) {
            const auto url = normalizePeerUrl(part);
            if (!url)
                return ConfigError{QStringLiteral("%1: '%2' is not a peer URL (http://host:port)")
                                       .arg(f->origin, part.trimmed())};
            c.bootstrapPeers << *url;
        }
    }
    // How peers reach this node; by default its own address (0.0.0.0 means this machine).
    const QString reachableHost =
        c.host == "0.0.0.0" || c.host == "::" ? QStringLiteral("127.0.0.1") : c.host;
    c.publicUrl = QStringLiteral("http://%1:%2")
                      .arg(c.host.contains(':') ? "[" + reachableHost + "]" : reachableHost)
                      .arg(c.port);
    if (const auto f = r.find({"public-url", "PUBLIC_URL"})) {
        const auto url = normalizePeerUrl(f->value);
        if (!url)
            return bad(*f, "the URL peers reach this node at (http://host:port)");
        c.publicUrl = *url;
    }
    n = c.maxPeers;
    if (auto e = readInt(r, {nullptr, "MAX_PEERS"}, 0, 1000, "a peer count", n))
        return *e;
    c.maxPeers = static_cast<int>(n);
    n = c.syncInterval;
    if (auto e = readInt(r, {nullptr, "SYNC_INTERVAL"}, 0, 86'400, "a number of seconds", n))
        return *e;
    c.syncInterval = static_cast<int>(n);
    n = c.banTime;
    if (auto e = readInt(r, {nullptr, "BAN_TIME"}, 0, 30 * 86'400, "a number of seconds", n))
        return *e;
    c.banTime = static_cast<int>(n);
    n = QThread::idealThreadCount();
    if (auto e = readInt(r, {"mining-threads", "MINING_THREADS"}, 1, 1024, "a thread count", n))
        return *e;
    c.miningThreads = static_cast<int>(n);
    if (const auto f = r.find({nullptr, "API_TOKEN"})) {
        c.apiToken = f->value.trimmed();
        if (c.apiToken.size() < 16 || c.apiToken.contains(QRegularExpression("\\s")))
            return bad(*f, "an API token (16 or more characters, no spaces)");
    }
    n = c.rateLimit;
    if (auto e = readInt(r, {nullptr, "RATE_LIMIT"}, 0, 1'000'000, "requests per second", n))
        return *e;
    c.rateLimit = static_cast<int>(n);
    n = c.maxRequestBytes;
    if (auto e =
            readInt(r, {nullptr, "MAX_REQUEST_BYTES"}, 4096, 1'000'000'000, "a size in bytes", n))
        return *e;
    c.maxRequestBytes = n;
    for (auto [name, flag] : {std::pair{"TRUST_LOOPBACK", &c.trustLoopback},
                              std::pair{"ALLOW_PRIVATE_PEERS", &c.allowPrivatePeers}})
        if (const auto f = r.find({nullptr, name})) {
            const QString v = f->value.trimmed().toLower();
            if (v != "true" && v != "false" && v != "1" && v != "0")
                return bad(*f, "true or false");
            *flag = v == "true" || v == "1";
        }
    if (const auto f = r.find({nullptr, "ALLOWED_ORIGINS"})) {
        for (const QString& part : f->value.split(',', Qt::SkipEmptyParts)) {
            const QUrl origin(part.trimmed(), QUrl::StrictMode);
            if (!origin.isValid() || (origin.scheme() != "http" && origin.scheme() != "https") ||
                origin.host().isEmpty() || !origin.path().isEmpty())
                return bad(*f, "comma-separated web origins (scheme://host[:port])");
            c.allowedOrigins << part.trimmed();
        }
    }
    n = c.maxPeerCandidates;
    if (auto e = readInt(r, {nullptr, "MAX_PEER_CANDIDATES"}, 0, 10'000, "a count of URLs", n))
        return *e;
    c.maxPeerCandidates = static_cast<int>(n);
    return c;
}

std::variant<QMap<QString, QString>, ConfigError> parseDotEnv(const QString& text,
                                                              const QString& fileName) {
    QMap<QString, QString> out;
    const QRegularExpression keyShape("^[A-Za-z_][A-Za-z0-9_]*$");
    const QStringList lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith("export "))
            line = line.mid(7).trimmed();
        const int eq = line.indexOf('=');
        const QString key = eq > 0 ? line.left(eq).trimmed() : QString();
        if (!keyShape.match(key).hasMatch())
            return ConfigError{QStringLiteral("%1 line %2: expected KEY=VALUE, got '%3'")
                                   .arg(fileName)
                                   .arg(i + 1)
                                   .arg(lines[i].trimmed())};
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
            if (value.back() != value.front())
                return ConfigError{QStringLiteral("%1 line %2: unterminated quote in the value "
                                                  "of %3")
                                       .arg(fileName)
                                       .arg(i + 1)
                                       .arg(key)};
            value = value.mid(1, value.size() - 2);
        } else if (const int hash = value.indexOf(" #"); hash >= 0) {
            value = value.left(hash).trimmed(); // KEY=value # comment
        }
        out.insert(key, value);
    }
    return out;
}

} // namespace mbc::node
