// PageSignatureCheck: sync's signature checks for a downloaded page, shared between a helper
// thread and the syncing thread; every block's signatures are in the cache once waitFor
// returns, whatever the order in which the threads got to them.
#include <QTest>

#include "chain/signature_precheck.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/page_signature_check.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::net;
using namespace mbc::test;

class TestPageSignatureCheck : public QObject {
    Q_OBJECT

    static constexpr int kBlocks = 12;
    static constexpr int kTxsPerBlock = 8;

    // Blocks of signed one-input spends (their context does not matter to a signature check).
    static std::vector<Block> page(TestChain& chain, std::size_t tamperedBlock = SIZE_MAX) {
        std::vector<Block> blocks;
        for (int b = 0; b < kBlocks; ++b) {
            std::vector<Transaction> txs;
            for (int t = 0; t < kTxsPerBlock; ++t) {
                const OutPoint op{*Hash256::fromHex(std::string(64, 'e')),
                                  std::uint32_t(b * kTxsPerBlock + t)};
                txs.push_back(makeSignedSpend({{op, {COIN, aliceKey().address()}}}, aliceKey(),
                                              {{COIN - 100, bobKey().address()}}));
            }
            if (std::size_t(b) == tamperedBlock)
                txs[3].inputs[0].signature.back() ^= 1;
            blocks.push_back(chain.buildBlock(txs, carolKey().address()));
        }
        return blocks;
    }

    static bool signaturesCached(const Block& block, const SignatureCache& cache) {
        for (std::size_t t = 1; t < block.transactions.size(); ++t) {
            const Transaction& tx = block.transactions[t];
            const TxPreimage pre(tx);
            if (!cache.contains(cache.keyOf(pre.sighash(0, aliceKey().address()),
                                            tx.inputs[0].pubkey, tx.inputs[0].signature)))
                return false;
        }
        return true;
    }

    TestChain chain_;

private slots:
    void initTestCase() { chain_.mineTo(aliceKey().address()); }

    void everyBlockIsCheckedBeforeItIsNeeded() {
        const std::vector<Block> blocks = page(chain_);
        SignatureCache cache;
        PageSignatureCheck check(blocks, cache);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            check.waitFor(i);
            QVERIFY2(signaturesCached(blocks[i], cache), qPrintable(QString::number(i)));
        }
        QCOMPARE(cache.size(), std::size_t(kBlocks * kTxsPerBlock));
    }

    void aBadSignatureIsNotRememberedAndNothingHangs() {
        const std::vector<Block> blocks = page(chain_, 5);
        SignatureCache cache;
        {
            PageSignatureCheck check(blocks, cache);
            for (std::size_t i = 0; i < blocks.size(); ++i)
                check.waitFor(i);
            QVERIFY(!signaturesCached(blocks[5], cache));
            QVERIFY(signaturesCached(blocks[4], cache) && signaturesCached(blocks[6], cache));
        }
        QCOMPARE(cache.size(), std::size_t(kBlocks * kTxsPerBlock - 1));
    }

    // Sync checks the next page while it is still held apart from the page being connected,
    // then moves it into place: the blocks stay where they were, and so does the check.
    void theBlocksMayBeMovedToAnotherVectorWhileChecked() {
        std::vector<Block> arriving = page(chain_);
        const Block* const first = arriving.data();
        SignatureCache cache;
        PageSignatureCheck check(arriving, cache);
        std::vector<Block> connected = page(chain_); // as sync's page_: emptied, then given it
        connected.clear();
        connected = std::move(arriving);
        QCOMPARE(connected.data(), first);
        for (std::size_t i = 0; i < connected.size(); ++i) {
            check.waitFor(i);
            QVERIFY2(signaturesCached(connected[i], cache), qPrintable(QString::number(i)));
        }
        QCOMPARE(cache.size(), std::size_t(kBlocks * kTxsPerBlock));
    }

    void leavingEarlyStopsTheHelper() {
        const std::vector<Block> blocks = page(chain_);
        SignatureCache cache;
        {
            PageSignatureCheck check(blocks, cache);
            check.waitFor(0); // a refused block ends the page here
        }
        const std::size_t afterward = cache.size();
        QTest::qWait(50);
        QCOMPARE(cache.size(), afterward);
        QVERIFY(signaturesCached(blocks[0], cache));
    }
};

QTEST_GUILESS_MAIN(TestPageSignatureCheck)
#include "tst_page_signature_check.moc"
