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

    // Headers ahead of their bodies, across retarget heights, in batches that build on the
    // headers admitted before them: each keeps to the target rule's bounds (admitHeaders), and
    // one outside them is refused: five times easier at a retarget, any change between
    // retargets (its parent an admitted header), another target for genesis.
    void headersKeepToTheTargetRuleAcrossRetargets() {
        const RuleCase c = retargetingChain(30);
        params_ = c.state.params();
        now_ = c.chain.back().header.timestamp + 3600;
        reopen();
        expect(c.chain[0], Kind::Connected);
        const auto headersOf = [&](std::size_t from, std::size_t to) {
            std::vector<BlockHeader> headers;
            for (std::size_t h = from; h < to; ++h)
                headers.push_back(c.chain[h].header);
            return headers;
        };
        const auto refusedAsBadTarget = [&](Block b, const UInt256& target) {
            b.header.target = target;
            TestChain::reseal(b);
            const auto r = chain_->admitHeaders(std::vector<BlockHeader>{b.header});
            return !r && r.failure().code == RejectCode::BlockBadTarget;
        };
        QVERIFY(chain_->admitHeaders(headersOf(1, 10)));
        const UInt256 before = c.chain[9].header.target;
        QVERIFY(c.chain[10].header.target != before); // (a retarget that moved it)
        QVERIFY(refusedAsBadTarget(c.chain[10], before.mulDivSaturating(5, 1)));
        QVERIFY(chain_->admitHeaders(headersOf(10, 20)));
        QVERIFY(refusedAsBadTarget(c.chain[15], c.chain[14].header.target.mulDivSaturating(1, 2)));
        QVERIFY(chain_->admitHeaders(headersOf(20, 31)));
        QVERIFY(refusedAsBadTarget(c.chain[0], c.chain[0].header.target.mulDivSaturating(1, 2)));
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
