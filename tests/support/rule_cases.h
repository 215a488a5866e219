#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"
#include "support/test_chain.h"

#include <QTest>

#include <string>
#include <vector>

namespace mbc::test {

// A block that breaks one rule, the valid chain it is checked against, and the exact code it
// must get. The same cases go through validateBlock (consensus tests) and through Blockchain on
// each store (chain tests), so that no rule holds in one and not in the other.
struct RuleCase {
    std::string name;
    std::vector<Block> chain; // valid, genesis first, on `state.params()`
    TestChain state;          // `chain`, connected in memory
    Block block;              // builds on chain.back()
    std::string code;
};

// Like regtest, but retargeting every 10 blocks from a genesis target of 2^248 - 1 (a few
// hundred hashes a block), so tests can cross retarget heights quickly.
NetworkParams retargetingTestParams();

// The timestamps a retargeting chain's blocks 1..30 follow: fast (1 s apart) up to 9, slow
// (100 s) up to 19, on time (10 s) up to 29; blocks 10, 20 and 30 retarget after them.
std::uint32_t retargetTestSpacing(std::uint32_t height);

// A valid chain of `count` blocks after genesis on retargetingTestParams(), as above.
RuleCase retargetingChain(std::uint32_t count);

// Every case: targets at retarget heights 10, 20 and 30 and between them, the median time past
// at heights 1 and 2, malformed coinbases, a bad second signature, replayed transactions.
std::vector<RuleCase> ruleCases();

// A data row per case (column "index": its place in `cases`), named after it.
inline void addRuleCaseRows(const std::vector<RuleCase>& cases) {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].name.c_str()) << int(i);
}

} // namespace mbc::test
