// A block's signature checks give the same answer on 1, 2, 3 or 8 threads, and the same answer
// as checking everything in order: the first failure in block order is the one reported.
#include <QTest>

#include "chain/signature_check_pool.h"
#include "chain/signature_precheck.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

class TestSignaturePool : public QObject {
    Q_OBJECT

    static constexpr int kTxs = 200;
    TestChain chain_;
    std::vector<Transaction> spends_;

    std::vector<std::string> outcomes(const Block& block) {
        std::vector<std::string> out;
        out.push_back(describe(chain_.validate(block)));
        for (unsigned threads : {1u, 2u, 3u, 8u}) {
            SignatureCheckPool pool(threads);
            out.push_back(describe(chain_.validate(block, &pool)));
            out.push_back(describe(chain_.validate(block, &pool))); // the pool is reusable
        }
        return out;
    }

    static std::string describe(const Result<BlockUtxoChanges>& r) {
        if (!r.ok())
            return r.failure().toString();
        return "ok fees=" + std::to_string(r->fees) + " spent=" + std::to_string(r->spent.size()) +
               " created=" + std::to_string(r->created.size());
    }

    // One job per spend (their one input each), with `preimages` kept alive by the caller.
    std::vector<SignatureJob> jobsOf(std::vector<TxPreimage>& preimages) const {
        preimages.clear();
        preimages.reserve(spends_.size());
        std::vector<SignatureJob> jobs;
        for (std::size_t i = 0; i < spends_.size(); ++i) {
            preimages.emplace_back(spends_[i]);
            jobs.push_back({&spends_[i], &preimages.back(), 0, aliceKey().address(), i});
        }
        return jobs;
    }

    // The pool names job `index` as the first failure, as checking every job in order does.
    static void expectFirstFailureAt(SignatureCheckPool& pool, std::span<const SignatureJob> jobs,
                                     std::size_t index) {
        const auto f = pool.firstFailure(jobs);
        QVERIFY(f.has_value());
        QCOMPARE(f->jobIndex, index);
        QCOMPARE(f->failure.code, RejectCode::TxSignatureInvalid);
        QCOMPARE(f->failure.toString(), firstSignatureFailure(jobs)->failure.toString());
    }

    void expectSameEverywhere(const Block& block, const std::string& expectedPrefix) {
        const auto all = outcomes(block);
        for (const auto& o : all)
            QCOMPARE(o, all.front());
        QVERIFY2(all.front().rfind(expectedPrefix, 0) == 0, all.front().c_str());
    }

private slots:
    void initTestCase() {
        chain_.mineTo(aliceKey().address());
        for (int i = 0; i < kTxs; ++i) {
            const OutPoint op{
                *Hash256::fromHex(std::string(60, 'c') + QString::number(1000 + i).toStdString()),
                0};
            const TxOut out{COIN, aliceKey().address()};
            chain_.state().addCoin(op, Coin{out, 0, false});
            spends_.push_back(
                makeSignedSpend({{op, out}}, aliceKey(), {{COIN - 100, bobKey().address()}}));
        }
    }

    void validBlockAgrees() {
        expectSameEverywhere(chain_.buildBlock(spends_, carolKey().address()),
                             "ok fees=20000 spent=200 created=201");
    }

    void lowestFailingSignatureIsReported() {
        auto txs = spends_;
        txs[150].inputs[0].signature.back() ^= 1;
        txs[40].inputs[0].signature.back() ^= 1;
        txs[41].inputs[0].signature.back() ^= 1;
        expectSameEverywhere(chain_.buildBlock(txs, carolKey().address()),
                             "bad-txns-signature-invalid: transaction 41 (");
    }

    void earlierOrderedFailureBeatsLaterSignature() {
        auto txs = spends_;
        txs[100].inputs[0].signature.back() ^= 1;
        txs[60].inputs[0].prevout.index = 7; // missing output
        signInput(txs[60], 0, aliceKey(), aliceKey().address());
        expectSameEverywhere(chain_.buildBlock(txs, carolKey().address()),
                             "bad-txns-inputs-missingorspent: transaction 61 (");
    }

    void earlierSignatureBeatsLaterOrderedFailure() {
        auto txs = spends_;
        txs[30].inputs[0].signature.back() ^= 1;
        txs[60].inputs[0].prevout.index = 7;
        signInput(txs[60], 0, aliceKey(), aliceKey().address());
        expectSameEverywhere(chain_.buildBlock(txs, carolKey().address()),
                             "bad-txns-signature-invalid: transaction 31 (");
    }

    void poolDirectly() {
        std::vector<TxPreimage> preimages;
        std::vector<SignatureJob> jobs = jobsOf(preimages);
        SignatureCheckPool pool(4);
        QVERIFY(!pool.firstFailure(jobs).has_value());
        QVERIFY(!pool.firstFailure({}).has_value());
        jobs[77].spentPubkeyHash = bobKey().address(); // wrong sighash
        jobs[199].spentPubkeyHash = bobKey().address();
        const auto f = pool.firstFailure(jobs);
        QVERIFY(f.has_value());
        QCOMPARE(f->jobIndex, std::size_t(77));
        QCOMPARE(f->failure.code, RejectCode::TxSignatureInvalid);
        QCOMPARE(firstSignatureFailure(jobs)->jobIndex, std::size_t(77));
    }

    // Signatures checked before (a synced page's) are used up on the calling thread; the workers
    // get only what is left, from the first job not cached, and failures keep their index.
    void cachedResultsAreUsedUpBeforeWorkersAreWoken() {
        std::vector<TxPreimage> preimages;
        std::vector<SignatureJob> jobs = jobsOf(preimages);
        SignatureCache cache;
        SignatureCheckPool pool(4, &cache);
        for (const Transaction& tx : spends_)
            precheckTxSignatures(tx, cache);
        QCOMPARE(cache.size(), spends_.size());
        QVERIFY(!pool.firstFailure(jobs).has_value());
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(0));
        QCOMPARE(cache.size(), std::size_t(0)); // used up: a block is not validated twice

        for (std::size_t i = 0; i < 120; ++i)
            precheckTxSignatures(spends_[i], cache);
        jobs[150].spentPubkeyHash = bobKey().address(); // wrong sighash
        expectFirstFailureAt(pool, jobs, 150);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(1));
        QCOMPARE(cache.size(), std::size_t(0));

        // A failing job among the cached ones stops the lookups there, and is reported.
        for (std::size_t i = 0; i < 120; ++i)
            precheckTxSignatures(spends_[i], cache);
        jobs[150].spentPubkeyHash = aliceKey().address();
        jobs[60].spentPubkeyHash = bobKey().address();
        expectFirstFailureAt(pool, jobs, 60);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(2));
    }

    // Too few jobs left after the cached ones to hand out: the calling thread checks them, and
    // a failure keeps its index.
    void fewUncachedJobsAreCheckedOnTheCallingThread() {
        std::vector<TxPreimage> preimages;
        std::vector<SignatureJob> jobs = jobsOf(preimages);
        SignatureCache cache;
        SignatureCheckPool pool(4, &cache);
        for (std::size_t i = 0; i < 190; ++i)
            precheckTxSignatures(spends_[i], cache);
        jobs[195].spentPubkeyHash = bobKey().address();
        expectFirstFailureAt(pool, jobs, 195);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(0));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    // Validation that finds its first signature cached ends the early checks before it uses any
    // up (they would verify again what it used), even when it hands out no batch.
    void validationEndsEarlyChecksWhenEverythingIsCached() {
        std::vector<TxPreimage> preimages;
        const std::vector<SignatureJob> jobs = jobsOf(preimages);
        const Block block = chain_.buildBlock(spends_, carolKey().address());
        SignatureCache cache;
        SignatureCheckPool pool(2, &cache);
        for (const Transaction& tx : spends_)
            precheckTxSignatures(tx, cache);
        pool.startEarlyChecks(block);
        QVERIFY(pool.checkingEarly());
        QVERIFY(!pool.firstFailure(jobs).has_value());
        QVERIFY(!pool.checkingEarly());
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(0));
        pool.stopEarlyChecks();
    }

    // A few jobs none of which is cached (a small block connected before the early-checked one,
    // in a reorg) are checked on the calling thread, and the early checks go on, as before.
    void fewUncachedJobsLeaveEarlyChecksRunning() {
        std::vector<TxPreimage> preimages;
        const std::vector<SignatureJob> jobs = jobsOf(preimages);
        // (The early-checked block holds none of the three, which its checks cannot cache.)
        const Block block = chain_.buildBlock(
            std::vector<Transaction>(spends_.begin() + 3, spends_.end()), carolKey().address());
        SignatureCache cache;
        SignatureCheckPool pool(2, &cache);
        pool.startEarlyChecks(block);
        QVERIFY(!pool.firstFailure(std::span(jobs).first(3)).has_value());
        QVERIFY(pool.checkingEarly());
        QCOMPARE(pool.batchesHandedOut(), std::uint64_t(0));
        pool.stopEarlyChecks();
        QVERIFY(!pool.checkingEarly());
    }

    void poolReportsItsThreadCount() {
        for (unsigned threads : {1u, 2u, 3u, 8u})
            QCOMPARE(SignatureCheckPool(threads).threads(), threads);
    }

    void defaultPoolUsesEveryCore() {
        SignatureCheckPool pool;
        QCOMPARE(pool.threads(), std::max(1u, std::thread::hardware_concurrency()));
    }
};

QTEST_APPLESS_MAIN(TestSignaturePool)
#include "tst_signature_pool.moc"
