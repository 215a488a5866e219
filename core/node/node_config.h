#pragma once

#include "chain/chain_limits.h"
#include "consensus/crypto/header_hash_kernels.h"
#include "consensus/pow/network_params.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace mbc::node {

// Everything a node can be told, after checking. Each setting comes from, in order of
// precedence: a command-line flag, the environment, a .env file, the default.
struct NodeConfig {
    QString network = QStringLiteral("main");         // --network, NETWORK
    QString dataDir;                                  // --datadir, DATA_DIR
    QString host = QStringLiteral("127.0.0.1");       // --host, NODE_HOST
    quint16 port = 8000;                              // --port, NODE_PORT
    QString databaseUrl;                              // --database-url, DATABASE_URL
    QString nodeName = QStringLiteral("minibitcoin"); // --node-name, NODE_NAME
    QString logLevel = QStringLiteral("info");        // --log-level, LOG_LEVEL
    std::optional<UInt256> genesisTarget;             // DEFAULT_TARGET (overrides the network's)
    std::optional<Amount> blockReward;                // BLOCK_REWARD
    int maxBlockTxs = 100;                            // MAX_BLOCK_TXS
    QStringList bootstrapPeers;                       // BOOTSTRAP_PEERS (comma-separated)
    QString publicUrl;     // --public-url, PUBLIC_URL; default http://host:port
    int maxPeers = 50;     // MAX_PEERS
    int syncInterval = 30; // SYNC_INTERVAL, seconds
    int banTime = 3600;    // BAN_TIME: seconds a misbehaving peer is shunned
    int miningThreads = 1; // --mining-threads, MINING_THREADS
    std::optional<HeaderHashKernel> miningKernel; // --mining-kernel, MINING_KERNEL; none: auto
    QString apiToken;                             // API_TOKEN (else created in the data dir)
    int rateLimit = 200;                          // RATE_LIMIT, requests/s per client; 0: none
    bool trustLoopback = true;                    // TRUST_LOOPBACK: admin without token locally
    int maxPeerCandidates = 200;        // MAX_PEER_CANDIDATES: named URLs awaiting a check
    bool allowPrivatePeers = false;     // ALLOW_PRIVATE_PEERS: take others' private URLs
    QStringList allowedOrigins;         // ALLOWED_ORIGINS: web pages that may call the API
    qint64 maxRequestBytes = 8'000'000; // MAX_REQUEST_BYTES
    ChainLimits chainLimits; // SIDE_BRANCH_MARGIN, ORPHAN_BLOCKS, ORPHAN_BYTES, REORG_TX_BYTES
    // The settings a .env file gave (their variables), and the file: the node says so at start.
    QStringList fromDotEnv;
    QString dotEnvPath;

    // The consensus parameters: the network's, with DEFAULT_TARGET and BLOCK_REWARD applied.
    NetworkParams params() const;
    // postgresql://... as given, or empty for SQLite at sqlitePath().
    QString sqlitePath() const;
    QString logFilePath() const;
};

// Where settings come from (so tests can supply each source).
struct ConfigSources {
    QMap<QString, QString> flags;       // long flag name without dashes -> value
    QMap<QString, QString> environment; // variable -> value
    QMap<QString, QString> appSettings; // variable -> value (the desktop app's Settings dialog)
    QMap<QString, QString> dotEnv;      // variable -> value (from a .env file)
    QString dotEnvPath;                 // that file, absolute
};

struct ConfigError {
    QString message; // names the setting, where it came from, and what was wrong
};

std::variant<NodeConfig, ConfigError> loadNodeConfig(const ConfigSources& sources);

// KEY=VALUE lines; # comments and blank lines ignored; optional quotes and `export `.
// Unreadable lines are reported with their line number.
std::variant<QMap<QString, QString>, ConfigError> parseDotEnv(const QString& text,
                                                              const QString& fileName);

// http(s)://host[:port] with no path, query or credentials, as peers are named; nullopt if
// `text` is not such a URL, or is longer than kMaxPeerUrlLength (a host name has 253 characters
// at most: a longer text costs parsing and is no peer).
inline constexpr qsizetype kMaxPeerUrlLength = 2048;
std::optional<QString> normalizePeerUrl(const QString& text);
// MAX_PEERS's ceiling.
inline constexpr int kMaxPeersCeiling = 1000;

// The environment variables loadNodeConfig reads.
QStringList configEnvironmentNames();

// The platform's data directory for the given network ("main" keeps the base directory).
QString defaultDataDir(const QString& network);

// A mining kernel's name ("sha-ni", ...) for logs and settings.
inline QString kernelLabel(HeaderHashKernel kernel) {
    const std::string_view name = kernelName(kernel);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

} // namespace mbc::node
