// How the chain works, in the app offscreen over a real in-process node: the Mining pane's Next
// block tab (the mempool's fee-rate histogram, what goes in and why the rest waits) and
// Difficulty tab (the chart and the next retarget, on a retargeting network and on regtest), and
// the Explorer's Fork tree (branches, the last reorg, orphans).
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "ui/difficulty_panel.h"
#include "ui/explorer_page.h"
#include "ui/fork_tree_panel.h"
#include "ui/fork_tree_widget.h"
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
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTextBrowser>
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

// A block on `parent` at `height` paying bob, a second after it.
Block sideBlock(const Block& parent, std::uint32_t height) {
    return blockOn(parent, {makeCoinbase(height, 50 * COIN, bobKey().address())});
}

QString hexOf(const Block& b) {
    return QString::fromStdString(blockHash(b.header).hex());
}

std::optional<Block> activeBlock(App& app, std::uint32_t height) {
    std::optional<std::optional<Block>> got;
    app.node.ask<std::optional<Block>>(
        [height](node::NodeInterface& n) -> std::optional<Block> {
            const auto hash = n.activeHashAt(height);
            return hash ? n.blockBody(*hash) : std::nullopt;
        },
        &app.window, [&got](std::optional<Block> b) { got = std::move(b); });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, kTimeoutMs))
        return std::nullopt;
    return got ? *got : std::nullopt;
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

    // A side block, a reorg to its branch, and an orphan: the Explorer's Fork tree draws the
    // branches in columns with their statuses, outlines the reorg, lists the orphan, and opens
    // a block clicked.
    void theForkTreeShowsBranchesTheLastReorgAndOrphans() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        QVERIFY(app.mineGenesisFromTheMiningPane());
        QVERIFY(mineBlocks(app, 2));
        const auto one = activeBlock(app, 1);
        const auto two = activeBlock(app, 2);
        QVERIFY(one && two);

        const Block side2 = sideBlock(*one, 2);
        const Block side3 = sideBlock(side2, 3);
        const Block unseen4 = sideBlock(side3, 4);   // never sent
        const Block orphan5 = sideBlock(unseen4, 5); // its parent is unknown
        for (const Block& b : {side2, side3, orphan5})
            app.node.post([b](node::NodeInterface& n) { n.submitBlock(b); });
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().tipHash, hexOf(side3), kTimeoutMs);

        app.window.showPane(ui::MainWindow::Pane::Explorer);
        auto& panel = app.window.explorerPage().forkTree();
        QSignalSpy shown(&panel, &ui::ForkTreePanel::shown);
        app.find<QTabWidget>("explorerTabs")->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && panel.tree().view().orphanCount == 1,
                                 kTimeoutMs);
        const ui::ForkTreeWidget& tree = panel.tree();
        const auto& v = tree.view();
        QCOMPARE(v.tipHeight, std::int64_t(3));
        QCOMPARE(v.blocks.size(), std::size_t(5)); // 0, 1, the old 2, side 2 and side 3
        std::map<QString, node::ForkTreeView::Status> status;
        for (const auto& b : v.blocks)
            status[QString::fromStdString(b.hash.hex())] = b.status;
        using S = node::ForkTreeView::Status;
        QCOMPARE(status[hexOf(side3)], S::Active);
        QCOMPARE(status[hexOf(side2)], S::Active);
        QCOMPARE(status[hexOf(*two)], S::ValidFork);
        // The active chain in the first column, the branch the reorg left in the second.
        QCOMPARE(tree.columnOf(hexOf(side3)), 0);
        QCOMPARE(tree.columnOf(hexOf(*one)), 0);
        QCOMPARE(tree.columnOf(hexOf(*two)), 1);
        QVERIFY(tree.boxes()[hexOf(side3)].top() < tree.boxes()[hexOf(side2)].top());
        QCOMPARE(tree.boxes()[hexOf(*two)].top(), tree.boxes()[hexOf(side2)].top());

        QVERIFY(v.hasReorg);
        QCOMPARE(v.lastReorg.forkHeight, std::int64_t(1));
        QCOMPARE(v.lastReorg.disconnectedHashes, std::vector<Hash256>{blockHash(two->header)});
        QCOMPARE(v.lastReorg.connectedHashes,
                 (std::vector<Hash256>{blockHash(side2.header), blockHash(side3.header)}));
        const QString reorg = app.text("forkTreeReorg");
        QVERIFY2(
            reorg.contains("above height 1, 1 block(s) disconnected (" + hexOf(*two).left(12)) &&
                reorg.contains("2 connected (" + hexOf(side2).left(12)),
            qPrintable(reorg));
        const QString orphans = app.text("forkTreeOrphans");
        QVERIFY2(orphans.contains(hexOf(orphan5).left(12) + "… waits for its parent " +
                                  hexOf(unseen4).left(12)),
                 qPrintable(orphans));

        // A click opens the block on the Blocks tab.
        auto* widget = app.window.findChild<ui::ForkTreeWidget*>("forkTree");
        QTest::mouseClick(widget, Qt::LeftButton, {}, tree.boxes()[hexOf(*two)].center());
        QCOMPARE(app.find<QTabWidget>("explorerTabs")->currentIndex(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            app.find<QTextBrowser>("explorerDetails")->toPlainText().contains(hexOf(*two)),
            kTimeoutMs);

        // A taller tree than the pane scrolls: all of it is there to scroll to.
        app.window.showPane(ui::MainWindow::Pane::Mining);
        QVERIFY(mineBlocks(app, 25));
        app.window.showPane(ui::MainWindow::Pane::Explorer);
        app.find<QTabWidget>("explorerTabs")->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(tree.view().tipHeight == 28, kTimeoutMs);
        QCOMPARE(tree.view().blocks.size(), std::size_t(25)); // 24 below the tip, and the tip
        QVERIFY(widget->height() >= widget->sizeHint().height());
        auto* scroll = qobject_cast<QScrollArea*>(widget->parentWidget()->parentWidget());
        QVERIFY(scroll);
        QVERIFY(scroll->verticalScrollBar()->maximum() > 0);
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
