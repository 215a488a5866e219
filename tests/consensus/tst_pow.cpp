// Work and proof of work (vectors/headers.json), the target rule (vectors/retarget.json),
// the median time past and the network parameters.
#include <QTest>

#include "consensus/pow/median_time_past.h"
#include "consensus/pow/network_params.h"
#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

using namespace mbc;
using namespace mbc::test;

class TestPow : public QObject {
    Q_OBJECT
private slots:
    void workAndTargetVectors_data() { addVectorRows("headers.json"); }
    void workAndTargetVectors() {
        const json::Value v = vectorEntry("headers.json");
        const BlockHeader header = headerFromJson(field(v, "header")).value();
        QCOMPARE(blockWork(header.target).toDecimal(), stringField(v, "work"));
        QCOMPARE(hashMeetsTarget(blockHash(header), header.target),
                 field(v, "meets_target").asBool());
    }

    void workEdgeCases() {
        QCOMPARE(blockWork(UInt256::max()), UInt256(1));
        QCOMPARE(blockWork(UInt256(1)), UInt256(1) << 255);
        QCOMPARE(blockWork(UInt256()), UInt256::max());
        // the hash equal to the target meets it; one more does not
        Hash256 h;
        h.bytes[31] = 5;
        QVERIFY(hashMeetsTarget(h, UInt256(5)));
        QVERIFY(!hashMeetsTarget(h, UInt256(4)));
    }

    void retargetVectors_data() { addVectorRows("retarget.json"); }
    void retargetVectors() {
        const json::Value v = vectorEntry("retarget.json");
        std::vector<std::uint32_t> timestamps;
        for (const auto& t : field(v, "timestamps").asArray())
            timestamps.push_back(std::uint32_t(*t.asUint64()));
        const UInt256 prev = *UInt256::fromHexQuantity(stringField(v, "prev_target"));
        const auto height = std::uint32_t(uintField(v, "next_height"));
        const UInt256 next = expectedTarget(mainParams(), height, prev, timestamps);
        QCOMPARE(next.toHexQuantity(), stringField(v, "next_target"));
    }

    // What a header may carry without its ancestors' timestamps: exactly what the rule gives
    // at the shortest and the longest span, and the parent's target where nothing retargets.
    void targetBoundsHoldEveryRetarget_data() { addVectorRows("retarget.json"); }
    void targetBoundsHoldEveryRetarget() {
        const json::Value v = vectorEntry("retarget.json");
        const UInt256 prev = *UInt256::fromHexQuantity(stringField(v, "prev_target"));
        const auto height = std::uint32_t(uintField(v, "next_height"));
        const UInt256 next = *UInt256::fromHexQuantity(stringField(v, "next_target"));
        const TargetBounds bounds = targetBounds(mainParams(), height, prev);
        QVERIFY(bounds.hardest <= next && next <= bounds.easiest);
        const std::vector<std::uint32_t> quick(10, 1000), slow{0, 0, 0, 0, 0, 0, 0, 0, 0, 100000};
        QCOMPARE(bounds.hardest, expectedTarget(mainParams(), height, prev, quick));
        QCOMPARE(bounds.easiest, expectedTarget(mainParams(), height, prev, slow));
        const TargetBounds kept = targetBounds(mainParams(), height + 1, prev);
        QCOMPARE(kept.hardest, prev);
        QCOMPARE(kept.easiest, prev);
        const TargetBounds flat = targetBounds(regtestParams(), height, prev);
        QCOMPARE(flat.hardest, prev);
        QCOMPARE(flat.easiest, prev);
        QCOMPARE(targetBounds(mainParams(), 0, prev).easiest, mainParams().genesisTarget);
    }

    void targetRuleWithoutRetargeting() {
        const NetworkParams regtest = regtestParams();
        const std::vector<std::uint32_t> fast(10, 1700000000);
        const UInt256 prev = regtest.genesisTarget;
        QCOMPARE(expectedTarget(regtest, 10, prev, fast), prev);
        QCOMPARE(expectedTarget(regtest, 0, UInt256(7), {}), regtest.genesisTarget);
        QCOMPARE(expectedTarget(mainParams(), 0, UInt256(7), {}), mainParams().genesisTarget);
    }

    void targetNeverDropsToZero() {
        const std::vector<std::uint32_t> fast(10, 1700000000);
        QCOMPARE(expectedTarget(mainParams(), 10, UInt256(1), fast), UInt256(1));
        QCOMPARE(expectedTarget(mainParams(), 10, UInt256(3), fast), UInt256(1));
    }

    void medianTimePast() {
        QVERIFY(!mbc::medianTimePast({}).has_value());
        const std::vector<std::uint32_t> one{50};
        QCOMPARE(*mbc::medianTimePast(one), std::int64_t(50));
        const std::vector<std::uint32_t> two{10, 30};
        QCOMPARE(*mbc::medianTimePast(two), std::int64_t(30)); // element floor(2/2) = 1
        const std::vector<std::uint32_t> unsorted{9, 1, 5, 7, 3};
        QCOMPARE(*mbc::medianTimePast(unsorted), std::int64_t(5));
        // only the last 11 count
        std::vector<std::uint32_t> many{1000, 1000, 1000};
        for (std::uint32_t t = 1; t <= 11; ++t)
            many.push_back(t);
        QCOMPARE(*mbc::medianTimePast(many), std::int64_t(6));
    }

    void networkParams() {
        QCOMPARE(mainParams().genesisTarget.toHexQuantity(), "0xfff" + std::string(56, 'f'));
        QCOMPARE(regtestParams().genesisTarget.toHexQuantity(), "0x7" + std::string(63, 'f'));
        QVERIFY(mainParams().retarget);
        QVERIFY(!regtestParams().retarget);
        QCOMPARE(mainParams().blockReward, Amount(5'000'000'000));
        QCOMPARE(paramsForNetwork("regtest")->name, std::string("regtest"));
        QCOMPARE(paramsForNetwork("main")->name, std::string("main"));
        QVERIFY(!paramsForNetwork("testnet").has_value());
    }
};

QTEST_APPLESS_MAIN(TestPow)
#include "tst_pow.moc"
