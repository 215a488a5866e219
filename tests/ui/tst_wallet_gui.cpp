// The Wallet pane's recovery words, coin control and payments to several recipients, on the
// offscreen platform over a real regtest node: what a user does, click by click.
#include <QTest>

#include "consensus/primitives/amount.h"
#include "node/wallet_file.h"
#include "support/cli_process.h"
#include "ui/amount_text.h"
#include "ui/coin_table_model.h"
#include "ui/gui_app.h"
#include "ui/history_tab.h"
#include "ui/notifier.h"
#include "ui/request_table_model.h"
#include "ui/wallet_setup.h"
#include "ui/wallet_tools_tab.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCompleter>
#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>

using namespace mbc;
using test::App;
using test::kTimeoutMs;

namespace {

QString hexOf(const PrivateKey& k) {
    return QString::fromStdString(k.address().hex());
}

} // namespace

class TestWalletGui : public QObject {
    Q_OBJECT

private slots:
    // A wallet made in the pane is lost; its words, typed into a fresh wallet's setup, bring
    // back every address it used and every coin.
    void aLostWalletComesBackFromItsWords() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        const QStringList words = app.createWalletInThePane("pass");
        QVERIFY2(app.wallet.exists(), qPrintable(app.text("walletMessage")));
        QCOMPARE(app.wallet.rowCount(), 1); // its first address
        QString second;
        QVERIFY(app.wallet.newAddress("second", &second).isEmpty());
        QString third;
        QVERIFY(app.wallet.newAddress("unused", &third).isEmpty());
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        QVERIFY(app.mineRewardTo(second));
        const Amount total = app.wallet.confirmedTotal();
        QCOMPARE(total, 100 * COIN);

        // A new wallet file on the same node (the old one is lost), restored in the setup.
        ui::WalletModel restored(app.node, app.dir.filePath("restored.json"),
                                 wallet::KdfCost{1u << 10, 8, 1});
        ui::WalletSetup setup(restored);
        setup.show();
        QString said;
        connect(&setup, &ui::WalletSetup::said, this, [&](const QString& m, bool) { said = m; });
        QSignalSpy finished(&setup, &ui::WalletSetup::finished);
        setup.findChild<QLineEdit*>("newPassphrase")->setText("new pass");
        setup.findChild<QLineEdit*>("repeatPassphrase")->setText("new pass");
        QStringList typo = words;
        typo[4] = typo[4] + "s";
        setup.findChild<QPlainTextEdit*>("restoreWords")->setPlainText(typo.join(' '));
        QTest::mouseClick(setup.findChild<QPushButton*>("restoreWalletButton"), Qt::LeftButton);
        QVERIFY2(said.contains("word 5"), qPrintable(said));
        QVERIFY(!restored.exists());

        setup.findChild<QPlainTextEdit*>("restoreWords")
            ->setPlainText("  " + words.join("  ").toUpper() + "\n");
        QTest::mouseClick(setup.findChild<QPushButton*>("restoreWalletButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        QVERIFY2(restored.exists(), qPrintable(said));
        // The two used addresses (the unused third is beyond the last used one).
        QCOMPARE(restored.rowCount(), 2);
        QCOMPARE(restored.addressAt(0), app.wallet.addressAt(0));
        QCOMPARE(restored.addressAt(1), second);
        QTRY_COMPARE_WITH_TIMEOUT(restored.confirmedTotal(), total, kTimeoutMs);
        QVERIFY(restored.locked() == false);
        QString shown;
        QVERIFY(restored.recoveryWords("new pass", &shown).isEmpty());
        QCOMPARE(shown, words.join(' '));
    }

    // Coins ticked on the Coins tab are exactly what a payment to two recipients spends; a
    // frozen coin is never chosen, and stays frozen in the file.
    void coinControlPaysSeveralRecipients() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.createWalletInThePane("pass");
        QVERIFY(app.wallet.exists());
        const QString mine = app.wallet.addressAt(0);
        QVERIFY(app.mineRewardTo(mine));
        QVERIFY(app.mineRewardTo(mine));

        app.window.showPane(ui::MainWindow::Pane::Wallet);
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(3);
        auto* coinView = app.find<QTableView>("coinTable");
        QAbstractItemModel* coins = coinView->model();
        QAbstractItemModelTester tester(coins,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(coins->rowCount(), 2, kTimeoutMs);
        const auto coinText = [&](int row) {
            auto* model = static_cast<ui::CoinTableModel*>(coins);
            return QString::fromStdString(wallet::outPointText(model->coinAt(row).outpoint));
        };
        const QString ticked = coinText(1), other = coinText(0);
        QVERIFY(coins->setData(coins->index(1, ui::CoinTableModel::UseColumn), Qt::Checked,
                               Qt::CheckStateRole));
        QVERIFY(app.text("coinsHint").startsWith("Ticked: 1, worth 50.00000000 coins."));

        app.openSendTab();
        QVERIFY(
            app.text("sendCoinSource")
                .contains("exactly those ticked on the Coins tab (1, worth 50.00000000 coins)"));
        const QString bob = hexOf(test::bobKey()), carol = hexOf(test::carolKey());
        app.find<QLineEdit>("sendTo")->setText(bob);
        app.find<QLineEdit>("sendAmount")->setText("10");
        QTest::mouseClick(app.find<QPushButton>("addRecipientButton"), Qt::LeftButton);
        app.find<QLineEdit>("sendTo2")->setText(carol);
        app.find<QLineEdit>("sendAmount2")->setText("5");
        app.find<QLineEdit>("sendLabel2")->setText("Carol"); // into the address book once sent
        // The node's estimate is for a payment to one recipient; this one is larger, and the
        // fee grows with it at the node's rate.
        auto* fee = app.find<QLineEdit>("sendFee");
        QTRY_VERIFY_WITH_TIMEOUT(!fee->text().isEmpty(), kTimeoutMs);
        const Amount estimate = *ui::parseCoins(fee->text());
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        auto* send = app.find<QPushButton>("sendButton");
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kTimeoutMs);
        const QString summary = app.text("sendSummary");
        const Amount feeUnits = *ui::parseCoins(fee->text());
        QVERIFY2(feeUnits > estimate, qPrintable(fee->text()));
        QVERIFY2(summary.contains("Pay 10.00000000 coins to " + bob), qPrintable(summary));
        QVERIFY2(summary.contains("Pay 5.00000000 coins to " + carol), qPrintable(summary));
        QVERIFY2(summary.contains("chosen by you"), qPrintable(summary));
        QVERIFY2(summary.contains(ticked + "  50.00000000"), qPrintable(summary));
        QVERIFY2(!summary.contains(other), qPrintable(summary));
        QVERIFY2(
            summary.contains(ui::coinsText(35 * COIN - feeUnits) + " coins come back as change"),
            qPrintable(summary));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("sendMessage").startsWith("Sent: transaction "),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().mempoolTxs, 1, kTimeoutMs);
        // The change went to the wallet's first change address, now one of its keys.
        QCOMPARE(app.wallet.rowCount(), 2);
        QCOMPARE(app.wallet.index(1, ui::WalletModel::LabelColumn).data().toString(),
                 QString("change"));
        QTRY_COMPARE_WITH_TIMEOUT(app.wallet.pendingTotal(), -(15 * COIN + feeUnits), kTimeoutMs);
        QVERIFY(app.text("sendCoinSource").contains("the wallet chooses"));

        // The History tab says what it was, and exports it as CSV.
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(2);
        auto* history = app.find<QTableView>("historyTable")->model();
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 3, kTimeoutMs);
        QCOMPARE(history->index(0, ui::HistoryTab::KindColumn).data().toString(), QString("sent"));
        QCOMPARE(history->index(1, ui::HistoryTab::KindColumn).data().toString(), QString("mined"));
        QCOMPARE(history->index(0, ui::HistoryTab::AmountColumn).data().toString(),
                 ui::coinsText(-(15 * COIN + feeUnits)));
        const QString csvPath = app.dir.filePath("history.csv");
        app.window.findChild<ui::HistoryTab*>()->exportTo(csvPath);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(csvPath), kTimeoutMs);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QString("date,kind,label,counterparty,amount,txid,height"));
        QCOMPARE(app.wallet.labelOf(test::carolKey().address()), QString("Carol"));
        QVERIFY2(lines[1].startsWith("pending,sent,Carol," + bob + " " + carol + "," +
                                     ui::coinsText(-(15 * COIN + feeUnits)) + ","),
                 qPrintable(lines[1]));
        QVERIFY2(
            QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,mined,first address," +
                               mine + ",50.00000000,[0-9a-f]{64},[01]$")
                .match(lines[2])
                .hasMatch(),
            qPrintable(lines[2]));

        // Freeze the other coin: the wallet has nothing left to choose from.
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(3);
        int otherRow = -1;
        for (int r = 0; r < coins->rowCount(); ++r)
            if (coinText(r) == other)
                otherRow = r;
        QVERIFY(otherRow >= 0);
        QVERIFY(coins->setData(coins->index(otherRow, ui::CoinTableModel::FrozenColumn),
                               Qt::Checked, Qt::CheckStateRole));
        QVERIFY(app.wallet.isFrozen(*wallet::parseOutPoint(other.toStdString())));
        QVERIFY(!(coins->flags(coins->index(otherRow, ui::CoinTableModel::UseColumn)) &
                  Qt::ItemIsEnabled));
        app.openSendTab();
        app.find<QLineEdit>("sendTo")->setText(bob);
        app.find<QLineEdit>("sendAmount")->setText("1");
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(app.text("sendMessage")
                                     .contains("insufficient funds: the wallet "
                                               "has 0.00000000 coins"),
                                 kTimeoutMs);
        const auto reread = node::readWalletFile(app.dir.filePath("wallet.json"));
        QVERIFY(std::get<node::WalletFile>(reread).book.frozen.count(
            *wallet::parseOutPoint(other.toStdString())));

        // Thawed, it pays again.
        QVERIFY(app.wallet.setFrozen(*wallet::parseOutPoint(other.toStdString()), false).isEmpty());
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kTimeoutMs);
        QVERIFY(app.text("sendSummary").contains(other));
    }

    // A request on the Receive tab: its link and QR code (read back by a QR decoder, zbarimg),
    // opened as a payment link, paid, and shown paid.
    void aRequestIsPaidAndShowsIt() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.createWalletInThePane("pass");
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(4);
        app.find<QLineEdit>("requestAmount")->setText("2.5");
        app.find<QLineEdit>("requestLabel")->setText("Carol's lunch");
        app.find<QLineEdit>("requestMessage")->setText("<b>thanks</b>");
        QTest::mouseClick(app.find<QPushButton>("createRequestButton"), Qt::LeftButton);
        const QString uri = app.text("requestUri");
        const QString address = app.wallet.addressAt(app.wallet.rowCount() - 1);
        QCOMPARE(uri, "minibitcoin:" + address +
                          "?amount=2.5&label=Carol%27s%20lunch&message=%3Cb%3Ethanks%3C%2Fb%3E");
        QVERIFY(address != app.wallet.addressAt(0)); // a fresh address

        // The QR code says the link.
        const QPixmap qr = app.find<QLabel>("requestQr")->pixmap();
        QVERIFY(!qr.isNull());
        const QString png = app.dir.filePath("request.png");
        QVERIFY(qr.save(png));
        const test::CliRun decoded = test::runProgram("zbarimg", {"--raw", "-q", png});
        QVERIFY2(decoded.exitCode == 0,
                 qPrintable("zbarimg (Debian's zbar-tools): " + decoded.err));
        QCOMPARE(decoded.out.trimmed(), uri);

        auto* requests = app.find<QTableView>("requestTable")->model();
        QAbstractItemModelTester tester(requests,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto state = [&] {
            return requests->index(0, ui::RequestTableModel::StateColumn).data().toString();
        };
        QCOMPARE(requests->rowCount(), 1);
        QCOMPARE(state(), QString("waiting"));
        QCOMPARE(requests->index(0, ui::RequestTableModel::LabelColumn).data().toString(),
                 QString("Carol's lunch"));

        // Opened as a link (as the desktop does), it fills in the Send tab; its text is shown as
        // text, never as markup.
        QSignalSpy paid(&app.wallet, &ui::WalletModel::requestPaid);
        app.window.openPaymentRequest(uri);
        QCOMPARE(app.find<QTabWidget>("walletTabs")->currentIndex(), 1);
        QCOMPARE(app.find<QLineEdit>("sendTo")->text(), address);
        QCOMPARE(app.find<QLineEdit>("sendAmount")->text(), QString("2.50000000"));
        auto* said = app.find<QLabel>("walletMessage");
        QVERIFY2(said->text().contains("Message: <b>thanks</b>"), qPrintable(said->text()));
        QCOMPARE(said->textFormat(), Qt::PlainText);
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        auto* send = app.find<QPushButton>("sendButton");
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kTimeoutMs);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(state(), QString("paid, unconfirmed"), kTimeoutMs);
        QCOMPARE(paid.size(), 1);
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        QTRY_COMPARE_WITH_TIMEOUT(state(), QString("paid"), kTimeoutMs);
        QCOMPARE(paid.size(), 1); // said once

        // Kept in the wallet file.
        const auto reread = node::readWalletFile(app.dir.filePath("wallet.json"));
        const wallet::WalletBook& book = std::get<node::WalletFile>(reread).book;
        QCOMPARE(book.requests.size(), std::size_t(1));
        QCOMPARE(book.requests[0].message, std::string("<b>thanks</b>"));
        QVERIFY(book.requests[0].paid); // stays paid when its coin is spent

        // A link's text cannot add lines that pass for the app's own.
        app.window.openPaymentRequest("minibitcoin:" + address +
                                      "?message=hi%0APayment%20request%20for%20999%20coins");
        QVERIFY2(!said->text().contains('\n') &&
                     said->text().contains("Message: hi Payment request for 999 coins"),
                 qPrintable(said->text()));
        app.window.openPaymentRequest("minibitcoin:zz?amount=1");
        QVERIFY2(said->text().contains("cannot be used: the address in a payment request"),
                 qPrintable(said->text()));
    }

    // A block this node found and a payment from someone else each say so outside the window
    // (the tray where there is one; offscreen, the status bar).
    void blocksFoundAndPaymentsReceivedAreAnnounced() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        auto* notifier = app.window.findChild<ui::Notifier*>();
        QVERIFY(notifier);
        QSignalSpy notified(notifier, &ui::Notifier::notified);
        app.createWalletInThePane("pass");
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), kTimeoutMs);
        QCOMPARE(notified.first().at(0).toString(), QString("Block found"));
        QCOMPARE(notified.first().at(1).toString(), QString("This node mined block 0."));
        QVERIFY(app.window.statusBar()->currentMessage().startsWith("Block found"));

        // Someone else's wallet on the same node pays this one.
        ui::WalletModel other(app.node, app.dir.filePath("other.json"),
                              wallet::KdfCost{1u << 10, 8, 1});
        QVERIFY(other.create("p").isEmpty());
        QString payer;
        QVERIFY(other.newAddress("payer", &payer).isEmpty());
        app.find<QLineEdit>("miningAddress")->setText(payer);
        app.clickMineOne();
        QTRY_VERIFY_WITH_TIMEOUT((other.refreshBalances(), other.confirmedTotal() == 50 * COIN),
                                 kTimeoutMs);
        std::optional<Transaction> payment;
        other.preparePayment({{app.wallet.addressAt(0), 5 * COIN}}, 1000, 0, std::nullopt,
                             [&](ui::WalletModel::Prepared p) {
                                 if (auto* built = std::get_if<wallet::Payment>(&p))
                                     payment = built->tx;
                             });
        QTRY_VERIFY_WITH_TIMEOUT(payment.has_value(), kTimeoutMs);
        QString sentTxid;
        other.submitPayment(*payment,
                            [&](const QString& txid, const QString&) { sentTxid = txid; });
        QTRY_VERIFY_WITH_TIMEOUT(!sentTxid.isEmpty(), kTimeoutMs);
        notified.clear();
        app.find<QLineEdit>("miningAddress")->setText(payer); // confirmed by the other's block
        app.clickMineOne();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(notified.begin(), notified.end(),
                        [](const QList<QVariant>& n) { return n.at(0) == "Payment received"; }),
            kTimeoutMs);
        for (const QList<QVariant>& n : notified)
            if (n.at(0) == "Payment received")
                QCOMPARE(n.at(1).toString(), "5.00000000 coins reached the wallet (transaction " +
                                                 sentTxid.left(16) + ").");
    }

    // The Backup and signing tab: a backup that restores elsewhere, a changed passphrase, and a
    // message signed in the app that verifies there and in minibitcoin-cli alike.
    void backupsPassphrasesAndSignedMessages() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.createWalletInThePane("pass");
        const QString address = app.wallet.addressAt(0);
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(5);

        app.find<QPlainTextEdit>("signMessageText")->setPlainText("I, the owner, agree.");
        QTest::mouseClick(app.find<QPushButton>("signButton"), Qt::LeftButton);
        const QString signature = app.find<QLineEdit>("signatureOut")->text();
        QCOMPARE(signature.size(), 88);
        app.find<QLineEdit>("verifyAddress")->setText(address);
        app.find<QPlainTextEdit>("verifyMessageText")->setPlainText("I, the owner, agree.");
        app.find<QLineEdit>("verifySignature")->setText(signature);
        QTest::mouseClick(app.find<QPushButton>("verifyButton"), Qt::LeftButton);
        QVERIFY2(app.text("walletMessage").startsWith("Valid: the key of " + address),
                 qPrintable(app.text("walletMessage")));
        app.find<QPlainTextEdit>("verifyMessageText")->setPlainText("I, the owner, agree!");
        QTest::mouseClick(app.find<QPushButton>("verifyButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").startsWith("not valid"));
        const test::CliRun cli =
            test::runCli({"wallet", "verify-message", address, signature, "I, the owner, agree."});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));

        app.find<QLineEdit>("currentPassphrase")->setText("wrong");
        app.find<QLineEdit>("changedPassphrase")->setText("new pass");
        app.find<QLineEdit>("repeatChangedPassphrase")->setText("new pass");
        QTest::mouseClick(app.find<QPushButton>("changePassphraseButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").contains("wrong"));
        app.find<QLineEdit>("currentPassphrase")->setText("pass");
        app.find<QLineEdit>("changedPassphrase")->setText("new pass");
        app.find<QLineEdit>("repeatChangedPassphrase")->setText("new pass");
        QTest::mouseClick(app.find<QPushButton>("changePassphraseButton"), Qt::LeftButton);
        QVERIFY2(app.text("walletMessage").startsWith("The passphrase is changed"),
                 qPrintable(app.text("walletMessage")));

        const QString backup = app.dir.filePath("backup.json");
        app.window.findChild<ui::WalletToolsTab*>()->backUpTo(app.wallet.filePath());
        QVERIFY(app.text("walletMessage").contains("elsewhere"));
        app.window.findChild<ui::WalletToolsTab*>()->backUpTo(backup);
        QVERIFY2(app.text("walletMessage").startsWith("The wallet is backed up"),
                 qPrintable(app.text("walletMessage")));

        ui::WalletModel restored(app.node, app.dir.filePath("restored.json"),
                                 wallet::KdfCost{1u << 10, 8, 1});
        ui::WalletSetup setup(restored);
        QSignalSpy finished(&setup, &ui::WalletSetup::finished);
        QString said;
        connect(&setup, &ui::WalletSetup::said, this, [&](const QString& m, bool) { said = m; });
        setup.restoreBackup(backup);
        QVERIFY2(said.contains("backup's passphrase"), qPrintable(said));
        setup.findChild<QLineEdit*>("newPassphrase")->setText("pass"); // the old one: refused
        setup.findChild<QLineEdit*>("repeatPassphrase")->setText("pass");
        setup.restoreBackup(app.dir.filePath("missing.json"));
        QVERIFY(finished.isEmpty() && !restored.exists());
        setup.restoreBackup(backup);
        QVERIFY2(said.contains("wrong passphrase"), qPrintable(said));
        QVERIFY(finished.isEmpty() && !restored.exists());
        QVERIFY(!QFile::exists(app.dir.filePath("restored.json")));
        setup.findChild<QLineEdit*>("newPassphrase")->setText("new pass");
        setup.findChild<QLineEdit*>("repeatPassphrase")->setText("new pass");
        setup.restoreBackup(backup);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(restored.addressAt(0), address);
        QVERIFY(!restored.locked());
        QVERIFY(QFile::exists(app.dir.filePath("restored.json")));
    }

    // The address book: a contact saved on its tab completes the Send tab's address from part
    // of its name, and names the payment in History.
    void contactsCompleteAddressesAndNamePayments() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.createWalletInThePane("pass");
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        const QString bob = hexOf(test::bobKey());
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(6);
        app.find<QLineEdit>("contactName")->setText("Bob the baker");
        app.find<QLineEdit>("contactAddress")->setText("not an address");
        QTest::mouseClick(app.find<QPushButton>("saveContactButton"), Qt::LeftButton);
        QVERIFY(app.text("walletMessage").contains("40 hex digits"));
        app.find<QLineEdit>("contactAddress")->setText(bob);
        QTest::mouseClick(app.find<QPushButton>("saveContactButton"), Qt::LeftButton);
        auto* contacts = app.find<QTableView>("contactTable");
        QCOMPARE(contacts->model()->rowCount(), 1);
        contacts->selectRow(0);
        QTest::mouseClick(app.find<QPushButton>("payContactButton"), Qt::LeftButton);
        QCOMPARE(app.find<QTabWidget>("walletTabs")->currentIndex(), 1);
        QCOMPARE(app.find<QLineEdit>("sendTo")->text(), bob);

        auto* to = app.find<QLineEdit>("sendTo");
        to->clear();
        QCompleter* completer = to->completer();
        completer->setCompletionPrefix("BAKER");
        QCOMPARE(completer->completionCount(), 1);
        emit completer->activated(completer->currentCompletion());
        QCOMPARE(to->text(), bob);
        app.find<QLineEdit>("sendAmount")->setText("1");
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        auto* send = app.find<QPushButton>("sendButton");
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kTimeoutMs);
        QTest::mouseClick(send, Qt::LeftButton);
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(2);
        auto* history = app.find<QTableView>("historyTable")->model();
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 2, kTimeoutMs);
        QCOMPARE(history->index(0, ui::HistoryTab::LabelColumn).data().toString(),
                 QString("Bob the baker"));
        // A name that looks like markup shows as text in its tooltip too (Qt would render it).
        app.find<QTabWidget>("walletTabs")->setCurrentIndex(6);
        app.find<QLineEdit>("contactName")->setText("<b>Eve</b>");
        app.find<QLineEdit>("contactAddress")->setText(hexOf(test::carolKey()));
        QTest::mouseClick(app.find<QPushButton>("saveContactButton"), Qt::LeftButton);
        QCOMPARE(contacts->model()->index(0, 0).data().toString(), QString("<b>Eve</b>"));
        QCOMPARE(contacts->model()->index(0, 0).data(Qt::ToolTipRole).toString(),
                 QString("&lt;b&gt;Eve&lt;/b&gt;"));

        const auto reread = node::readWalletFile(app.dir.filePath("wallet.json"));
        QCOMPARE(std::get<node::WalletFile>(reread).book.contacts.size(), std::size_t(2));

        // File → Restore a wallet… with a wallet open says how, and changes nothing.
        app.window.findChild<QAction*>("restoreWalletAction")->trigger();
        QVERIFY2(app.text("walletMessage").startsWith("A wallet is open here"),
                 qPrintable(app.text("walletMessage")));

        // The file is this app's while it runs: another (or minibitcoin-cli) does not write it.
        ui::WalletModel second(app.node, app.dir.filePath("wallet.json"));
        QVERIFY2(second.loadError().contains("another MiniBitcoin"),
                 qPrintable(second.loadError()));
        // A wallet in a folder others can change could be one of theirs: it is not read.
        QTemporaryDir shared;
        QVERIFY(QFile::copy(app.dir.filePath("wallet.json"), shared.filePath("wallet.json")));
        QVERIFY(QFile::setPermissions(shared.path(), QFileDevice::Permissions(0x7777)));
        ui::WalletModel planted(app.node, shared.filePath("wallet.json"));
        QVERIFY2(planted.loadError().contains("the folder " + shared.path() +
                                              " (or one above it) belongs to another user, or "
                                              "others can change it"),
                 qPrintable(planted.loadError()));
        QVERIFY(!planted.exists());
        QVERIFY(!second.exists());
        const test::CliRun cli = test::runCli(
            {"wallet", "new-address", "--wallet", app.dir.filePath("wallet.json")}, "pass\n");
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.err.contains("is open in another MiniBitcoin"), qPrintable(cli.err));
    }
};

QTEST_MAIN(TestWalletGui)
#include "tst_wallet_gui.moc"
