// consensus/PROTOCOL.md §4/§5 "Block": for each rule, a block that breaks only that rule is
// refused with the rule's code; the untouched block is accepted and changes the UTXO set as it
// should.
#include <QTest>

#include "consensus/pow/work.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"
#include "support/trace_checks.h"

using namespace mbc;
using namespace mbc::test;

class TestBlockRules : public QObject {
    Q_OBJECT

    TestChain chain_;
    Spendable aliceCoin_; // 50 coins, from block 0
    Transaction spend_;   // alice -> bob 10, change 39, fee 1

    // The same validation traced must reach the same verdict and end at the failing rule.
    void expectTraceAgrees(const Block& block, const BlockContext& ctx) {
        RuleTrace trace;
        const auto decided =
            validateBlock(block, ctx, chain_.state(), chain_.state(), chain_.params());
        const auto traced = validateBlock(block, ctx, chain_.state(), chain_.state(),
                                          chain_.params(), nullptr, &trace);
        const std::string disagreement =
            traceDisagreement(failureOf(decided), failureOf(traced), trace);
        QVERIFY2(disagreement.empty(), disagreement.c_str());
    }

    void expectRefused(const Block& block, RejectCode code, const char* inMessage = "",
                       const BlockContext* ctx = nullptr) {
        expectTraceAgrees(block, ctx ? *ctx : chain_.nextContext());
        const auto r =
            ctx ? validateBlock(block, *ctx, chain_.state(), chain_.state(), chain_.params())
                : chain_.validate(block);
        QVERIFY2(!r.ok(), "block was accepted");
        QVERIFY2(r.failure().code == code, r.failure().toString().c_str());
        QVERIFY2(r.failure().message.find(inMessage) != std::string::npos,
                 r.failure().toString().c_str());
    }

    void expectAccepted(const Block& block) {
        expectTraceAgrees(block, chain_.nextContext());
        const auto r = chain_.validate(block);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
    }

    Block candidate() const { return chain_.buildBlock({spend_}, carolKey().address()); }

private slots:
    void init() {
        chain_ = TestChain();
        aliceCoin_ = chain_.mineTo(aliceKey().address());
        chain_.mineTo(bobKey().address());
        spend_ =
            makeSignedSpend({aliceCoin_}, aliceKey(),
                            {{10 * COIN, bobKey().address()}, {39 * COIN, aliceKey().address()}});
    }

    void validBlockConnects() {
        const Block block = candidate();
        const auto r = chain_.validate(block);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(r->fees, Amount(COIN));
        QCOMPARE(r->blockHash, blockHash(block.header));
        QCOMPARE(r->txids.size(), std::size_t(2));
        QCOMPARE(r->spent.size(), std::size_t(1));
        QCOMPARE(r->spent[0].first, aliceCoin_.outpoint);
        QCOMPARE(r->spent[0].second.output, aliceCoin_.output);
        QVERIFY(r->spent[0].second.coinbase);
        QCOMPARE(r->created.size(), std::size_t(3)); // coinbase + two outputs
        QCOMPARE(r->created[0].second.output.amount, 50 * COIN + COIN);
        QCOMPARE(r->created[0].second.height, std::uint32_t(2));
        chain_.connect(block);
        QCOMPARE(chain_.state().balances().at(carolKey().address()), 51 * COIN);
    }

    void parentMustBeKnown() {
        Block block = candidate();
        BlockContext noParent;
        noParent.now = chain_.nextContext().now;
        expectRefused(block, RejectCode::BlockPrevNotFound, block.header.prevHash.hex().c_str(),
                      &noParent);
    }

    void prevHashMustBeTheParent() {
        Block block = candidate();
        block.header.prevHash.bytes[0] ^= 1;
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockBadPrev);
    }

    void genesisCannotHaveAParent() {
        Block block = candidate();
        block.header.prevHash = Hash256{};
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockBadPrev, "genesis");
    }

    void targetMustBeTheExpectedOne() {
        Block block = candidate();
        block.header.target = block.header.target >> 1; // harder, and still met after mining
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockBadTarget, "should be 0x7fff");
    }

    void genesisTargetIsTheNetworks() {
        TestChain fresh;
        Block genesis = fresh.buildBlock({}, aliceKey().address());
        genesis.header.target = UInt256::max();
        TestChain::reseal(genesis);
        const auto r = fresh.validate(genesis);
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::BlockBadTarget);
    }

    void hashMustMeetTheTarget() {
        Block block = candidate();
        while (hashMeetsTarget(blockHash(block.header), block.header.target))
            ++block.header.nonce;
        expectRefused(block, RejectCode::BlockHighHash);
    }

    void timestampAtMostTwoHoursAhead() {
        const std::int64_t now = chain_.nextContext().now;
        Block block = candidate();
        block.header.timestamp = std::uint32_t(now + 7200);
        TestChain::reseal(block);
        expectAccepted(block);
        block.header.timestamp = std::uint32_t(now + 7201);
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockTimeTooNew);
    }

    void timestampAfterMedianTimePast() {
        for (int i = 0; i < 12; ++i)
            chain_.mineTo(bobKey().address()); // timestamps keep rising by 10 s
        // The median of the last 11 timestamps is the 6th from the end.
        const std::uint32_t mtp = chain_.tip().timestamp - 50;
        Block block = candidate();
        block.header.timestamp = mtp;
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockTimeTooOld, std::to_string(mtp).c_str());
        block.header.timestamp = mtp + 1;
        TestChain::reseal(block);
        expectAccepted(block);
    }

    void sizeAtMostOneMegabyte() {
        // A coinbase with ~36,000 one-unit outputs: valid in every way but size.
        Block block = chain_.buildBlock({}, carolKey().address());
        Transaction& cb = block.transactions[0];
        cb.outputs.assign(36'000, TxOut{1, carolKey().address()});
        TestChain::reseal(block);
        QVERIFY(encodedBlockSize(block) > MAX_BLOCK_SIZE);
        expectRefused(block, RejectCode::BlockOversize);
        cb.outputs.resize(35'000);
        TestChain::reseal(block);
        QVERIFY(encodedBlockSize(block) <= MAX_BLOCK_SIZE);
        expectAccepted(block);
    }

    void firstTransactionMustBeTheCoinbase() {
        Block block = candidate();
        std::swap(block.transactions[0], block.transactions[1]);
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockCoinbaseMissing);
        block.transactions.clear();
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockCoinbaseMissing);
    }

    void onlyOneCoinbase() {
        Block block = candidate();
        block.transactions.push_back(makeCoinbase(99, 0, carolKey().address()));
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockCoinbaseMultiple, "transaction 2");
    }

    void coinbaseHasNoSignatureOrPubkey() {
        Block block = candidate();
        block.transactions[0].inputs[0].signature = {0x01};
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockCoinbaseMalformed);
    }

    void merkleRootMustMatch() {
        Block block = candidate();
        block.header.merkleRoot.bytes[5] ^= 0x20;
        mine(block.header);
        expectRefused(block, RejectCode::BlockBadMerkleRoot);
    }

    void noTransactionTwice() {
        Block block = candidate();
        block.transactions.push_back(spend_);
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockDuplicateTx, computeTxid(spend_).hex().c_str());
    }

    void noTransactionAlreadyInTheChain() {
        // Block 1's coinbase again (same height in its locktime): it spends nothing, so only
        // this rule can object.
        Block block = chain_.buildBlock({}, bobKey().address());
        block.transactions[0].locktime = 1;
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockTxAlreadyInChain, "transaction 0");
    }

    void noOutputSpentTwiceInTheBlock() {
        const Transaction rival =
            makeSignedSpend({aliceCoin_}, aliceKey(), {{49 * COIN, carolKey().address()}});
        Block block = chain_.buildBlock({spend_, rival}, carolKey().address());
        expectRefused(block, RejectCode::BlockDoubleSpend, "transaction 2");
    }

    void transactionsSpendInBlockOrder() {
        const Spendable bobsTen{{computeTxid(spend_), 0}, spend_.outputs[0]};
        const Transaction child =
            makeSignedSpend({bobsTen}, bobKey(), {{9 * COIN, carolKey().address()}});
        expectAccepted(chain_.buildBlock({spend_, child}, carolKey().address()));
        expectRefused(chain_.buildBlock({child, spend_}, carolKey().address()),
                      RejectCode::TxInputMissingOrSpent, "transaction 1");
    }

    void transactionRulesApplyInsideBlocks() {
        Transaction bad = spend_;
        bad.inputs[0].signature.back() ^= 1;
        expectRefused(chain_.buildBlock({bad}, carolKey().address()),
                      RejectCode::TxSignatureInvalid, "transaction 1");
        Transaction nullRef = spend_;
        nullRef.inputs.push_back(TxIn{OutPoint::null(), {}, {}});
        expectRefused(chain_.buildBlock({nullRef}, carolKey().address()), RejectCode::TxNullPrevout,
                      "transaction 1");
        Transaction empty = spend_;
        empty.outputs.clear();
        expectRefused(chain_.buildBlock({empty}, carolKey().address()), RejectCode::TxOutputsEmpty,
                      "transaction 1");
    }

    void feesSumWithinMaxMoney() {
        const TxOut big{MAX_MONEY, aliceKey().address()};
        const OutPoint a{*Hash256::fromHex(std::string(64, 'a')), 0};
        const OutPoint b{*Hash256::fromHex(std::string(64, 'b')), 0};
        chain_.state().addCoin(a, Coin{big, 0, false});
        chain_.state().addCoin(b, Coin{big, 0, false});
        const Transaction t1 = makeSignedSpend({{a, big}}, aliceKey(), {{0, bobKey().address()}});
        const Transaction t2 = makeSignedSpend({{b, big}}, aliceKey(), {{0, bobKey().address()}});
        Block block = chain_.buildBlock({t1, t2}, carolKey().address());
        block.transactions[0].outputs[0].amount = chain_.params().blockReward;
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockFeesOutOfRange, "transaction 2");
    }

    void coinbaseAtMostRewardPlusFees() {
        Block block = candidate();
        block.transactions[0].outputs[0].amount += 1;
        TestChain::reseal(block);
        expectRefused(block, RejectCode::BlockCoinbaseAmount,
                      "coinbase pays 5100000001 but reward plus fees is 5100000000");
        block.transactions[0].outputs[0].amount -= 2; // paying less is allowed
        TestChain::reseal(block);
        expectAccepted(block);
    }

    void undoDataRestoresTheParentState() {
        const auto before = chain_.state().utxos();
        const Spendable bobsTen{{computeTxid(spend_), 0}, spend_.outputs[0]};
        const Transaction child =
            makeSignedSpend({bobsTen}, bobKey(), {{9 * COIN, carolKey().address()}});
        const BlockUtxoChanges changes =
            chain_.connect(chain_.buildBlock({spend_, child}, carolKey().address()));
        // bob's 10 was created and spent inside the block: in neither list.
        for (const auto& [op, coin] : changes.created)
            QVERIFY(op != bobsTen.outpoint);
        for (const auto& [op, coin] : changes.spent)
            QVERIFY(op != bobsTen.outpoint);
        auto state = chain_.state().utxos();
        for (const auto& [op, coin] : changes.created)
            state.erase(op);
        for (const auto& [op, coin] : changes.spent)
            state[op] = coin;
        QVERIFY(state == before);
    }
};

QTEST_APPLESS_MAIN(TestBlockRules)
#include "tst_block_rules.moc"
