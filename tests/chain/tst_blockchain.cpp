// The chain over a real store (SQLite, or PostgreSQL with MBC_TEST_BACKEND=postgres): fork
// choice, reorgs of depth 1 and 20, competing genesis blocks, orphans, invalid blocks and their
// descendants, transactions returned by a reorg, and a restart. After every change the UTXO
// table must equal the set recomputed from the active chain's blocks.
#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include "chain/block_phase_timings.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/sql_dialect.h"
#include "support/chain_fixture.h"
#include "support/utxo_audit.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestBlockchain : public ChainSuite {
    Q_OBJECT

    // Genesis paying alice, then 4 blocks paying bob: the tip at height 4, and alice's coin.
    std::pair<Block, Spendable> connectFiveBlocksPayingAlice() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        const auto main = make_.chain(g, 4, bob_);
        for (const Block& b : main)
            expect(b, Kind::Connected);
        return {main.back(), {{computeTxid(g.transactions[0]), 0}, g.transactions[0].outputs[0]}};
    }

private slots:
    void init() { setUpChain(); }
    void cleanup() { tearDownChain(); }

    // The phases add up to the time they took: a timer started within another's (a held sync
    // batch committed by a block's first use of the store) counts in its own phase alone.
    void aPhaseWithinAnotherCountsInItsOwnAlone() {
        BlockPhaseTimings timings;
        QElapsedTimer all;
        all.start();
        {
            const PhaseTimer header(timings, BlockPhase::Header);
            const PhaseTimer commit(timings, BlockPhase::Commit);
            QThread::msleep(200);
        }
        const double took = double(all.nsecsElapsed()) / 1e9;
        const double header = timings.seconds(BlockPhase::Header);
        const double commit = timings.seconds(BlockPhase::Commit);
        QVERIFY2(commit >= 0.19 && header < commit && header + commit <= took,
                 qPrintable(QStringLiteral("header %1 s, commit %2 s, in %3 s")
                                .arg(header)
                                .arg(commit)
                                .arg(took)));
    }

    // Sync connects a page of blocks in one outer transaction; each block's own transaction is
    // then a savepoint, and an invalid block's rollback undoes only that block.
    void blocksInABatchCommitTogetherAndAnInvalidOneRollsBackAlone() {
        const Block g = make_.genesis(alice_);
        const std::vector<Block> good = make_.chain(g, 2, bob_);
        Block bad = make_.child(good.back(), bob_);
        bad.transactions[0].outputs[0].amount += 1;
        TestChain::reseal(bad);
        {
            store::Database::Transaction batch(*db_);
            expect(g, Kind::Connected);
            for (const Block& b : good)
                expect(b, Kind::Connected);
            expect(bad, Kind::Invalid, "bad-cb-amount");
            batch.commit();
        }
        QCOMPARE(chain_->tip().height, std::int64_t(2));
        expectConsistentUtxoSet();
        // Seen from a second connection (as after a restart): committed, invalid block marked.
        auto other = testDb_->connect();
        store::SqlChainStore reopened(*other);
        QCOMPARE(reopened.tip().height, std::int64_t(2));
        QVERIFY(reopened.blockRecord(blockHash(bad.header))->isInvalid());

        // A batch that never commits leaves nothing behind.
        {
            store::Database::Transaction batch(*db_);
            expect(make_.child(good.back(), bob_, {}, 0, 7), Kind::Connected);
        }
        // A store made afresh reads the table (`reopened` remembers the tip it read).
        QCOMPARE(store::SqlChainStore(*other).tip().height, std::int64_t(2));
    }

    // Headers ahead of their bodies keep to the target rule as far as it holds without the
    // ancestors' timestamps (here, a network without retargeting: the parent's target). A
    // header with the easiest target would otherwise prove a height for nothing.
    void headersWithATargetTheirParentDoesNotAllowAreRefused() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        std::vector<Block> branch = make_.chain(g, 5, alice_);
        std::vector<BlockHeader> headers;
        for (Block& b : branch) {
            b.header.prevHash = headers.empty() ? blockHash(g.header) : blockHash(headers.back());
            if (headers.size() == 2)
                b.header.target = UInt256::max();
            TestChain::reseal(b);
            headers.push_back(b.header);
        }
        const auto refused = chain_->admitHeaders(headers);
        QVERIFY(!refused);
        QCOMPARE(refused.failure().code, RejectCode::BlockBadTarget);
        QVERIFY2(refused.failure().toString().find("header 2 (height 3)") != std::string::npos,
                 refused.failure().toString().c_str());
        headers.resize(2); // the two before it keep their parent's target
        QVERIFY(chain_->admitHeaders(headers));
    }

    void startsEmpty() {
        QVERIFY(chain_->tip().empty());
        QCOMPARE(chain_->tip().height, std::int64_t(-1));
    }

    void genesisThenExtend() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(0));
        for (const Block& b : make_.chain(g, 5, bob_))
            expect(b, Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(5));
        QCOMPARE(chain_->tip().utxoCount, std::uint64_t(6));
        QCOMPARE(events_.connected.size(), std::size_t(6));
        expectConsistentUtxoSet();
        const auto rec = chain_->record(tipHash());
        QVERIFY(rec && rec->status == BlockStatus::Valid);
    }

    void duplicatesAreReported() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        expect(g, Kind::Duplicate, "duplicate");
    }

    void reorgOfDepthOne() {
        const Block g = make_.genesis(alice_);
        const Block a1 = make_.child(g, alice_);
        const Block b1 = make_.child(g, bob_, {}, 0, 1);
        const Block b2 = make_.child(b1, bob_);
        expect(g, Kind::Connected);
        expect(a1, Kind::Connected);
        expect(b1, Kind::SideChain); // equal work: the first seen stays
        QCOMPARE(tipHash(), blockHash(a1.header));
        expect(b2, Kind::Connected);
        QCOMPARE(tipHash(), blockHash(b2.header));
        QCOMPARE(events_.disconnected, std::vector<Hash256>{blockHash(a1.header)});
        QCOMPARE(chain_->record(blockHash(a1.header))->status, BlockStatus::Valid);
        expectConsistentUtxoSet();
    }

    void reorgOfDepthTwentyReturnsItsTransactions() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        auto main = make_.chain(g, 4, bob_);
        for (const Block& b : main)
            expect(b, Kind::Connected);
        // At height 5 alice pays bob; 20 more blocks follow.
        const Spendable coin{{computeTxid(g.transactions[0]), 0}, g.transactions[0].outputs[0]};
        const Transaction pay =
            makeSignedSpend({coin}, aliceKey(), {{10 * COIN, bob_}, {39 * COIN, alice_}});
        const Block withPay = make_.child(main.back(), bob_, {pay}, COIN);
        expect(withPay, Kind::Connected);
        const auto rest = make_.chain(withPay, 19, bob_);
        for (const Block& b : rest)
            expect(b, Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(24));
        const Hash256 oldTip = tipHash();
        expectConsistentUtxoSet();

        // A branch from height 4 that overtakes with 21 blocks (one more than the 20 it replaces).
        // It starts further behind than a side branch may, so its headers come first (as sync
        // sends them) and show that it has more work.
        const auto branch = make_.chain(main.back(), 21, alice_, 7);
        expect(branch[0], Kind::Invalid, "too-little-chainwork");
        admitHeadersOf(branch);
        for (std::size_t i = 0; i < 20; ++i)
            expect(branch[i], Kind::SideChain);
        QCOMPARE(tipHash(), oldTip);
        events_.disconnected.clear();
        events_.connected.clear();
        expect(branch.back(), Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(25));
        QCOMPARE(events_.disconnected.size(), std::size_t(20));
        QCOMPARE(events_.connected.size(), std::size_t(21));
        QCOMPARE(events_.disconnected.front(), oldTip); // tip first, down to the fork
        QCOMPARE(events_.returned.size(), std::size_t(1));
        QCOMPARE(computeTxid(events_.returned[0]), computeTxid(pay));
        expectConsistentUtxoSet();
        // The payment is unconfirmed again: alice's coin is unspent.
        QVERIFY(store_->unspentCoins(std::vector<OutPoint>{coin.outpoint}).count(coin.outpoint));
    }

    // A block may spend an output it creates itself, in order. The store's writes bring back
    // the coins a block spends: they must not offer a tx a coin made later in the same block.
    void aBlockSpendsItsOwnOutputsOnlyInOrder() {
        const auto [tip, coin] = connectFiveBlocksPayingAlice();
        const Transaction parent = makeSignedSpend({coin}, aliceKey(), {{49 * COIN, alice_}});
        const OutPoint made{computeTxid(parent), 0};
        const Transaction child =
            makeSignedSpend({{made, parent.outputs[0]}}, aliceKey(), {{48 * COIN, bob_}});
        expect(make_.child(tip, bob_, {child, parent}, 2 * COIN), Kind::Invalid,
               "bad-txns-inputs-missingorspent");
        expectConsistentUtxoSet();
        QCOMPARE(store_->unspentCoins(std::vector<OutPoint>{coin.outpoint}).size(), 1u);
        expect(make_.child(tip, bob_, {parent, child}, 2 * COIN), Kind::Connected);
        expectConsistentUtxoSet();
        QVERIFY(store_->unspentCoins(std::vector<OutPoint>{coin.outpoint, made}).empty());
        const OutPoint paid{computeTxid(child), 0};
        QCOMPARE(store_->unspentCoins(std::vector<OutPoint>{paid}).size(), 1u);
    }

    // Two txs of one block spending the same coin: the store's update finds the coin once (or
    // for each, by dialect); validation refuses the second spend either way.
    void aCoinSpentTwiceInOneBlockIsRefused() {
        const auto [tip, coin] = connectFiveBlocksPayingAlice();
        const Transaction once = makeSignedSpend({coin}, aliceKey(), {{49 * COIN, alice_}});
        const Transaction twice = makeSignedSpend({coin}, aliceKey(), {{48 * COIN, bob_}});
        expect(make_.child(tip, bob_, {once, twice}, 3 * COIN), Kind::Invalid,
               "bad-txns-double-spend");
        expectConsistentUtxoSet();
        QCOMPARE(store_->unspentCoins(std::vector<OutPoint>{coin.outpoint}).size(), 1u);
    }

    // A reorg may confirm a tx again at the height it had: the disconnected block's outputs
    // are gone, so its outputs go in again and its input is spent again.
    void aReorgConfirmsATxAgainAtTheSameHeight() {
        const auto [tip, coin] = connectFiveBlocksPayingAlice();
        const Transaction pay = makeSignedSpend({coin}, aliceKey(), {{49 * COIN, bob_}});
        expect(make_.child(tip, bob_, {pay}, COIN), Kind::Connected);
        const Block again = make_.child(tip, alice_, {pay}, COIN, 7);
        expect(again, Kind::SideChain);
        expect(make_.child(again, alice_), Kind::Connected); // the branch with more work
        QCOMPARE(chain_->tip().height, std::int64_t(6));
        expectConsistentUtxoSet();
        const OutPoint paid{computeTxid(pay), 0};
        const auto coins = store_->unspentCoins(std::vector<OutPoint>{paid, coin.outpoint});
        QCOMPARE(coins.size(), 1u);
        QCOMPARE(coins.begin()->second.height, 5u);
    }

    // Outputs of a block's txs already in the table, though no earlier block made them (a
    // store left inconsistent): connecting it says so rather than keep the stray rows.
    void strayOutputsOfANewBlockAreAnInconsistentStore() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        const Block next = make_.child(g, bob_);
        const auto bytesOf = [this](const std::string& hex) {
            return store::SqlDialect::bytesOfHex(db_->dialect(),
                                                 "'" + QString::fromStdString(hex) + "'");
        };
        db_->execute(QStringLiteral("INSERT INTO outputs (txid, vout, pubkey_hash, amount, height, "
                                    "coinbase) VALUES (%1, 0, %2, 1, 1, %3)")
                         .arg(bytesOf(computeTxid(next.transactions[0]).hex()))
                         .arg(bytesOf(bob_.hex()))
                         .arg(db_->dialect() == store::Dialect::Sqlite ? "1" : "true"));
        try {
            submit(next);
            QFAIL("the block connected over stray rows");
        } catch (const store::StoreError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("the store is inconsistent"), e.what());
        }
        QCOMPARE(chain_->tip().height, std::int64_t(0));
    }

    void competingGenesisWithMoreWorkWins() {
        const Block g1 = make_.genesis(alice_);
        expect(g1, Kind::Connected);
        const auto first = make_.chain(g1, 2, alice_);
        for (const Block& b : first)
            expect(b, Kind::Connected);
        const Block g2 = make_.genesis(bob_, 1'700'000'000, 5);
        expect(g2, Kind::SideChain);
        const auto second = make_.chain(g2, 3, bob_);
        expect(second[0], Kind::SideChain);
        expect(second[1], Kind::SideChain); // equal work (3 blocks each): first seen stays
        QCOMPARE(tipHash(), blockHash(first.back().header));
        expect(second[2], Kind::Connected);
        QCOMPARE(tipHash(), blockHash(second.back().header));
        QCOMPARE(events_.disconnected.size(), std::size_t(3)); // the whole first chain
        QCOMPARE(*store_->activeHashAt(0), blockHash(g2.header));
        expectConsistentUtxoSet();
        for (const auto& [op, out] : utxosInOutputsTable(*db_))
            QCOMPARE(out.pubkeyHash, bob_);
    }

    void orphansConnectWhenTheirParentArrives() {
        const Block g = make_.genesis(alice_);
        const auto blocks = make_.chain(g, 5, bob_);
        expect(g, Kind::Connected);
        for (std::size_t i = blocks.size(); i-- > 1;)
            expect(blocks[i], Kind::Orphan, "orphan");
        QCOMPARE(chain_->orphans().size(), std::size_t(4));
        QCOMPARE(chain_->tip().height, std::int64_t(0));
        expect(blocks[0], Kind::Connected);
        QCOMPARE(chain_->tip().height, std::int64_t(5));
        QCOMPARE(tipHash(), blockHash(blocks.back().header));
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
        expectConsistentUtxoSet();
    }

    void orphansThatCannotBeValidAreNotKept() {
        const Block g = make_.genesis(alice_);
        Block b = make_.child(g, bob_);
        while (hashMeetsTarget(blockHash(b.header), b.header.target))
            ++b.header.nonce;
        expect(b, Kind::Invalid, "high-hash"); // parent unknown, but the PoW is wrong anyway
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
    }

    void invalidBlockAndDescendantsAreRefusedWithoutRevalidation() {
        const Block g = make_.genesis(alice_);
        const Block b1 = make_.child(g, bob_);
        const Block bad = make_.child(b1, bob_, {}, COIN); // claims fees it does not have
        const Block child = make_.child(bad, bob_);
        expect(g, Kind::Connected);
        expect(b1, Kind::Connected);
        expect(bad, Kind::Invalid, "bad-cb-amount");
        QCOMPARE(tipHash(), blockHash(b1.header));
        QCOMPARE(chain_->record(blockHash(bad.header))->status, BlockStatus::Invalid);
        expect(child, Kind::Invalid, "bad-prevblk-invalid");
        expect(bad, Kind::Invalid, "duplicate-invalid");
        expectConsistentUtxoSet();
    }

    void invalidBlockInsideAHeavierBranchLeavesTheChainAlone() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        const auto main = make_.chain(g, 3, bob_);
        for (const Block& b : main)
            expect(b, Kind::Connected);
        const UtxoMap before = utxosInOutputsTable(*db_);
        // A heavier branch from genesis whose second block is invalid.
        const Block c1 = make_.child(g, alice_, {}, 0, 3);
        const Block c2 = make_.child(c1, alice_, {}, COIN);
        const auto rest = make_.chain(c2, 3, alice_);
        expect(c1, Kind::SideChain);
        expect(c2, Kind::SideChain);
        expect(rest[0], Kind::SideChain); // 4 blocks each: equal work
        // 5 blocks against 4: the chain moves to the branch, c2 fails, and it moves back.
        expect(rest[1], Kind::Invalid, "bad-prevblk-invalid");
        QCOMPARE(tipHash(), blockHash(main.back().header));
        QCOMPARE(chain_->record(blockHash(c2.header))->status, BlockStatus::Invalid);
        QCOMPARE(chain_->record(blockHash(rest[0].header))->status, BlockStatus::InvalidParent);
        QCOMPARE(chain_->record(blockHash(rest[1].header))->status, BlockStatus::InvalidParent);
        expect(rest[2], Kind::Invalid, "bad-prevblk-invalid"); // refused without being stored
        QVERIFY(!chain_->record(blockHash(rest[2].header)).has_value());
        QCOMPARE(chain_->record(blockHash(c1.header))->status, BlockStatus::Valid);
        QVERIFY(utxosInOutputsTable(*db_) == before);
        expectConsistentUtxoSet();
    }

    void headerFailuresAreRemembered() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        Block b = make_.child(g, bob_);
        b.header.target = b.header.target >> 1;
        TestChain::reseal(b);
        expect(b, Kind::Invalid, "bad-target");
        expect(b, Kind::Invalid, "duplicate-invalid");
    }

    void aCorruptedBodyDoesNotCondemnItsHeader() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        // Three transactions: coinbase, alice pays bob, bob pays alice back.
        const Spendable coin{{computeTxid(g.transactions[0]), 0}, g.transactions[0].outputs[0]};
        const Transaction t1 = makeSignedSpend({coin}, aliceKey(), {{49 * COIN, bob_}});
        const Spendable bobs{{computeTxid(t1), 0}, t1.outputs[0]};
        const Transaction t2 = makeSignedSpend({bobs}, bobKey(), {{48 * COIN, alice_}});
        const Block good = make_.child(g, bob_, {t1, t2}, 2 * COIN);
        Block corrupted = good;
        corrupted.transactions[0].outputs[0].amount -= 1; // merkle root no longer matches
        expect(corrupted, Kind::Invalid, "bad-txnmrklroot");
        // CVE-2012-2459: with an odd count, repeating the last tx keeps the merkle root.
        Block duplicated = good;
        duplicated.transactions.push_back(t2);
        QCOMPARE(duplicated.header.merkleRoot, good.header.merkleRoot);
        expect(duplicated, Kind::Invalid, "bad-txns-duplicate");
        expect(good, Kind::Connected);
    }

    void aTimestampTooFarAheadCanBeRetried() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        Block b = make_.child(g, bob_);
        b.header.timestamp = static_cast<std::uint32_t>(now_ + 7200 + 100);
        TestChain::reseal(b);
        expect(b, Kind::Invalid, "time-too-new");
        now_ += 200;
        expect(b, Kind::Connected);
    }

    void restartContinuesFromTheStoredTip() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        const auto blocks = make_.chain(g, 4, bob_);
        for (const Block& b : blocks)
            expect(b, Kind::Connected);
        const ChainTip before = chain_->tip();
        reopen();
        const ChainTip after = chain_->tip();
        QCOMPARE(*after.hash, *before.hash);
        QCOMPARE(after.height, before.height);
        QCOMPARE(after.utxoCount, before.utxoCount);
        QVERIFY(after.chainWork == before.chainWork);
        expect(make_.child(blocks.back(), alice_), Kind::Connected);
        expectConsistentUtxoSet();
    }
};

QTEST_GUILESS_MAIN(TestBlockchain)
#include "tst_blockchain.moc"
