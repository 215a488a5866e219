// minibitcoin: the desktop app, or with --daemon a headless node.
#include "app_options.h"
#include "daemon.h"
#include "guarded_application.h"
#include "no_display.h"
#include "node/data_dir.h"
#include "node/local_node.h"
#include "node/logging.h"
#include "node/node_settings.h"
#include "node/printable_text.h"
#include "node/wallet_file.h"
#include "payment_link_handoff.h"
#include "ui/app_settings.h"
#include "ui/client_model.h"
#include "ui/log_model.h"
#include "ui/main_window.h"
#include "ui/node_thread.h"
#include "ui/translations.h"
#include "ui/wallet_model.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QUrl>

#include <sys/stat.h>

#include <csignal>
#include <cstdio>

namespace {

void setIdentity() {
    QCoreApplication::setOrganizationName("MiniBitcoin"); // settings: ~/.config/MiniBitcoin/
    QCoreApplication::setApplicationName("MiniBitcoin");
    QCoreApplication::setApplicationVersion(MINIBITCOIN_VERSION);
}

QStringList argumentsOf(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

// Settings come from flags, the environment, .env and the app's settings file, and messages
// quote them: printed line by line with their control characters written out.
QString printableLines(const QString& text) {
    QStringList lines = text.split('\n');
    for (QString& line : lines)
        line = mbc::node::printableText(line);
    return lines.join('\n');
}

} // namespace

int main(int argc, char** argv) {
#ifdef SIGXFSZ
    // Past a file-size limit, a write fails (the store then says its disk is full and waits)
    // instead of the signal ending the process.
    std::signal(SIGXFSZ, SIG_IGN);
#endif
    // What the node writes (its store, log, wallet and token, and a wallet's copy while it is
    // saved) is the user's alone, whatever the session's umask (as bitcoind does).
    ::umask(077);
    // Flags are read before any application object exists, so --help, --version and flag
    // errors work in a terminal without a display.
    const auto parsed = mbc::app::parseAppOptions(argumentsOf(argc, argv));
    if (const auto* error = std::get_if<mbc::app::OptionsError>(&parsed)) {
        std::fprintf(stderr, "minibitcoin: %s (see --help)\n",
                     qPrintable(printableLines(error->message)));
        return 2;
    }
    const auto& options = std::get<mbc::app::AppOptions>(parsed);
    if (options.showHelp) {
        std::printf("%s", qPrintable(mbc::app::appHelpText()));
        return 0;
    }
    if (options.showVersion) {
        std::printf("minibitcoin %s\n", MINIBITCOIN_VERSION);
        return 0;
    }
    if (QUrl(options.nodeFlags.value("database-url")).password().size() > 0)
        std::fprintf(stderr, "minibitcoin: warning: --database-url puts the database password "
                             "where every user of this machine can see it (ps) and in your "
                             "shell's history; use DATABASE_URL in the environment (or, for "
                             "the app, its Settings) instead\n");
    setIdentity();
    // The app's saved settings (its Settings dialog) apply to the app, not to the daemon.
    const auto config = mbc::app::resolveNodeConfig(
        options,
        options.daemon ? QMap<QString, QString>{} : mbc::ui::AppSettings::load().asEnvironment());
    if (const auto* error = std::get_if<mbc::app::OptionsError>(&config)) {
        std::fprintf(stderr, "minibitcoin: %s (see --help)\n",
                     qPrintable(printableLines(error->message)));
        if (!options.daemon && !options.checkConfig) { // started from a desktop: say it there
            mbc::app::explainMissingDisplay();
            QApplication app(argc, argv);
            mbc::ui::applyLanguage(mbc::ui::AppSettings::load().language);
            mbc::ui::showStartupError(error->message, QSettings().fileName());
        }
        return 2;
    }
    const auto& nodeConfig = std::get<mbc::node::NodeConfig>(config);
    if (options.checkConfig) {
        std::printf("minibitcoin %s settings:\n%s", MINIBITCOIN_VERSION,
                    qPrintable(printableLines(mbc::node::describeNodeConfig(nodeConfig))));
        if (!options.daemon)
            std::printf("  %s %s\n", qPrintable(QString("app settings").leftJustified(15)),
                        qPrintable(QSettings().fileName()));
        return 0;
    }
    if (options.daemon) {
        mbc::app::GuardedApplication<QCoreApplication> app(argc, argv);
        return mbc::app::runDaemon(nodeConfig);
    }

    mbc::app::explainMissingDisplay();
    mbc::app::GuardedApplication<QApplication> app(argc, argv);
    // A link clicked while the app runs on this data directory goes to that app.
    if (!options.paymentUri.isEmpty() &&
        mbc::app::handOffLink(nodeConfig.dataDir, options.paymentUri)) {
        std::printf("minibitcoin: the link went to the MiniBitcoin already running on %s\n",
                    qPrintable(nodeConfig.dataDir));
        return 0;
    }
    // The language chosen in Settings, else the system's (English, with its plural forms, when
    // there is no translation for it); translations are compiled into the binary.
    mbc::ui::applyLanguage(mbc::ui::AppSettings::load().language);

    // The node runs on its own thread; the window shows what it reports.
    mbc::ui::LogModel log;
    if (!mbc::node::makeDataDir(nodeConfig.dataDir) ||
        !mbc::node::installLogging(nodeConfig.logLevel, mbc::node::logFileIn(nodeConfig)))
        qCWarning(lcNode).noquote() << "cannot write the log file" << nodeConfig.logFilePath();
    mbc::ui::NodeThread node(mbc::node::startLocalNode);
    mbc::ui::ClientModel client(node);
    mbc::ui::WalletModel wallet(node, mbc::node::walletPathIn(nodeConfig.dataDir));
    wallet.setIdleLock(
        std::chrono::minutes(mbc::ui::AppSettings::load().walletLockMinutesOrDefault()));
    mbc::ui::MainWindow window(client, wallet, log);
    // Another data directory chosen (this one was in use): this process ends and a new one
    // starts on it, with the same flags but that --datadir.
    QObject::connect(&window, &mbc::ui::MainWindow::restartRequested, &app,
                     [&argc, &argv](const QString& dataDir) {
                         QStringList args = argumentsOf(argc, argv).mid(1);
                         for (int i = args.indexOf("--datadir"); i >= 0;
                              i = args.indexOf("--datadir"))
                             args.remove(i, std::min<qsizetype>(2, args.size() - i));
                         args.removeIf([](const QString& a) { return a.startsWith("--datadir="); });
                         args << "--datadir" << dataDir;
                         if (QProcess::startDetached(QCoreApplication::applicationFilePath(), args))
                             QCoreApplication::quit();
                         else
                             mbc::ui::showStartupError(
                                 QObject::tr("MiniBitcoin could not start again on %1; start it "
                                             "yourself (the folder is saved in Settings)")
                                     .arg(dataDir),
                                 QSettings().fileName());
                     });
    mbc::app::PaymentLinkListener links(nodeConfig.dataDir, [&window](const QString& link) {
        qCInfo(lcNode).noquote() << "opened a payment link handed over by a later start";
        window.openPaymentRequest(link);
        window.raise();
        window.activateWindow();
    });
    window.show();
    node.start(nodeConfig);
    if (!options.paymentUri.isEmpty())
        window.openPaymentRequest(options.paymentUri);
    return app.exec();
}
