#include "daemon.h"

#include "net/node_routes.h"
#include "net/peer_network.h"
#include "node/api_token.h"
#include "node/logging.h"
#include "node/node.h"
#include "shutdown_signals.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>
#include <exception>

namespace mbc::app {
namespace {

int fail(const QString& message) {
    // One line, even when a database driver's message has several.
    std::fprintf(stderr, "minibitcoin: %s\n", qPrintable(message.simplified()));
    return 1;
}

} // namespace

int runDaemon(const node::NodeConfig& config) {
    if (!QDir().mkpath(config.dataDir))
        return fail("cannot create the data directory " + config.dataDir);
    if (!node::installLogging(config.logLevel, config.logFilePath()))
        qCWarning(lcNode).noquote()
            << "cannot write the log file" << config.logFilePath() << "- logging to stderr only";

    node::Node node(config);
    QString token = config.apiToken;
    try {
        node.open();
        if (token.isEmpty())
            token = node::loadOrCreateApiToken(config.dataDir);
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }

    net::HttpLimits limits;
    limits.maxRequestBytes = config.maxRequestBytes;
    net::RestServer server(limits, {config.rateLimit, token, config.trustLoopback});
    net::NetworkSettings networkSettings;
    networkSettings.publicUrl = config.publicUrl;
    networkSettings.bootstrapPeers = config.bootstrapPeers;
    networkSettings.maxPeers = config.maxPeers;
    networkSettings.syncIntervalSeconds = config.syncInterval;
    networkSettings.banSeconds = config.banTime;
    net::PeerNetwork network(node, networkSettings);
    net::addNodeRoutes(server, node, network);
    if (const auto why = server.listen(config.host, config.port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3 (choose another --port or "
                                   "NODE_PORT)")
                        .arg(config.host)
                        .arg(config.port)
                        .arg(why->toLower()));
    qCInfo(lcNode).noquote() << "node" << config.nodeName
                             << "serving http://" + config.host + ":" +
                                    QString::number(server.port())
                             << "- data dir" << config.dataDir;
    node.resumeBackgroundWork();
    network.start();

    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::received, qApp, [](int number) {
        qCInfo(lcNode) << "signal" << number << "received; shutting down";
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    node.mining().stop(QStringLiteral("the node is shutting down"));
    qCInfo(lcNode) << "stopped cleanly";
    node::closeLogFile();
    return code;
}

} // namespace mbc::app
