// The validation X-ray's trace (consensus/rules/rule_trace.h): the values each rule reports are
// the ones it compared, in the order validation checks them; the trace is bounded; every rule
// has a stable name. (tst_transaction_rules, tst_block_rules, tst_rule_cases and
// tst_chain_vectors check that every traced verdict is the untraced one, ending at its rule.)
#include <QTest>

#include "consensus/crypto/hashes.h"
#include "consensus/rules/block_validation.h"
#include "consensus/rules/tx_validation.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/rule_cases.h"
#include "support/test_chain.h"

#include <set>

using namespace mbc;
using namespace mbc::test;

namespace {

const RuleStep* findStep(const RuleTrace& trace, RuleId rule,
                         std::optional<std::uint32_t> tx = std::nullopt) {
    for (const RuleStep& s : trace.steps())
        if (s.rule == rule && (!tx || s.tx == tx))
            return &s;
    return nullptr;
}

const RuleFact* findFact(const RuleStep& step, const std::string& name) {
    for (const RuleFact& f : step.facts)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::int64_t number(const RuleStep& step, const std::string& name) {
    const RuleFact* f = findFact(step, name);
    if (!f)
        throw std::runtime_error("no fact " + name + " in " + std::string(ruleName(step.rule)));
    return f->number;
}

std::string text(const RuleStep& step, const std::string& name) {
    const RuleFact* f = findFact(step, name);
    if (!f)
        throw std::runtime_error("no fact " + name + " in " + std::string(ruleName(step.rule)));
    return f->text;
}

} // namespace

class TestRuleTrace : public QObject {
    Q_OBJECT

    TestChain chain_;
    Spendable coin_; // 50 coins to alice

private slots:
    void init() {
        chain_ = TestChain();
        coin_ = chain_.mineTo(aliceKey().address());
        chain_.mineTo(bobKey().address());
    }

    void everyRuleHasADistinctName() {
        std::set<std::string> names;
        for (int r = 0; r <= int(kLastRuleId); ++r) {
            const std::string name(ruleName(RuleId(r)));
            QVERIFY2(!name.empty() && name != "unknown", std::to_string(r).c_str());
            QVERIFY2(names.insert(name).second, name.c_str());
        }
    }

    // A payment: for each input, the coin it spends, the pubkey hash against the lock, the
    // signature over the sighash; then the sums and the fee, in that order.
    void aTransactionShowsItsInputsSumsAndFee() {
        const Transaction tx =
            makeSignedSpend({coin_}, aliceKey(),
                            {{10 * COIN, bobKey().address()}, {39 * COIN, aliceKey().address()}});
        RuleTrace trace;
        const auto fee = validateTransaction(tx, chain_.state(), chain_.state(), nullptr, &trace);
        QVERIFY(fee.ok());

        std::vector<RuleId> order;
        for (const RuleStep& s : trace.steps())
            order.push_back(s.rule);
        const std::vector<RuleId> expected{RuleId::NotCoinbase,       RuleId::InputsNotEmpty,
                                           RuleId::OutputsNotEmpty,   RuleId::NoDuplicateInputs,
                                           RuleId::OutputAmounts,     RuleId::TransactionSize,
                                           RuleId::NoNullPrevouts,    RuleId::NoMempoolConflict,
                                           RuleId::InputSpendable,    RuleId::PubkeyEncoding,
                                           RuleId::PubkeyMatchesCoin, RuleId::InputSignature,
                                           RuleId::InputValues,       RuleId::Fee};
        QVERIFY(order == expected);

        const RuleStep& spendable = *findStep(trace, RuleId::InputSpendable);
        QCOMPARE(spendable.input, std::optional<std::uint32_t>(0));
        QCOMPARE(number(spendable, "amount"), 50 * COIN);
        QCOMPARE(text(spendable, "locked_to"), aliceKey().address().hex());
        const RuleStep& match = *findStep(trace, RuleId::PubkeyMatchesCoin);
        QCOMPARE(text(match, "pubkey_hash"), hash160(tx.inputs[0].pubkey).hex());
        QCOMPARE(text(match, "locked_to"), aliceKey().address().hex());
        const RuleStep& signature = *findStep(trace, RuleId::InputSignature);
        QCOMPARE(text(signature, "sighash"), TxPreimage(tx).sighash(0, aliceKey().address()).hex());
        QCOMPARE(text(signature, "signature"), toHex(tx.inputs[0].signature));
        const RuleStep& feeStep = *findStep(trace, RuleId::Fee);
        QCOMPARE(number(feeStep, "inputs_total"), 50 * COIN);
        QCOMPARE(number(feeStep, "outputs_total"), 49 * COIN);
        QCOMPARE(number(feeStep, "fee"), 1 * COIN);
    }

    // Outputs worth more than the inputs: the fee rule fails with both sums.
    void aFailingFeeShowsBothSums() {
        const Transaction tx =
            makeSignedSpend({coin_}, aliceKey(), {{51 * COIN, bobKey().address()}});
        RuleTrace trace;
        const auto fee = validateTransaction(tx, chain_.state(), chain_.state(), nullptr, &trace);
        QVERIFY(!fee.ok());
        const RuleStep& last = trace.steps().back();
        QCOMPARE(last.rule, RuleId::Fee);
        QVERIFY(!last.passed());
        QCOMPARE(last.failure->code, RejectCode::TxInBelowOut);
        QCOMPARE(number(last, "inputs_total"), 50 * COIN);
        QCOMPARE(number(last, "outputs_total"), 51 * COIN);
        QVERIFY(!findFact(last, "fee"));
    }

    // A block: the hash against the target, the timestamp against the clock and the median
    // time past, the size against the limit, the coinbase against reward plus fees.
    void aBlockShowsItsHeaderAndCoinbaseNumbers() {
        const Transaction spend =
            makeSignedSpend({coin_}, aliceKey(), {{49 * COIN, bobKey().address()}});
        const Block block = chain_.buildBlock({spend}, carolKey().address());
        const BlockContext ctx = chain_.nextContext();
        RuleTrace trace;
        const auto r = validateBlock(block, ctx, chain_.state(), chain_.state(), chain_.params(),
                                     nullptr, &trace);
        QVERIFY(r.ok());

        const RuleStep& pow = *findStep(trace, RuleId::ProofOfWork);
        QVERIFY(!pow.tx);
        QCOMPARE(text(pow, "block_hash"), blockHash(block.header).hex());
        QCOMPARE(text(pow, "target"), block.header.target.toHexQuantity());
        const RuleStep& future = *findStep(trace, RuleId::TimeNotTooNew);
        QCOMPARE(number(future, "timestamp"), std::int64_t(block.header.timestamp));
        QCOMPARE(number(future, "node_time"), ctx.now);
        QCOMPARE(number(future, "latest_allowed"), ctx.now + chain_.params().maxFutureBlockTime);
        const RuleStep& median = *findStep(trace, RuleId::TimeAfterMedian);
        QCOMPARE(number(median, "blocks_in_median"), std::int64_t(2)); // genesis and block 1
        QCOMPARE(number(median, "median_time_past"), std::int64_t(chain_.tip().timestamp));
        const RuleStep& size = *findStep(trace, RuleId::BlockSize);
        QCOMPARE(number(size, "size"), std::int64_t(encodedBlockSize(block)));
        QCOMPARE(number(size, "limit"), std::int64_t(MAX_BLOCK_SIZE));
        const RuleStep& coinbase = *findStep(trace, RuleId::CoinbaseAmount);
        QCOMPARE(coinbase.tx, std::optional<std::uint32_t>(0));
        QCOMPARE(number(coinbase, "fees"), 1 * COIN);
        QCOMPARE(number(coinbase, "allowed"), chain_.params().blockReward + 1 * COIN);
        QCOMPARE(number(coinbase, "coinbase_pays"), chain_.params().blockReward + 1 * COIN);
        // The payment's input rules are reported as transaction 1's.
        const RuleStep* signature = findStep(trace, RuleId::InputSignature);
        QVERIFY(signature);
        QCOMPARE(signature->tx, std::optional<std::uint32_t>(1));
        QCOMPARE(signature->input, std::optional<std::uint32_t>(0));
    }

    // At a retarget height the target rule shows the timespan it measured, the clamp and the
    // expected span: nine blocks one second apart clamp to a quarter of 90 s.
    void theTargetRuleShowsTheRetargetComputation() {
        RuleCase c = retargetingChain(9);
        const Block block = c.state.buildBlock({}, carolKey().address());
        RuleTrace trace;
        const auto r = validateBlock(block, c.state.nextContext(), c.state.state(), c.state.state(),
                                     c.state.params(), nullptr, &trace);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        const RuleStep& target = *findStep(trace, RuleId::Target);
        QCOMPARE(number(target, "height"), std::int64_t(10));
        QCOMPARE(text(target, "retarget"), std::string("yes"));
        QCOMPARE(number(target, "actual_span"), std::int64_t(9));
        QCOMPARE(number(target, "clamped_span"), std::int64_t(22));
        QCOMPARE(number(target, "expected_span"), std::int64_t(90));
        QCOMPARE(text(target, "expected_target"), block.header.target.toHexQuantity());
    }

    // Past its step limit a trace counts the rules that pass instead of keeping them, and
    // still keeps the one that fails.
    void theTraceIsBoundedButKeepsTheFailure() {
        const Transaction tx =
            makeSignedSpend({coin_}, aliceKey(), {{51 * COIN, bobKey().address()}});
        RuleTrace trace(3);
        QVERIFY(!validateTransaction(tx, chain_.state(), chain_.state(), nullptr, &trace).ok());
        QCOMPARE(trace.steps().size(), std::size_t(4));
        QCOMPARE(trace.omittedPasses(), std::size_t(10));
        QCOMPARE(trace.steps().back().rule, RuleId::Fee);
        QVERIFY(trace.firstFailure() == &trace.steps().back());
    }
};

QTEST_APPLESS_MAIN(TestRuleTrace)
#include "tst_rule_trace.moc"
