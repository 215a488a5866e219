// The mempool: acceptance against chain + pool, policy codes, the byte bound with lowest-fee
// eviction, removal on a block, the reorg rebuild, block templates and the fee estimate.
#include <QTest>

#include "chain/block_assembler.h"
#include "chain/block_plan.h"
#include "chain/fee_estimator.h"
#include "chain/mempool.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

namespace {
constexpr std::int64_t kNow = 1'700'001'000;
} // namespace

class TestMempool : public QObject {
    Q_OBJECT

    TestChain chain_;
    std::vector<Spendable> aliceCoins_; // 50 coins each, one per block
    PubKeyHash alice_ = aliceKey().address(), bob_ = bobKey().address(),
               carol_ = carolKey().address();

    // A payment of `amount` from `coin` to `to`, the rest minus `fee` back to alice.
    Transaction pay(const Spendable& coin, Amount amount, Amount fee, const PubKeyHash& to) {
        std::vector<TxOut> outs{{amount, to}};
        if (coin.output.amount - amount - fee > 0)
            outs.push_back({coin.output.amount - amount - fee, alice_});
        return makeSignedSpend({coin}, aliceKey(), outs);
    }

    static Spendable outputOf(const Transaction& tx, std::uint32_t i) {
        return {{computeTxid(tx), i}, tx.outputs[i]};
    }

    Result<AcceptedTx> add(Mempool& pool, const Transaction& tx) {
        return pool.accept(tx, chain_.state(), chain_.state(), kNow);
    }

    void expectRefused(Mempool& pool, const Transaction& tx, const char* code) {
        const auto r = add(pool, tx);
        QVERIFY2(!r.ok(), "accepted");
        QVERIFY2(r.failure().codeName() == code, r.failure().toString().c_str());
    }

private slots:
    void init() {
        chain_ = TestChain();
        aliceCoins_.clear();
        for (int i = 0; i < 6; ++i)
            aliceCoins_.push_back(chain_.mineTo(alice_));
    }

    // So that the block confirming them does not verify them again (tst_signature_cache).
    void acceptedSignaturesAreRemembered() {
        SignatureCache cache;
        Mempool pool(MempoolPolicy{}, &cache);
        const Transaction two =
            makeSignedSpend({aliceCoins_[0], aliceCoins_[1]}, aliceKey(), {{COIN, bob_}});
        QVERIFY(add(pool, two).ok());
        QCOMPARE(cache.size(), std::size_t(2));
        Transaction bad = pay(aliceCoins_[2], COIN, 1000, bob_);
        bad.inputs[0].signature.back() ^= 1;
        expectRefused(pool, bad, "bad-txns-signature-invalid");
        QCOMPARE(cache.size(), std::size_t(2));
    }

    void acceptsAValidPaymentWithItsFee() {
        Mempool pool;
        const Transaction tx = pay(aliceCoins_[0], COIN, 1000, bob_);
        const auto r = add(pool, tx);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(r->fee, Amount(1000));
        QCOMPARE(pool.size(), std::size_t(1));
        QCOMPARE(pool.bytes(), encodedTxSize(tx));
        QCOMPARE(*pool.spenderOf(aliceCoins_[0].outpoint), computeTxid(tx));
    }

    void policyAndConsensusCodes() {
        Mempool pool;
        const Transaction tx = pay(aliceCoins_[0], COIN, 1000, bob_);
        QVERIFY(add(pool, tx).ok());
        expectRefused(pool, tx, "txn-already-in-mempool");
        expectRefused(pool, pay(aliceCoins_[0], 2 * COIN, 1000, carol_), "txn-mempool-conflict");
        expectRefused(pool, pay(aliceCoins_[1], COIN, 10, bob_), "min-relay-fee-not-met");
        expectRefused(pool, makeCoinbase(9, COIN, bob_), "coinbase");
        Transaction bad = pay(aliceCoins_[1], COIN, 1000, bob_);
        bad.inputs[0].signature.back() ^= 1;
        expectRefused(pool, bad, "bad-txns-signature-invalid");
        // Already confirmed: the chain's txid index says so before the spent inputs do.
        chain_.connect(chain_.buildBlock({pay(aliceCoins_[2], COIN, 1000, bob_)}, carol_));
        Mempool fresh;
        expectRefused(fresh, pay(aliceCoins_[2], COIN, 1000, bob_), "txn-already-known");

        Mempool small(MempoolPolicy{1'000'000, 100, 1});
        expectRefused(small, pay(aliceCoins_[3], COIN, 1000, bob_), "tx-size");
    }

    // Arrival order is an index (GET /mempool pages through it by sequence), kept as txs
    // come and go; a pool made later (the node restarted) numbers after every earlier one,
    // so a client's cursor skips nothing it received since.
    void arrivalOrderIsIndexedAndRisesAcrossRestarts() {
        Mempool pool;
        std::vector<Hash256> sent;
        for (int i = 0; i < 3; ++i) {
            const Transaction tx = pay(aliceCoins_[std::size_t(i)], COIN, 1000, bob_);
            QVERIFY(add(pool, tx).ok());
            sent.push_back(computeTxid(tx));
        }
        const Block block = chain_.buildBlock({pool.find(sent[1])->tx}, carol_);
        chain_.connect(block);
        pool.removeForBlock(block, computeTxids(block));
        std::vector<Hash256> order;
        std::uint64_t previous = 0;
        for (const auto& [sequence, e] : pool.byArrival()) {
            QVERIFY(sequence > previous);
            QCOMPARE(e->sequence, sequence);
            previous = sequence;
            order.push_back(e->txid);
        }
        QCOMPARE(order, (std::vector<Hash256>{sent[0], sent[2]}));
        QCOMPARE(pool.entries().size(), std::size_t(2));

        Mempool restarted;
        QVERIFY(add(restarted, pay(aliceCoins_[3], COIN, 1000, bob_)).ok());
        QVERIFY(restarted.byArrival().begin()->first > previous);
    }

    void chainedUnconfirmedSpends() {
        Mempool pool;
        const Transaction parent = pay(aliceCoins_[0], 10 * COIN, 1000, bob_);
        QVERIFY(add(pool, parent).ok());
        const Transaction child =
            makeSignedSpend({outputOf(parent, 0)}, bobKey(), {{9 * COIN, carol_}});
        const auto r = add(pool, child);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(r->fee, Amount(COIN));
        // A second spend of the parent's output conflicts.
        expectRefused(pool, makeSignedSpend({outputOf(parent, 0)}, bobKey(), {{8 * COIN, alice_}}),
                      "txn-mempool-conflict");
    }

    void fullPoolEvictsTheLowestFeeRateAndItsDescendants() {
        const Transaction cheap = pay(aliceCoins_[0], COIN, 300, bob_);
        const Transaction cheapChild =
            makeSignedSpend({outputOf(cheap, 0)}, bobKey(), {{COIN - 5000, carol_}});
        const Transaction middle = pay(aliceCoins_[1], COIN, 2000, bob_);
        const std::size_t room =
            encodedTxSize(cheap) + encodedTxSize(cheapChild) + encodedTxSize(middle);
        Mempool pool(MempoolPolicy{room, 100'000, 1});
        QVERIFY(add(pool, cheap).ok());
        QVERIFY(add(pool, cheapChild).ok());
        QVERIFY(add(pool, middle).ok());
        QCOMPARE(pool.bytes(), room);

        // Lower than everything: refused, nothing changes.
        expectRefused(pool, pay(aliceCoins_[2], COIN, 250, bob_), "mempool-full");
        QCOMPARE(pool.size(), std::size_t(3));

        // Higher: the cheapest goes, and with it the child that spends it.
        const auto r = add(pool, pay(aliceCoins_[3], COIN, 5000, bob_));
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(r->evicted.size(), std::size_t(2));
        QVERIFY(!pool.find(computeTxid(cheap)));
        QVERIFY(!pool.find(computeTxid(cheapChild)));
        QVERIFY(pool.find(computeTxid(middle)));
        QVERIFY(pool.bytes() <= room);
    }

    void aNewTxNeverEvictsItsOwnAncestors() {
        const Transaction parent = pay(aliceCoins_[0], COIN, 300, bob_);
        const Transaction child =
            makeSignedSpend({outputOf(parent, 0)}, bobKey(), {{COIN - 100'000, carol_}});
        Mempool pool(MempoolPolicy{encodedTxSize(parent) + 10, 100'000, 1});
        QVERIFY(add(pool, parent).ok());
        expectRefused(pool, child, "mempool-full");
        QVERIFY(pool.find(computeTxid(parent)));
    }

    void aBlockRemovesItsTxsAndTheirConflicts() {
        Mempool pool;
        const Transaction confirmed = pay(aliceCoins_[0], 10 * COIN, 1000, bob_);
        const Transaction childOfConfirmed =
            makeSignedSpend({outputOf(confirmed, 0)}, bobKey(), {{9 * COIN, carol_}});
        const Transaction loser = pay(aliceCoins_[1], 5 * COIN, 1000, bob_);
        const Transaction childOfLoser =
            makeSignedSpend({outputOf(loser, 0)}, bobKey(), {{4 * COIN, carol_}});
        for (const auto& tx : {confirmed, childOfConfirmed, loser, childOfLoser})
            QVERIFY(add(pool, tx).ok());
        // The block confirms `confirmed` and a rival spend of `loser`'s input.
        const Transaction rival = pay(aliceCoins_[1], 7 * COIN, 1000, carol_);
        const Block block = chain_.buildBlock({confirmed, rival}, carol_);
        chain_.connect(block);
        const auto removed = pool.removeForBlock(block, computeTxids(block));
        QCOMPARE(removed.size(), std::size_t(3));
        QCOMPARE(pool.size(), std::size_t(1));
        QVERIFY(pool.find(computeTxid(childOfConfirmed))); // its input is confirmed now
        QVERIFY(add(pool, pay(aliceCoins_[2], COIN, 1000, bob_)).ok());
    }

    void reorganizeTakesBackReturnedTxsAndDropsOrphanedOnes() {
        const MemoryChainState beforeBlock = chain_.state(); // what a disconnect restores
        const Transaction returned = pay(aliceCoins_[0], 10 * COIN, 1000, bob_);
        chain_.connect(chain_.buildBlock({returned}, carol_));
        const Transaction spendsReturned =
            makeSignedSpend({outputOf(returned, 0)}, bobKey(), {{9 * COIN, carol_}});
        const Transaction independent = pay(aliceCoins_[1], COIN, 1000, bob_);

        // The block is disconnected and the new chain does not touch alice's coin: the
        // returned tx comes back first, and what spends it stays.
        Mempool pool;
        QVERIFY(add(pool, spendsReturned).ok());
        QVERIFY(add(pool, independent).ok());
        QVERIFY(pool.reorganize({returned}, beforeBlock, beforeBlock, kNow).empty());
        QCOMPARE(pool.size(), std::size_t(3));
        QCOMPARE(pool.entries()[0]->txid, computeTxid(returned));

        // The new chain spent alice's coin another way: the returned tx cannot come back, and
        // the tx that spends its output must leave.
        Mempool second;
        QVERIFY(add(second, spendsReturned).ok());
        QVERIFY(add(second, independent).ok());
        MemoryChainState rivalChain = beforeBlock;
        rivalChain.removeCoin(aliceCoins_[0].outpoint);
        const auto left = second.reorganize({returned}, rivalChain, rivalChain, kNow);
        QCOMPARE(left, std::vector<Hash256>{computeTxid(spendsReturned)});
        QCOMPARE(second.size(), std::size_t(1));
        QVERIFY(second.find(computeTxid(independent)));

        // A reorg that empties the pool and puts nothing back still moves its revision: a block
        // plan made before (it points into the pool) is stale.
        Mempool third;
        QVERIFY(add(third, spendsReturned).ok());
        const std::uint64_t planned = third.revision();
        QCOMPARE(third.reorganize({returned}, rivalChain, rivalChain, kNow).size(), std::size_t(1));
        QCOMPARE(third.size(), std::size_t(0));
        QVERIFY(third.revision() != planned);
    }

    void blockTemplatesTakeTheBestRatesParentsFirst() {
        Mempool pool;
        const Transaction low = pay(aliceCoins_[0], COIN, 500, bob_);
        const Transaction high = pay(aliceCoins_[1], COIN, 50'000, bob_);
        const Transaction lowParent = pay(aliceCoins_[2], 10 * COIN, 300, bob_);
        // A child paying well for its poor parent.
        const Transaction richChild =
            makeSignedSpend({outputOf(lowParent, 0)}, bobKey(), {{10 * COIN - 90'000, carol_}});
        for (const auto& tx : {low, high, lowParent, richChild})
            QVERIFY(add(pool, tx).ok());

        const auto all = planBlock(pool, 100, MAX_BLOCK_SIZE, ListWaiting::Yes).chosen;
        QCOMPARE(all.size(), std::size_t(4));
        QCOMPARE(all[0]->txid, computeTxid(high));
        std::map<Hash256, std::size_t> at;
        for (std::size_t i = 0; i < all.size(); ++i)
            at[all[i]->txid] = i;
        QVERIFY(at[computeTxid(lowParent)] < at[computeTxid(richChild)]);

        QVERIFY(planBlock(pool, 100, MAX_BLOCK_SIZE, ListWaiting::Yes).waiting.empty());

        // Two txs at most: the best two that are ready; the rich child waits for its parent,
        // which waits because the block is full, and the child's rate lists it first.
        const BlockPlan two = planBlock(pool, 2, MAX_BLOCK_SIZE, ListWaiting::Yes);
        QCOMPARE(two.chosen.size(), std::size_t(2));
        QCOMPARE(two.chosen[0]->txid, computeTxid(high));
        QCOMPARE(two.chosen[1]->txid, computeTxid(low));
        QCOMPARE(two.bytes, encodedTxSize(high) + encodedTxSize(low));
        QCOMPARE(two.waiting.size(), std::size_t(2));
        QCOMPARE(two.waiting[0].entry->txid, computeTxid(richChild));
        QCOMPARE(two.waiting[0].reason, WaitReason::ParentWaits);
        QCOMPARE(two.waiting[0].parent, computeTxid(lowParent));
        QCOMPARE(two.waiting[1].entry->txid, computeTxid(lowParent));
        QCOMPARE(two.waiting[1].reason, WaitReason::BlockFull);
        QCOMPARE(std::string(waitReasonCode(two.waiting[0].reason)), std::string("parent-waits"));
        QVERIFY(planBlock(pool, 2, MAX_BLOCK_SIZE).waiting.empty()); // listed only when asked

        // Room for one: the others do not fit, and the child still waits for its parent.
        const BlockPlan one = planBlock(pool, 100, encodedTxSize(high), ListWaiting::Yes);
        QCOMPARE(one.chosen.size(), std::size_t(1));
        QCOMPARE(one.waiting.size(), std::size_t(3));
        std::map<Hash256, WaitReason> why;
        for (const WaitingTx& w : one.waiting)
            why[w.entry->txid] = w.reason;
        QCOMPARE(why[computeTxid(low)], WaitReason::NoRoom);
        QCOMPARE(why[computeTxid(lowParent)], WaitReason::NoRoom);
        QCOMPARE(why[computeTxid(richChild)], WaitReason::ParentWaits);

        // The assembled block is valid and pays the fees to the miner.
        const BlockTemplate t =
            assembleBlock(chain_.nextContext(), chain_.params(), pool, carol_, 100);
        QCOMPARE(t.block.transactions.size(), std::size_t(5));
        QCOMPARE(t.block.transactions[0].locktime, t.height);
        Block mined = t.block;
        mine(mined.header);
        const auto r = chain_.validate(mined);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(r->fees, t.fees);
        QCOMPARE(t.fees, Amount(500 + 50'000 + 300 + 90'000));
    }

    void feeEstimateFollowsCompetition() {
        Mempool pool;
        const auto idle = estimateFee(pool, 2);
        QCOMPARE(idle.feePerByte, Amount(1));
        QVERIFY(idle.typicalTxSize > 150 && idle.typicalTxSize < 260);
        QCOMPARE(idle.typicalTxFee, Amount(idle.typicalTxSize));
        for (int i = 0; i < 3; ++i)
            QVERIFY(add(pool, pay(aliceCoins_[std::size_t(i)], COIN, 1000 * (i + 1), bob_)).ok());
        const auto busy = estimateFee(pool, 2);
        const auto rates = pool.feeRatesDescending();
        QCOMPARE(rates.size(), std::size_t(3));
        QCOMPARE(busy.feePerByte, rates[1] + 1);
        QVERIFY(busy.basis.find("3 transactions wait for 2 places") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestMempool)
#include "tst_mempool.moc"
