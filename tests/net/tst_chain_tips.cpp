// GET /chaintips over real HTTP against a real daemon, on each store: the end of every branch
// the node stores, through a side block, the reorg it leads to, and a heavier branch that turns
// out invalid; and minibitcoin-cli chaintips.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"

using namespace mbc;
using namespace mbc::test;

namespace {

struct Tip {
    std::int64_t height;
    std::string hash;
    std::string status;
    std::int64_t branchLength;
};

} // namespace

class TestChainTips : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;

    Block blockAt(std::int64_t height) {
        return *blockFromJson(node_->get(QStringLiteral("/block/height/%1").arg(height)).json());
    }

    // The tips, by hash.
    std::map<std::string, Tip> tips() {
        const HttpResult r = node_->get("/chaintips");
        if (r.status != 200)
            qWarning() << "GET /chaintips:" << r.status << r.body;
        std::map<std::string, Tip> out;
        const json::Value answer = r.json();
        for (const json::Value& t : array(answer, "tips"))
            out[text(t, "hash")] = Tip{integer(t, "height"), text(t, "hash"), text(t, "status"),
                                       integer(t, "branch_length")};
        return out;
    }

    int post(const Block& b) { return node_->post("/block", jsonBytes(blockToJson(b))).status; }

    static Transaction coinbase(std::uint32_t height, Amount amount, const PubKeyHash& to) {
        return makeCoinbase(height, amount, to);
    }

private slots:
    void initTestCase() {
        MBC_REQUIRE_DATABASE(db);
        db_ = std::move(db);
        QString why;
        node_ = startDaemon(*db_, {}, &why);
        QVERIFY2(node_, qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(node_->post("/mine", jsonBytes(minerBody(aliceKey().address()))).status, 200);
    }

    void cleanupTestCase() {
        if (node_)
            QCOMPARE(node_->terminate(), 0);
    }

    void oneChainHasOneTip() {
        const auto t = tips();
        QCOMPARE(t.size(), std::size_t(1));
        const Tip& tip = t.begin()->second;
        QCOMPARE(tip.status, std::string("active"));
        QCOMPARE(tip.height, 2);
        QCOMPARE(tip.branchLength, 0);
        QCOMPARE(tip.hash, blockHash(blockAt(2).header).hex());
    }

    void sideBlocksReorgsAndInvalidBranches() {
        const std::int64_t reward = regtestParams().blockReward;
        const Block one = blockAt(1);
        const Block two = blockAt(2);
        const std::string twoHash = blockHash(two.header).hex();

        // A sibling of block 2: stored beside it, its transactions not checked yet.
        const Block side = blockOn(one, {coinbase(2, reward, bobKey().address())});
        QCOMPARE(post(side), 200);
        auto t = tips();
        QCOMPARE(t.size(), std::size_t(2));
        QCOMPARE(t[twoHash].status, std::string("active"));
        const std::string sideHash = blockHash(side.header).hex();
        QCOMPARE(t[sideHash].status, std::string("valid-headers"));
        QCOMPARE(t[sideHash].branchLength, 1);

        // Its child has more work: the chain moves there, and block 2 is left as a valid fork.
        const Block next = blockOn(side, {coinbase(3, reward, bobKey().address())});
        QCOMPARE(post(next), 200);
        t = tips();
        QCOMPARE(t.size(), std::size_t(2));
        QCOMPARE(t[blockHash(next.header).hex()].status, std::string("active"));
        QCOMPARE(t[blockHash(next.header).hex()].height, 3);
        QCOMPARE(t[twoHash].status, std::string("valid-fork"));
        QCOMPARE(t[twoHash].branchLength, 1);
        // The log says it in one line (the app's Log marks it).
        QTRY_VERIFY_WITH_TIMEOUT(node_->output().contains("reorg: 1 blocks disconnected and 2 "
                                                          "connected above height 1"),
                                 kLongTimeoutMs);

        // On block 2, a block paying itself too much and a child: more work, so the chain tries
        // it, finds it invalid, and stays. Its tip is shown invalid, on a branch from block 1.
        const Block greedy = blockOn(two, {coinbase(3, reward + 1, aliceKey().address())});
        QCOMPARE(post(greedy), 200); // stored: as much work as the tip, not tried yet
        const Block after = blockOn(greedy, {coinbase(4, reward, aliceKey().address())});
        QCOMPARE(post(after), 400);
        t = tips();
        QCOMPARE(t[blockHash(next.header).hex()].status, std::string("active"));
        QCOMPARE(t[blockHash(after.header).hex()].status, std::string("invalid"));
        QCOMPARE(t[blockHash(after.header).hex()].branchLength, 3); // old 2, greedy 3, after
        QVERIFY(!t.count(twoHash)); // no longer a tip: a block builds on it

        const CliRun cli = runCli({"chaintips", "--node", node_->url()});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains("invalid") && cli.out.contains("active") &&
                     cli.out.contains(QString::fromStdString(blockHash(after.header).hex())),
                 qPrintable(cli.out));
    }
};

QTEST_GUILESS_MAIN(TestChainTips)
#include "tst_chain_tips.moc"
