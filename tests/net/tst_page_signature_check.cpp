// PageSignatureCheck and SyncSignatureChecks: sync's signature checks for its downloaded pages,
// shared between a helper thread and the syncing thread. waitFor says whether each block's
// signatures are all valid, whatever the order in which the threads got to them; the cache is
// consulted and left as it is; and the helper goes from one page to the next without waiting for
// the syncing thread.
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
    // `spent`: the hex digit the spent txid repeats; pages of another spend other outputs.
    static std::vector<Block> page(TestChain& chain, std::size_t tamperedBlock = SIZE_MAX,
                                   char spent = 'e') {
        std::vector<Block> blocks;
        for (int b = 0; b < kBlocks; ++b) {
            std::vector<Transaction> txs;
            for (int t = 0; t < kTxsPerBlock; ++t) {
                const OutPoint op{*Hash256::fromHex(std::string(64, spent)),
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

    // The cache's key for the one input of tx `t` of `block`, as the checks compute it.
    static SignatureCache::Key keyOf(const Block& block, std::size_t t,
                                     const SignatureCache& cache) {
        const Transaction& tx = block.transactions[t];
        const TxPreimage pre(tx);
        return cache.keyOf(pre.sighash(0, aliceKey().address()), tx.inputs[0].pubkey,
                           tx.inputs[0].signature);
    }

    static std::size_t doneBlocks(const PageSignatureCheck& check, std::size_t blocks) {
        std::size_t done = 0;
        for (std::size_t i = 0; i < blocks; ++i)
            done += check.done(i) ? 1 : 0;
        return done;
    }

    TestChain chain_;

private slots:
    void initTestCase() { chain_.mineTo(aliceKey().address()); }

    void everyBlockIsCheckedBeforeItIsNeeded() {
        const std::vector<Block> blocks = page(chain_);
        SignatureCache cache;
        SyncSignatureChecks checks(cache);
        const auto check = checks.add(blocks);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            QVERIFY2(check->waitFor(i), qPrintable(QString::number(i)));
            QVERIFY(check->done(i));
        }
        QCOMPARE(cache.size(), std::size_t(0)); // consulted, not filled
    }

    void aBadSignatureFailsItsBlockAloneAndNothingHangs() {
        const std::vector<Block> blocks = page(chain_, 5);
        SignatureCache cache;
        SyncSignatureChecks checks(cache);
        const auto check = checks.add(blocks);
        for (std::size_t i = 0; i < blocks.size(); ++i)
            QCOMPARE(check->waitFor(i), i != 5);
    }

    // A signature the cache holds (the mempool verified it) counts as valid without being
    // verified again: a key cached for the tampered signature shows it, as nothing else would
    // pass it.
    void aCachedSignatureCountsAsValid() {
        const std::vector<Block> blocks = page(chain_, 5, 'a');
        SignatureCache cache;
        cache.insert(keyOf(blocks[5], 4, cache)); // tx 4 is the block's tx 3 (after the coinbase)
        SyncSignatureChecks checks(cache);
        const auto check = checks.add(blocks);
        for (std::size_t i = 0; i < blocks.size(); ++i)
            QVERIFY2(check->waitFor(i), qPrintable(QString::number(i)));
        QCOMPARE(cache.size(), std::size_t(1)); // not used up either
    }

    // Sync checks the next page while it is still held apart from the page being connected,
    // then moves it into place: the blocks stay where they were, and so does the check.
    void theBlocksMayBeMovedToAnotherVectorWhileChecked() {
        std::vector<Block> arriving = page(chain_, 7);
        const Block* const first = arriving.data();
        SignatureCache cache;
        SyncSignatureChecks checks(cache);
        const auto check = checks.add(arriving);
        std::vector<Block> connected = page(chain_); // as sync's page_: emptied, then given it
        connected.clear();
        connected = std::move(arriving);
        QCOMPARE(connected.data(), first);
        for (std::size_t i = 0; i < connected.size(); ++i)
            QCOMPARE(check->waitFor(i), i != 7);
    }

    // A refused block ends a page early: the helper leaves it, and checks the pages after.
    void aPageLeftEarlyLeavesTheHelperFree() {
        const std::vector<Block> blocks = page(chain_);
        SignatureCache cache;
        SyncSignatureChecks checks(cache);
        {
            const auto check = checks.add(blocks);
            QVERIFY(check->waitFor(0)); // a refused block ends the page here
        }
        const auto again = checks.add(blocks);
        QTRY_VERIFY_WITH_TIMEOUT(doneBlocks(*again, blocks.size()) == blocks.size(), 20000);
    }

    // The next page is added while this one is connected: once this page's blocks are all
    // claimed, the helper checks the next page's, though this page is still there and nobody
    // waits for any block.
    void theHelperGoesOnToTheNextPageAloneInOrder() {
        const std::vector<Block> first = page(chain_, SIZE_MAX, 'c');
        const std::vector<Block> second = page(chain_, SIZE_MAX, 'd');
        SignatureCache cache;
        SyncSignatureChecks checks(cache, 2); // two helpers
        const auto firstCheck = checks.add(first);
        const auto secondCheck = checks.add(second);
        bool inOrder = true;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                // (The second page's first: a block of it checked means every block of the
                // first was claimed before, and the other helper was on one of them at most.
                // Nothing is ever unchecked.)
                const std::size_t ofSecond = doneBlocks(*secondCheck, second.size());
                if (ofSecond > 0 && doneBlocks(*firstCheck, first.size()) + 1 < first.size())
                    inOrder = false;
                return ofSecond == second.size();
            }(),
            20000);
        QVERIFY(inOrder);
        for (std::size_t i = 0; i < second.size(); ++i)
            QVERIFY(secondCheck->waitFor(i)); // each is checked: none waits
    }

    // A page let go before the helper reached it (the sync ended) leaves the helper free for
    // the pages after it.
    void aPageLetGoUncheckedLeavesTheHelperFree() {
        const std::vector<Block> first = page(chain_, SIZE_MAX, 'c');
        const std::vector<Block> second = page(chain_, SIZE_MAX, 'd');
        SignatureCache cache;
        SyncSignatureChecks checks(cache,
                                   1); // (one helper: the first page is done before the third)
        const auto firstCheck = checks.add(first);
        checks.add(second).reset();
        const auto third = checks.add(first);
        QTRY_VERIFY_WITH_TIMEOUT(doneBlocks(*third, first.size()) == first.size(), 20000);
        QCOMPARE(doneBlocks(*firstCheck, first.size()), first.size());
    }
};

QTEST_GUILESS_MAIN(TestPageSignatureCheck)
#include "tst_page_signature_check.moc"
