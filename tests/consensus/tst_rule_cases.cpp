// Blocks that break one rule each (support/rule_cases.h), through validateBlock: targets at and
// between retarget heights on a retargeting network, the median time past at heights 1 and 2,
// malformed coinbases, a bad second signature, replayed transactions. tst_chain_rules feeds the
// same blocks to the chain over each store. Each is also traced (the X-ray): the same verdict,
// the trace ending at the failing rule.
#include <QTest>

#include "consensus/rules/block_validation.h"
#include "support/rule_cases.h"
#include "support/trace_checks.h"

using namespace mbc;
using namespace mbc::test;

class TestRuleCases : public QObject {
    Q_OBJECT

    std::vector<RuleCase> cases_;

private slots:
    void initTestCase() { cases_ = ruleCases(); }

    void eachBlockGetsItsRulesCode_data() { addRuleCaseRows(cases_); }
    void eachBlockGetsItsRulesCode() {
        QFETCH(int, index);
        const RuleCase& c = cases_[std::size_t(index)];
        const auto r = c.state.validate(c.block);
        QVERIFY2(!r, "the block was accepted");
        QCOMPARE(std::string(r.failure().codeName()), c.code);
        // Traced, the same verdict, and the trace ends at the rule that refused it.
        RuleTrace trace;
        const auto traced = validateBlock(c.block, c.state.nextContext(), c.state.state(),
                                          c.state.state(), c.state.params(), nullptr, &trace);
        const std::string disagreement = traceDisagreement(failureOf(r), failureOf(traced), trace);
        QVERIFY2(disagreement.empty(), disagreement.c_str());
    }

    // The chains the cases build on are valid, and retargeting moved the target as the rule
    // says: down after fast blocks, up after slow ones, unchanged after blocks on time.
    void retargetsFollowTheBlockTimes() {
        const RuleCase c = retargetingChain(30);
        const auto target = [&](std::size_t h) { return c.chain[h].header.target; };
        const UInt256 genesis = retargetingTestParams().genesisTarget;
        QCOMPARE(target(9), genesis);
        QCOMPARE(target(10), genesis.mulDivSaturating(22, 90)); // 9 s clamped to 90 / 4
        QCOMPARE(target(19), target(10));
        QCOMPARE(target(20), target(10).mulDivSaturating(360, 90)); // 900 s clamped to 90 x 4
        QCOMPARE(target(30), target(20));                           // exactly 90 s
    }
};

QTEST_APPLESS_MAIN(TestRuleCases)
#include "tst_rule_cases.moc"
