// minibitcoin: the desktop app, or with --daemon a headless node.
#include "app_options.h"
#include "ui/main_window.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTranslator>

#include <cstdio>

namespace {

void setIdentity() {
    QCoreApplication::setApplicationName("MiniBitcoin");
    QCoreApplication::setApplicationVersion(MINIBITCOIN_VERSION);
}

QStringList argumentsOf(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

int runDaemon(const mbc::app::AppOptions& o) {
    const QString dataDir = o.dataDir.isEmpty()
                                ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                : QDir(o.dataDir).absolutePath();
    std::printf("minibitcoin %s daemon settings:\n"
                "  network         %s\n  datadir         %s\n  host            %s\n"
                "  port            %u\n  database        %s\n  mining threads  %d\n",
                MINIBITCOIN_VERSION, qPrintable(o.network), qPrintable(dataDir), qPrintable(o.host),
                unsigned(o.port),
                o.databaseUrl.isEmpty() ? "SQLite in the data dir" : "PostgreSQL (from URL)",
                o.miningThreads);
    std::printf("This build checks the daemon settings only; it does not start a node yet.\n");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // Flags are read before any application object exists, so --help, --version and flag
    // errors work in a terminal without a display.
    const auto parsed = mbc::app::parseAppOptions(argumentsOf(argc, argv));
    if (const auto* error = std::get_if<mbc::app::OptionsError>(&parsed)) {
        std::fprintf(stderr, "minibitcoin: %s (see --help)\n", qPrintable(error->message));
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
    if (options.daemon) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runDaemon(options);
    }

    QApplication app(argc, argv);
    setIdentity();
    // Follow the system language; translations are compiled into the binary.
    QTranslator translator;
    if (mbc::ui::loadTranslation(translator, QLocale()))
        QCoreApplication::installTranslator(&translator);

    mbc::ui::MainWindow window(*mbc::paramsForNetwork(options.network.toStdString()));
    window.show();
    return app.exec();
}
