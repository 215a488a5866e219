// GET /mining/template over real HTTP against a real daemon, on each store: the block the node
// would mine (header, target, transactions with fee rates and what they depend on, coinbase,
// why the rest waits), mined by packaging/mine-template.py in a process of its own and accepted;
// and the template's refusals of bad requests.
#include <QFileInfo>
#include <QTest>

#include "consensus/crypto/merkle.h"
#include "consensus/primitives/bytes.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"

using namespace mbc;
using namespace mbc::test;

namespace {

// 1 hash in 256 meets it: the example miner searches for real, and quickly.
const QString kTarget = "0x00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

} // namespace

class TestMiningTemplate : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;
    const PubKeyHash alice_ = aliceKey().address();
    const PubKeyHash bob_ = bobKey().address();
    const PubKeyHash carol_ = carolKey().address();

    json::Value templateFor(const PubKeyHash& payee, const QString& extra = {}) {
        const HttpResult r = node_->get(
            QString::fromStdString("/mining/template?miner_address=" + payee.hex()) + extra);
        if (r.status != 200)
            qWarning() << "GET /mining/template:" << r.status << r.body;
        return r.json();
    }

    // Alice's coins, one tx each, paying bob `fee` apart.
    Transaction payment(std::size_t coinIndex, Amount fee) {
        const json::Value u = node_->get(QString::fromStdString("/utxos/" + alice_.hex())).json();
        const json::Value& o = array(u, "utxos").at(coinIndex);
        const Spendable coin{
            OutPoint{*Hash256::fromHex(text(o, "txid")), std::uint32_t(integer(o, "vout"))},
            TxOut{integer(o, "amount"), alice_}};
        return makeSignedSpend({coin}, aliceKey(), {{coin.output.amount - fee, bob_}});
    }

    CliRun runMiner(const QStringList& args) {
        return runProgram(MBC_PYTHON3, QStringList{MBC_SOURCE_DIR "/packaging/mine-template.py",
                                                   "--node", node_->url()} +
                                           args);
    }

    std::int64_t tipHeight() { return integer(node_->get("/health").json(), "chain_height"); }

private slots:
    void initTestCase() {
        if (!QFileInfo(MBC_PYTHON3).isExecutable())
            QSKIP("python3 is not installed (packaging/deps.sh test installs it)");
        MBC_REQUIRE_DATABASE(db);
        db_ = std::move(db);
        QString why;
        // One mempool tx per block: a second one has to wait.
        node_ = startDaemon(*db_, {{"DEFAULT_TARGET", kTarget}, {"MAX_BLOCK_TXS", "1"}}, &why);
        QVERIFY2(node_, qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(node_->post("/mine", jsonBytes(minerBody(alice_))).status, 200);
    }

    void cleanupTestCase() {
        if (node_)
            QCOMPARE(node_->terminate(), 0);
    }

    void theTemplateIsTheNextBlock() {
        const Transaction cheap = payment(0, 1'000);
        const Transaction rich = payment(1, 50'000);
        for (const Transaction& tx : {cheap, rich})
            QCOMPARE(node_->post("/tx", jsonBytes(txToJson(tx))).status, 200);

        const json::Value t = templateFor(carol_);
        const json::Value tip = node_->get("/block/height/2").json();
        QCOMPARE(integer(t, "height"), std::int64_t(3));
        QCOMPARE(text(t, "previous_hash"), text(tip, "block_hash"));
        QCOMPARE(text(t, "target"), text(*tip.find("header"), "target"));
        QCOMPARE(UInt256::fromHexQuantity(text(t, "target")),
                 UInt256::fromHexQuantity(kTarget.toStdString()));

        // The highest fee rate goes in; the other waits, because the block is full.
        const auto& txs = array(t, "transactions");
        QCOMPARE(txs.size(), std::size_t(1));
        QCOMPARE(text(txs[0], "txid"), computeTxid(rich).hex());
        QCOMPARE(integer(txs[0], "fee"), std::int64_t(50'000));
        QCOMPARE(integer(txs[0], "size"), std::int64_t(encodedTxSize(rich)));
        QVERIFY(array(txs[0], "depends").empty());
        const auto& waiting = array(t, "waiting");
        QCOMPARE(waiting.size(), std::size_t(1));
        QCOMPARE(text(waiting[0], "txid"), computeTxid(cheap).hex());
        QCOMPARE(text(waiting[0], "reason"), std::string("block-full"));
        QCOMPARE(integer(t, "waiting_count"), std::int64_t(1));
        QCOMPARE(integer(t, "fees"), std::int64_t(50'000));
        QCOMPARE(integer(t, "coinbase_value"), integer(t, "reward") + 50'000);
        QCOMPARE(integer(*t.find("mempool"), "size"), std::int64_t(2));
        QVERIFY(array(templateFor(carol_, "&waiting=0"), "waiting").empty());

        // The block is whole but for the nonce: its coinbase pays carol, its merkle root is
        // right, and header_hex is its header's bytes, with the nonce where nonce_offset says.
        const auto block = blockFromJson(*t.find("block"));
        QVERIFY(block.ok());
        QCOMPARE(block->transactions.size(), std::size_t(2));
        QCOMPARE(block->transactions[0].outputs[0].pubkeyHash, carol_);
        QCOMPARE(block->transactions[0].outputs[0].amount, integer(t, "coinbase_value"));
        const std::vector<Hash256> txids{computeTxid(block->transactions[0]),
                                         computeTxid(block->transactions[1])};
        QCOMPARE(block->header.merkleRoot, merkleRoot(txids));
        const auto header = headerBytes(block->header);
        QCOMPARE(text(t, "header_hex"), toHex(ByteSpan(header.data(), header.size())));
        QCOMPARE(integer(t, "nonce_offset"), std::int64_t(HEADER_SIZE - 4));
        QCOMPARE(integer(t, "timestamp_offset"), std::int64_t(68));
        QVERIFY(integer(t, "min_timestamp") <= integer(t, "timestamp"));
        QVERIFY(integer(t, "timestamp") <= integer(t, "max_timestamp"));
        // Asking stores nothing: the tip and the mempool are as they were.
        QCOMPARE(tipHeight(), std::int64_t(2));
        QCOMPARE(integer(node_->get("/mempool").json(), "size"), std::int64_t(2));
    }

    void anExternalMinerMinesIt() {
        const CliRun run = runMiner({"--address", QString::fromStdString(carol_.hex())});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains("template for block 3: 1 transactions"), qPrintable(run.out));
        QCOMPARE(tipHeight(), std::int64_t(3));

        // The node took it as its tip: carol has the reward and the rich tx's fee; the cheap
        // tx is next.
        const json::Value tip = node_->get("/block/height/3").json();
        QVERIFY2(run.out.contains(QString::fromStdString(text(tip, "block_hash"))),
                 qPrintable(run.out));
        const auto block = blockFromJson(tip);
        QVERIFY(block.ok());
        QCOMPARE(block->transactions[0].outputs[0].pubkeyHash, carol_);
        QCOMPARE(block->transactions[0].outputs[0].amount, regtestParams().blockReward + 50'000);
        const json::Value next = templateFor(carol_);
        QCOMPARE(integer(next, "height"), std::int64_t(4));
        QCOMPARE(array(next, "transactions").size(), std::size_t(1));
        QVERIFY(array(next, "waiting").empty());

        // Two blocks more, one after the other: the second template builds on the first.
        const CliRun two =
            runMiner({"--address", QString::fromStdString(bob_.hex()), "--blocks", "2"});
        QVERIFY2(two.exitCode == 0, qPrintable(two.out + two.err));
        QCOMPARE(tipHeight(), std::int64_t(5));
        QCOMPARE(integer(node_->get("/mempool").json(), "size"), std::int64_t(0));
    }

    void aChildWaitsForItsParent() {
        QCOMPARE(node_->post("/mine", jsonBytes(minerBody(alice_))).status, 200); // a 2nd coin
        const Transaction parent = payment(0, 1'000);
        const Spendable out{{computeTxid(parent), 0}, parent.outputs[0]};
        const Transaction child =
            makeSignedSpend({out}, bobKey(), {{out.output.amount - 90'000, carol_}});
        const Transaction other = payment(1, 20'000);
        for (const Transaction& tx : {parent, child, other})
            QCOMPARE(node_->post("/tx", jsonBytes(txToJson(tx))).status, 200);
        const json::Value t = templateFor(alice_);
        QCOMPARE(text(array(t, "transactions").at(0), "txid"), computeTxid(other).hex());
        std::map<std::string, const json::Value*> waiting;
        for (const json::Value& w : array(t, "waiting"))
            waiting[text(w, "txid")] = &w;
        QCOMPARE(waiting.size(), std::size_t(2));
        const json::Value& c = *waiting.at(computeTxid(child).hex());
        QCOMPARE(text(c, "reason"), std::string("parent-waits"));
        QCOMPARE(text(c, "parent"), computeTxid(parent).hex());
        QCOMPARE(text(*waiting.at(computeTxid(parent).hex()), "reason"), std::string("block-full"));
        QVERIFY(isNull(*waiting.at(computeTxid(parent).hex()), "parent"));
        // Highest fee rate first: the child leads the list.
        QCOMPARE(text(array(t, "waiting").at(0), "txid"), computeTxid(child).hex());
    }

    void badRequestsSayWhatIsWrong_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("named");
        QTest::newRow("no address") << "/mining/template"
                                    << "miner_address";
        QTest::newRow("short address") << "/mining/template?miner_address=abcd"
                                       << "address";
        QTest::newRow("not hex") << "/mining/template?miner_address=zz" + QString(38, 'z')
                                 << "address";
        QTest::newRow("waiting too many")
            << "/mining/template?miner_address=" + QString(40, 'a') + "&waiting=1001"
            << "waiting";
        QTest::newRow("waiting negative")
            << "/mining/template?miner_address=" + QString(40, 'a') + "&waiting=-1"
            << "waiting";
    }

    void badRequestsSayWhatIsWrong() {
        QFETCH(QString, query);
        QFETCH(QString, named);
        const HttpResult r = node_->get(query);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains(named.toUtf8()), r.body.constData());
    }

    // From another machine (loopback not trusted), a template is answered too: its time is
    // charged to the sender like a dry run's, never an offence.
    void anotherMachineGetsATemplate() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto open = startDaemon(*db, {{"TRUST_LOOPBACK", "false"}}, &why);
        QVERIFY2(open, qPrintable(why));
        for (int i = 0; i < 20; ++i) {
            const HttpResult r =
                open->get(QString::fromStdString("/mining/template?miner_address=" + carol_.hex()));
            QCOMPARE(r.status, 200);
            QCOMPARE(integer(r.json(), "height"), std::int64_t(0));
        }
        QCOMPARE(open->terminate(), 0);
    }

    void theMinerSaysWhenTheNodeRefuses() {
        const CliRun run = runMiner({"--address", "xyz"});
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains("HTTP 400") && run.err.contains("address"), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestMiningTemplate)
#include "tst_mining_template.moc"
