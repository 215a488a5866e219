// Takes README's screenshots: the real window over an in-process regtest node, each pane
// grabbed to <out dir>/<pane>.png after mining a few blocks. Run by packaging/screenshots.sh
// (on a virtual display); not a test.
#include "node/local_node.h"
#include "node/logging.h"
#include "node/node_config.h"
#include "support/test_chain.h"
#include "ui/client_model.h"
#include "ui/explorer_page.h"
#include "ui/log_model.h"
#include "ui/main_window.h"
#include "ui/mining_page.h"
#include "ui/node_thread.h"
#include "ui/settings_dialog.h"
#include "ui/translations.h"
#include "ui/wallet_model.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>

#include <cstdio>

using namespace mbc;

namespace {

// Runs the event loop until `done` holds (or 30 s pass).
template <typename Done>
bool waitFor(Done done) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return done();
}

void pause(int ms) {
    QElapsedTimer clock;
    clock.start();
    waitFor([&] { return clock.elapsed() >= ms; });
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QTranslator english; // as the app in an English locale: "1 thread", "2 threads"
    if (ui::loadTranslation(english, QLocale(QLocale::English)))
        QCoreApplication::installTranslator(&english);
    const QString outDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(outDir);
    node::installLogging("info", {});
    QTemporaryDir dataDir;
    ui::LogModel log;
    ui::NodeThread node(node::startLocalNode);
    ui::ClientModel client(node);
    ui::WalletModel wallet(node, dataDir.filePath("wallet.json"));
    ui::MainWindow window(client, wallet, log);
    window.show();
    node::NodeConfig c;
    c.network = "regtest";
    c.dataDir = dataDir.path();
    c.port = 0;
    c.miningThreads = 2;
    c.syncInterval = 0;
    node.start(c);
    if (!waitFor([&] { return client.started(); })) {
        std::fprintf(stderr, "take_screenshots: the node did not start\n");
        return 1;
    }
    auto grab = [&](ui::MainWindow::Pane pane, const char* name) {
        window.showPane(pane);
        pause(300);
        const QString file = outDir + "/" + name + ".png";
        if (!window.grab().save(file)) {
            std::fprintf(stderr, "take_screenshots: cannot write %s\n", qPrintable(file));
            std::exit(1);
        }
        std::printf("%s\n", qPrintable(file));
    };
    grab(ui::MainWindow::Pane::Overview, "overview-empty");

    // A wallet with two addresses; mine continuously to the first for a few seconds.
    wallet.create("screenshots");
    wallet.newAddress("first address");
    wallet.newAddress("savings");
    wallet.importKey(QString::fromStdString(test::aliceKey().hex()), "alice");
    window.showPane(ui::MainWindow::Pane::Mining);
    window.findChild<QLineEdit*>("miningAddress")->setText(wallet.addressAt(0));
    window.findChild<QPushButton*>("startStopMiningButton")->click();
    pause(3000);
    grab(ui::MainWindow::Pane::Mining, "mining");
    window.findChild<QPushButton*>("startStopMiningButton")->click();
    waitFor([&] { return !client.status().mining; });
    grab(ui::MainWindow::Pane::Overview, "overview");
    grab(ui::MainWindow::Pane::Wallet, "wallet");

    // The Send tab with a reviewed payment from the first address to the second.
    window.findChild<QTabWidget*>("walletTabs")->setCurrentIndex(1);
    window.findChild<QLineEdit*>("sendTo")->setText(wallet.addressAt(1));
    window.findChild<QLineEdit*>("sendAmount")->setText("12.5");
    waitFor([&] { return !window.findChild<QLineEdit*>("sendFee")->text().isEmpty(); });
    window.findChild<QPushButton*>("reviewButton")->click();
    waitFor([&] { return window.findChild<QPushButton*>("sendButton")->isEnabled(); });
    grab(ui::MainWindow::Pane::Wallet, "wallet-send");
    window.findChild<QPushButton*>("sendButton")->click();
    waitFor([&] { return client.status().mempoolTxs == 1; });

    // The Network pane with a peer that is not up (it shows the back-off) and the payment
    // waiting in the mempool.
    window.showPane(ui::MainWindow::Pane::Network);
    window.findChild<QLineEdit*>("peerUrl")->setText("http://127.0.0.1:9");
    window.findChild<QPushButton*>("addPeerButton")->click();
    pause(500);
    window.findChild<QPushButton*>("syncNowButton")->click();
    pause(2500);
    grab(ui::MainWindow::Pane::Network, "network");

    // The Explorer on the payment made above (its block, once mined, lists it).
    window.findChild<QPushButton*>("mineOneButton")->click();
    waitFor([&] { return client.status().mempoolTxs == 0; });
    window.explorerPage().search(QString::number(client.status().height));
    pause(800);
    grab(ui::MainWindow::Pane::Explorer, "explorer");
    grab(ui::MainWindow::Pane::Log, "log");

    // The Settings dialog, its node rows from the settings table.
    ui::SettingsDialog settings(&window);
    settings.show();
    pause(300);
    const QString settingsFile = outDir + "/settings.png";
    if (!settings.grab().save(settingsFile)) {
        std::fprintf(stderr, "take_screenshots: cannot write %s\n", qPrintable(settingsFile));
        return 1;
    }
    std::printf("%s\n", qPrintable(settingsFile));
    return 0;
}
