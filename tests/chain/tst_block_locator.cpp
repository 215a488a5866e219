// Block locators: the last ten heights one by one, then doubling steps, always genesis.
#include <QTest>

#include "chain/block_locator.h"

using namespace mbc;

class TestBlockLocator : public QObject {
    Q_OBJECT
private slots:
    void emptyAndShortChains() {
        QVERIFY(locatorHeights(-1).empty());
        QCOMPARE(locatorHeights(0), std::vector<std::uint32_t>{0});
        QCOMPARE(locatorHeights(3), (std::vector<std::uint32_t>{3, 2, 1, 0}));
    }

    void stepsDoubleAfterTenBlocks() {
        const std::vector<std::uint32_t> expected{100, 99, 98, 97, 96, 95, 94, 93,
                                                  92,  91, 89, 85, 77, 61, 29, 0};
        QCOMPARE(locatorHeights(100), expected);
    }

    void longChainsStayShortAndDescending() {
        const auto heights = locatorHeights(10'000'000);
        QVERIFY(heights.size() <= 40); // the REST locator limit is 64 hashes
        QCOMPARE(heights.front(), 10'000'000u);
        QCOMPARE(heights.back(), 0u);
        for (std::size_t i = 1; i < heights.size(); ++i)
            QVERIFY(heights[i] < heights[i - 1]);
    }
};

QTEST_APPLESS_MAIN(TestBlockLocator)
#include "tst_block_locator.moc"
