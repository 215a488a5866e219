// vectors/chain.json: every block validated in order from an empty state with the vector's
// network profile (and traced, each rule passing); the final tip, height, UTXO count and balances
// must match.
#include <QTest>

#include "consensus/rules/block_validation.h"
#include "consensus/serialize/json_codec.h"
#include "support/memory_chain_state.h"
#include "support/test_data.h"
#include "support/trace_checks.h"

using namespace mbc;
using namespace mbc::test;

class TestChainVectors : public QObject {
    Q_OBJECT

    static NetworkParams profileParams(const json::Value& chain) {
        const json::Value& profile = field(chain, "profile");
        NetworkParams params = regtestParams();
        params.genesisTarget = *UInt256::fromHexQuantity(stringField(profile, "genesis_target"));
        params.retarget = field(profile, "retarget").asBool();
        params.blockReward = intField(profile, "block_reward");
        return params;
    }

private slots:
    void chainValidatesBlockByBlock() {
        const json::Value chain = loadVector("chain.json");
        const NetworkParams params = profileParams(chain);
        MemoryChainState state;
        std::optional<ParentInfo> parent;
        std::vector<std::uint32_t> timestamps;
        Hash256 tip;
        std::uint32_t height = 0;

        const auto& blocks = field(chain, "blocks").asArray();
        QVERIFY(!blocks.empty());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto block = blockFromJson(blocks[i]);
            QVERIFY2(block.ok(), block.ok() ? "" : block.failure().toString().c_str());
            BlockContext ctx;
            ctx.parent = parent;
            ctx.now = block->header.timestamp;
            const auto changes = validateBlock(*block, ctx, state, state, params);
            QVERIFY2(changes.ok(), ("block " + std::to_string(i) + ": " +
                                    (changes.ok() ? "" : changes.failure().toString()))
                                       .c_str());
            QCOMPARE(changes->blockHash.hex(), stringField(blocks[i], "block_hash"));
            // Traced (the X-ray), every rule the block is checked against passes.
            RuleTrace trace;
            const auto traced = validateBlock(*block, ctx, state, state, params, nullptr, &trace);
            const std::string disagreement =
                traceDisagreement(std::nullopt, failureOf(traced), trace);
            QVERIFY2(disagreement.empty(), disagreement.c_str());
            QCOMPARE(trace.steps().front().rule, RuleId::ParentKnown);
            QCOMPARE(trace.steps().back().rule, RuleId::CoinbaseAmount);
            state.apply(*changes);

            // The same block a second time is refused: its txids are now in the chain.
            BlockContext again = ctx;
            if (i > 0) {
                const auto dup = validateBlock(*block, again, state, state, params);
                QVERIFY(!dup.ok());
            }

            height = ctx.height();
            tip = changes->blockHash;
            timestamps.push_back(block->header.timestamp);
            if (timestamps.size() > 11)
                timestamps.erase(timestamps.begin());
            parent = ParentInfo{tip, height, block->header.target, timestamps};
        }

        QCOMPARE(tip.hex(), stringField(chain, "tip"));
        QCOMPARE(std::uint64_t(height), uintField(chain, "height"));
        QCOMPARE(std::uint64_t(state.utxoCount()), uintField(chain, "utxo_count"));
        const auto balances = state.balances();
        const auto& expected = field(chain, "balances").asObject();
        QCOMPARE(balances.size(), expected.size());
        for (const auto& [address, amount] : expected) {
            const auto it = balances.find(*PubKeyHash::fromHex(address));
            QVERIFY2(it != balances.end(), address.c_str());
            QCOMPARE(it->second, *amount.asInt64());
        }
    }
};

QTEST_APPLESS_MAIN(TestChainVectors)
#include "tst_chain_vectors.moc"
