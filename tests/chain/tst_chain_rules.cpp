// The blocks of support/rule_cases.h (one broken rule each) fed to the chain over a real store
// (SQLite, or PostgreSQL with MBC_TEST_BACKEND=postgres) after their valid chain: each gets its
// rule's exact code, as validateBlock gives it (tst_rule_cases). And the miner's template has
// the target the rule expects at retarget heights.
#include <QTest>

#include "chain/block_assembler.h"
#include "consensus/serialize/block_serialize.h"
#include "support/chain_fixture.h"
#include "support/rule_cases.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestChainRules : public ChainSuite {
    Q_OBJECT

    std::vector<RuleCase> cases_;

    // A chain for `c`'s network, with `c.chain` connected and the clock an hour past its tip.
    void connect(const RuleCase& c) {
        params_ = c.state.params();
        now_ = c.chain.back().header.timestamp + 3600;
        reopen();
        for (const Block& b : c.chain)
            expect(b, Kind::Connected);
    }

private slots:
    void initTestCase() { cases_ = ruleCases(); }
    void init() { setUpChain(); }
    void cleanup() { tearDownChain(); }

    void eachBlockGetsItsRulesCode_data() { addRuleCaseRows(cases_); }
    void eachBlockGetsItsRulesCode() {
        QFETCH(int, index);
        const RuleCase& c = cases_[std::size_t(index)];
        connect(c);
        expect(c.block, Kind::Invalid, c.code.c_str());
        QCOMPARE(tipHash(), blockHash(c.chain.back().header));
        expectConsistentUtxoSet();
    }

    void theMinersTemplateHasTheExpectedTarget_data() {
        QTest::addColumn<int>("height");
        for (int h : {9, 10, 19, 20, 29})
            QTest::newRow(qPrintable(QString("after height %1").arg(h))) << h;
    }
    void theMinersTemplateHasTheExpectedTarget() {
        QFETCH(int, height);
        const RuleCase c = retargetingChain(std::uint32_t(height));
        connect(c);
        const BlockTemplate t = assembleBlock(chain_->tipContext(), params_, Mempool(), alice_, 10);
        QCOMPARE(t.height, std::uint32_t(height + 1));
        QCOMPARE(t.block.header.target, c.state.buildBlock({}, alice_).header.target);
    }
};

QTEST_GUILESS_MAIN(TestChainRules)
#include "tst_chain_rules.moc"
