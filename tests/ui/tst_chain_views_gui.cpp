// The Mining pane's Next block and Difficulty tabs offscreen over a real in-process node: the
// mempool's fee-rate histogram and the projection (what goes in, what waits and why), and the
// difficulty chart with the next retarget on a retargeting network and on regtest.
#include <QTest>

#include "consensus/serialize/tx_serialize.h"
#include "ui/difficulty_panel.h"
#include "ui/gui_app.h"
#include "ui/mining_page.h"
#include "ui/next_block_model.h"
#include "ui/next_block_panel.h"
#include "ui/translations.h"

#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTranslator>

using namespace mbc;
using namespace mbc::test;

namespace {

// Alice's coinbase of the block at `height` she mined with the Mining pane (no fees).
Spendable aliceCoinbase(std::uint32_t height) {
    const Transaction cb = makeCoinbase(height, 50 * COIN, aliceKey().address());
    return {{computeTxid(cb), 0}, cb.outputs[0]};
}

Transaction payBob(const Spendable& coin, Amount fee) {
    return makeSignedSpend({coin}, aliceKey(), {{coin.output.amount - fee, bobKey().address()}});
}

// Blocks in the next block and waiting, over every band of the histogram.
std::pair<qreal, qreal> barTotals(App& app) {
    auto* chart = app.find<QChartView>("feeRateChart")->chart();
    auto* series = qobject_cast<QStackedBarSeries*>(chart->series().value(0));
    if (!series || series->count() != 2)
        return {-1, -1};
    qreal in = 0, out = 0;
    for (int i = 0; i < series->barSets()[0]->count(); ++i) {
        in += series->barSets()[0]->at(i);
        out += series->barSets()[1]->at(i);
    }
    return {in, out};
}

bool mineBlocks(App& app, int count) {
    for (int i = 0; i < count; ++i) {
        const qint64 before = app.client.status().height;
        app.clickMineOne();
        if (!QTest::qWaitFor([&] { return app.client.status().height == before + 1; }, kTimeoutMs))
            return false;
    }
    return true;
}

} // namespace

class TestChainViewsGui : public QObject {
    Q_OBJECT

    QTranslator english_; // as the app in an English locale: "1 transaction", "8 blocks"

private slots:
    void initTestCase() {
        QVERIFY(ui::loadTranslation(english_, QLocale(QLocale::English)));
        QCoreApplication::installTranslator(&english_);
    }

    void theNextBlockTabShowsWhatGoesInAndWhatWaits() {
        App app(0, {}, {}, {.maxBlockTxs = 1});
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        QVERIFY(mineBlocks(app, 1));

        // Two payments; one tx a block: the better rate goes in, the other waits.
        const Transaction rich = payBob(aliceCoinbase(1), 100'000);
        const Transaction poor = payBob(aliceCoinbase(0), 1'000);
        for (const Transaction& tx : {rich, poor})
            app.node.post([tx](node::NodeInterface& n) { QVERIFY(n.submitTransaction(tx).ok()); });
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().mempoolTxs, 2, kTimeoutMs);

        auto& panel = app.window.findChild<ui::MiningPage*>()->nextBlock();
        QSignalSpy shown(&panel, &ui::NextBlockPanel::shown);
        app.find<QTabWidget>("miningTabs")->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && panel.projection().rowCount() == 2,
                                 kTimeoutMs);
        QAbstractItemModelTester tester(&panel.projection(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto& table = panel.projection();
        const int last = table.columnCount() - 1;
        QCOMPARE(table.cell(0, 0), QString::fromStdString(computeTxid(rich).hex()));
        QVERIFY2(table.cell(0, last).contains("goes in"), qPrintable(table.cell(0, last)));
        QCOMPARE(table.cell(1, 0), QString::fromStdString(computeTxid(poor).hex()));
        QVERIFY2(table.cell(1, last).contains("the block is full (1 transaction at most)"),
                 qPrintable(table.cell(1, last)));
        const QString summary = app.text("nextBlockSummary");
        QVERIFY2(summary.contains("Block 2 would take 1 of the 2 transactions") &&
                     summary.contains("1 wait"),
                 qPrintable(summary));
        QCOMPARE(barTotals(app), std::make_pair(qreal(1), qreal(1)));

        // Mined: the poor one goes in next, and nothing waits.
        shown.clear();
        app.find<QTabWidget>("miningTabs")->setCurrentIndex(0);
        QVERIFY(mineBlocks(app, 1));
        app.find<QTabWidget>("miningTabs")->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(panel.projection().rowCount() == 1 &&
                                     panel.projection().cell(0, 0) ==
                                         QString::fromStdString(computeTxid(poor).hex()),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(barTotals(app), std::make_pair(qreal(1), qreal(0)), kTimeoutMs);
    }

    void theDifficultyTabChartsRetargets() {
        App app(0, {}, {}, {.retargeting = true});
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        QVERIFY(mineBlocks(app, 12)); // heights 1..12: a retarget at 10, blocks far too fast

        auto& panel = app.window.findChild<ui::MiningPage*>()->difficulty();
        QSignalSpy shown(&panel, &ui::DifficultyPanel::shown);
        app.find<QTabWidget>("miningTabs")->setCurrentIndex(2);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeoutMs);
        const node::DifficultyView& v = panel.view();
        QCOMPARE(v.nextHeight, std::int64_t(13));
        QCOMPARE(v.nextRetargetHeight, std::int64_t(20));
        QVERIFY2(app.text("difficultyRetarget").contains("Next retarget: block 20, in 8 blocks"),
                 qPrintable(app.text("difficultyRetarget")));
        QVERIFY2(app.text("difficultyNext").contains("Block 13") &&
                     app.text("difficultyNext")
                         .contains(QString::fromStdString(v.nextTarget.toHexQuantity())),
                 qPrintable(app.text("difficultyNext")));
        // Blocks came far faster than every 10 s: the projection is harder, by the clamp's 4x.
        const QString projection = app.text("difficultyProjection");
        QVERIFY2(projection.contains("Over the last 10 blocks") && projection.contains("harder") &&
                     projection.contains(QString::fromStdString(v.projectedTarget.toHexQuantity())),
                 qPrintable(projection));

        // The chart: one point a block, the work 4x (integer arithmetic: a little more) from 10.
        auto* chart = app.find<QChartView>("difficultyChart")->chart();
        auto* series = qobject_cast<QLineSeries*>(chart->series().value(0));
        QVERIFY(series);
        QCOMPARE(series->count(), 13);
        QCOMPARE(series->at(12).x(), 12.0);
        const double ratio = series->at(10).y() / series->at(9).y();
        QVERIFY2(ratio > 3.9 && ratio < 4.2, qPrintable(QString::number(ratio)));
    }

    void regtestNeverRetargets() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        auto& panel = app.window.findChild<ui::MiningPage*>()->difficulty();
        QSignalSpy shown(&panel, &ui::DifficultyPanel::shown);
        app.find<QTabWidget>("miningTabs")->setCurrentIndex(2);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeoutMs);
        QVERIFY2(app.text("difficultyRetarget").contains("never retargets"),
                 qPrintable(app.text("difficultyRetarget")));
        QVERIFY(app.text("difficultyProjection").isEmpty());
    }
};

QTEST_MAIN(TestChainViewsGui)
#include "tst_chain_views_gui.moc"
