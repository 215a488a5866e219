// The Validation pane (the validation X-ray) offscreen over a real in-process node: a block
// opened from the Explorer with every rule passing, the lab changing one field at a time and
// the rule that catches it selected, a pasted payment and its broken signature, and input that
// is not a block or transaction.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/logging.h"
#include "ui/explorer_page.h"
#include "ui/gui_app.h"
#include "ui/rule_step_table_model.h"
#include "ui/validation_page.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QListView>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>

using namespace mbc;
using namespace mbc::test;

namespace {

// The rule of the row the steps table has selected.
std::optional<RuleId> selectedRule(App& app) {
    auto* view = app.find<QTableView>("validationSteps");
    const QModelIndex current = view->currentIndex();
    const auto& steps = app.window.validationPage().steps().steps();
    if (!current.isValid() || current.row() >= int(steps.size()))
        return std::nullopt;
    return steps[std::size_t(current.row())].rule;
}

} // namespace

class TestValidationGui : public QObject {
    Q_OBJECT

    // Waits for the next dry run the pane shows.
    static bool nextReport(App& app, const std::function<void()>& action) {
        QSignalSpy shown(&app.window.validationPage(), &ui::ValidationPage::reportShown);
        action();
        return shown.wait(kTimeoutMs) || shown.count() > 0;
    }

    static void change(App& app, ui::ValidationLab::Change c, bool reseal) {
        auto* changes = app.find<QComboBox>("validationChange");
        changes->setCurrentIndex(changes->findData(int(c)));
        QVERIFY(changes->currentIndex() >= 0);
        app.find<QCheckBox>("validationReseal")->setChecked(reseal);
        QVERIFY(nextReport(app, [&] {
            QTest::mouseClick(app.find<QPushButton>("validationApplyButton"), Qt::LeftButton);
        }));
    }

    static void expectCaughtBy(App& app, RuleId rule, const char* code) {
        const auto& report = app.window.validationPage().report();
        QVERIFY(report && !report->valid());
        QCOMPARE(std::string(report->failure->codeName()), std::string(code));
        QVERIFY2(app.text("validationVerdict").contains(code),
                 qPrintable(app.text("validationVerdict")));
        QCOMPARE(selectedRule(app), std::optional<RuleId>(rule));
        const QString facts = app.find<QTextBrowser>("validationFacts")->toPlainText();
        QVERIFY2(facts.contains("FAILED"), qPrintable(facts));
    }

private slots:
    void aBlockFromTheExplorerPassesEveryRuleAndTheLabBreaksIt() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        // Block 1 (a genesis block other than the chain's own would get its header and
        // structure rules only).
        app.clickMineOne();
        QTRY_COMPARE_WITH_TIMEOUT(app.text("statusHeight"), QString("Height: 1"), kTimeoutMs);
        const QString tip = app.client.status().tipHash;

        // The Explorer's block page links to the X-ray.
        app.window.showPane(ui::MainWindow::Pane::Explorer);
        app.window.explorerPage().search("1");
        QTRY_VERIFY_WITH_TIMEOUT(
            app.find<QTextBrowser>("explorerDetails")->toHtml().contains("check:block:" + tip),
            kTimeoutMs);
        QVERIFY(nextReport(app, [&] { app.window.explorerPage().openLink("check:block:" + tip); }));
        QCOMPARE(app.window.currentPane(), ui::MainWindow::Pane::Validation);
        QAbstractItemModelTester tester(&app.window.validationPage().steps());

        const auto& report = app.window.validationPage().report();
        QVERIFY(report && report->valid());
        QCOMPARE(QString::fromStdString(report->id.hex()), tip);
        const ui::RuleStepTableModel& steps = app.window.validationPage().steps();
        QCOMPARE(steps.failingRow(), -1);
        QVERIFY(steps.rowCount() >= 10);
        QCOMPARE(steps.steps().front().rule, RuleId::ParentKnown);
        QVERIFY2(app.text("validationVerdict").startsWith("Valid block"),
                 qPrintable(app.text("validationVerdict")));
        QVERIFY(app.find<QTextBrowser>("validationFacts")->toPlainText().contains("prev_hash"));
        // Another rule's values, by selecting its row.
        auto* view = app.find<QTableView>("validationSteps");
        for (int row = 0; row < steps.rowCount(); ++row)
            if (steps.steps()[std::size_t(row)].rule == RuleId::ProofOfWork)
                view->selectRow(row);
        QVERIFY(app.find<QTextBrowser>("validationFacts")->toPlainText().contains(tip));

        // The lab: each change, and the rule that now fails, selected with its values.
        change(app, ui::ValidationLab::Change::TimestampAhead, true);
        expectCaughtBy(app, RuleId::TimeNotTooNew, "time-too-new");
        QVERIFY2(app.text("validationChanged").contains("sealed again"),
                 qPrintable(app.text("validationChanged")));
        change(app, ui::ValidationLab::Change::NonceMiss, false);
        expectCaughtBy(app, RuleId::ProofOfWork, "high-hash");
        change(app, ui::ValidationLab::Change::TargetHalved, false);
        expectCaughtBy(app, RuleId::Target, "bad-target");
        // A changed amount: without sealing again the merkle root gives it away; sealed again,
        // the coinbase pays more than the reward.
        change(app, ui::ValidationLab::Change::OutputAmount, false);
        expectCaughtBy(app, RuleId::MerkleRoot, "bad-txnmrklroot");
        change(app, ui::ValidationLab::Change::OutputAmount, true);
        expectCaughtBy(app, RuleId::CoinbaseAmount, "bad-cb-amount");
        // The chain never moved.
        QCOMPARE(app.client.status().height, qint64(1));
    }

    void aPastedPaymentAndItsBrokenSignature() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        const QString genesis = app.client.status().tipHash;
        QVERIFY(nextReport(
            app, [&] { app.window.validationPage().openLink("check:block:" + genesis); }));
        const QByteArray blockJson =
            app.find<QPlainTextEdit>("validationInput")->toPlainText().toUtf8();
        const auto block = blockFromJson(*parseJson(blockJson.toStdString()));
        QVERIFY(block.ok());
        const Spendable coin{OutPoint{computeTxid(block->transactions[0]), 0},
                             block->transactions[0].outputs[0]};
        const Transaction pay =
            makeSignedSpend({coin}, aliceKey(),
                            {{10 * COIN, bobKey().address()},
                             {coin.output.amount - 10 * COIN - 5000, aliceKey().address()}});

        app.find<QPlainTextEdit>("validationInput")
            ->setPlainText(QString::fromStdString(json::write(txToJson(pay))));
        QVERIFY(nextReport(app, [&] {
            QTest::mouseClick(app.find<QPushButton>("validationCheckButton"), Qt::LeftButton);
        }));
        const auto& report = app.window.validationPage().report();
        QVERIFY2(report && report->valid(), qPrintable(app.text("validationVerdict")));
        QCOMPARE(report->fee, std::optional<Amount>(5000));
        QVERIFY2(app.text("validationVerdict").contains("Fee: 0.00005000 coins"),
                 qPrintable(app.text("validationVerdict")));
        QCOMPARE(app.client.status().mempoolTxs, 0); // a dry run

        change(app, ui::ValidationLab::Change::SignatureBit, false);
        expectCaughtBy(app, RuleId::InputSignature, "bad-txns-signature-invalid");
        change(app, ui::ValidationLab::Change::OutputAmount, false);
        expectCaughtBy(app, RuleId::InputSignature, "bad-txns-signature-invalid");
        // Only a block's header can move: a transaction offers the two payment changes.
        QCOMPARE(app.find<QComboBox>("validationChange")->count(), 2);
    }

    // The Send tab's review offers the payment it signed to the X-ray, before it is sent.
    void aReviewedPaymentOpensInTheXray() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.createWalletInThePane("pass");
        QVERIFY2(app.wallet.exists(), qPrintable(app.text("walletMessage")));
        QVERIFY(app.mineRewardTo(app.wallet.addressAt(0)));
        app.openSendTab();
        app.find<QLineEdit>("sendTo")->setText(QString::fromStdString(bobKey().address().hex()));
        app.find<QLineEdit>("sendAmount")->setText("10");
        QTRY_VERIFY_WITH_TIMEOUT(!app.find<QLineEdit>("sendFee")->text().isEmpty(), kTimeoutMs);
        auto* xray = app.find<QPushButton>("reviewXrayButton");
        QVERIFY(!xray->isEnabled());
        QTest::mouseClick(app.find<QPushButton>("reviewButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(xray->isEnabled(), kTimeoutMs);
        QVERIFY(nextReport(app, [&] { QTest::mouseClick(xray, Qt::LeftButton); }));
        QCOMPARE(app.window.currentPane(), ui::MainWindow::Pane::Validation);
        const auto& report = app.window.validationPage().report();
        QVERIFY2(report && report->valid(), qPrintable(app.text("validationVerdict")));
        QVERIFY(report->subject == node::ValidationReport::Subject::Transaction);
        QCOMPARE(app.client.status().mempoolTxs, 0); // checked, not sent
    }

    // A pasted block may carry any target: on the easiest every nonce meets it, and the lab
    // says so instead of looking forever; on a hard one, sealing again gives up in time.
    void theLabEndsOnAnyTarget() {
        Block easiest;
        easiest.header.target = UInt256::max();
        easiest.transactions.push_back(makeCoinbase(0, 50 * COIN, aliceKey().address()));
        ui::CheckSubject subject = easiest;
        const QString said =
            ui::ValidationLab::apply(ui::ValidationLab::Change::NonceMiss, subject, 0);
        QVERIFY2(said.contains("every nonce tried meets this target"), qPrintable(said));

        Block hardest = easiest;
        hardest.header.target = UInt256(1);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!ui::ValidationLab::reseal(hardest, std::chrono::milliseconds(200)));
        QVERIFY(clock.elapsed() < 20'000); // gave up near its budget, not after 2^32 nonces
        QCOMPARE(ui::ValidationLab::reseal(easiest, std::chrono::milliseconds(200)), true);
    }

    // A block the node refused shows in the Log; double-clicked, it opens in the X-ray (the
    // node keeps the last refused blocks for it), which names the rule it broke.
    void aRefusedBlockInTheLogOpensInTheXray() {
        QVERIFY(node::installLogging("info", {})); // the Log pane hears the node's lines
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        std::optional<Block> genesis;
        app.node.ask<std::optional<Block>>(
            [](node::NodeInterface& n) -> std::optional<Block> {
                const auto hash = n.activeHashAt(0);
                return hash ? n.blockBody(*hash) : std::nullopt;
            },
            &app.window, [&genesis](std::optional<Block> b) { genesis = std::move(b); });
        QTRY_VERIFY_WITH_TIMEOUT(genesis.has_value(), kTimeoutMs);
        // Its header commits to other transactions than it holds: refused before it is
        // stored (only the node's memory of refusals has it).
        Block greedy = blockOn(*genesis, {makeCoinbase(1, 50 * COIN, bobKey().address())});
        greedy.header.merkleRoot = Hash256{};
        mine(greedy.header);
        const QString hash = QString::fromStdString(blockHash(greedy.header).hex());
        app.node.post([greedy](node::NodeInterface& n) { n.submitBlock(greedy); });

        app.window.showPane(ui::MainWindow::Pane::Log);
        auto* view = app.find<QListView>("logView");
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < view->model()->rowCount(); ++r)
                    if (view->model()->index(r, 0).data().toString().contains("refused block " +
                                                                              hash))
                        row = r;
                return row >= 0;
            }(),
            kTimeoutMs);
        const QModelIndex line = view->model()->index(row, 0);
        view->scrollTo(line);
        QVERIFY(nextReport(app, [&] {
            const QPoint at = view->visualRect(line).center();
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        }));
        QCOMPARE(app.window.currentPane(), ui::MainWindow::Pane::Validation);
        expectCaughtBy(app, RuleId::MerkleRoot, "bad-txnmrklroot");
    }

    void inputThatIsNeitherSaysSo_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("said");
        QTest::newRow("not json") << "{\"header\": "
                                  << "This is not JSON";
        QTest::newRow("a number") << "42"
                                  << "neither a block";
        QTest::newRow("a broken block") << "{\"header\": {}, \"transactions\": []}"
                                        << "This is not a block";
    }
    void inputThatIsNeitherSaysSo() {
        QFETCH(QString, input);
        QFETCH(QString, said);
        App app;
        app.window.showPane(ui::MainWindow::Pane::Validation);
        app.find<QPlainTextEdit>("validationInput")->setPlainText(input);
        QTest::mouseClick(app.find<QPushButton>("validationCheckButton"), Qt::LeftButton);
        QVERIFY2(app.text("validationVerdict").contains(said),
                 qPrintable(app.text("validationVerdict")));
        QVERIFY(!app.window.validationPage().report());
        QVERIFY(!app.find<QPushButton>("validationApplyButton")->isEnabled());
    }
};

QTEST_MAIN(TestValidationGui)
#include "tst_validation_gui.moc"
