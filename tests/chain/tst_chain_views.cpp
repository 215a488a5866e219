// The app's views of how the chain works, read from a node in process on each store: the next
// block with why other txs wait and the fee-rate bands, and the difficulty with the next
// retarget's projection.
#include <QTest>

#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/chain_view_builders.h"
#include "node/node.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/test_node_config.h"
#include "support/timeouts.h"

using namespace mbc;
using namespace mbc::test;

namespace {

node::NodeConfig configFor(const TestDatabase& db, const QString& network) {
    node::NodeConfig c = nodeConfigFor(db, network);
    c.maxBlockTxs = 1;
    if (network == "main") // retargeting, from an easy target
        c.genesisTarget = regtestParams().genesisTarget;
    return c;
}

Spendable coinbaseOf(const Block& b) {
    return {OutPoint{computeTxid(b.transactions[0]), 0}, b.transactions[0].outputs[0]};
}

// A tx of `key`'s spending `coin` whose fee is a little over `rate` units per byte (a
// signature's length varies by a byte or two).
Transaction payingRate(const Spendable& coin, const PrivateKey& key, Amount rate) {
    Transaction tx = makeSignedSpend({coin}, key, {{coin.output.amount, bobKey().address()}});
    const Amount fee = rate * static_cast<Amount>(encodedTxSize(tx) + 2);
    return makeSignedSpend({coin}, key, {{coin.output.amount - fee, bobKey().address()}});
}

std::size_t bandFrom(const node::NextBlockView& v, Amount rate) {
    for (std::size_t i = 0; i < v.bands.size(); ++i)
        if (v.bands[i].fromRate == rate)
            return i;
    return v.bands.size();
}

} // namespace

class TestChainViews : public QObject {
    Q_OBJECT

private slots:
    void theNextBlockSaysWhatGoesInAndWhy() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(configFor(*db, "regtest"));
        n.open();
        BlockFactory f;
        const Block genesis = f.genesis(aliceKey().address());
        const Block one = f.child(genesis, aliceKey().address());
        for (const Block& b : {genesis, one})
            QCOMPARE(n.submitBlock(b, "test").kind, SubmitOutcome::Kind::Connected);

        node::NextBlockView empty = node::nextBlockView(n);
        QCOMPARE(empty.height, std::int64_t(2));
        QVERIFY(empty.chosen.empty() && empty.waiting.empty());
        QCOMPARE(empty.bands.size(), node::feeRateBandEdges().size());

        // One tx a block: the better rate goes in, the other waits, and so does a child of it.
        const Transaction rich = payingRate(coinbaseOf(one), aliceKey(), 250);
        const Transaction poor = payingRate(coinbaseOf(genesis), aliceKey(), 3);
        const Transaction child =
            payingRate({{computeTxid(poor), 0}, poor.outputs[0]}, bobKey(), 1000);
        for (const Transaction& tx : {rich, poor, child})
            QVERIFY(n.submitTransaction(tx, "test").ok());
        const node::NextBlockView v = node::nextBlockView(n);
        QCOMPARE(v.maxTxs, std::size_t(1));
        QCOMPARE(v.chosen.size(), std::size_t(1));
        QCOMPARE(v.chosen[0].txid, computeTxid(rich));
        QCOMPARE(v.fees, v.chosen[0].fee);
        QCOMPARE(v.reward, regtestParams().blockReward);
        QCOMPARE(v.waitingCount, std::size_t(2));
        QCOMPARE(v.waiting[0].tx.txid, computeTxid(child)); // highest rate first
        QCOMPARE(v.waiting[0].reason, node::NextBlockView::Wait::ParentWaits);
        QCOMPARE(v.waiting[0].parent, computeTxid(poor));
        QCOMPARE(v.waiting[1].tx.txid, computeTxid(poor));
        QCOMPARE(v.waiting[1].reason, node::NextBlockView::Wait::BlockFull);
        QVERIFY(v.bytes > encodedTxSize(rich));

        // The histogram: each tx in the band of its rate, in the block or waiting.
        QCOMPARE(v.bands[bandFrom(v, 200)].inBlock, std::size_t(1));
        QCOMPARE(v.bands[bandFrom(v, 3)].waiting, std::size_t(1));
        QCOMPARE(v.bands[bandFrom(v, 1000)].waiting, std::size_t(1));
        std::size_t total = 0;
        for (const auto& band : v.bands)
            total += band.inBlock + band.waiting;
        QCOMPARE(total, std::size_t(3));
    }

    void theDifficultyProjectsTheNextRetarget() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(configFor(*db, "main"));
        n.open();
        const NetworkParams& params = n.params();
        QVERIFY(params.retarget);
        QCOMPARE(params.retargetInterval, std::uint32_t(10));

        // Blocks every 5 s, twice the intended pace: at height 10 the target halves.
        std::vector<Block> chain;
        std::vector<std::uint32_t> times;
        for (std::uint32_t h = 0; h < 15; ++h) {
            Block b;
            b.header.version = 1;
            b.header.timestamp = 1'700'000'000 + 5 * h;
            b.header.prevHash = h ? blockHash(chain.back().header) : Hash256{};
            b.header.target = h ? expectedTarget(params, h, chain.back().header.target, times)
                                : params.genesisTarget;
            b.transactions.push_back(makeCoinbase(h, params.blockReward, aliceKey().address()));
            TestChain::reseal(b);
            QCOMPARE(n.submitBlock(b, "test").kind, SubmitOutcome::Kind::Connected);
            chain.push_back(b);
            times.push_back(b.header.timestamp);
        }
        const node::DifficultyView v = node::difficultyView(n);
        QVERIFY(v.retargets);
        QCOMPARE(v.blocks.size(), std::size_t(15));
        QCOMPARE(v.blocks[14].height, std::uint32_t(14));
        QCOMPARE(v.blocks[10].hashesPerBlock, blockWork(chain[10].header.target).toDouble());
        QVERIFY(v.blocks[10].hashesPerBlock > 1.9 * v.blocks[9].hashesPerBlock);
        QCOMPARE(v.nextHeight, std::int64_t(15));
        QCOMPARE(v.nextTarget, chain[14].header.target);
        QCOMPARE(v.nextRetargetHeight, std::int64_t(20));
        QCOMPARE(v.paceBlocks, std::int64_t(10));
        QCOMPARE(v.paceSeconds, 5.0);
        // The consensus rule over the chain's timestamps 10..14 and 15..19 at the same pace.
        std::vector<std::uint32_t> span(times.begin() + 10, times.end());
        for (std::uint32_t h = 15; h < 20; ++h)
            span.push_back(1'700'000'000 + 5 * h);
        QCOMPARE(v.projectedTarget, expectedTarget(params, 20, chain[14].header.target, span));
        QVERIFY(v.projectedTarget < v.nextTarget); // faster than intended: harder
        QCOMPARE(v.projectedHashesPerBlock, blockWork(v.projectedTarget).toDouble());
    }

    // The fork tree's last reorg: a heavier branch that turns out invalid is tried and left,
    // which is no reorg (the tip is where it was); a real one is recorded with what it
    // disconnected and connected, and the tree draws both branches.
    void theLastReorgIsOnlyARealOne() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(configFor(*db, "regtest"));
        n.open();
        BlockFactory f;
        const PubKeyHash alice = aliceKey().address();
        const Block genesis = f.genesis(alice);
        const Block one = f.child(genesis, alice);
        const Block two = f.child(one, alice);
        const Block three = f.child(two, alice);
        for (const Block& b : {genesis, one, two, three})
            QCOMPARE(n.submitBlock(b, "test").kind, SubmitOutcome::Kind::Connected);

        // From block 1: 2' valid, 3' invalid, 4' heavier than the tip. The node moves to it,
        // meets 3', and goes back to 3 (2' alone has less work).
        const Block side2 = f.child(one, bobKey().address(), {}, 0, 1);
        Block greedy3 = f.child(side2, bobKey().address());
        greedy3.transactions[0].outputs[0].amount += 1; // claims more than the reward
        TestChain::reseal(greedy3);
        const Block after4 = blockOn(greedy3, {makeCoinbase(4, COIN, bobKey().address())});
        for (const Block& b : {side2, greedy3, after4})
            n.submitBlock(b, "test");
        // A reorg goes on a slice at a time when a slice runs out of time (a slow build).
        QTRY_VERIFY_WITH_TIMEOUT(!n.reorganizing(), kLongTimeoutMs);
        QCOMPARE(*n.tip().hash, blockHash(three.header));
        QVERIFY(!n.lastReorg());

        // 3'' and 4'' on 2': heavier and valid, a real reorg.
        const Block side3 = f.child(side2, bobKey().address(), {}, 0, 2);
        const Block side4 = f.child(side3, bobKey().address(), {}, 0, 3);
        for (const Block& b : {side3, side4})
            n.submitBlock(b, "test");
        QTRY_VERIFY_WITH_TIMEOUT(!n.reorganizing(), kLongTimeoutMs);
        QCOMPARE(*n.tip().hash, blockHash(side4.header));
        QVERIFY(n.lastReorg());
        QCOMPARE(n.lastReorg()->forkHeight, std::int64_t(1));
        QCOMPARE(n.lastReorg()->disconnectedHashes,
                 (std::vector<Hash256>{blockHash(three.header), blockHash(two.header)}));
        QCOMPARE(n.lastReorg()->connectedHashes,
                 (std::vector<Hash256>{blockHash(side2.header), blockHash(side3.header),
                                       blockHash(side4.header)}));

        const node::ForkTreeView tree = node::forkTreeView(n);
        QVERIFY(tree.hasReorg);
        std::map<Hash256, node::ForkTreeView::Status> status;
        for (const auto& b : tree.blocks)
            status[b.hash] = b.status;
        QCOMPARE(status[blockHash(side4.header)], node::ForkTreeView::Status::Active);
        QCOMPARE(status[blockHash(three.header)], node::ForkTreeView::Status::ValidFork);
        QCOMPARE(status[blockHash(greedy3.header)], node::ForkTreeView::Status::Invalid);
        QCOMPARE(status[blockHash(after4.header)], node::ForkTreeView::Status::Invalid);
    }

    // The node keeps the last refused blocks for the X-ray: one copy of a block sent again,
    // the newest kept when more come.
    void refusedBlocksAreKeptAFew() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(configFor(*db, "regtest"));
        n.open();
        BlockFactory f;
        const Block genesis = f.genesis(aliceKey().address());
        QCOMPARE(n.submitBlock(genesis, "test").kind, SubmitOutcome::Kind::Connected);
        std::vector<Block> refused;
        for (std::uint32_t i = 0; i < 10; ++i) {
            Block b = f.child(genesis, aliceKey().address(), {}, 0, i);
            b.header.merkleRoot = Hash256{}; // refused before it is stored
            mine(b.header);
            QCOMPARE(n.submitBlock(b, "test").kind, SubmitOutcome::Kind::Invalid);
            refused.push_back(b);
        }
        QVERIFY(!n.refusedBlock(blockHash(refused[0].header))); // the oldest are gone
        QVERIFY(!n.refusedBlock(blockHash(refused[1].header)));
        for (std::size_t i = 2; i < 10; ++i)
            QVERIFY(n.refusedBlock(blockHash(refused[i].header)));
        // Sent again, a block moves to the end and pushes no other out.
        QCOMPARE(n.submitBlock(refused[5], "test").kind, SubmitOutcome::Kind::Invalid);
        for (std::size_t i = 2; i < 10; ++i)
            QVERIFY(n.refusedBlock(blockHash(refused[i].header)));
        QCOMPARE(blockHash(n.refusedBlock(blockHash(refused[5].header))->header),
                 blockHash(refused[5].header));
    }

    void withoutRetargetsThereIsNoProjection() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(configFor(*db, "regtest"));
        n.open();
        node::DifficultyView v = node::difficultyView(n);
        QVERIFY(v.blocks.empty());
        QCOMPARE(v.nextHeight, std::int64_t(0));
        QCOMPARE(v.nextRetargetHeight, std::int64_t(-1));
        BlockFactory f;
        QCOMPARE(n.submitBlock(f.genesis(aliceKey().address()), "test").kind,
                 SubmitOutcome::Kind::Connected);
        v = node::difficultyView(n);
        QCOMPARE(v.blocks.size(), std::size_t(1));
        QCOMPARE(v.nextRetargetHeight, std::int64_t(-1));
        QCOMPARE(v.projectedTarget, v.nextTarget);
        QCOMPARE(v.paceBlocks, std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestChainViews)
#include "tst_chain_views.moc"
