// The orphan pool on its own: bounds in blocks and bytes with the oldest evicted first, several
// bodies per hash (a mutated copy must not shut the honest one out) within a cap, and children
// handed back in arrival order.
#include <QTest>

#include "chain/orphan_pool.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/block_factory.h"
#include "support/block_mutations.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

class TestOrphanPool : public QObject {
    Q_OBJECT

    BlockFactory make_;
    PubKeyHash alice_ = aliceKey().address();

private slots:
    void evictsTheOldestPastItsCount() {
        OrphanPool pool(2, 1'000'000);
        const Block g = make_.genesis(alice_);
        const auto blocks = make_.chain(g, 3, alice_);
        for (const Block& b : blocks)
            QVERIFY(pool.add(blockHash(b.header), b, 100));
        QCOMPARE(pool.size(), std::size_t(2));
        QCOMPARE(pool.bytes(), std::size_t(200));
        QVERIFY(!pool.contains(blockHash(blocks[0].header)));
        QVERIFY(pool.contains(blockHash(blocks[2].header)));
    }

    void evictsTheOldestPastItsBytes() {
        OrphanPool pool(10, 250);
        const Block g = make_.genesis(alice_);
        const auto blocks = make_.chain(g, 3, alice_);
        QVERIFY(pool.add(blockHash(blocks[0].header), blocks[0], 100));
        QVERIFY(pool.add(blockHash(blocks[1].header), blocks[1], 100));
        QVERIFY(pool.add(blockHash(blocks[2].header), blocks[2], 100));
        QCOMPARE(pool.size(), std::size_t(2));
        QVERIFY(pool.bytes() <= 250);
        QVERIFY(!pool.add(blockHash(g.header), g, 251)); // larger than the whole pool
    }

    void keepsSeveralBodiesOfOneHash() {
        OrphanPool pool(100, 1'000'000);
        const Block g = make_.genesis(alice_);
        const Transaction pay =
            makeSignedSpend({{{computeTxid(g.transactions[0]), 0}, g.transactions[0].outputs[0]}},
                            aliceKey(), {{COIN, alice_}});
        const Block honest = make_.child(g, alice_, {pay}, 49 * COIN);
        const Hash256 hash = blockHash(honest.header);
        const Block copy = mutated(honest, Mutation::Signature);
        QVERIFY(pool.add(hash, copy, 300));
        QVERIFY(!pool.add(hash, copy, 300)); // the very same body
        QVERIFY(pool.add(hash, honest, 300));
        QVERIFY(pool.holds(hash, honest));
        const auto children = pool.takeChildrenOf(blockHash(g.header));
        QCOMPARE(children.size(), std::size_t(2));
        QVERIFY(children[0] == copy); // arrival order
        QVERIFY(children[1] == honest);
        QCOMPARE(pool.size(), std::size_t(0));
        QCOMPARE(pool.bytes(), std::size_t(0));
    }

    void capsTheBodiesPerHash() {
        OrphanPool pool(100, 1'000'000);
        const Block g = make_.genesis(alice_);
        Block b = make_.child(g, alice_);
        const Hash256 hash = blockHash(b.header);
        std::vector<Block> copies;
        for (std::uint8_t i = 0; i < OrphanPool::kMaxBodiesPerHash + 1; ++i) {
            copies.push_back(b);
            copies.back().transactions[0].inputs[0].signature = {i};
            QCOMPARE(pool.add(hash, copies.back(), 100), i < OrphanPool::kMaxBodiesPerHash);
        }
        QCOMPARE(pool.size(), OrphanPool::kMaxBodiesPerHash);
        QVERIFY(pool.holds(hash, copies.front())); // no copy pushes out one held
        QVERIFY(!pool.holds(hash, copies.back()));
        const auto bodies = pool.takeBodiesOf(hash);
        QCOMPARE(bodies.size(), OrphanPool::kMaxBodiesPerHash);
        QVERIFY(bodies.front() == copies.front());
        QCOMPARE(pool.size(), std::size_t(0));
    }

    // Forged copies offered by anyone cannot keep out a body a sync brought: it takes the
    // newest other copy's place when the hash is full, and comes first.
    void aPreferredBodyFindsRoomAndGoesFirst() {
        OrphanPool pool(100, 1'000'000);
        const Block g = make_.genesis(alice_);
        const Block b = make_.child(g, alice_);
        const Hash256 hash = blockHash(b.header);
        std::vector<Block> copies;
        for (std::uint8_t i = 0; i < OrphanPool::kMaxBodiesPerHash; ++i) {
            copies.push_back(b);
            copies.back().transactions[0].inputs[0].signature = {i};
            QVERIFY(pool.add(hash, copies.back(), 100));
        }
        QVERIFY(!pool.add(hash, b, 100));
        QVERIFY(pool.add(hash, b, 100, true));
        QCOMPARE(pool.size(), OrphanPool::kMaxBodiesPerHash);
        QVERIFY(!pool.holds(hash, copies.back())); // the newest copy made room
        QVERIFY(pool.takeFirstBodyOf(hash) == b);
        QVERIFY(pool.takeFirstBodyOf(hash) == copies.front()); // then the oldest
    }
};

QTEST_APPLESS_MAIN(TestOrphanPool)
#include "tst_orphan_pool.moc"
