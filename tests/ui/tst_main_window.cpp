// The app's window on the offscreen platform: real widgets over a real regtest node running
// in-process on its own thread (SQLite in a temporary directory, REST on a free port).
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/rest_test_helpers.h"
#include "node/local_node.h"
#include "node/logging.h"
#include "node/node_config.h"
#include "node/wallet_file.h"
#include "store/database.h"
#include "support/block_factory.h"
#include "support/daemon_process.h"
#include "support/own_postgres.h"
#include "support/test_chain.h"
#include "ui/amount_text.h"
#include "ui/app_settings.h"
#include "ui/block_list_model.h"
#include "ui/client_model.h"
#include "ui/explorer_page.h"
#include "ui/gui_app.h"
#include "ui/history_tab.h"
#include "ui/log_model.h"
#include "ui/main_window.h"
#include "ui/mining_page.h"
#include "ui/node_thread.h"
#include "ui/settings_dialog.h"
#include "ui/translations.h"
#include "ui/wallet_model.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFont>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QTranslator>
#include <QUrl>

#include <thread>

using namespace mbc;
using test::App;
using test::kTimeoutMs;

namespace {

QStringList menuTitles(const ui::MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

QStringList paneNames(ui::MainWindow& w) {
    QStringList names;
    auto* nav = w.findChild<QListWidget*>("navigation");
    for (int i = 0; i < nav->count(); ++i)
        names << nav->item(i)->text();
    return names;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        node::installLogging("info", {}); // as main() does: the Log pane listens to it
        // The Settings dialog's QSettings go to a file of this run, not the user's.
        QVERIFY(settingsDir_.isValid());
        QCoreApplication::setOrganizationName("MiniBitcoinTest");
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    }

    // Settings persist, come back in the dialog, feed the node's configuration between the
    // environment and .env, and switch the language at once; a bad value is refused.
    void settingsPersistAndSwitchTheLanguage() {
        App app;
        QAction* action = app.window.findChild<QAction*>("settingsAction");
        QVERIFY(action);
        action->trigger();
        auto* dialog = app.window.findChild<ui::SettingsDialog*>("settingsDialog");
        QVERIFY(dialog && dialog->isVisible());
        auto* network = dialog->findChild<QComboBox*>("settingsNetwork");
        network->setCurrentIndex(network->findData("regtest"));
        dialog->findChild<QSpinBox*>("settingsPort")->setValue(18444);
        dialog->findChild<QSpinBox*>("settingsMiningThreads")->setValue(3);
        auto* peers = dialog->findChild<QLineEdit*>("settingsBootstrapPeers");
        peers->setText("http://127.0.0.1:9001, not a url");
        auto* language = dialog->findChild<QComboBox*>("settingsLanguage");
        language->setCurrentIndex(language->findData("de"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>("settingsError")->text().contains("not a url"));
        QCOMPARE(ui::AppSettings::load(), ui::AppSettings{}); // nothing saved
        peers->setText("http://127.0.0.1:9001, http://127.0.0.1:9002");
        dialog->accept();
        QTRY_VERIFY(!app.window.findChild<ui::SettingsDialog*>("settingsDialog"));
        QTRY_COMPARE(menuTitles(app.window), (QStringList{"&Datei", "&Hilfe"}));

        const ui::AppSettings saved = ui::AppSettings::load();
        QCOMPARE(saved.nodeValue("NODE_PORT"), QString("18444"));
        QCOMPARE(saved.language, QString("de"));
        const QMap<QString, QString> env = saved.asEnvironment();
        QCOMPARE(env.value("NETWORK"), QString("regtest"));
        QCOMPARE(env.value("NODE_PORT"), QString("18444"));
        QCOMPARE(env.value("MINING_THREADS"), QString("3"));
        QCOMPARE(env.value("BOOTSTRAP_PEERS"),
                 QString("http://127.0.0.1:9001, http://127.0.0.1:9002"));
        QVERIFY(!env.contains("DATA_DIR")); // empty: the default

        // Opened again, the dialog shows them; choosing the system's language goes back.
        action->trigger();
        dialog = app.window.findChild<ui::SettingsDialog*>("settingsDialog");
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QSpinBox*>("settingsPort")->value(), 18444);
        language = dialog->findChild<QComboBox*>("settingsLanguage");
        QCOMPARE(language->currentData().toString(), QString("de"));
        language->setCurrentIndex(language->findData(QString()));
        dialog->accept();
        QTRY_COMPARE(menuTitles(app.window), (QStringList{"&File", "&Help"}));
        QSettings().clear();
    }

    // The dialog checks each value as the node will read it, says what is wrong in the user's
    // words, and never repeats a database URL (it may hold a password).
    void theSettingsDialogRefusesWhatTheNodeWould() {
        App app;
        app.window.findChild<QAction*>("settingsAction")->trigger();
        auto* dialog = app.window.findChild<ui::SettingsDialog*>("settingsDialog");
        QVERIFY(dialog);
        auto* error = dialog->findChild<QLabel*>("settingsError");
        auto* database = dialog->findChild<QLineEdit*>("settingsDatabaseUrl");
        database->setText("mysql://mbc:s3cret@127.0.0.1/chain");
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY2(error->text().contains("postgresql://"), qPrintable(error->text()));
        QVERIFY2(!error->text().contains("s3cret"), qPrintable(error->text()));
        database->clear();
        auto* host = dialog->findChild<QLineEdit*>("settingsHost");
        host->setText("my.host.example");
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY2(error->text().contains("\"my.host.example\" is not an IP address"),
                 qPrintable(error->text()));
        QCOMPARE(ui::AppSettings::load(), ui::AppSettings{}); // nothing saved
        host->setText("0.0.0.0");
        dialog->accept();
        QTRY_VERIFY(!app.window.findChild<ui::SettingsDialog*>("settingsDialog"));
        QCOMPARE(ui::AppSettings::load().nodeValue("NODE_HOST"), QString("0.0.0.0"));
        QSettings().clear();
    }

    // The settings file is readable by others on most desktops: a database password goes to
    // a file of its own that only the owner can read, and comes back with the URL.
    void aDatabasePasswordIsNotKeptInTheSettingsFile() {
        ui::AppSettings a;
        QUrl withPassword("postgresql://mbc@127.0.0.1:5432/chain");
        withPassword.setPassword(" s3cret p:w@/?#% "); // every character a URL must encode
        a.node.insert("DATABASE_URL", withPassword.toString(QUrl::FullyEncoded));
        QCOMPARE(a.save(), QString());
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray stored = settings.readAll();
        settings.close();
        QVERIFY(stored.contains("mbc@127.0.0.1:5432/chain"));
        QVERIFY2(!stored.contains("s3cret"), stored.constData());
        const QFileInfo password(
            QFileInfo(QSettings().fileName()).dir().filePath("database-password"));
        QVERIFY(password.exists());
        QCOMPARE(password.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(ui::AppSettings::load().nodeValue("DATABASE_URL"), a.nodeValue("DATABASE_URL"));
        // What the node is given parses back to the same password.
        const auto parsed =
            store::DatabaseLocation::fromUrl(ui::AppSettings::load().nodeValue("DATABASE_URL"));
        QVERIFY(std::holds_alternative<store::DatabaseLocation>(parsed));
        QCOMPARE(std::get<store::DatabaseLocation>(parsed).password, withPassword.password());
        // A settings file from before keeps its password in the URL: it moves out on load.
        QSettings().setValue("node/databaseUrl", "postgresql://mbc:old-pw@127.0.0.1:5432/chain");
        QSettings().sync();
        QVERIFY(ui::AppSettings::load().nodeValue("DATABASE_URL").contains("old-pw"));
        QVERIFY(!QSettings().value("node/databaseUrl").toString().contains("old-pw"));
        QVERIFY(ui::AppSettings::load().nodeValue("DATABASE_URL").contains("old-pw"));
        // Without a password (or a database), the file goes.
        a.node.insert("DATABASE_URL", "postgresql://mbc@127.0.0.1:5432/chain");
        a.save();
        QVERIFY(!QFile::exists(password.filePath()));
        QCOMPARE(ui::AppSettings::load().nodeValue("DATABASE_URL"), a.nodeValue("DATABASE_URL"));
        QSettings().clear();
    }

    void savedSettingsRankBetweenTheEnvironmentAndDotEnv() {
        node::ConfigSources sources;
        sources.dotEnv.insert("NODE_PORT", "3003");
        auto port = [&] {
            const auto c = node::loadNodeConfig(sources);
            return std::get<node::NodeConfig>(c).port;
        };
        QCOMPARE(port(), quint16(3003));
        sources.appSettings.insert("NODE_PORT", "2002");
        QCOMPARE(port(), quint16(2002));
        sources.environment.insert("NODE_PORT", "1001");
        QCOMPARE(port(), quint16(1001));
        sources.flags.insert("port", "4004");
        QCOMPARE(port(), quint16(4004));
        sources.appSettings.insert("MINING_THREADS", "many");
        const auto bad = node::loadNodeConfig(sources);
        QVERIFY(std::holds_alternative<node::ConfigError>(bad));
        QVERIFY(std::get<node::ConfigError>(bad).message.contains("the app's settings"));
    }

    void anEmptyChainSaysToMineTheGenesisBlock() {
        App app;
        QVERIFY(QTest::qWaitForWindowExposed(&app.window));
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.text("statusNetwork"), QString("Network: regtest"),
                                  kTimeoutMs);
        QCOMPARE(app.text("statusHeight"), QString("Height: none"));
        QCOMPARE(app.text("statusMining"), QString("not mining"));
        QCOMPARE(paneNames(app.window), (QStringList{"Overview", "Wallet", "Mining", "Explorer",
                                                     "Validation", "Network", "Log", "Console"}));
        auto* hint = app.find<QLabel>("overviewHint");
        QVERIFY(hint->isVisible());
        QVERIFY2(hint->text().contains("Mine the genesis block"), qPrintable(hint->text()));
    }

    void theMiningPaneMinesABlockToAnAddress() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        QTRY_VERIFY_WITH_TIMEOUT(app.text("miningMessage").startsWith("Mined block "), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.text("blocksFound"), QString("Blocks this node found: 1"),
                                  kTimeoutMs);
        QCOMPARE(app.text("overviewHeight"), QString("0"));
        QVERIFY(!app.find<QLabel>("overviewHint")->isVisible());
        // What the node thread mined is in the node's log, and the Log pane has it.
        QTRY_VERIFY_WITH_TIMEOUT(app.log.match(app.log.index(0), Qt::DisplayRole,
                                               "connected block 0", 1, Qt::MatchContains)
                                         .size() == 1,
                                 kTimeoutMs);
    }

    // The app's database server stops for a while: the window stays up, the status bar says
    // the database is unavailable and that the node retries, and clears once it is back;
    // mining goes on from where it was.
    void aDatabaseOutageShowsInTheStatusBarAndPasses() {
        MBC_OWN_POSTGRES(pg);
        App app(0, pg->url());
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        auto* trouble = app.find<QLabel>("statusStore");
        QVERIFY(!trouble->isVisible());

        QVERIFY2(pg->halt(), qPrintable(pg->why()));
        // The status refresh (every second) meets the database gone.
        QTRY_VERIFY_WITH_TIMEOUT(trouble->isVisible(), kTimeoutMs);
        QCOMPARE(trouble->text(), QString("Database unavailable - retrying"));
        QVERIFY(app.window.isVisible());
        QCOMPARE(app.text("statusHeight"), QString("Height: 0")); // the last it read
        // Mining asked for meanwhile says why it cannot be done.
        app.clickMineOne();
        QTRY_VERIFY_WITH_TIMEOUT(app.text("miningMessage").contains("database is unavailable"),
                                 kTimeoutMs);

        QVERIFY2(pg->resume(), qPrintable(pg->why()));
        QTRY_VERIFY_WITH_TIMEOUT(!trouble->isVisible(), kTimeoutMs);
        app.clickMineOne();
        QTRY_COMPARE_WITH_TIMEOUT(app.text("statusHeight"), QString("Height: 1"), kTimeoutMs);
    }

    void aBadAddressIsRefusedWithAMessage() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.find<QLineEdit>("miningAddress")->setText("not-an-address");
        app.clickMineOne();
        QVERIFY(app.text("miningMessage").contains("40 hex digits"));
        QTest::qWait(300);
        app.node.refreshStatus();
        QTest::qWait(200);
        QCOMPARE(app.text("statusHeight"), QString("Height: none"));
        QCOMPARE(app.client.status().blocksFound, quint64(0));
    }

    void continuousMiningStartsAndStops() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.find<QLineEdit>("miningAddress")
            ->setText(QString::fromStdString(test::bobKey().address().hex()));
        app.find<QSpinBox>("miningThreads")->setValue(1);
        app.window.showPane(ui::MainWindow::Pane::Mining);
        auto* startStop = app.find<QPushButton>("startStopMiningButton");
        QCOMPARE(startStop->text(), QString("Start mining"));
        QTest::mouseClick(startStop, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.client.status().height >= 2, kTimeoutMs);
        // The hash-rate history the chart draws (sampled once a second) sees the mining.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(app.client.hashRates().begin(),
                                             app.client.hashRates().end(),
                                             [](double r) { return r > 0; }),
                                 kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("statusMining").startsWith("mining on 1 thread"),
                                 kTimeoutMs);
        QCOMPARE(startStop->text(), QString("Stop mining"));
        QVERIFY(!app.find<QPushButton>("mineOneButton")->isEnabled());
        QTest::mouseClick(startStop, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(app.text("statusMining"), QString("not mining"), kTimeoutMs);
        QCOMPARE(startStop->text(), QString("Start mining"));
    }

    void aNodeThatCannotStartSaysWhy() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        App app(taken.serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(!app.client.startError().isEmpty(), kTimeoutMs);
        QVERIFY(app.client.startError().contains("cannot listen"));
        QVERIFY(app.text("overviewHint").contains("did not start"));
        QCOMPARE(app.text("statusNetwork"), QString("node not running"));
        QVERIFY(!app.find<QPushButton>("mineOneButton")->isEnabled());
    }

    // The app started beside a daemon on the same data directory (they share the default
    // one) says who holds it, and offers another folder: chosen, it is saved and the app
    // asks to start again on it.
    void theAppBesideADaemonOffersAnotherDataDir() {
        QTemporaryDir shared, other;
        test::DaemonProcess::Options o;
        o.dataDir = shared.path();
        test::DaemonProcess daemon(o);
        QString why;
        QVERIFY2(daemon.start(&why), qPrintable(why));
        App app(0, {}, shared.path());
        QTRY_VERIFY_WITH_TIMEOUT(!app.client.startError().isEmpty(), kTimeoutMs);
        QVERIFY2(
            app.client.startError().contains(
                QStringLiteral("is in use by another MiniBitcoin (process %1)").arg(daemon.pid())),
            qPrintable(app.client.startError()));
        QCOMPARE(daemon.get("/health").status, 200); // the daemon is untouched

        QTRY_VERIFY(app.window.findChild<QMessageBox*>("startFailedBox"));
        auto* button = app.window.findChild<QPushButton*>("otherDataDirButton");
        QVERIFY(button);
        QSignalSpy restart(&app.window, &ui::MainWindow::restartRequested);
        button->click();
        QFileDialog* chooser = nullptr;
        QTRY_VERIFY((chooser = app.window.findChild<QFileDialog*>("dataDirDialog")));
        chooser->setDirectory(other.path());
        chooser->selectFile(other.path());
        static_cast<QDialog*>(chooser)->accept(); // what its Choose button does
        QTRY_COMPARE(restart.count(), 1);
        QCOMPARE(QFileInfo(restart.at(0).at(0).toString()).canonicalFilePath(),
                 QFileInfo(other.path()).canonicalFilePath());
        QCOMPARE(QFileInfo(ui::AppSettings::load().nodeValue("DATA_DIR")).canonicalFilePath(),
                 QFileInfo(other.path()).canonicalFilePath());
        QSettings().clear();
        QCOMPARE(daemon.terminate(), 0);
    }

    // A data folder other users can change is no place for a wallet: the app says why and
    // offers another (whatever the store).
    void aDataDirOthersCanChangeOffersAnother() {
        QTemporaryDir parent;
        const QString shared = parent.filePath("shared");
        QVERIFY(QDir().mkdir(shared));
        QVERIFY(QFile::setPermissions(shared, QFileDevice::Permissions(0x7777)));
        App app(0, {}, shared);
        QTRY_VERIFY_WITH_TIMEOUT(!app.client.startError().isEmpty(), kTimeoutMs);
        QVERIFY2(app.client.startError().contains(shared + " is not safe to use"),
                 qPrintable(app.client.startError()));
        QVERIFY2(app.client.startErrorDetail().contains(shared + " can be changed by other users"),
                 qPrintable(app.client.startErrorDetail()));
        QTRY_VERIFY(app.window.findChild<QMessageBox*>("startFailedBox"));
        QVERIFY(app.window.findChild<QPushButton*>("otherDataDirButton"));
    }

    // A store file that is not a database (a disk error, another file put in its place): the
    // app says it is damaged and what to do, and sets it aside (with its log), kept for
    // recovery, for a new store in the same folder, where the wallet is.
    void aDamagedStoreSaysSoAndIsSetAside() {
        QTemporaryDir dir;
        const QByteArray damaged(8192, 'x');
        const auto write = [&](const char* name) {
            QFile file(dir.filePath(name));
            return file.open(QIODevice::WriteOnly) && file.write(damaged) == damaged.size();
        };
        QVERIFY(write("chain.sqlite"));
        App app(0, {}, dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!app.client.startError().isEmpty(), kTimeoutMs);
        QVERIFY2(app.client.startError().contains(" is damaged (") &&
                     app.client.startError().contains("file is not a database"),
                 qPrintable(app.client.startError()));
        QTRY_VERIFY(app.window.findChild<QMessageBox*>("startFailedBox"));
        QVERIFY(!app.window.findChild<QPushButton*>("otherDataDirButton"));
        auto* aside = app.window.findChild<QPushButton*>("setStoreAsideButton");
        QVERIFY(aside);
        QVERIFY(write("chain.sqlite-wal")); // a log left beside it (SQLite's failed open removed
                                            // the one it found)
        QSignalSpy restart(&app.window, &ui::MainWindow::restartRequested);
        aside->click();
        QTRY_COMPARE(restart.count(), 1);
        QCOMPARE(restart.at(0).at(0).toString(), app.client.node().config().dataDir);
        QVERIFY(!QFileInfo::exists(dir.filePath("chain.sqlite")));
        QVERIFY(!QFileInfo::exists(dir.filePath("chain.sqlite-wal")));
        const QStringList kept = QDir(dir.path()).entryList({"chain.sqlite.damaged-*"});
        QCOMPARE(kept.size(), 2); // the file and its log, under one new name
        QFile file(dir.filePath(kept.first()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), damaged);
    }

    // What the node says comes in the app's language, the OS's words (in Qt's translation)
    // included; the node's English stays available as the details.
    void theNodesReasonsComeInTheAppsLanguage() {
        ui::applyLanguage("de");
        const auto backToEnglish = qScopeGuard([] { ui::applyLanguage("en"); });
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        {
            App app(taken.serverPort());
            QTRY_VERIFY_WITH_TIMEOUT(!app.client.startError().isEmpty(), kTimeoutMs);
            QVERIFY2(app.text("overviewHint")
                         .contains(QString("kann nicht auf 127.0.0.1:%1 "
                                           "lauschen")
                                       .arg(taken.serverPort())),
                     qPrintable(app.text("overviewHint")));
            QVERIFY(app.client.startErrorDetail().contains("cannot listen"));
        }
        QTcpServer closed; // a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString deadPeer = QString("http://127.0.0.1:%1").arg(closed.serverPort());
        QTcpServer free;
        QVERIFY(free.listen(QHostAddress::LocalHost));
        const quint16 port = free.serverPort();
        free.close();
        closed.close();
        App app(port);
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.window.showPane(ui::MainWindow::Pane::Network);
        auto* url = app.find<QLineEdit>("peerUrl");
        url->setText(QString("http://127.0.0.1:%1").arg(port));
        QTest::mouseClick(app.find<QPushButton>("addPeerButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("networkMessage").contains("eigene Adresse"), kTimeoutMs);
        url->setText(deadPeer);
        QTest::mouseClick(app.find<QPushButton>("addPeerButton"), Qt::LeftButton);
        auto* peers = app.find<QTableView>("peersTable");
        QTRY_COMPARE_WITH_TIMEOUT(peers->model()->rowCount(), 1, kTimeoutMs);
        QTest::mouseClick(app.find<QPushButton>("syncNowButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("networkMessage").contains("fehlgeschlagen"), kTimeoutMs);
        QVERIFY2(app.text("networkMessage").contains("Verbindung verweigert"),
                 qPrintable(app.text("networkMessage")));

        // A payment without a fee: the node refuses it with its code, in German words.
        QVERIFY(app.wallet.create("pass").isEmpty());
        QString payer;
        QVERIFY(app.wallet.newAddress("payer", &payer).isEmpty());
        QVERIFY(app.mineRewardTo(payer));
        app.openSendTab();
        app.find<QLineEdit>("sendTo")->setText(
            QString::fromStdString(test::bobKey().address().hex()));
        app.find<QLineEdit>("sendAmount")->setText("1");
        auto* fee = app.find<QLineEdit>("sendFee");
        QTRY_VERIFY_WITH_TIMEOUT(!fee->text().isEmpty(), kTimeoutMs); // the estimate came
        fee->clear();
        QTest::keyClicks(fee, "0"); // typed: the fee is the user's, kept as typed
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.find<QPushButton>("sendButton")->isEnabled(), kTimeoutMs);
        QTest::mouseClick(app.find<QPushButton>("sendButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("sendMessage").contains("(min-relay-fee-not-met)"),
                                 kTimeoutMs);
        QVERIFY2(app.text("sendMessage").contains("die Gebühr liegt unter dem Minimum"),
                 qPrintable(app.text("sendMessage")));
    }

    // Create a wallet, mine to its first address, see the balance; lock, unlock, show a key.
    void aNewWalletMinesToItsAddressAndShowsTheBalance() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QAbstractItemModelTester tester(&app.wallet,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        app.window.showPane(ui::MainWindow::Pane::Wallet);
        app.find<QLineEdit>("newPassphrase")->setText("a passphrase");
        app.find<QLineEdit>("repeatPassphrase")->setText("another");
        QTest::mouseClick(app.find<QPushButton>("createWalletButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").contains("differ"));
        QVERIFY(!app.wallet.exists());
        // The words come first, then two of them typed back; only then is there a wallet.
        app.find<QLineEdit>("repeatPassphrase")->setText("a passphrase");
        QTest::mouseClick(app.find<QPushButton>("createWalletButton"), Qt::LeftButton);
        QVERIFY(!app.wallet.exists());
        const QStringList words = app.shownWords();
        QCOMPARE(words.size(), 12);
        QTest::mouseClick(app.find<QPushButton>("wordsWrittenButton"), Qt::LeftButton);
        const auto [first, second] = app.window.findChild<ui::WalletSetup*>()->confirmPositions();
        QVERIFY(first >= 1 && second <= 12 && first < second);
        app.find<QLineEdit>("confirmFirstWord")->setText(words[first - 1]);
        app.find<QLineEdit>("confirmSecondWord")->setText(words[first - 1] + "x");
        QTest::mouseClick(app.find<QPushButton>("confirmWordsButton"), Qt::LeftButton);
        QVERIFY2(app.text("walletMessage").contains("not the one shown"),
                 qPrintable(app.text("walletMessage")));
        QVERIFY(!app.wallet.exists());
        app.find<QLineEdit>("confirmSecondWord")->setText(words[second - 1].toUpper());
        QTest::mouseClick(app.find<QPushButton>("confirmWordsButton"), Qt::LeftButton);
        QVERIFY2(app.wallet.exists(), qPrintable(app.text("walletMessage")));
        QVERIFY(app.wallet.hasRecoveryWords());
        // The file holds the words sealed, not in the clear.
        QFile file(app.dir.filePath("wallet.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains((words[0] + " " + words[1]).toUtf8()));
        // Seen again only for the passphrase, and only with the warning ticked.
        app.find<QLineEdit>("wordsPassphrase")->setText("a passphrase");
        QTest::mouseClick(app.find<QPushButton>("showWordsButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").contains("Tick the warning"));
        app.find<QCheckBox>("understandKeyWarning")->setChecked(true);
        app.find<QLineEdit>("wordsPassphrase")->setText("not it");
        QTest::mouseClick(app.find<QPushButton>("showWordsButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").contains("wrong passphrase"));
        QVERIFY(!app.text("privateKey").contains(words[0]));
        app.find<QLineEdit>("wordsPassphrase")->setText("a passphrase");
        QTest::mouseClick(app.find<QPushButton>("showWordsButton"), Qt::LeftButton);
        QVERIFY2(app.text("privateKey").contains(" 1. " + words[0]),
                 qPrintable(app.text("privateKey")));
        QCOMPARE(app.wallet.rowCount(), 1);
        const QString address = app.wallet.addressAt(0);
        QVERIFY(QFile::exists(app.dir.filePath("wallet.json")));

        // The Mining pane offers the wallet's addresses too.
        auto* pick = app.find<QToolButton>("pickAddressButton");
        QVERIFY(pick->isEnabled());
        emit pick->menu()->aboutToShow();
        QCOMPARE(pick->menu()->actions().size(), 1);
        pick->menu()->actions().first()->trigger();
        QCOMPARE(app.find<QLineEdit>("miningAddress")->text(), address);
        app.find<QLineEdit>("miningAddress")->clear();
        QTest::mouseClick(app.find<QPushButton>("mineToAddressButton"), Qt::LeftButton);
        QCOMPARE(app.window.currentPane(), ui::MainWindow::Pane::Mining);
        QCOMPARE(app.find<QLineEdit>("miningAddress")->text(), address);
        app.clickMineOne();
        QTRY_COMPARE_WITH_TIMEOUT(app.text("walletTotals"),
                                  QString("Confirmed: 50.00000000 coins    Pending: "
                                          "0.00000000 coins"),
                                  kTimeoutMs);
        QCOMPARE(app.wallet.index(0, ui::WalletModel::BalanceColumn).data().toString(),
                 QString("50.00000000"));

        // Locked: no new keys, no private key; a wrong passphrase says so.
        auto* lock = app.find<QPushButton>("lockButton");
        QTest::mouseClick(lock, Qt::LeftButton);
        QVERIFY(app.wallet.locked());
        QVERIFY(!app.find<QPushButton>("newAddressButton")->isEnabled());
        app.find<QLineEdit>("passphrase")->setText("wrong");
        QTest::mouseClick(lock, Qt::LeftButton);
        QVERIFY(app.wallet.locked());
        QVERIFY(app.text("walletMessage").contains("wrong passphrase"));
        app.find<QLineEdit>("passphrase")->setText("a passphrase");
        QTest::mouseClick(lock, Qt::LeftButton);
        QVERIFY(!app.wallet.locked());

        // The private key only behind the warning.
        app.find<QTableView>("walletTable")->selectRow(0);
        QTest::mouseClick(app.find<QPushButton>("showKeyButton"), Qt::LeftButton);
        QVERIFY(app.text("privateKey").isEmpty());
        QVERIFY(app.text("walletMessage").contains("warning"));
        app.find<QCheckBox>("understandKeyWarning")->setChecked(true);
        QTest::mouseClick(app.find<QPushButton>("showKeyButton"), Qt::LeftButton);
        const QString shown = app.text("privateKey");
        const auto key = PrivateKey::fromHex(shown.split(' ').last().toStdString());
        QVERIFY2(key && QString::fromStdString(key->address().hex()) == address, qPrintable(shown));
        // Nothing secret reaches the log (or the settings, which never hold wallet data).
        QTest::qWait(100);
        QVERIFY(app.log
                    .match(app.log.index(0), Qt::DisplayRole, QString::fromStdString(key->hex()), 1,
                           Qt::MatchContains)
                    .isEmpty());
        QVERIFY(
            app.log.match(app.log.index(0), Qt::DisplayRole, "a passphrase", 1, Qt::MatchContains)
                .isEmpty());

        // Another address with a label; an imported key; the same key again is refused.
        app.find<QLineEdit>("newAddressLabel")->setText("savings");
        QTest::mouseClick(app.find<QPushButton>("newAddressButton"), Qt::LeftButton);
        QCOMPARE(app.wallet.rowCount(), 2);
        QCOMPARE(app.wallet.index(1, ui::WalletModel::LabelColumn).data().toString(),
                 QString("savings"));
        for (int i = 0; i < 2; ++i) {
            app.find<QLineEdit>("importKey")
                ->setText(QString::fromStdString(test::aliceKey().hex()));
            QTest::mouseClick(app.find<QPushButton>("importButton"), Qt::LeftButton);
        }
        QCOMPARE(app.wallet.rowCount(), 3);
        QVERIFY(app.text("walletMessage").contains("already has this key"));

        // The file keeps it all, locked, for the next start.
        auto reopened = node::readWalletFile(app.dir.filePath("wallet.json"));
        wallet::Keystore& keys = std::get<node::WalletFile>(reopened).keystore;
        QVERIFY(keys.locked());
        QCOMPARE(keys.keys().size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(keys.keys()[0].address.hex()), address);
        QVERIFY(!keys.unlock("a passphrase"));
    }

    // Send: review (what it spends, the change), confirm; pending, then confirmed by a block.
    void theSendFormPaysAndTheBlockConfirmsIt() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.wallet.create("pass").isEmpty());
        QString payer, payee;
        QVERIFY(app.wallet.newAddress("payer", &payer).isEmpty());
        QVERIFY(app.wallet.newAddress("payee", &payee).isEmpty());
        QVERIFY(app.mineRewardTo(payer));
        app.openSendTab();
        auto* fee = app.find<QLineEdit>("sendFee");
        QTRY_VERIFY_WITH_TIMEOUT(!fee->text().isEmpty(), kTimeoutMs); // the node's estimate
        const Amount feeUnits = *ui::parseCoins(fee->text());
        auto* review = app.find<QPushButton>("reviewButton");
        auto* send = app.find<QPushButton>("sendButton");

        // What is wrong is said, and nothing can be sent.
        app.find<QLineEdit>("sendTo")->setText("nope");
        app.find<QLineEdit>("sendAmount")->setText("12.5");
        QTest::mouseClick(review, Qt::LeftButton);
        QTRY_VERIFY(app.text("sendMessage").contains("40 hex digits"));
        QVERIFY(!send->isEnabled());
        app.find<QLineEdit>("sendTo")->setText(payee);
        app.find<QLineEdit>("sendAmount")->setText("12.123456789");
        QTest::mouseClick(review, Qt::LeftButton);
        QVERIFY(app.text("sendMessage").contains("8 decimals"));
        app.find<QLineEdit>("sendAmount")->setText("60");
        QTest::mouseClick(review, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            app.text("sendMessage")
                .contains("insufficient funds: the wallet has 50.00000000 coins to spend"),
            kTimeoutMs);
        QVERIFY(!send->isEnabled());

        app.find<QLineEdit>("sendAmount")->setText("12.5");
        QTest::mouseClick(review, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kTimeoutMs);
        const QString summary = app.text("sendSummary");
        QVERIFY2(summary.contains("Pay 12.50000000 coins to " + payee), qPrintable(summary));
        QVERIFY2(summary.contains(ui::coinsText(50 * COIN - 1'250'000'000 - feeUnits) +
                                  " coins come back as change"),
                 qPrintable(summary));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("sendMessage").startsWith("Sent: transaction "),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().mempoolTxs, 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.wallet.pendingTotal(), -feeUnits, kTimeoutMs);
        // The History tab: the payment pending (the wallet paid itself, so only the fee left it).
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(2);
        auto* history = app.find<QTableView>("historyTable");
        QAbstractItemModelTester tester(history->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString paymentTxid = app.text("sendMessage").split(' ').value(2);
        auto historyRow = [&](const QString& txid) {
            for (int r = 0; r < history->model()->rowCount(); ++r)
                if (history->model()->index(r, ui::HistoryTab::TxidColumn).data().toString() ==
                    txid)
                    return r;
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(historyRow(paymentTxid) >= 0, kTimeoutMs);
        QCOMPARE(history->model()->index(historyRow(paymentTxid), 0).data().toString(),
                 QString("pending"));
        QCOMPARE(history->model()->index(historyRow(paymentTxid), 1).data().toString(),
                 QString("to yourself"));
        QCOMPARE(history->model()->index(historyRow(paymentTxid), 3).data().toString(),
                 "-" + ui::coinsText(feeUnits));

        app.find<QLineEdit>("miningAddress")->setText(payee);
        app.clickMineOne();
        QTRY_COMPARE_WITH_TIMEOUT(app.wallet.pendingTotal(), Amount(0), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.wallet.confirmedTotal(), 100 * COIN, kTimeoutMs);
        QCOMPARE(app.wallet.index(1, ui::WalletModel::BalanceColumn).data().toString(),
                 ui::coinsText(1'250'000'000 + 50 * COIN + feeUnits));
        // Confirmed now (coinbase, payment, coinbase), and it opens in the Explorer.
        QTRY_COMPARE_WITH_TIMEOUT(history->model()->rowCount(), 3, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            history->model()->index(historyRow(paymentTxid), 4).data().toString(), QString("1"),
            kTimeoutMs);
        QTest::mouseClick(
            history->viewport(), Qt::LeftButton, {},
            history->visualRect(history->model()->index(historyRow(paymentTxid), 0)).center());
        QCOMPARE(app.window.currentPane(), ui::MainWindow::Pane::Explorer);
        QTRY_VERIFY_WITH_TIMEOUT(
            app.find<QTextBrowser>("explorerDetails")->toPlainText().contains(paymentTxid),
            kTimeoutMs);
    }

    // The Network pane with a real daemon as the peer: add it, sync from it, see the chain's
    // work chart and a tx in the mempool table, remove it.
    void theNetworkPaneAddsSyncsAndRemovesAPeer() {
        QTemporaryDir peerDir;
        test::DaemonProcess::Options o;
        o.dataDir = peerDir.path();
        test::DaemonProcess peer(o);
        QString why;
        QVERIFY2(peer.start(&why), qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(peer.post("/mine",
                               test::jsonBytes(test::minerBody(test::aliceKey().address())),
                               {{"Content-Type", "application/json"}})
                         .status,
                     200);

        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.window.showPane(ui::MainWindow::Pane::Network);
        auto* url = app.find<QLineEdit>("peerUrl");
        url->setText("nope");
        QTest::mouseClick(app.find<QPushButton>("addPeerButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("networkMessage").contains("not a node's address"),
                                 kTimeoutMs);
        url->setText(peer.url());
        QTest::mouseClick(app.find<QPushButton>("addPeerButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("networkMessage").startsWith("Added "), kTimeoutMs);
        auto* peers = app.find<QTableView>("peersTable");
        QAbstractItemModelTester tester(peers->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(peers->model()->rowCount(), 1, kTimeoutMs);
        QCOMPARE(peers->model()->index(0, 0).data().toString(), peer.url());

        QTest::mouseClick(app.find<QPushButton>("syncNowButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().height, qint64(2), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("networkMessage").startsWith("Synced with"), kTimeoutMs);
        QVERIFY2(
            app.text("networkMessage").contains(QRegularExpression("3 blocks? received; height 2")),
            qPrintable(app.text("networkMessage")));
        auto* chart = app.window.findChild<QChartView*>();
        QVERIFY(chart);
        // The chain-work line (the app has bar series too: the Mining pane's fee rates).
        const auto isWorkSeries = [](QAbstractSeries* s) {
            const auto* line = qobject_cast<QLineSeries*>(s);
            return line && line->count() == 3;
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QChartView* v : app.window.findChildren<QChartView*>())
                    for (QAbstractSeries* s : v->chart()->series())
                        if (isWorkSeries(s))
                            return true;
                return false;
            }(),
            kTimeoutMs);

        // alice's coinbase, synced from the peer, pays bob through the app's REST API.
        const json::Value utxos =
            test::httpRequest("GET", app.client.status().restUrl + "/utxos/" +
                                         QString::fromStdString(test::aliceKey().address().hex()))
                .json();
        const json::Value& coin = test::array(utxos, "utxos").front();
        const test::Spendable spendable{
            {*Hash256::fromHex(test::text(coin, "txid")),
             std::uint32_t(test::integer(coin, "vout"))},
            {test::integer(coin, "amount"), test::aliceKey().address()}};
        const Transaction pay =
            test::makeSignedSpend({spendable}, test::aliceKey(),
                                  {{spendable.output.amount - 10'000, test::bobKey().address()}});
        QCOMPARE(test::httpRequest("POST", app.client.status().restUrl + "/tx",
                                   test::jsonBytes(txToJson(pay)),
                                   {{"Content-Type", "application/json"}})
                     .status,
                 200);
        auto* mempool = app.find<QTableView>("mempoolTable");
        QTRY_COMPARE_WITH_TIMEOUT(mempool->model()->rowCount(), 1, kTimeoutMs);
        QCOMPARE(mempool->model()->index(0, 0).data().toString(),
                 QString::fromStdString(computeTxid(pay).hex()));

        peers->selectRow(0);
        QTest::mouseClick(app.find<QPushButton>("removePeerButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(peers->model()->rowCount(), 0, kTimeoutMs);
    }

    // The Explorer: blocks newest first, fetched a page at a time; search by height, block hash,
    // txid and address; links lead on.
    void theExplorerFindsBlocksTxsAndAddresses() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        const QString alice = QString::fromStdString(test::aliceKey().address().hex());
        // 1,001 blocks paying alice, built here rather than mined, so that machine speed does
        // not matter.
        test::BlockFactory make;
        std::vector<Block> chain{make.genesis(test::aliceKey().address())};
        for (Block& b : make.chain(chain[0], 1000, test::aliceKey().address()))
            chain.push_back(std::move(b));
        app.node.post([chain](node::NodeInterface& n) {
            for (const Block& b : chain)
                n.submitBlock(b);
        });
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().height, qint64(1000), kTimeoutMs);
        const qint64 tip = 1000;

        ui::ExplorerPage& explorer = app.window.explorerPage();
        ui::BlockListModel& blocks = explorer.blocks();
        QAbstractItemModelTester tester(&blocks,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(blocks.rowCount(), int(tip + 1), kTimeoutMs);
        // Rows come in pages as they are looked at: the newest first, then the oldest.
        QCOMPARE(blocks.index(0, 0).data().toLongLong(), tip);
        QTRY_COMPARE_WITH_TIMEOUT(blocks.hashAt(0), app.client.status().tipHash, kTimeoutMs);
        const int last = blocks.rowCount() - 1;
        QCOMPARE(blocks.index(last, 0).data().toLongLong(), qint64(0));
        QTRY_VERIFY_WITH_TIMEOUT(!blocks.hashAt(last).isEmpty(), kTimeoutMs);
        const QString genesis = blocks.hashAt(last);

        auto* details = app.find<QTextBrowser>("explorerDetails");
        auto shows = [&](const QString& text) { return details->toPlainText().contains(text); };
        explorer.search("0");
        QTRY_VERIFY_WITH_TIMEOUT(shows("Block 0") && shows(genesis), kTimeoutMs);
        explorer.search(genesis.toUpper());
        QTRY_VERIFY_WITH_TIMEOUT(shows("Block 0") && shows("none (genesis)"), kTimeoutMs);
        // The genesis coinbase: found by txid, its merkle proof checked.
        const QString html = details->toHtml();
        const QRegularExpression txLink("tx:([0-9a-f]{64})");
        const QString coinbase = txLink.match(html).captured(1);
        QVERIFY2(!coinbase.isEmpty(), qPrintable(html));
        explorer.search(coinbase);
        QTRY_VERIFY_WITH_TIMEOUT(shows("Transaction") && shows("coinbase"), kTimeoutMs);
        QVERIFY2(shows("checked: position 0 of 1"), qPrintable(details->toPlainText()));
        QVERIFY(shows(QString("%1 confirmations").arg(tip + 1)));
        explorer.openLink("address:" + alice);
        QTRY_VERIFY_WITH_TIMEOUT(shows("Address") && shows(alice), kTimeoutMs);
        QVERIFY(shows(ui::coinsText((tip + 1) * 50 * COIN) + " coins"));
        explorer.search("tx or not");
        QTRY_VERIFY_WITH_TIMEOUT(shows("none of these"), kTimeoutMs);
        explorer.search(QString::number(tip + 5));
        QTRY_VERIFY_WITH_TIMEOUT(shows("no block at height"), kTimeoutMs);
    }

    void aCorruptWalletFileIsReportedAndLeftAlone() {
        QTemporaryDir dir;
        QFile file(dir.filePath("wallet.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a keystore");
        file.close();
        ui::NodeThread node{node::startLocalNode};
        ui::WalletModel wallet(node, file.fileName());
        QVERIFY(!wallet.exists());
        QVERIFY(wallet.loadError().contains("not a MiniBitcoin keystore"));
        QVERIFY(!wallet.create("pass").isEmpty()); // never overwritten
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("not a keystore"));
    }

    // A wallet.json that cannot be written: the new address or key is not shown as kept,
    // the passphrase stays what the file says, and the reason is given.
    void aWalletThatCannotBeSavedKeepsNothingItCannotSave() {
        QTemporaryDir dir;
        const QString path = dir.filePath("wallet.json");
        ui::NodeThread node{node::startLocalNode};
        ui::WalletModel wallet(node, path, wallet::KdfCost{1u << 10, 8, 1});
        QCOMPARE(wallet.create("pass"), QString());
        QCOMPARE(wallet.unlock("pass"), QString());
        QCOMPARE(wallet.newAddress("first"), QString());
        QCOMPARE(wallet.rowCount(), 1);
        // Renaming a new file over a directory fails, even for root.
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkdir(path));
        QVERIFY(wallet.newAddress("second").startsWith("cannot write " + path));
        QVERIFY(wallet.importKey(QString::fromStdString(test::bobKey().hex()), "bob")
                    .startsWith("cannot write"));
        QCOMPARE(wallet.rowCount(), 1);
        QVERIFY(wallet.changePassphrase("pass", "other").startsWith("cannot write"));
        QVERIFY(!wallet.setData(wallet.index(0, ui::WalletModel::LabelColumn), "renamed"));
        QCOMPARE(wallet.data(wallet.index(0, ui::WalletModel::LabelColumn)).toString(),
                 QString("first"));
        // The file comes back: the old passphrase is still the one.
        QVERIFY(QDir().rmdir(path));
        QCOMPARE(wallet.newAddress("third"), QString());
        QCOMPARE(wallet.rowCount(), 2);
        wallet.lock();
        QCOMPARE(wallet.unlock("pass"), QString());
    }

    // An unlocked wallet locks itself after the time the user set without use; each use
    // restarts the clock. The setting (15 minutes unless changed) applies at once.
    void anIdleWalletLocksItself() {
        QTemporaryDir dir;
        ui::NodeThread node{node::startLocalNode};
        ui::WalletModel wallet(node, dir.filePath("wallet.json"), wallet::KdfCost{1u << 10, 8, 1});
        QCOMPARE(wallet.create("pass"), QString());
        QVERIFY(!wallet.locked());
        wallet.setIdleLock(std::chrono::milliseconds(300));
        QTRY_VERIFY_WITH_TIMEOUT(wallet.locked(), kTimeoutMs);
        QCOMPARE(wallet.unlock("pass"), QString());
        QTRY_VERIFY_WITH_TIMEOUT(wallet.locked(), kTimeoutMs);

        App app;
        QCOMPARE(app.wallet.create("pass"), QString());
        app.window.findChild<QAction*>("settingsAction")->trigger();
        auto* dialog = app.window.findChild<ui::SettingsDialog*>("settingsDialog");
        QVERIFY(dialog);
        auto* minutes = dialog->findChild<QSpinBox*>("settingsLockMinutes");
        QCOMPARE(minutes->value(), 15);
        minutes->setValue(2);
        dialog->accept();
        QCOMPARE(ui::AppSettings::load().walletLockMinutesOrDefault(), 2);
        QCOMPARE(app.wallet.idleLock(), std::chrono::milliseconds(std::chrono::minutes(2)));
        QSettings().clear();
        QCOMPARE(ui::AppSettings::load().walletLockMinutesOrDefault(), 15);
    }

    // A line may quote a peer's words: its tooltip shows them as text, not markup, and only the
    // line's own level and category colour it.
    void aLogLineQuotingAPeerIsShownAsText() {
        ui::LogModel log;
        const QString quoting = "2026-12-06T05:00:00.000Z INFO  net: peer http://127.0.0.2:1 did "
                                "not take our address: HTTP 400: <h1 style=\"font-size:60pt\">x "
                                "ERROR chain: reorg: </h1><img src=\"file:///etc/hostname\">";
        const QString error = "2026-12-06T05:00:00.000Z ERROR store: the disk is full";
        const QString warning = "2026-12-06T05:00:00.000Z WARN  net: peer refused";
        const QString reorg = "2026-12-06T05:00:00.000Z INFO  chain: reorg: 2 blocks disconnected";
        log.append({quoting, error, warning, reorg});
        QCOMPARE(log.index(0).data(Qt::ToolTipRole).toString(), quoting.toHtmlEscaped());
        QVERIFY(!log.index(0).data(Qt::ToolTipRole).toString().contains('<')); // no tag at all
        QCOMPARE(log.index(0).data(Qt::DisplayRole).toString(), quoting);
        QVERIFY(!log.index(0).data(Qt::ForegroundRole).isValid());
        QVERIFY(!log.index(0).data(Qt::FontRole).isValid());
        QCOMPARE(log.index(1).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(Qt::red));
        QVERIFY(log.index(2).data(Qt::ForegroundRole).isValid());
        QVERIFY(log.index(3).data(Qt::FontRole).value<QFont>().bold());
    }

    void theLogModelPassesTheModelTester() {
        ui::LogModel log;
        QAbstractItemModelTester tester(&log,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList lines;
        for (int i = 0; i < ui::LogModel::kMaxLines + 3; ++i)
            lines << QStringLiteral("line %1").arg(i);
        log.append(lines.mid(0, 10));
        QCOMPARE(log.rowCount(), 10);
        log.append(lines.mid(10));
        QCOMPARE(log.rowCount(), ui::LogModel::kMaxLines);
        QCOMPARE(log.index(0).data().toString(), QString("line 3")); // the oldest went first
        log.append({"one more"});
        QCOMPARE(log.index(0).data().toString(), QString("line 4"));
        QCOMPARE(log.index(ui::LogModel::kMaxLines - 1).data().toString(), QString("one more"));
        // Lines logged on other threads arrive in order, in batches, on this thread.
        std::thread([] {
            for (int i = 0; i < 100; ++i)
                qCInfo(lcNode) << "from another thread" << i;
        }).join();
        QTRY_VERIFY(log.index(ui::LogModel::kMaxLines - 1)
                        .data()
                        .toString()
                        .endsWith("from another thread 99"));
    }

    // The node's one line a reorg stands out in the Log: bold and coloured.
    void theLogMarksReorgs() {
        ui::LogModel log;
        log.append({"2026-12-01T10:00:00.000Z INFO  chain: connected block 5 ab 1 txs",
                    "2026-12-01T10:00:01.000Z INFO  chain: reorg: 1 blocks disconnected and 2 "
                    "connected above height 4 - tip now 6 cd - 0 txs back to the mempool"});
        QVERIFY(!log.index(0).data(Qt::FontRole).isValid());
        QVERIFY(log.index(1).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(log.index(1).data(Qt::ForegroundRole).isValid());
    }

    void translationsShipForGermanAndSpanish() {
        QStringList langs = ui::availableTranslations();
        langs.sort();
        QCOMPARE(langs, (QStringList{"de", "es"}));
        // English ships its plural forms only.
        QTranslator english;
        QVERIFY(ui::loadTranslation(english, QLocale(QLocale::English)));
        QCOMPARE(english.translate("mbc::ui::OverviewPage", "%n transaction(s)", nullptr, 1),
                 QString("%n transaction"));
        QCOMPARE(english.translate("mbc::ui::OverviewPage", "%n transaction(s)", nullptr, 2),
                 QString("%n transactions"));
        QTranslator french;
        QVERIFY(!ui::loadTranslation(french, QLocale(QLocale::French)));
    }

    void switchingLanguageRetranslatesTheWindow_data() {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("menus");
        QTest::addColumn<QStringList>("panes");
        QTest::newRow("de") << "de_DE" << QStringList{"&Datei", "&Hilfe"}
                            << QStringList{"Übersicht",   "Wallet",   "Mining",    "Explorer",
                                           "Validierung", "Netzwerk", "Protokoll", "Konsole"};
        QTest::newRow("es") << "es_ES" << QStringList{"&Archivo", "A&yuda"}
                            << QStringList{"Resumen",    "Monedero", "Minería",  "Explorador",
                                           "Validación", "Red",      "Registro", "Consola"};
    }
    void switchingLanguageRetranslatesTheWindow() {
        QFETCH(QString, locale);
        QFETCH(QStringList, menus);
        QFETCH(QStringList, panes);
        App app;
        QCOMPARE(menuTitles(app.window), (QStringList{"&File", "&Help"}));
        QTranslator translator;
        QVERIFY(ui::loadTranslation(translator, QLocale(locale)));
        // Installing a translator posts LanguageChange to every window.
        QCoreApplication::installTranslator(&translator);
        QTRY_COMPARE(menuTitles(app.window), menus);
        QCOMPARE(paneNames(app.window), panes);
        QCoreApplication::removeTranslator(&translator);
        QTRY_COMPARE(menuTitles(app.window), (QStringList{"&File", "&Help"}));
        QCOMPARE(paneNames(app.window), (QStringList{"Overview", "Wallet", "Mining", "Explorer",
                                                     "Validation", "Network", "Log", "Console"}));
    }

    void everyStringIsTranslated_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << "minibitcoin_de.ts";
        QTest::newRow("es") << "minibitcoin_es.ts";
    }
    void everyStringIsTranslated() {
        QFETCH(QString, file);
        QFile ts(QString(MBC_SOURCE_DIR) + "/translations/" + file);
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.count("<message") >= 50);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QCOMPARE(text.count("<translation></translation>"), 0);
    }

    void everyPluralHasItsEnglishForms() {
        QFile ts(QString(MBC_SOURCE_DIR) + "/translations/minibitcoin_en.ts");
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        const QString text = QString::fromUtf8(ts.readAll());
        const QRegularExpression unfinishedPlural(
            R"(<message numerus="yes">\s*<source>[^<]*</source>\s*<translation type="unfinished")");
        QVERIFY(text.count("<message numerus=\"yes\">") >= 4);
        QVERIFY2(!unfinishedPlural.match(text).hasMatch(),
                 qPrintable(unfinishedPlural.match(text).captured(0)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
