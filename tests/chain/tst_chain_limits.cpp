// What anyone can make the chain hold stays within its budget (THREATS.md, ChainLimits), over a
// real store (SQLite, or PostgreSQL with MBC_TEST_BACKEND=postgres): side branches are stored
// only within the margin or once their headers show more work, orphans within their bounds,
// and a deep reorg runs in slices with its disconnected transactions bounded in bytes.
#include <QTest>

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/chain_fixture.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestChainLimits : public ChainSuite {
    Q_OBJECT

    // Genesis and `count` blocks on it, all connected; returns them, genesis first.
    std::vector<Block> activeChain(std::size_t count, const PubKeyHash& payee) {
        std::vector<Block> blocks{make_.genesis(payee)};
        expect(blocks[0], Kind::Connected);
        for (Block& b : make_.chain(blocks[0], count, payee)) {
            expect(b, Kind::Connected);
            blocks.push_back(std::move(b));
        }
        return blocks;
    }

    std::vector<BlockHeader> headersOf(const std::vector<Block>& blocks) {
        std::vector<BlockHeader> headers;
        for (const Block& b : blocks)
            headers.push_back(b.header);
        return headers;
    }

    void expectAdmitFails(const std::vector<BlockHeader>& headers, const char* code) {
        const auto r = chain_->admitHeaders(headers);
        QVERIFY2(!r, "the headers were admitted");
        QCOMPARE(r.failure().codeName(), std::string_view(code));
    }

private slots:
    void init() {
        ChainLimits limits;
        limits.maxOrphans = 3;
        limits.maxOrphanBytes = 2000;
        limits.maxDisconnectedTxBytes = 3 * 400;
        setUpChain(limits);
    }
    void cleanup() { tearDownChain(); }

    // The tip at height 10 with a margin of 6: work at height 4 is the floor.
    void sideBranchesAreStoredWithinTheMargin() {
        const auto chain = activeChain(10, alice_);
        expect(make_.child(chain[4], bob_, {}, 0, 1), Kind::SideChain); // height 5
        expect(make_.child(chain[3], bob_, {}, 0, 1), Kind::SideChain); // height 4: the floor
        const Block tooFar = make_.child(chain[2], bob_, {}, 0, 1);     // height 3
        expect(tooFar, Kind::Invalid, "too-little-chainwork");
        QVERIFY(!chain_->record(blockHash(tooFar.header)));
        expect(tooFar, Kind::Invalid, "too-little-chainwork"); // a policy: not remembered
        expect(make_.genesis(bob_, 1'700'000'000, 9), Kind::Invalid, "too-little-chainwork");
        QCOMPARE(tipHash(), blockHash(chain.back().header));
    }

    // Sync sends the headers of a branch that forks far back; with more work than the active
    // chain they let its bodies in, from the first one on.
    void headersWithMoreWorkLetAFarBranchIn() {
        const auto chain = activeChain(10, alice_);
        const auto branch = make_.chain(chain[2], 9, bob_, 1); // heights 3..11
        const std::vector<Block> lighter(branch.begin(), branch.begin() + 7);
        const auto lighterWork = chain_->admitHeaders(headersOf(lighter));
        QVERIFY(lighterWork && *lighterWork < chain_->tip().chainWork);
        expect(branch[0], Kind::Invalid, "too-little-chainwork"); // they showed too little
        // Headers come in pages; the second builds on the first's last header.
        const std::vector<Block> rest(branch.begin() + 7, branch.end());
        const auto work = chain_->admitHeaders(headersOf(rest));
        QVERIFY(work && chain_->tip().chainWork < *work);
        for (std::size_t i = 0; i + 1 < branch.size(); ++i)
            expect(branch[i], Kind::SideChain);
        expect(branch.back(), Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(11));
        expectConsistentUtxoSet();
    }

    void headersMustLinkAndCarryTheirWork() {
        const auto chain = activeChain(3, alice_);
        const auto branch = make_.chain(chain[1], 4, bob_, 1);
        expectAdmitFails({}, "bad-field");
        expectAdmitFails(headersOf({branch[1], branch[2]}), "prev-blk-not-found");
        expectAdmitFails(headersOf({branch[0], branch[2]}), "bad-prevblk");
        std::vector<BlockHeader> weak = headersOf(branch);
        while (hashMeetsTarget(blockHash(weak[1]), weak[1].target))
            ++weak[1].nonce;
        expectAdmitFails(weak, "high-hash");
        // A branch on a block found invalid.
        const Block bad = make_.child(chain.back(), alice_, {}, COIN);
        expect(bad, Kind::Invalid, "bad-cb-amount");
        expectAdmitFails(headersOf(make_.chain(bad, 2, alice_)), "bad-prevblk-invalid");
        expectAdmitFails(headersOf({bad}), "duplicate-invalid");
    }

    void orphansStayWithinTheirBounds() {
        const auto chain = activeChain(1, alice_);
        const Block missing = make_.child(chain.back(), bob_);
        const auto orphans = make_.chain(missing, 5, bob_);
        for (const Block& b : orphans)
            expect(b, Kind::Orphan);
        QCOMPARE(chain_->orphans().size(), std::size_t(3)); // the oldest two went
        QVERIFY(chain_->orphans().bytes() <= limits_.maxOrphanBytes);
        expect(missing, Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(2)); // its children were evicted
        expect(orphans[0], Kind::Connected);
        expect(orphans[1], Kind::Connected); // and the three held follow it
        QCOMPARE(chain_->tip().height, std::int64_t(7));
        // Bytes bound: three small orphans fit in 2000 bytes, a big one pushes the old out.
        const Block gap = make_.child(orphans.back(), bob_);
        const auto small = make_.chain(gap, 2, bob_);
        for (const Block& b : small)
            expect(b, Kind::Orphan);
        const Spendable coin = coinbaseOf(chain[0]);
        std::vector<TxOut> outs(60, TxOut{COIN / 100, bob_});
        const Block big =
            make_.child(small.back(), bob_, {makeSignedSpend({coin}, aliceKey(), outs)}, 49 * COIN);
        QVERIFY(chain_->orphans().bytes() + encodedBlockSize(big) > limits_.maxOrphanBytes);
        expect(big, Kind::Orphan);
        QVERIFY(chain_->orphans().bytes() <= limits_.maxOrphanBytes);
        QVERIFY2(chain_->orphans().size() < 3, qPrintable(QString("%1 orphans, %2 bytes, big %3")
                                                              .arg(chain_->orphans().size())
                                                              .arg(chain_->orphans().bytes())
                                                              .arg(encodedBlockSize(big))));
    }

    void anOrphanEasierThanTheGenesisTargetIsRefused() {
        const auto chain = activeChain(1, alice_);
        const Block missing = make_.child(chain.back(), bob_);
        Block easy = make_.child(missing, bob_);
        easy.header.target = UInt256::max();
        TestChain::reseal(easy);
        expect(easy, Kind::Invalid, "orphan-target-too-easy");
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
        // A policy, not a verdict: with its parent known it meets the target rule instead.
        expect(missing, Kind::Connected);
        expect(easy, Kind::Invalid, "bad-target");
    }

    // Invalid siblings held as orphans arrive with their parent: trying them takes several
    // slices and moves nothing, and the listener still hears that the activation ended (the
    // miner, waiting for it, goes on).
    void aSlicedActivationThatMovesNothingStillEnds() {
        const auto chain = activeChain(2, alice_);
        const Block parent = make_.child(chain.back(), bob_);
        for (std::uint32_t salt = 1; salt <= 3; ++salt)
            expect(make_.child(parent, bob_, {}, COIN, salt), Kind::Orphan); // claims fees
        chain_->setActivationBudget({1, std::chrono::hours(1)});
        events_ = ChainEvents();
        expect(parent, Kind::Connected);
        QCOMPARE(events_.tipChanges, 1);
        QVERIFY(chain_->activationPending());
        while (!chain_->continueActivation()) {
        }
        QCOMPARE(tipHash(), blockHash(parent.header));
        QCOMPARE(events_.tipChanges, 2);
    }

    // 300 blocks with payments give way to a branch of 301 from genesis: the reorg runs a
    // slice of at most 16 blocks per call, and returns the payments of the lowest blocks that
    // fit the disconnected-transaction bound (three here), the higher ones dropped first.
    void aDeepReorgRunsInSlicesWithBoundedMemory() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        std::vector<Block> main{g};
        std::vector<Transaction> payments;
        for (int h = 1; h <= 300; ++h) {
            std::vector<Transaction> txs;
            if (h > 1 && h <= 7) { // one payment each, spending an earlier coinbase
                txs.push_back(makeSignedSpend({coinbaseOf(main[std::size_t(h - 2)])}, aliceKey(),
                                              {{COIN, bob_}}));
                payments.push_back(txs.back());
            }
            main.push_back(make_.child(main.back(), alice_, txs, txs.empty() ? 0 : 49 * COIN));
            expect(main.back(), Kind::Connected);
        }
        const auto branch = make_.chain(g, 301, bob_, 1);
        admitHeadersOf(branch);
        chain_->setActivationBudget({16, std::chrono::hours(1)});
        for (std::size_t i = 0; i + 1 < branch.size(); ++i)
            expect(branch[i], Kind::SideChain);
        QVERIFY(!chain_->activationPending());
        events_ = ChainEvents();
        expect(branch.back(), Kind::SideChain); // the chain is on its way to it
        QVERIFY(chain_->activationPending());
        QCOMPARE(events_.disconnected.size(), std::size_t(16));
        int slices = 1; // the one submitBlock did
        for (bool done = false; !done; ++slices)
            done = chain_->continueActivation();
        QCOMPARE(slices, (300 + 301 + 15) / 16);
        QVERIFY(!chain_->activationPending());
        QCOMPARE(chain_->tip().height, std::int64_t(301));
        QCOMPARE(tipHash(), blockHash(branch.back().header));
        QCOMPARE(events_.disconnected.size(), std::size_t(300));
        QCOMPARE(events_.connected.size(), std::size_t(301));
        QCOMPARE(events_.tipChanges, 1);
        QCOMPARE(events_.returned.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(computeTxid(events_.returned[i]), computeTxid(payments[i]));
        expectConsistentUtxoSet();
    }
};

QTEST_GUILESS_MAIN(TestChainLimits)
#include "tst_chain_limits.moc"
