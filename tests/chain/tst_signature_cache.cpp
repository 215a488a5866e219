// The signature cache: what its keys bind, its bound, and its use: signatures checked when txs
// enter the mempool are not verified again in their block, with the same validation outcome.
#include <QTest>

#include "chain/early_signature_check.h"
#include "chain/signature_check_pool.h"
#include "chain/signature_precheck.h"
#include "consensus/rules/input_rules.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/rules/tx_validation.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

class TestSignatureCache : public QObject {
    Q_OBJECT

    static constexpr int kTxs = 60;
    TestChain chain_;
    std::vector<Transaction> spends_;

    static Hash256 hashOf(char c) { return *Hash256::fromHex(std::string(64, c)); }

    static std::string describe(const Result<BlockUtxoChanges>& r) {
        if (!r.ok())
            return r.failure().toString();
        return "ok fees=" + std::to_string(r->fees) + " spent=" + std::to_string(r->spent.size());
    }

    // Runs every tx through mempool validation with `cache`, as the node does on arrival.
    void acceptAll(const std::vector<Transaction>& txs, SignatureCache& cache) {
        for (const Transaction& tx : txs) {
            const auto fee = validateTransaction(tx, chain_.state(), chain_.state(), &cache);
            QVERIFY2(fee.ok(), fee.ok() ? "" : fee.failure().toString().c_str());
        }
    }

private slots:
    void initTestCase() {
        chain_.mineTo(aliceKey().address());
        for (int i = 0; i < kTxs; ++i) {
            const OutPoint op{hashOf('d'), static_cast<std::uint32_t>(i)};
            const TxOut out{COIN, aliceKey().address()};
            chain_.state().addCoin(op, Coin{out, 0, false});
            spends_.push_back(
                makeSignedSpend({{op, out}}, aliceKey(), {{COIN - 100, bobKey().address()}}));
        }
    }

    void keysBindSighashPubkeyAndSignature() {
        SignatureCache cache;
        const Bytes pubkey(33, 0x02), sig(70, 0x30);
        const auto key = cache.keyOf(hashOf('a'), pubkey, sig);
        QCOMPARE(cache.keyOf(hashOf('a'), pubkey, sig), key);
        QVERIFY(cache.keyOf(hashOf('b'), pubkey, sig) != key);
        Bytes otherKey = pubkey;
        otherKey.back() ^= 1;
        QVERIFY(cache.keyOf(hashOf('a'), otherKey, sig) != key);
        Bytes otherSig = sig;
        otherSig.back() ^= 1;
        QVERIFY(cache.keyOf(hashOf('a'), pubkey, otherSig) != key);
        // The same bytes split differently between pubkey and signature.
        Bytes longerKey = pubkey;
        longerKey.push_back(0x30);
        QVERIFY(cache.keyOf(hashOf('a'), longerKey, Bytes(69, 0x30)) != key);
        // Salted per cache: another process cannot predict where a key lands.
        QVERIFY(SignatureCache().keyOf(hashOf('a'), pubkey, sig) != key);
    }

    void containsTakeAndInsert() {
        SignatureCache cache;
        const auto k = cache.keyOf(hashOf('a'), Bytes(33, 2), Bytes(70, 3));
        QVERIFY(!cache.contains(k));
        QVERIFY(!cache.take(k));
        cache.insert(k);
        cache.insert(k);
        QCOMPARE(cache.size(), std::size_t(1));
        QVERIFY(cache.contains(k));
        QVERIFY(cache.contains(k)); // contains keeps it
        QVERIFY(cache.take(k));
        QVERIFY(!cache.contains(k)); // take does not
        QCOMPARE(cache.size(), std::size_t(0));
    }

    void staysWithinItsCapacityKeepingTheNewest() {
        SignatureCache cache(10);
        std::vector<SignatureCache::Key> keys;
        for (std::uint8_t i = 0; i < 100; ++i) {
            keys.push_back(cache.keyOf(hashOf('a'), Bytes(33, i), Bytes(70, 3)));
            cache.insert(keys.back());
            QVERIFY(cache.size() <= 10);
        }
        QVERIFY(cache.contains(keys.back()));
        QVERIFY(cache.contains(keys[keys.size() - 2]));
        QVERIFY(!cache.contains(keys.front()));
    }

    void rememberedOnlyWhenValid() {
        SignatureCache cache;
        const Transaction& tx = spends_[0];
        const TxPreimage pre(tx);
        QVERIFY(checkInputSignature(tx, pre, 0, aliceKey().address(), &cache,
                                    SignatureCacheUse::Remember));
        QCOMPARE(cache.size(), std::size_t(1));

        Transaction bad = spends_[1];
        bad.inputs[0].signature.back() ^= 1;
        const Status s = checkInputSignature(bad, TxPreimage(bad), 0, aliceKey().address(), &cache,
                                             SignatureCacheUse::Remember);
        QVERIFY(!s);
        QCOMPARE(s.failure().code, RejectCode::TxSignatureInvalid);
        QCOMPARE(cache.size(), std::size_t(1));

        QVERIFY(checkInputSignature(tx, pre, 0, aliceKey().address(), &cache,
                                    SignatureCacheUse::Consume));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    // White-box: a cached key is trusted without verifying, which is what saves the work. The
    // key of a bad signature is planted to show it; real keys only come from valid checks.
    void aHitIsNotVerifiedAgain() {
        SignatureCache cache;
        Transaction bad = spends_[2];
        bad.inputs[0].signature.back() ^= 1;
        const TxPreimage pre(bad);
        cache.insert(cache.keyOf(pre.sighash(0, aliceKey().address()), bad.inputs[0].pubkey,
                                 bad.inputs[0].signature));
        QVERIFY(checkInputSignature(bad, pre, 0, aliceKey().address(), &cache,
                                    SignatureCacheUse::Consume));
        QVERIFY(!checkInputSignature(bad, pre, 0, aliceKey().address(), &cache,
                                     SignatureCacheUse::Consume)); // used up
        // The same signature under another spent pubkey hash is another sighash: a miss.
        cache.insert(cache.keyOf(pre.sighash(0, aliceKey().address()), bad.inputs[0].pubkey,
                                 bad.inputs[0].signature));
        QVERIFY(!checkInputSignature(bad, pre, 0, bobKey().address(), &cache,
                                     SignatureCacheUse::Consume));
    }

    void mempoolCheckedSignaturesAreUsedUpByTheirBlock() {
        const Block block = chain_.buildBlock(spends_, carolKey().address());
        const std::string uncached = describe(chain_.validate(block));
        QVERIFY2(uncached.rfind("ok ", 0) == 0, uncached.c_str());
        for (unsigned threads : {1u, 2u}) {
            SignatureCache cache;
            acceptAll(spends_, cache);
            QCOMPARE(cache.size(), std::size_t(kTxs));
            SignatureCheckPool pool(threads, &cache);
            QCOMPARE(describe(chain_.validate(block, &pool)), uncached);
            QCOMPARE(cache.size(), std::size_t(0));
        }
    }

    // What a reorg does with the txs of a block it disconnects: their signatures passed when the
    // block connected, so the mempool takes them back from the cache, with the same outcome.
    void disconnectedTxsAreTakenBackWithoutVerifyingAgain() {
        SignatureCache cache;
        for (const Transaction& tx : spends_)
            rememberVerifiedSignatures(tx, cache);
        QCOMPARE(cache.size(), std::size_t(kTxs));
        acceptAll(spends_, cache); // as the mempool takes them back
        // Each check a hit (a hit is used up here; a miss would leave its key in the cache).
        for (const Transaction& tx : spends_)
            QVERIFY(checkInputSignature(tx, TxPreimage(tx), 0, aliceKey().address(), &cache,
                                        SignatureCacheUse::Consume));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    // What sync does with a downloaded page: check the signatures before the spent outputs are
    // read. The verdict is the block's; the cache is consulted, not filled.
    void aBlockVerifiedAheadLeavesTheCacheAsItWas() {
        auto txs = spends_;
        txs[20].inputs[0].signature.back() ^= 1;
        const Block bad = chain_.buildBlock(txs, carolKey().address());
        const Block good = chain_.buildBlock(spends_, carolKey().address());
        SignatureCache cache;
        QVERIFY(verifyBlockSignatures(good, cache));
        QVERIFY(!verifyBlockSignatures(bad, cache));
        QCOMPARE(cache.size(), std::size_t(0));
        // A signature the mempool verified counts as valid (the tampered one's key, cached,
        // shows it: nothing else would pass it).
        const Transaction& tampered = bad.transactions[21];
        cache.insert(cache.keyOf(TxPreimage(tampered).sighash(0, aliceKey().address()),
                                 tampered.inputs[0].pubkey, tampered.inputs[0].signature));
        QVERIFY(verifyBlockSignatures(bad, cache));
        QCOMPARE(cache.size(), std::size_t(1));
    }

    // What a block pushed over REST or by a peer gets: its signatures checked on another core,
    // last tx first, until its validation starts.
    void anEarlyCheckRemembersValidSignaturesFromTheEnd() {
        auto txs = spends_;
        txs[20].inputs[0].signature.back() ^= 1;
        const Block block = chain_.buildBlock(txs, carolKey().address());
        const std::string uncached = describe(chain_.validate(block));
        SignatureCache cache;
        SignatureCheckPool pool(2, &cache);
        {
            EarlySignatureCheck early(block, pool); // left to run to the end
            QTRY_COMPARE_WITH_TIMEOUT(cache.size(), std::size_t(kTxs - 1), 30'000);
            early.stop();
            early.stop(); // idempotent
        }
        QCOMPARE(cache.size(), std::size_t(kTxs - 1)); // the tampered one is not remembered
        QCOMPARE(describe(chain_.validate(block, &pool)), uncached);

        // Stopped at once: whatever it did is a run of txs at the end of the block.
        SignatureCache partial;
        SignatureCheckPool partialPool(2, &partial);
        const Block good = chain_.buildBlock(spends_, carolKey().address());
        {
            EarlySignatureCheck early(good, partialPool);
            early.stop();
            const std::size_t doneWhenStopped = partial.size();
            QTest::qWait(50);
            QCOMPARE(partial.size(), doneWhenStopped); // nothing runs after stop()
        }
        bool seenChecked = false;
        for (std::size_t t = 1; t < good.transactions.size(); ++t) {
            const Transaction& tx = good.transactions[t];
            const TxPreimage pre(tx);
            const bool checked = partial.contains(partial.keyOf(
                pre.sighash(0, aliceKey().address()), tx.inputs[0].pubkey, tx.inputs[0].signature));
            QVERIFY2(!seenChecked || checked, "the early check skipped a tx on its way back");
            seenChecked = seenChecked || checked;
        }
    }

    // Validation while the early checks still run: its batch takes the workers over, and the
    // answer is the same as without any early checks, for a good and for a tampered block.
    void validationTakesTheWorkersOverFromTheEarlyChecks() {
        auto txs = spends_;
        txs[7].inputs[0].signature.back() ^= 1;
        const Block tampered = chain_.buildBlock(txs, carolKey().address());
        const Block good = chain_.buildBlock(spends_, carolKey().address());
        const std::string tamperedUncached = describe(chain_.validate(tampered));
        const std::string goodUncached = describe(chain_.validate(good));
        QVERIFY2(goodUncached.rfind("ok ", 0) == 0, goodUncached.c_str());
        for (const Block* block : {&tampered, &good}) {
            SignatureCache cache;
            SignatureCheckPool pool(3, &cache);
            EarlySignatureCheck early(*block, pool);
            QTest::qWait(5); // some early work done, most not
            QCOMPARE(describe(chain_.validate(*block, &pool)),
                     block == &good ? goodUncached : tamperedUncached);
        }
    }

    void aBlockWithABadSignatureFailsTheSameWithACache() {
        auto txs = spends_;
        txs[45].inputs[0].signature.back() ^= 1;
        const Block block = chain_.buildBlock(txs, carolKey().address());
        const std::string uncached = describe(chain_.validate(block));
        QVERIFY2(uncached.rfind("bad-txns-signature-invalid: transaction 46 (", 0) == 0,
                 uncached.c_str());
        SignatureCache cache;
        acceptAll(spends_, cache); // every tx but the tampered one is cached
        SignatureCheckPool pool(2, &cache);
        QCOMPARE(describe(chain_.validate(block, &pool)), uncached);
    }
};

QTEST_APPLESS_MAIN(TestSignatureCache)
#include "tst_signature_cache.moc"
