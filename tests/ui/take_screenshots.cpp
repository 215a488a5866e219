// Takes README's screenshots: the real window over an in-process node, each pane
// grabbed to <out dir>/<pane>.png after mining a few blocks. Run by packaging/screenshots.sh
// (on a virtual display); not a test.
#include "consensus/serialize/tx_serialize.h"
#include "node/local_node.h"
#include "node/logging.h"
#include "node/node_config.h"
#include "support/test_chain.h"
#include "ui/client_model.h"
#include "ui/coin_table_model.h"
#include "ui/console_page.h"
#include "ui/explorer_page.h"
#include "ui/log_model.h"
#include "ui/main_window.h"
#include "ui/mining_page.h"
#include "ui/node_thread.h"
#include "ui/settings_dialog.h"
#include "ui/translations.h"
#include "ui/validation_page.h"
#include "ui/wallet_model.h"
#include "ui/wallet_setup.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
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

// Payments from alice's coinbases at fee rates from 1 to 1,100 units per byte, some spending
// others' outputs: a mempool with more than the next block takes.
std::vector<Transaction> mempoolOfManyRates(const std::vector<Block>& aliceBlocks) {
    const std::vector<Amount> rates{1, 2, 3, 6, 12, 25, 60, 150, 400, 1100, 5, 40};
    std::vector<Transaction> txs;
    std::size_t next = 0;
    const auto fee = [&](const Transaction& unsigned_) {
        return rates[next++ % rates.size()] * Amount(encodedTxSize(unsigned_) + 2);
    };
    const PubKeyHash alice = test::aliceKey().address();
    for (const Block& b : aliceBlocks) {
        const test::Spendable coin{{computeTxid(b.transactions[0]), 0},
                                   b.transactions[0].outputs[0]};
        const Amount quarter = coin.output.amount / 4;
        Transaction split = test::makeSignedSpend(
            {coin}, test::aliceKey(),
            {{quarter, alice}, {quarter, alice}, {quarter, alice}, {quarter, alice}});
        split.outputs[3].amount -= fee(split);
        split = test::makeSignedSpend({coin}, test::aliceKey(), split.outputs);
        txs.push_back(split);
        for (std::uint32_t i = 0; i < 3; ++i) {
            const test::Spendable out{{computeTxid(split), i}, split.outputs[i]};
            Transaction pay = test::makeSignedSpend(
                {out}, test::aliceKey(), {{out.output.amount, test::bobKey().address()}});
            pay = test::makeSignedSpend({out}, test::aliceKey(),
                                        {{out.output.amount - fee(pay), test::bobKey().address()}});
            txs.push_back(pay);
        }
    }
    return txs;
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
    // The main network's retargets from an easy target: the Difficulty tab has a story to tell.
    c.network = "main";
    c.genesisTarget = regtestParams().genesisTarget;
    c.maxBlockTxs = 8; // the Next block tab shows transactions waiting
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

    // A new wallet's recovery words, then two of them typed back to create it.
    window.showPane(ui::MainWindow::Pane::Wallet);
    window.findChild<QLineEdit*>("newPassphrase")->setText("screenshots");
    window.findChild<QLineEdit*>("repeatPassphrase")->setText("screenshots");
    window.findChild<QPushButton*>("createWalletButton")->click();
    grab(ui::MainWindow::Pane::Wallet, "wallet-words");
    const QStringList words =
        window.findChild<QLabel*>("newRecoveryWords")->text().split(QRegularExpression("\\s+"));
    window.findChild<QPushButton*>("wordsWrittenButton")->click();
    const auto [first, second] = window.findChild<ui::WalletSetup*>()->confirmPositions();
    const auto wordAt = [&](int position) { // the grid reads "1. word  2. word ..."
        return words.value(words.indexOf(QString::number(position) + ".") + 1);
    };
    window.findChild<QLineEdit*>("confirmFirstWord")->setText(wordAt(first));
    window.findChild<QLineEdit*>("confirmSecondWord")->setText(wordAt(second));
    window.findChild<QPushButton*>("confirmWordsButton")->click();
    if (!wallet.exists()) {
        std::fprintf(stderr, "take_screenshots: the wallet was not created\n");
        return 1;
    }

    // Blocks 0 to 2 pay alice: the coins of the mempool shown in the Next block tab (they stay
    // on the active chain through the fork below).
    for (int i = 0; i < 3; ++i)
        node.post([](node::NodeInterface& n) {
            n.mineOne(test::aliceKey().address(), [](const auto&) {});
        });
    if (!waitFor([&] { return client.status().height == 2; })) {
        std::fprintf(stderr, "take_screenshots: alice's blocks were not mined\n");
        return 1;
    }

    // A fork near the start, while blocks are easy: block 3 to alice, then bob's 3' and 4' on
    // block 2 (a reorg), and 6' whose parent 5' never comes (an orphan). The Explorer's Fork tree.
    node.post(
        [](node::NodeInterface& n) { n.mineOne(test::aliceKey().address(), [](const auto&) {}); });
    waitFor([&] { return client.status().height == 3; });
    std::optional<Block> two;
    node.ask<std::optional<Block>>(
        [](node::NodeInterface& n) -> std::optional<Block> {
            const auto hash = n.activeHashAt(2);
            return hash ? n.blockBody(*hash) : std::nullopt;
        },
        &window, [&two](std::optional<Block> b) { two = std::move(b); });
    if (!waitFor([&] { return two.has_value(); })) {
        std::fprintf(stderr, "take_screenshots: block 2 was not read\n");
        return 1;
    }
    const auto bobs = [](const Block& parent, std::uint32_t height) {
        return test::blockOn(parent, {makeCoinbase(height, 50 * COIN, test::bobKey().address())});
    };
    const Block side3 = bobs(*two, 3);
    const Block side4 = bobs(side3, 4);
    const Block orphan6 = bobs(bobs(side4, 5), 6);
    for (const Block& b : {side3, side4, orphan6})
        node.post([b](node::NodeInterface& n) { n.submitBlock(b); });
    waitFor([&] { return client.status().height == 4; });
    window.showPane(ui::MainWindow::Pane::Explorer);
    window.findChild<QTabWidget*>("explorerTabs")->setCurrentIndex(1);
    pause(1000);
    grab(ui::MainWindow::Pane::Explorer, "fork-tree");
    window.findChild<QTabWidget*>("explorerTabs")->setCurrentIndex(0);

    // A wallet with two addresses; mine continuously to the first for a few seconds.
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

    // The Coins tab with one coin ticked: the payment below spends exactly it.
    auto* tabs = window.findChild<QTabWidget*>("walletTabs");
    tabs->setCurrentIndex(3);
    auto* coins = window.findChild<QTableView*>("coinTable")->model();
    waitFor([&] { return coins->rowCount() > 1; });
    coins->setData(coins->index(0, ui::CoinTableModel::UseColumn), Qt::Checked, Qt::CheckStateRole);
    grab(ui::MainWindow::Pane::Wallet, "wallet-coins");

    // The Send tab with a reviewed payment to two recipients: savings and Bob.
    tabs->setCurrentIndex(1);
    window.findChild<QLineEdit*>("sendTo")->setText(wallet.addressAt(1));
    window.findChild<QLineEdit*>("sendAmount")->setText("12.5");
    window.findChild<QPushButton*>("addRecipientButton")->click();
    window.findChild<QLineEdit*>("sendTo2")->setText(
        QString::fromStdString(test::bobKey().address().hex()));
    window.findChild<QLineEdit*>("sendAmount2")->setText("3");
    waitFor([&] { return !window.findChild<QLineEdit*>("sendFee")->text().isEmpty(); });
    window.findChild<QPushButton*>("reviewButton")->click();
    waitFor([&] { return window.findChild<QPushButton*>("sendButton")->isEnabled(); });
    grab(ui::MainWindow::Pane::Wallet, "wallet-send");
    window.findChild<QPushButton*>("sendButton")->click();
    waitFor([&] { return client.status().mempoolTxs == 1; });

    // A payment request with its QR code, and the history so far.
    tabs->setCurrentIndex(4);
    window.findChild<QLineEdit*>("requestAmount")->setText("2.5");
    window.findChild<QLineEdit*>("requestLabel")->setText("Carol's lunch");
    window.findChild<QLineEdit*>("requestMessage")->setText("Thanks for lunch!");
    window.findChild<QPushButton*>("createRequestButton")->click();
    grab(ui::MainWindow::Pane::Wallet, "wallet-receive");
    tabs->setCurrentIndex(2);
    pause(800);
    grab(ui::MainWindow::Pane::Wallet, "wallet-history");

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
    // The X-ray of that block (payment included), then the lab: its timestamp three hours
    // ahead, sealed again, caught by time-too-new.
    window.explorerPage().openLink("check:block:" + client.status().tipHash);
    pause(1000);
    grab(ui::MainWindow::Pane::Validation, "validation");
    auto* changes = window.findChild<QComboBox*>("validationChange");
    changes->setCurrentIndex(changes->findData(int(ui::ValidationLab::Change::TimestampAhead)));
    window.findChild<QPushButton*>("validationApplyButton")->click();
    pause(1500);
    grab(ui::MainWindow::Pane::Validation, "validation-lab");
    grab(ui::MainWindow::Pane::Log, "log");

    // The Mining pane's Next block tab over a mempool of many fee rates, and its Difficulty tab.
    std::vector<Block> aliceBlocks;
    for (const qint64 height : {qint64(0), qint64(1), qint64(2)}) {
        node.ask<std::optional<Block>>(
            [height](node::NodeInterface& n) -> std::optional<Block> {
                const auto hash = n.activeHashAt(std::uint32_t(height));
                return hash ? n.blockBody(*hash) : std::nullopt;
            },
            &window,
            [&aliceBlocks](std::optional<Block> b) {
                if (b)
                    aliceBlocks.push_back(*b);
            });
    }
    waitFor([&] { return aliceBlocks.size() == 3; });
    for (const Transaction& tx : mempoolOfManyRates(aliceBlocks))
        node.post([tx](node::NodeInterface& n) { (void)n.submitTransaction(tx); });
    auto* miningTabs = window.findChild<QTabWidget*>("miningTabs");
    miningTabs->setCurrentIndex(1);
    pause(1500);
    grab(ui::MainWindow::Pane::Mining, "mining-next-block");
    miningTabs->setCurrentIndex(2);
    pause(1000);
    grab(ui::MainWindow::Pane::Mining, "mining-difficulty");
    miningTabs->setCurrentIndex(0);

    // The Console after two requests.
    window.showPane(ui::MainWindow::Pane::Console);
    auto* console = window.findChild<ui::ConsolePage*>();
    waitFor([&] { return !console->routes().isEmpty(); });
    for (const char* line : {"GET /chaintips", "GET /fee-estimate"}) {
        bool answered = false;
        const auto done =
            QObject::connect(console, &ui::ConsolePage::answered, [&answered] { answered = true; });
        console->run(line);
        waitFor([&] { return answered; });
        QObject::disconnect(done);
    }
    window.findChild<QLineEdit*>("consoleInput")->setText("GET /mining/template?miner_address=");
    grab(ui::MainWindow::Pane::Console, "console");

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
