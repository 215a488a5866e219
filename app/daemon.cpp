#include "daemon.h"
#include "node/data_dir.h"

#include "node/logging.h"
#include "node/node_services.h"
#include "node/printable_text.h"
#include "shutdown_signals.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace mbc::app {

int runDaemon(const node::NodeConfig& config) {
    // The log lives in the data directory: on a first run it is made first (NodeServices
    // says so if it cannot be).
    node::makeDataDir(config.dataDir);
    if (!node::installLogging(config.logLevel, node::logFileIn(config)))
        qCWarning(lcNode).noquote()
            << "cannot write the log file" << config.logFilePath() << "- logging to stderr only";
    auto started = node::NodeServices::start(config);
    if (const auto* failure = std::get_if<node::StartFailure>(&started)) {
        // (It may quote DATABASE_URL, or the database server's words.)
        std::fprintf(stderr, "minibitcoin: %s\n",
                     qPrintable(node::printableText(failure->message)));
        return 1;
    }
    auto services = std::move(std::get<std::unique_ptr<node::NodeServices>>(started));

    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::received, qApp, [](int number) {
        qCInfo(lcNode) << "signal" << number << "received; shutting down";
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    services.reset();
    qCInfo(lcNode) << "stopped cleanly";
    node::closeLogFile();
    return code;
}

} // namespace mbc::app
