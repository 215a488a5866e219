// The validation X-ray over real HTTP against a real daemon, on each store: POST /tx/check and
// POST /block/check answer the rule-by-rule trace and change nothing (chain, mempool, UTXO
// set); blocks in the chain, on the tip, beside it and without a parent; transactions new, in
// the mempool and confirmed; and minibitcoin-cli check over the same routes.
#include <QTest>

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"
#include "support/scripted_peer.h"
#include "support/test_chain.h"

#include <QTemporaryDir>

using namespace mbc;
using namespace mbc::test;

namespace {

// What a dry run must leave as it was.
struct NodeState {
    std::int64_t height;
    std::string tip;
    std::int64_t utxos;
    std::int64_t mempool;
    bool operator==(const NodeState&) const = default;
};

const json::Value* lastStep(const json::Value& report) {
    const auto& steps = array(report, "steps");
    return steps.empty() ? nullptr : &steps.back();
}

bool everyStepPassed(const json::Value& report) {
    for (const json::Value& s : array(report, "steps"))
        if (!boolean(s, "passed"))
            return false;
    return !array(report, "steps").empty();
}

const json::Value* stepNamed(const json::Value& report, const std::string& rule) {
    for (const json::Value& s : array(report, "steps"))
        if (text(s, "rule") == rule)
            return &s;
    return nullptr;
}

std::int64_t factNumber(const json::Value& step, const std::string& name) {
    for (const json::Value& f : array(step, "facts"))
        if (text(f, "name") == name)
            return integer(f, "value");
    return std::numeric_limits<std::int64_t>::min();
}

} // namespace

class TestDryRun : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;
    const PubKeyHash alice_ = aliceKey().address();
    const PubKeyHash bob_ = bobKey().address();

    NodeState state() {
        const json::Value h = node_->get("/health").json();
        return {integer(h, "chain_height"), text(h, "tip_hash"), integer(h, "utxo_count"),
                integer(h, "mempool_size")};
    }

    json::Value blockAt(std::int64_t height) {
        return node_->get(QStringLiteral("/block/height/%1").arg(height)).json();
    }

    // A mined child of the active block at `parentHeight`, paying the reward to `payee`.
    Block childOf(std::int64_t parentHeight, const PubKeyHash& payee, std::uint32_t salt = 0) {
        Block b = blockOn(
            *blockFromJson(blockAt(parentHeight)),
            {makeCoinbase(std::uint32_t(parentHeight + 1), regtestParams().blockReward, payee)});
        b.header.timestamp += salt;
        TestChain::reseal(b);
        return b;
    }

    json::Value check(const char* route, const json::Value& body) {
        const HttpResult r = node_->post(route, jsonBytes(body));
        if (r.status != 200)
            qWarning() << route << r.status << r.body;
        return r.json();
    }

    Transaction payment(Amount amount) {
        const json::Value u = node_->get(QString::fromStdString("/utxos/" + alice_.hex())).json();
        const json::Value& o = array(u, "utxos").at(0);
        const Spendable coin{
            OutPoint{*Hash256::fromHex(text(o, "txid")), std::uint32_t(integer(o, "vout"))},
            TxOut{integer(o, "amount"), alice_}};
        return makeSignedSpend({coin}, aliceKey(),
                               {{amount, bob_}, {coin.output.amount - amount - COIN, alice_}});
    }

private slots:
    void initTestCase() {
        MBC_REQUIRE_DATABASE(db);
        db_ = std::move(db);
        QString why;
        node_ = startDaemon(*db_, {}, &why);
        QVERIFY2(node_, qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(node_->post("/mine", jsonBytes(minerBody(alice_))).status, 200);
    }

    void cleanupTestCase() {
        if (node_)
            QCOMPARE(node_->terminate(), 0);
    }

    // A valid payment: valid, with its fee and every rule passing; nothing enters the mempool.
    void aNewPaymentIsCheckedAndNotKept() {
        const NodeState before = state();
        const json::Value r = check("/tx/check", txToJson(payment(5 * COIN)));
        QVERIFY(boolean(r, "valid"));
        QVERIFY(boolean(r, "dry_run"));
        QCOMPARE(text(r, "subject"), std::string("transaction"));
        QCOMPARE(integer(r, "fee"), COIN);
        QVERIFY(everyStepPassed(r));
        const json::Value* fee = stepNamed(r, "fee");
        QVERIFY(fee);
        QCOMPARE(factNumber(*fee, "fee"), COIN);
        QVERIFY(text(r, "checked_against").find("mempool") != std::string::npos);
        QVERIFY(before == state());
    }

    // One signature byte changed: the signature rule fails, last, with its code.
    void aBrokenSignatureIsCaughtByItsRule() {
        Transaction tx = payment(5 * COIN);
        tx.inputs[0].signature[10] ^= 0x01;
        const NodeState before = state();
        const json::Value r = check("/tx/check", txToJson(tx));
        QVERIFY(!boolean(r, "valid"));
        QCOMPARE(text(r, "code"), std::string("bad-txns-signature-invalid"));
        const json::Value* last = lastStep(r);
        QVERIFY(last);
        QCOMPARE(text(*last, "rule"), std::string("input-signature"));
        QVERIFY(!boolean(*last, "passed"));
        QCOMPARE(integer(*last, "input"), 0);
        QVERIFY(before == state());
    }

    // A block on the tip, then the same block with a nonce that misses the target: the
    // proof-of-work rule says which hash and which target.
    void aCandidateBlockAndItsBrokenNonce() {
        const NodeState before = state();
        Block block = childOf(before.height, bob_);
        const json::Value ok = check("/block/check", blockToJson(block));
        QVERIFY2(boolean(ok, "valid"), json::write(ok).c_str());
        QCOMPARE(integer(ok, "height"), before.height + 1);
        QCOMPARE(text(ok, "block_hash"), blockHash(block.header).hex());
        QVERIFY(everyStepPassed(ok));
        QVERIFY(stepNamed(ok, "coinbase-amount"));

        // Regtest's target is easy: look for a nonce whose hash misses it.
        while (hashMeetsTarget(blockHash(block.header), block.header.target))
            ++block.header.nonce;
        const json::Value bad = check("/block/check", blockToJson(block));
        QVERIFY(!boolean(bad, "valid"));
        QCOMPARE(text(bad, "code"), std::string("high-hash"));
        QCOMPARE(text(*lastStep(bad), "rule"), std::string("proof-of-work"));
        QVERIFY(before == state());
    }

    // A payment mined into the chain: its block checked again against the chain as it was
    // before it (the coin it spends was unspent then), and the payment as part of its block.
    void blocksAndPaymentsInTheChainCheckAgainstTheirPast() {
        const Transaction tx = payment(7 * COIN);
        QCOMPARE(node_->post("/tx", jsonBytes(txToJson(tx))).status, 200);
        QCOMPARE(node_->post("/mine", jsonBytes(minerBody(bob_))).status, 200);
        const NodeState before = state();
        const json::Value inChain = blockAt(before.height);
        QCOMPARE(array(inChain, "transactions").size(), std::size_t(2));

        const json::Value r = check("/block/check", inChain);
        QVERIFY2(boolean(r, "valid"), json::write(r).c_str());
        QVERIFY(everyStepPassed(r));
        QVERIFY(
            text(r, "checked_against").find("up to height " + std::to_string(before.height - 1)) !=
            std::string::npos);
        const json::Value* spendable = stepNamed(r, "input-spendable");
        QVERIFY(spendable);
        QCOMPARE(integer(*spendable, "tx"), 1);

        const json::Value confirmed = check("/tx/check", txToJson(tx));
        QVERIFY2(boolean(confirmed, "valid"), json::write(confirmed).c_str());
        QCOMPARE(integer(confirmed, "fee"), COIN);
        QCOMPARE(integer(confirmed, "height"), before.height);
        for (const json::Value& s : array(confirmed, "steps"))
            QCOMPARE(integer(s, "tx"), 1);
        // The txid does not cover the signature: a confirmed payment with another one is
        // checked as given, in its block, not taken for the block's copy.
        Transaction forged = tx;
        forged.inputs[0].signature[10] ^= 0x01;
        const json::Value f = check("/tx/check", txToJson(forged));
        QVERIFY(!boolean(f, "valid"));
        QCOMPARE(text(f, "code"), std::string("bad-txns-signature-invalid"));
        QCOMPARE(text(*lastStep(f), "rule"), std::string("input-signature"));

        // Older blocks too: the genesis block against an empty chain.
        const json::Value genesis = check("/block/check", blockAt(0));
        QVERIFY(boolean(genesis, "valid"));
        QVERIFY(before == state());
    }

    // A block beside the tip (a sibling of the active block) is checked against its parent's
    // state; a block whose parent is unknown fails where the node would refuse it.
    void sideBlocksAndOrphans() {
        const NodeState before = state();
        const Block sibling = childOf(before.height - 1, alice_, 7);
        const json::Value r = check("/block/check", blockToJson(sibling));
        QVERIFY2(boolean(r, "valid"), json::write(r).c_str());
        QCOMPARE(integer(r, "height"), before.height);

        Block orphan = sibling;
        orphan.header.prevHash.bytes[0] ^= 0x55;
        TestChain::reseal(orphan);
        const json::Value o = check("/block/check", blockToJson(orphan));
        QVERIFY(!boolean(o, "valid"));
        QCOMPARE(text(o, "code"), std::string("prev-blk-not-found"));
        QCOMPARE(array(o, "steps").size(), std::size_t(1));
        QVERIFY(before == state());
    }

    // Another genesis block, with a payment spending its own coinbase: only the header and
    // structure rules are checked (anyone can make one; the node keeps no coins for it), so
    // its signatures cost nothing.
    void aForeignGenesisGetsItsHeaderAndStructureChecked() {
        const Block ours = *blockFromJson(blockAt(0));
        Block g;
        g.header.version = 1;
        g.header.timestamp = ours.header.timestamp + 5;
        g.header.target = ours.header.target;
        g.transactions.push_back(makeCoinbase(0, regtestParams().blockReward, bob_));
        const Spendable coin{OutPoint{computeTxid(g.transactions[0]), 0},
                             g.transactions[0].outputs[0]};
        g.transactions.push_back(makeSignedSpend({coin}, bobKey(), {{COIN, alice_}}));
        TestChain::reseal(g);
        const json::Value r = check("/block/check", blockToJson(g));
        QVERIFY2(boolean(r, "valid"), json::write(r).c_str());
        QVERIFY(r.find("not_checked"));
        QVERIFY(text(r, "checked_against").find("genesis block other") != std::string::npos);
        QVERIFY(stepNamed(r, "merkle-root"));
        QVERIFY(!stepNamed(r, "input-signature"));
        QVERIFY(!stepNamed(r, "coinbase-amount"));
    }

    // A transaction of 8,001 inputs: the owner hears that the mempool refuses one this large
    // (nothing checked); another machine is refused before any work (more signatures than a
    // public dry run may verify), while a small check from it is answered.
    void costlyDryRunsAreBounded() {
        Transaction big;
        for (std::uint32_t i = 0; i < 8'001; ++i)
            big.inputs.push_back(TxIn{OutPoint{Hash256{}, i + 1}, {}, {}});
        big.outputs.push_back(TxOut{COIN, bob_});
        const json::Value own = check("/tx/check", txToJson(big));
        QVERIFY(!boolean(own, "valid"));
        QCOMPARE(text(own, "code"), std::string("tx-size"));
        QVERIFY(array(own, "steps").empty());

        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto open = startDaemon(*db, {{"TRUST_LOOPBACK", "false"}}, &why);
        QVERIFY2(open, qPrintable(why));
        const HttpResult refused = open->post("/tx/check", jsonBytes(txToJson(big)));
        QCOMPARE(refused.status, 413);
        QVERIFY2(refused.detail().startsWith("dry-run-too-costly"), qPrintable(refused.detail()));
        const HttpResult small = open->post("/tx/check", jsonBytes(txToJson(payment(COIN))));
        QCOMPARE(small.status, 200);
        QCOMPARE(text(small.json(), "code"), std::string("bad-txns-inputs-missingorspent"));
        QCOMPARE(open->terminate(), 0);
    }

    void badBodiesGetClearErrors() {
        QCOMPARE(node_->post("/tx/check", "{").status, 400);
        const HttpResult r = node_->post("/block/check", "{\"header\":{}}");
        QCOMPARE(r.status, 400);
        QVERIFY(r.detail().startsWith("bad-field"));
    }

    // minibitcoin-cli check: a file, standard input, a block of the chain by height; exit 1 and
    // the failing rule for an invalid one.
    void theCliPrintsTheTrace() {
        QTemporaryDir dir;
        const QString file = dir.filePath("tx.json");
        Transaction tx = payment(3 * COIN);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(jsonBytes(txToJson(tx)));
        f.close();
        const CliRun ok = runCli({"check", file, "--node", node_->url()});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QVERIFY2(ok.out.contains("pass input-signature (bad-txns-signature-invalid)  input 0"),
                 qPrintable(ok.out));
        QVERIFY2(ok.out.contains("Valid, fee 1.00000000 coins"), qPrintable(ok.out));

        tx.outputs[0].amount = 60 * COIN;
        const CliRun bad = runCli({"check", "-", "--node", node_->url()}, jsonBytes(txToJson(tx)));
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.out.contains("FAIL input-signature"), qPrintable(bad.out));
        QVERIFY2(bad.err.contains("invalid transaction: bad-txns-signature-invalid"),
                 qPrintable(bad.err));

        const CliRun block = runCli({"check", "--block", "1", "--node", node_->url()});
        QVERIFY2(block.exitCode == 0, qPrintable(block.err));
        QVERIFY2(block.out.contains("pass proof-of-work (high-hash)"), qPrintable(block.out));

        const CliRun neither = runCli({"check", "-", "--node", node_->url()}, "[1, 2]");
        QCOMPARE(neither.exitCode, 1);
        QVERIFY2(neither.err.contains("neither a block"), qPrintable(neither.err));

        // A node answering with members of the wrong type: an error line, not a crash (the
        // CLI ended in std::terminate before).
        ScriptedPeer liar;
        liar.script(
            "/tx/check",
            {200, "application/json",
             R"({"subject": "transaction", "txid": "ab", "checked_against": "x", "steps": 1})"});
        const CliRun lied = runCli({"check", file, "--node", liar.url()}, {}, true);
        QCOMPARE(lied.exitCode, 1);
        QVERIFY2(lied.err.contains("not what this command expects"), qPrintable(lied.err));
    }
};

QTEST_GUILESS_MAIN(TestDryRun)
#include "tst_dry_run.moc"
