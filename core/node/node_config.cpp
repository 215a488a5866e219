#include "node/node_config.h"

#include "node/node_settings.h"
#include "node/private_paths.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace mbc::node {
namespace {

// A value with a description of where it came from, for error messages.
struct Found {
    QString value;
    QString origin;
    bool fromDotEnv = false;
};

class Reader {
public:
    explicit Reader(const ConfigSources& s)
        : s_(s) {}

    std::optional<Found> find(const Setting& s) const {
        if (!s.flag.isEmpty() && s_.flags.contains(s.flag))
            return Found{s_.flags.value(s.flag), QStringLiteral("--%1").arg(s.flag)};
        if (s_.environment.contains(s.env))
            return Found{s_.environment.value(s.env),
                         QStringLiteral("%1 (environment)").arg(s.env)};
        if (s_.appSettings.contains(s.env))
            return Found{s_.appSettings.value(s.env),
                         QStringLiteral("%1 (the app's settings)").arg(s.env)};
        if (s_.dotEnv.contains(s.env))
            return Found{s_.dotEnv.value(s.env), QStringLiteral("%1 (.env)").arg(s.env), true};
        return std::nullopt;
    }

private:
    const ConfigSources& s_;
};

} // namespace

std::optional<QString> normalizePeerUrl(const QString& text) {
    if (text.size() > kMaxPeerUrlLength)
        return std::nullopt;
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
        url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (!url.path().isEmpty() && url.path() != "/"))
        return std::nullopt;
    return url.adjusted(QUrl::StripTrailingSlash | QUrl::RemovePath).toString();
}

QStringList configEnvironmentNames() {
    QStringList names;
    for (const Setting& s : nodeSettings())
        names << s.env;
    return names;
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
    c.miningThreads = QThread::idealThreadCount();
    for (const Setting& s : nodeSettings())
        if (const auto f = r.find(s)) {
            if (f->fromDotEnv && s.fromDotEnv == Setting::FromDotEnv::Refused)
                return ConfigError{
                    QStringLiteral("%1: not taken from a .env file, which may have come with a "
                                   "directory someone else prepared (it decides who can reach "
                                   "or drive the node, or where its wallet is); set it in the "
                                   "environment%2 instead")
                        .arg(f->origin, s.flag.isEmpty() ? QString() : " or with --" + s.flag)};
            if (const auto why = s.read(c, f->value))
                return ConfigError{QStringLiteral("%1: %2").arg(f->origin, *why)};
            if (f->fromDotEnv)
                c.fromDotEnv << s.env;
        }
    c.dotEnvPath = c.fromDotEnv.isEmpty() ? QString() : sources.dotEnvPath;
    // Defaults that follow from other settings.
    if (c.dataDir.isEmpty())
        c.dataDir = defaultDataDir(c.network);
    // Kept without links: one someone else owns could point elsewhere after the checks.
    c.dataDir = resolvedDirectory(c.dataDir);
    if (c.publicUrl.isEmpty()) { // this node's own address (0.0.0.0 means this machine)
        const QString reachableHost =
            c.host == "0.0.0.0" || c.host == "::" ? QStringLiteral("127.0.0.1") : c.host;
        c.publicUrl = QStringLiteral("http://%1:%2")
                          .arg(c.host.contains(':') ? "[" + reachableHost + "]" : reachableHost)
                          .arg(c.port);
    }
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
