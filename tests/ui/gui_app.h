#pragma once
// The app as main() builds it, for the GUI suites: real widgets over a real regtest node running
// in-process on its own thread (SQLite in a temporary directory, REST on a free port).

#include "consensus/primitives/amount.h"
#include "node/local_node.h"
#include "node/node_config.h"
#include "support/test_chain.h"
#include "support/timeouts.h"
#include "ui/client_model.h"
#include "ui/log_model.h"
#include "ui/main_window.h"
#include "ui/node_thread.h"
#include "ui/wallet_model.h"
#include "ui/wallet_setup.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

namespace mbc::test {

inline constexpr int kTimeoutMs = test::kLongTimeoutMs;

// What a suite may change of the app's node settings.
struct AppTweaks {
    int maxBlockTxs = 100;
    bool retargeting = false; // the main network from regtest's easy target
};

// The app as main() builds it, on a fresh regtest data directory.
struct App {
    QTemporaryDir dir;
    ui::LogModel log;
    ui::NodeThread node{node::startLocalNode};
    ui::ClientModel client{node};
    ui::WalletModel wallet{node, dir.filePath("wallet.json"), wallet::KdfCost{1u << 10, 8, 1}};
    ui::MainWindow window{client, wallet, log};

    explicit App(quint16 port = 0, const QString& databaseUrl = {}, const QString& dataDir = {},
                 AppTweaks tweaks = {}) {
        node::NodeConfig c;
        c.databaseUrl = databaseUrl;
        c.network = tweaks.retargeting ? "main" : "regtest";
        if (tweaks.retargeting)
            c.genesisTarget = regtestParams().genesisTarget;
        c.maxBlockTxs = tweaks.maxBlockTxs;
        c.dataDir = dataDir.isEmpty() ? dir.path() : dataDir;
        c.host = "127.0.0.1";
        c.port = port;
        if (port != 0)
            c.publicUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
        c.miningThreads = 2;
        c.syncInterval = 0;
        window.show();
        node.start(c);
    }

    template <typename T>
    T* find(const char* name) {
        T* w = window.findChild<T*>(name);
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }
    QString text(const char* label) { return find<QLabel>(label)->text(); }

    // Presses the Mining pane's "Mine one block" as a user does: on the pane's Mine tab, shown
    // (a widget never shown has no layout to be clicked in), then back to the pane before.
    void clickMineOne() {
        const auto before = window.currentPane();
        window.showPane(ui::MainWindow::Pane::Mining);
        find<QTabWidget>("miningTabs")->setCurrentIndex(0);
        QTest::mouseClick(find<QPushButton>("mineOneButton"), Qt::LeftButton);
        window.showPane(before);
    }
    // Mines one block paying `address` from the Mining pane; true once the wallet has the reward.
    bool mineRewardTo(const QString& address) {
        const Amount before = wallet.confirmedTotal();
        find<QLineEdit>("miningAddress")->setText(address);
        clickMineOne();
        return QTest::qWaitFor([&] { return wallet.confirmedTotal() == before + 50 * COIN; },
                               kTimeoutMs);
    }
    // Mines block 0 to alice with the Mining pane's button; true once the status bar has it.
    bool mineGenesisFromTheMiningPane() {
        window.showPane(ui::MainWindow::Pane::Mining);
        find<QLineEdit>("miningAddress")
            ->setText(QString::fromStdString(test::aliceKey().address().hex()));
        clickMineOne();
        return QTest::qWaitFor([&] { return text("statusHeight") == "Height: 0"; }, kTimeoutMs);
    }
    // Opens the Wallet pane's Send tab.
    void openSendTab() {
        window.showPane(ui::MainWindow::Pane::Wallet);
        find<QTabWidget>("walletTabs")->setCurrentIndex(1);
    }
    // The words a Wallet pane shows in its numbered grid, in order.
    QStringList shownWords() {
        QStringList words;
        auto matches =
            QRegularExpression("\\d+\\. +([a-z]+)").globalMatch(text("newRecoveryWords"));
        while (matches.hasNext())
            words << matches.next().captured(1);
        return words;
    }
    // Creates the wallet through the Wallet pane as a user does: the passphrase twice, the
    // words shown, two of them typed back. Returns the words.
    QStringList createWalletInThePane(const QString& passphrase) {
        window.showPane(ui::MainWindow::Pane::Wallet);
        find<QLineEdit>("newPassphrase")->setText(passphrase);
        find<QLineEdit>("repeatPassphrase")->setText(passphrase);
        QTest::mouseClick(find<QPushButton>("createWalletButton"), Qt::LeftButton);
        const QStringList words = shownWords();
        QTest::mouseClick(find<QPushButton>("wordsWrittenButton"), Qt::LeftButton);
        const auto [first, second] = window.findChild<ui::WalletSetup*>()->confirmPositions();
        find<QLineEdit>("confirmFirstWord")->setText(words.value(first - 1));
        find<QLineEdit>("confirmSecondWord")->setText(words.value(second - 1));
        QTest::mouseClick(find<QPushButton>("confirmWordsButton"), Qt::LeftButton);
        return words;
    }
};

} // namespace mbc::test
