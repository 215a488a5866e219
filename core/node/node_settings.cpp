#include "node/node_settings.h"

#include "store/database_location.h"

#include <QDir>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <type_traits>
#include <variant>

namespace mbc::node {
namespace {

QString notA(const QString& value, const QString& what) {
    return QStringLiteral("'%1' is not %2").arg(value, what);
}

std::variant<qint64, QString> parseInteger(const QString& value, qint64 min, qint64 max,
                                           const char* what) {
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return notA(value, QStringLiteral("%1 (%2-%3)").arg(what).arg(min).arg(max));
    return n;
}

Setting setting(const char* env, const char* flag, const char* valueName, const char* defaultText,
                const char* label, const char* help) {
    Setting s;
    s.env = QString::fromLatin1(env);
    s.flag = QString::fromLatin1(flag);
    s.valueName = QString::fromLatin1(valueName);
    s.defaultText = QString::fromLatin1(defaultText);
    s.label = QString::fromLatin1(label);
    s.help = QString::fromUtf8(help);
    return s;
}

// A whole number in [min, max] kept in the field `field(config)` names; shown with `unit`.
template <typename Field>
Setting integer(Setting s, qint64 min, qint64 max, const char* what, Field field,
                const char* unit = "") {
    s.kind = Setting::Kind::Integer;
    s.min = min;
    s.max = max;
    s.read = [min, max, what, field](NodeConfig& c,
                                     const QString& value) -> std::optional<QString> {
        const auto n = parseInteger(value, min, max, what);
        if (const auto* why = std::get_if<QString>(&n))
            return *why;
        auto& target = field(c);
        target = static_cast<std::remove_reference_t<decltype(target)>>(std::get<qint64>(n));
        return std::nullopt;
    };
    s.show = [field, unit](const NodeConfig& c) {
        return QString::number(qint64(field(c))) + QString::fromLatin1(unit);
    };
    return s;
}

template <typename Field>
Setting flag(Setting s, Field field, const char* whenTrue, const char* whenFalse) {
    s.kind = Setting::Kind::Flag;
    s.choices = {"true", "false"};
    s.read = [field](NodeConfig& c, const QString& value) -> std::optional<QString> {
        const QString v = value.trimmed().toLower();
        if (v != "true" && v != "false" && v != "1" && v != "0")
            return notA(value, "true or false");
        field(c) = v == "true" || v == "1";
        return std::nullopt;
    };
    s.show = [field, whenTrue, whenFalse](const NodeConfig& c) {
        return QString::fromLatin1(field(c) ? whenTrue : whenFalse);
    };
    return s;
}

Setting text(Setting s, std::function<std::optional<QString>(NodeConfig&, const QString&)> read,
             std::function<QString(const NodeConfig&)> show) {
    s.read = std::move(read);
    s.show = std::move(show);
    return s;
}

// Comma-separated peer URLs, normalized.
std::optional<QString> readPeerList(QStringList& out, const QString& value) {
    out.clear();
    for (const QString& part : value.split(',', Qt::SkipEmptyParts)) {
        const auto url = normalizePeerUrl(part);
        if (!url)
            return QStringLiteral("'%1' is not a peer URL (http://host:port)").arg(part.trimmed());
        out << *url;
    }
    return std::nullopt;
}

// Where the node lives and how it is reached.
void addNodeSettings(std::vector<Setting>& t) {
    using Kind = Setting::Kind;

    Setting network = text(
        setting("NETWORK", "network", "name", "`main`", "network", "`main` or `regtest`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.network = v.trimmed();
            if (!paramsForNetwork(c.network.toStdString()))
                return QStringLiteral("unknown network '%1' (expected main or regtest)").arg(v);
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.network; });
    network.kind = Kind::Choice;
    network.choices = {"main", "regtest"};
    network.settingsKey = "network";
    t.push_back(network);

    Setting dataDir = text(
        setting("DATA_DIR", "datadir", "dir",
                "`~/.local/share/MiniBitcoin` (`.../regtest` for regtest)", "datadir",
                "database, admin token, log"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            if (v.trimmed().isEmpty())
                return QStringLiteral("the directory name is empty");
            c.dataDir = QDir(v).absolutePath();
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.dataDir; });
    dataDir.settingsKey = "dataDir";
    t.push_back(dataDir);

    Setting host = text(
        setting("NODE_HOST", "host", "address", "`127.0.0.1`", "host",
                "address the REST server binds to (`0.0.0.0`: all)"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.host = v.trimmed();
            if (c.host != "localhost" && QHostAddress(c.host).isNull())
                return notA(v, "an IP address (try 127.0.0.1, or 0.0.0.0 for every interface)");
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.host; });
    host.settingsKey = "host";
    t.push_back(host);

    Setting port = integer(
        setting("NODE_PORT", "port", "port", "`8000`", "port", "REST server port"), 1, 65535,
        "a port number", [](auto& c) -> auto& { return c.port; });
    port.settingsKey = "port";
    t.push_back(port);

    Setting database = text(
        setting("DATABASE_URL", "database-url", "url", "SQLite `chain.sqlite` in the data dir",
                "database", "`postgresql://user:pass@host:port/db`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.databaseUrl = v.trimmed();
            if (c.databaseUrl.isEmpty())
                return std::nullopt;
            const auto location = store::DatabaseLocation::fromUrl(c.databaseUrl);
            if (const auto* why = std::get_if<QString>(&location))
                return *why;
            return std::nullopt;
        },
        [](const NodeConfig& c) {
            return c.databaseUrl.isEmpty() ? "SQLite " + c.sqlitePath()
                                           : QStringLiteral("PostgreSQL (from the database URL)");
        });
    database.settingsKey = "databaseUrl";
    t.push_back(database);

    Setting threads = integer(
        setting("MINING_THREADS", "mining-threads", "n", "one per core", "mining threads",
                "threads searching nonces"),
        1, 1024, "a thread count", [](auto& c) -> auto& { return c.miningThreads; });
    threads.settingsKey = "miningThreads";
    t.push_back(threads);

    Setting kernel = text(
        setting("MINING_KERNEL", "mining-kernel", "name", "`auto`: the fastest this CPU runs",
                "mining kernel", "`auto`, `sha-ni`, `openssl` or `portable`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            const QString name = v.trimmed().toLower();
            if (name == "auto") {
                c.miningKernel.reset();
                return std::nullopt;
            }
            const auto k = kernelFromName(name.toStdString());
            if (!k)
                return notA(v, "a mining kernel (auto, sha-ni, openssl or portable)");
            if (!kernelSupported(*k))
                return QStringLiteral("mining kernel '%1' needs the CPU's SHA extensions, which "
                                      "this CPU lacks (use auto)")
                    .arg(v.trimmed());
            c.miningKernel = *k;
            return std::nullopt;
        },
        [](const NodeConfig& c) {
            return c.miningKernel
                       ? kernelLabel(*c.miningKernel)
                       : "auto (" + kernelLabel(fastestSupportedKernel()) + " on this CPU)";
        });
    kernel.kind = Kind::Choice;
    kernel.choices = {"auto", "portable", "openssl", "sha-ni"};
    t.push_back(kernel);

    t.push_back(text(
        setting("NODE_NAME", "node-name", "name", "`minibitcoin`", "node name",
                "name shown by `/health`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.nodeName = v.trimmed();
            if (c.nodeName.isEmpty() || c.nodeName.size() > 64 ||
                !QRegularExpression("^[\\w.@:-]+$").match(c.nodeName).hasMatch())
                return notA(v, "a node name (1-64 letters, digits, '.', '-', '_', '@' or ':')");
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.nodeName; }));

    Setting logLevel = text(
        setting("LOG_LEVEL", "log-level", "level", "`info`", "log level",
                "`debug`, `info`, `warning`, `error`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.logLevel = v.trimmed().toLower();
            if (c.logLevel == "critical") // MiniBitcoinPy's name for it
                c.logLevel = "error";
            if (!QStringList{"debug", "info", "warning", "error"}.contains(c.logLevel))
                return notA(v, "a log level (debug, info, warning or error)");
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.logLevel; });
    logLevel.kind = Kind::Choice;
    logLevel.choices = {"debug", "info", "warning", "error"};
    t.push_back(logLevel);
}

// What blocks must be: nodes that differ in these cannot share a chain.
void addConsensusSettings(std::vector<Setting>& t) {
    t.push_back(text(
        setting("DEFAULT_TARGET", "", "", "the network's", "target",
                "genesis target, e.g. `0x00000fff...`"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            const auto target = UInt256::fromHexQuantity(v.trimmed().toStdString());
            if (!target || target->isZero())
                return notA(v, "a target (0x followed by up to 64 hex digits, not zero)");
            c.genesisTarget = *target;
            return std::nullopt;
        },
        [](const NodeConfig& c) {
            return QString::fromStdString(c.params().genesisTarget.toHexQuantity());
        }));
    // An integer, but optional in the config: unset means the network's.
    Setting reward = text(
        setting("BLOCK_REWARD", "", "", "`5000000000`", "block reward",
                "coinbase reward in base units"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            const auto n = parseInteger(v, 0, MAX_MONEY, "an amount in base units");
            if (const auto* why = std::get_if<QString>(&n))
                return *why;
            c.blockReward = std::get<qint64>(n);
            return std::nullopt;
        },
        [](const NodeConfig& c) { return QString::number(c.params().blockReward); });
    reward.kind = Setting::Kind::Integer;
    reward.min = 0;
    reward.max = MAX_MONEY;
    t.push_back(reward);
    t.push_back(integer(
        setting("MAX_BLOCK_TXS", "", "", "`100`", "max block txs", "mempool txs per mined block"),
        0, 100'000, "a transaction count", [](auto& c) -> auto& { return c.maxBlockTxs; }));
}

// Who the node talks to, and how it treats them.
void addPeerSettings(std::vector<Setting>& t) {
    t.push_back(text(
        setting("PUBLIC_URL", "public-url", "url",
                "`http://HOST:PORT` (`0.0.0.0` becomes `127.0.0.1`)", "public url",
                "the URL other nodes reach this one at"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            const auto url = normalizePeerUrl(v);
            if (!url)
                return notA(v, "the URL peers reach this node at (http://host:port)");
            c.publicUrl = *url;
            return std::nullopt;
        },
        [](const NodeConfig& c) { return c.publicUrl; }));
    Setting peers = text(
        setting("BOOTSTRAP_PEERS", "", "", "none", "bootstrap",
                "comma-separated peer URLs, added (and told our `PUBLIC_URL`) at start"),
        [](NodeConfig& c, const QString& v) { return readPeerList(c.bootstrapPeers, v); },
        [](const NodeConfig& c) {
            return c.bootstrapPeers.isEmpty() ? QStringLiteral("(none)")
                                              : c.bootstrapPeers.join(',');
        });
    peers.settingsKey = "bootstrapPeers";
    t.push_back(peers);
    t.push_back(integer(
        setting("MAX_PEERS", "", "", "`50`", "max peers", "peers kept"), 0, kMaxPeersCeiling,
        "a peer count", [](auto& c) -> auto& { return c.maxPeers; }));
    t.push_back(integer(
        setting("MAX_PEER_CANDIDATES", "", "", "`200`", "peer candidates",
                "announced or learned URLs waiting to be checked"),
        0, 10'000, "a count of URLs", [](auto& c) -> auto& { return c.maxPeerCandidates; }));
    t.push_back(flag(
        setting("ALLOW_PRIVATE_PEERS", "", "", "`false`", "private peers",
                "`true`: take URLs on loopback or private networks from others even "
                "if `PUBLIC_URL` is not in that scope"),
        [](auto& c) -> auto& { return c.allowPrivatePeers; }, "taken from others",
        "only in PUBLIC_URL's scope"));
    t.push_back(integer(
        setting("SYNC_INTERVAL", "", "", "`30`", "sync interval",
                "seconds between syncs with every peer (`0`: only on demand)"),
        0, 86'400, "a number of seconds", [](auto& c) -> auto& { return c.syncInterval; }, " s"));
    t.push_back(integer(
        setting("BAN_TIME", "", "", "`3600`", "ban time",
                "seconds a sender (address, or verified peer) is shunned after 3 "
                "offences (invalid or undecodable blocks or txs, garbage pages)"),
        0, 30 * 86'400, "a number of seconds", [](auto& c) -> auto& { return c.banTime; }, " s"));
}

// Who may use the REST API, and how much.
void addApiSettings(std::vector<Setting>& t) {
    t.push_back(text(
        setting("API_TOKEN", "", "", "created in the data dir", "api token",
                "admin token (16+ characters)"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.apiToken = v.trimmed();
            if (c.apiToken.size() < 16 || c.apiToken.contains(QRegularExpression("\\s")))
                return notA(v, "an API token (16 or more characters, no spaces)");
            return std::nullopt;
        },
        [](const NodeConfig& c) {
            return QString::fromLatin1(c.apiToken.isEmpty() ? "from the data dir"
                                                            : "from API_TOKEN");
        }));
    t.push_back(flag(
        setting("TRUST_LOOPBACK", "", "", "`true`", "loopback",
                "`false`: admin routes need the token even from this machine "
                "(behind a local proxy)"),
        [](auto& c) -> auto& { return c.trustLoopback; }, "admin without token", "token required"));
    t.push_back(text(
        setting("ALLOWED_ORIGINS", "", "", "none", "allowed origins",
                "comma-separated web origins (`http://host:port`) whose pages may call the API; "
                "requests from any other page (an `Origin` header) get 403"),
        [](NodeConfig& c, const QString& v) -> std::optional<QString> {
            c.allowedOrigins.clear();
            for (const QString& part : v.split(',', Qt::SkipEmptyParts)) {
                const QUrl origin(part.trimmed(), QUrl::StrictMode);
                if (!origin.isValid() ||
                    (origin.scheme() != "http" && origin.scheme() != "https") ||
                    origin.host().isEmpty() || !origin.path().isEmpty())
                    return notA(v, "comma-separated web origins (scheme://host[:port])");
                c.allowedOrigins << part.trimmed();
            }
            return std::nullopt;
        },
        [](const NodeConfig& c) {
            return c.allowedOrigins.isEmpty() ? QStringLiteral("(none)")
                                              : c.allowedOrigins.join(',');
        }));
    Setting rate = integer(
        setting("RATE_LIMIT", "", "", "`200`", "rate limit",
                "requests per second per client (`0`: none)"),
        0, 1'000'000, "requests per second", [](auto& c) -> auto& { return c.rateLimit; });
    rate.show = [](const NodeConfig& c) {
        return c.rateLimit ? QString::number(c.rateLimit) + "/s per client"
                           : QStringLiteral("none");
    };
    t.push_back(rate);
    t.push_back(integer(
        setting("MAX_REQUEST_BYTES", "", "", "`8000000`", "max request", "larger requests get 413"),
        4096, 1'000'000'000, "a size in bytes", [](auto& c) -> auto& { return c.maxRequestBytes; },
        " bytes"));
}

// What anyone can make the chain hold (THREATS.md budgets).
void addChainLimits(std::vector<Setting>& t) {
    Setting margin = integer(
        setting("SIDE_BRANCH_MARGIN", "", "", "`6`", "side branches",
                "blocks of work a side branch may trail the tip by and still be stored"),
        0, 10'000, "a number of blocks",
        [](auto& c) -> auto& { return c.chainLimits.sideBranchMarginBlocks; });
    margin.show = [](const NodeConfig& c) {
        return QStringLiteral("within %1 blocks of work of the tip")
            .arg(c.chainLimits.sideBranchMarginBlocks);
    };
    t.push_back(margin);
    t.push_back(integer(
        setting("ORPHAN_BLOCKS", "", "", "`100`", "orphan blocks",
                "blocks with an unknown parent held until it arrives, oldest "
                "evicted"),
        0, 100'000, "a number of blocks",
        [](auto& c) -> auto& { return c.chainLimits.maxOrphans; }));
    t.push_back(integer(
        setting("ORPHAN_BYTES", "", "", "`32000000`", "orphan bytes", "bytes of such blocks held"),
        0, 4'000'000'000, "a number of bytes",
        [](auto& c) -> auto& { return c.chainLimits.maxOrphanBytes; }, " bytes"));
    t.push_back(integer(
        setting("REORG_TX_BYTES", "", "", "`100000000`", "reorg txs",
                "bytes of disconnected blocks' transactions a reorg holds for the "
                "mempool"),
        0, 4'000'000'000, "a number of bytes",
        [](auto& c) -> auto& { return c.chainLimits.maxDisconnectedTxBytes; }, " bytes"));
}

std::vector<Setting> makeSettings() {
    std::vector<Setting> t;
    addNodeSettings(t);
    addConsensusSettings(t);
    addPeerSettings(t);
    addApiSettings(t);
    addChainLimits(t);
    const QStringList warned{"NETWORK",        "NODE_HOST",    "DATABASE_URL",
                             "DEFAULT_TARGET", "BLOCK_REWARD", "BOOTSTRAP_PEERS"};
    const QStringList refused{"DATA_DIR",   "PUBLIC_URL",       "ALLOW_PRIVATE_PEERS",
                              "API_TOKEN",  "TRUST_LOOPBACK",   "ALLOWED_ORIGINS",
                              "RATE_LIMIT", "MAX_REQUEST_BYTES"};
    for (Setting& s : t)
        s.fromDotEnv = warned.contains(s.env)    ? Setting::FromDotEnv::TakenWithWarning
                       : refused.contains(s.env) ? Setting::FromDotEnv::Refused
                                                 : Setting::FromDotEnv::Taken;
    return t;
}

} // namespace

const std::vector<Setting>& nodeSettings() {
    static const std::vector<Setting> table = makeSettings();
    return table;
}

const Setting* findSetting(const QString& env) {
    for (const Setting& s : nodeSettings())
        if (s.env == env)
            return &s;
    return nullptr;
}

QString describeNodeConfig(const NodeConfig& c) {
    QString out;
    for (const Setting& s : nodeSettings())
        out += QStringLiteral("  %1 %2\n").arg(s.label.leftJustified(15), s.show(c));
    if (!c.fromDotEnv.isEmpty())
        out += QStringLiteral("  %1 %2: %3\n")
                   .arg(QStringLiteral(".env").leftJustified(15), c.dotEnvPath,
                        c.fromDotEnv.join(", "));
    return out;
}

QString settingsMarkdownRows() {
    QString out;
    for (const Setting& s : nodeSettings())
        out += QStringLiteral("|%1| `%2` | %3 | %4 |\n")
                   .arg(s.flag.isEmpty() ? QStringLiteral(" ") : " `--" + s.flag + "` ", s.env,
                        s.defaultText, s.help);
    return out;
}

} // namespace mbc::node
