#include "support/rule_cases.h"

#include "consensus/crypto/hashes.h"
#include "consensus/serialize/tx_serialize.h"

namespace mbc::test {
namespace {

constexpr std::uint32_t kGenesisTime = 1'700'000'000;

// Builds a chain in memory, keeping its blocks.
struct ChainBuilder {
    RuleCase c;

    explicit ChainBuilder(NetworkParams params)
        : c{{}, {}, TestChain(std::move(params), kGenesisTime), {}, {}} {}

    const Block& add(const std::vector<Transaction>& txs = {},
                     std::optional<std::uint32_t> timestamp = std::nullopt,
                     const PubKeyHash& payee = aliceKey().address()) {
        c.chain.push_back(c.state.buildBlock(txs, payee, timestamp));
        c.state.connect(c.chain.back());
        return c.chain.back();
    }

    // The case: the next block, as `edit` leaves it, resealed.
    template <typename Edit>
    RuleCase refuse(std::string name, std::string code, Edit edit,
                    const std::vector<Transaction>& txs = {},
                    std::optional<std::uint32_t> timestamp = std::nullopt) const {
        RuleCase out = c;
        out.name = std::move(name);
        out.code = std::move(code);
        out.block = c.state.buildBlock(txs, bobKey().address(), timestamp);
        edit(out.block);
        TestChain::reseal(out.block);
        return out;
    }
};

Spendable coinbaseOf(const Block& b) {
    return {{computeTxid(b.transactions[0]), 0}, b.transactions[0].outputs[0]};
}

void retargetCases(std::vector<RuleCase>& out) {
    ChainBuilder b = [] {
        ChainBuilder builder(retargetingTestParams());
        builder.add();
        return builder;
    }();
    std::uint32_t time = kGenesisTime;
    for (std::uint32_t h = 1; h <= 30; ++h) {
        time += retargetTestSpacing(h);
        const std::string at = " at height " + std::to_string(h);
        if (h % 10 == 0) {
            const UInt256 parentTarget = b.c.chain.back().header.target;
            out.push_back(b.refuse(
                "target one above the retarget" + at, "bad-target",
                [](Block& blk) { blk.header.target = blk.header.target + UInt256(1); }, {}, time));
            if (h != 30) // on time, the retarget keeps the target
                out.push_back(b.refuse(
                    "parent's target kept" + at, "bad-target",
                    [&](Block& blk) { blk.header.target = parentTarget; }, {}, time));
        }
        if (h == 11 || h == 25)
            out.push_back(b.refuse(
                "target changed between retargets" + at, "bad-target",
                [](Block& blk) { blk.header.target = blk.header.target - UInt256(1); }, {}, time));
        b.add({}, time);
    }
}

void timeCases(std::vector<RuleCase>& out) {
    ChainBuilder b(regtestParams());
    b.add({}, kGenesisTime);
    // Height 1: the median of one timestamp is the genesis block's.
    out.push_back(b.refuse(
        "timestamp at the median time past at height 1", "time-too-old", [](Block&) {}, {},
        kGenesisTime));
    b.add({}, kGenesisTime + 5);
    // Height 2: of two timestamps, sorted, element 1 (the later one).
    out.push_back(b.refuse(
        "timestamp at the median time past at height 2", "time-too-old", [](Block&) {}, {},
        kGenesisTime + 5));
}

void coinbaseCases(std::vector<RuleCase>& out) {
    ChainBuilder b(regtestParams());
    b.add();
    b.add();
    out.push_back(b.refuse("coinbase output negative", "bad-txns-vout-negative", [](Block& blk) {
        blk.transactions[0].outputs.push_back({-1, aliceKey().address()});
    }));
    out.push_back(
        b.refuse("coinbase output above MAX_MONEY", "bad-txns-vout-toolarge",
                 [](Block& blk) { blk.transactions[0].outputs[0].amount = MAX_MONEY + 1; }));
    out.push_back(b.refuse("coinbase outputs summing past MAX_MONEY",
                           "bad-txns-txouttotal-toolarge", [](Block& blk) {
                               blk.transactions[0].outputs = {{MAX_MONEY, aliceKey().address()},
                                                              {MAX_MONEY, bobKey().address()}};
                           }));
    out.push_back(b.refuse("coinbase with a pubkey", "bad-cb-malformed", [](Block& blk) {
        const PublicKey pub = aliceKey().publicKey();
        blk.transactions[0].inputs[0].pubkey.assign(pub.begin(), pub.end());
    }));
    out.push_back(b.refuse("coinbase prev_index not 0xFFFFFFFF", "bad-cb-missing",
                           [](Block& blk) { blk.transactions[0].inputs[0].prevout.index = 0; }));
    out.push_back(b.refuse("coinbase with two inputs", "bad-cb-missing", [](Block& blk) {
        blk.transactions[0].inputs.push_back(blk.transactions[0].inputs[0]);
        blk.transactions[0].inputs[1].prevout.index = 0;
    }));
}

void spendCases(std::vector<RuleCase>& out) {
    ChainBuilder b(regtestParams());
    const Block g = b.add();
    const Block b1 = b.add();
    // Both coinbases in one payment; the second input's signature is over something else.
    Transaction both = makeSignedSpend({coinbaseOf(g), coinbaseOf(b1)}, aliceKey(),
                                       {{99 * COIN, bobKey().address()}});
    const std::string other = "not this transaction";
    both.inputs[1].signature = aliceKey().sign(
        sha256d(ByteSpan(reinterpret_cast<const std::uint8_t*>(other.data()), other.size())));
    out.push_back(b.refuse("bad signature on the second input of two", "bad-txns-signature-invalid",
                           [](Block&) {}, {both}));

    const Transaction pay =
        makeSignedSpend({coinbaseOf(g)}, aliceKey(), {{49 * COIN, bobKey().address()}});
    b.add({pay});
    out.push_back(b.refuse("a transaction already in the chain", "bad-txns-already-in-chain",
                           [](Block&) {}, {pay}));
    const Transaction lastCoinbase = b.c.chain.back().transactions[0];
    out.push_back(b.refuse("a coinbase already in the chain", "bad-txns-already-in-chain",
                           [&](Block& blk) { blk.transactions[0] = lastCoinbase; }));
}

} // namespace

NetworkParams retargetingTestParams() {
    NetworkParams p = regtestParams();
    p.name = "retarget-test";
    p.retarget = true;
    p.genesisTarget = UInt256::max() >> 8;
    return p;
}

std::uint32_t retargetTestSpacing(std::uint32_t height) {
    if (height < 10)
        return 1;
    if (height < 20)
        return 100;
    return 10;
}

RuleCase retargetingChain(std::uint32_t count) {
    ChainBuilder b(retargetingTestParams());
    b.add();
    std::uint32_t time = kGenesisTime;
    for (std::uint32_t h = 1; h <= count; ++h) {
        time += retargetTestSpacing(h);
        b.add({}, time);
    }
    return b.c;
}

std::vector<RuleCase> ruleCases() {
    std::vector<RuleCase> out;
    retargetCases(out);
    timeCases(out);
    coinbaseCases(out);
    spendCases(out);
    return out;
}

} // namespace mbc::test
