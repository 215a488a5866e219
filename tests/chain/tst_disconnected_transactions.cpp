// The transactions a reorg disconnects, held for the mempool: returned oldest block first and
// in block order, without those the new branch confirms, and within a byte bound that drops
// the highest blocks' transactions first.
#include <QTest>

#include "chain/disconnected_transactions.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

namespace {

// A block of `count` payments (after a dummy coinbase), each spending a distinct outpoint.
Block blockOf(int first, int count) {
    Block b;
    b.transactions.push_back(makeCoinbase(0, 50 * COIN, aliceKey().address()));
    for (int i = first; i < first + count; ++i) {
        Hash256 prev;
        prev.bytes[0] = static_cast<std::uint8_t>(i);
        b.transactions.push_back(makeSignedSpend({{{prev, 0}, {COIN, aliceKey().address()}}},
                                                 aliceKey(), {{COIN / 2, bobKey().address()}}));
    }
    return b;
}

} // namespace

class TestDisconnectedTransactions : public QObject {
    Q_OBJECT
private slots:
    void returnsTheOldestBlockFirst() {
        DisconnectedTransactions pool(1'000'000);
        const Block low = blockOf(1, 2), high = blockOf(10, 2);
        pool.addBlock(high); // a reorg disconnects the tip first
        pool.addBlock(low);
        QCOMPARE(pool.size(), std::size_t(4));
        const std::vector<Hash256> confirmedAgain{computeTxid(high.transactions[1])};
        pool.removeConfirmed(confirmedAgain);
        const auto txs = pool.takeAll();
        QCOMPARE(txs.size(), std::size_t(3));
        QVERIFY(txs[0] == low.transactions[1]);
        QVERIFY(txs[1] == low.transactions[2]);
        QVERIFY(txs[2] == high.transactions[2]);
        QCOMPARE(pool.size(), std::size_t(0));
        QCOMPARE(pool.bytes(), std::size_t(0));
    }

    void dropsTheHighestFirstPastItsBound() {
        const Block b3 = blockOf(30, 2), b2 = blockOf(20, 2), b1 = blockOf(10, 2);
        DisconnectedTransactions lowTwo(1'000'000);
        lowTwo.addBlock(b2);
        lowTwo.addBlock(b1);
        // Room for all of b1 and b2 but one byte: b3 goes, then b2's last transaction.
        const std::size_t bound = lowTwo.bytes() - 1;
        DisconnectedTransactions pool(bound);
        for (const Block* b : {&b3, &b2, &b1})
            pool.addBlock(*b);
        QVERIFY(pool.bytes() <= bound);
        QCOMPARE(pool.evicted(), std::size_t(3));
        const auto txs = pool.takeAll();
        QCOMPARE(txs.size(), std::size_t(3));
        QVERIFY(txs[0] == b1.transactions[1]);
        QVERIFY(txs[1] == b1.transactions[2]);
        QVERIFY(txs[2] == b2.transactions[1]); // b2's last and all of b3 went
    }
};

QTEST_APPLESS_MAIN(TestDisconnectedTransactions)
#include "tst_disconnected_transactions.moc"
