// Several real daemon processes on loopback forming one network (PROTOCOL.md §8): txs and
// blocks relayed to every node, a late node catching up through sync, and a peer of another
// network refused.
#include <QTest>

#include "consensus/json/json_codec.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"
#include "support/test_chain.h"

#include <QElapsedTimer>

using namespace mbc;
using namespace mbc::test;

namespace {

const Headers kJson{{"Content-Type", "application/json"}};

json::Value urlBody(const char* key, const QString& url) {
    json::Value v;
    v.set(key, url.toStdString());
    return v;
}

// Polls `check` until it holds or 30 s pass.
template <typename Check>
bool eventually(Check check) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30'000) {
        if (check())
            return true;
        QTest::qWait(50);
    }
    return check();
}

json::Value health(const DaemonProcess& d) {
    return d.get("/health").json();
}

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

    // Each node with its own database (as MiniBitcoinPy's compose file has one per node).
    struct Node {
        std::unique_ptr<TestDatabase> db;
        std::unique_ptr<DaemonProcess> daemon;
    };
    std::vector<Node> nodes_;

    DaemonProcess* startNode(QMap<QString, QString> env = {}) {
        QString why;
        auto db = TestDatabase::create(&why);
        if (!db) {
            if (suitesMustRun())
                qFatal("%s", qPrintable(why));
            return nullptr;
        }
        env.insert("SYNC_INTERVAL", env.value("SYNC_INTERVAL", "0"));
        env.insert("LOG_LEVEL", "info");
        auto d = startDaemon(*db, env, &why);
        if (!d) {
            qWarning("%s", qPrintable(why));
            return nullptr;
        }
        nodes_.push_back({std::move(db), std::move(d)});
        return nodes_.back().daemon.get();
    }

    static bool link(DaemonProcess& from, DaemonProcess& to) {
        const HttpResult r = from.post("/peers/add", jsonBytes(urlBody("url", to.url())), kJson);
        if (r.status != 200)
            qWarning("peers/add: %d %s", r.status, r.body.constData());
        return r.status == 200;
    }

    static std::string mine(DaemonProcess& d, const PubKeyHash& to) {
        const HttpResult r = d.post("/mine", jsonBytes(minerBody(to)), kJson);
        if (r.status != 200)
            qWarning("mine: %d %s", r.status, r.body.constData());
        return text(r.json(), "block_hash");
    }

    static bool atTip(const DaemonProcess& d, std::int64_t height, const std::string& tip) {
        const json::Value h = health(d);
        return integer(h, "chain_height") == height && text(h, "tip_hash") == tip;
    }

private slots:
    void cleanup() {
        for (Node& n : nodes_)
            if (QTest::currentTestFailed())
                qWarning("--- node %s output ---\n%s", qPrintable(n.daemon->url()),
                         qPrintable(n.daemon->output().right(4000)));
        nodes_.clear();
    }

    void txsAndBlocksReachEveryNode() {
        DaemonProcess* n1 = startNode();
        DaemonProcess* n2 = startNode();
        DaemonProcess* n3 = startNode();
        QVERIFY(n1 && n2 && n3);
        // Linked from one side only: each announces itself, so n1 learns both.
        QVERIFY(link(*n2, *n1));
        QVERIFY(link(*n3, *n1));
        QVERIFY(eventually([&] { return integer(health(*n1), "peer_count") == 2; }));

        const std::string genesis = mine(*n1, aliceKey().address());
        for (DaemonProcess* d : {n2, n3})
            QVERIFY2(eventually([&] { return atTip(*d, 0, genesis); }), "genesis not relayed");

        // alice pays bob on n1; the tx reaches the other mempools.
        const json::Value utxos =
            n1->get(QString("/utxos/") + aliceKey().address().hex().c_str()).json();
        QCOMPARE(array(utxos, "utxos").size(), std::size_t(1));
        const json::Value& coin = array(utxos, "utxos").front();
        const Spendable spendable{
            {*Hash256::fromHex(text(coin, "txid")), std::uint32_t(integer(coin, "vout"))},
            {integer(coin, "amount"), aliceKey().address()}};
        const Transaction pay = makeSignedSpend(
            {spendable}, aliceKey(), {{spendable.output.amount - 10'000, bobKey().address()}});
        const HttpResult sent = n1->post("/tx", jsonBytes(txToJson(pay)), kJson);
        QCOMPARE(sent.status, 200);
        for (DaemonProcess* d : {n2, n3})
            QVERIFY2(eventually([&] { return integer(health(*d), "mempool_size") == 1; }),
                     "tx not relayed");

        // Mined on n2, the block reaches n1 and, through n1, n3; every mempool empties.
        const std::string block = mine(*n2, carolKey().address());
        for (DaemonProcess* d : {n1, n2, n3}) {
            QVERIFY2(eventually([&] { return atTip(*d, 1, block); }), "block not relayed");
            QVERIFY(eventually([&] { return integer(health(*d), "mempool_size") == 0; }));
        }
        const json::Value bob =
            n3->get(QString("/balance/") + bobKey().address().hex().c_str()).json();
        QCOMPARE(integer(bob, "balance"), spendable.output.amount - 10'000);
    }

    void aLateNodeCatchesUpThroughSync() {
        DaemonProcess* n1 = startNode();
        QVERIFY(n1);
        std::string tip;
        for (int i = 0; i < 5; ++i)
            tip = mine(*n1, aliceKey().address());
        // Started later, told only where a peer is: the periodic sync brings it level.
        DaemonProcess* late = startNode({{"BOOTSTRAP_PEERS", n1->url()}, {"SYNC_INTERVAL", "1"}});
        QVERIFY(late);
        QVERIFY2(eventually([&] { return atTip(*late, 4, tip); }), "late node did not sync");
        QCOMPARE(integer(health(*late), "best_peer_height"), std::int64_t(4));

        // On demand, as `minibitcoin-cli sync` asks: answered when done.
        DaemonProcess* manual = startNode();
        QVERIFY(manual);
        const HttpResult r =
            manual->post("/sync", jsonBytes(urlBody("peer_url", n1->url())), kJson);
        QCOMPARE(r.status, 200);
        const json::Value v = r.json();
        QVERIFY(boolean(v, "synced"));
        QCOMPARE(integer(v, "new_height"), std::int64_t(4));
        QCOMPARE(integer(v, "blocks_received"), std::int64_t(5));
        QVERIFY(atTip(*manual, 4, tip));

        // And through minibitcoin-cli, against a node that has nothing yet.
        DaemonProcess* viaCli = startNode();
        QVERIFY(viaCli);
        const CliRun cli = runCli({"sync", n1->url(), "--node", viaCli->url()});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains("5 blocks received; height 4"), qPrintable(cli.out));
        QVERIFY(atTip(*viaCli, 4, tip));
        const CliRun refused = runCli({"sync", "http://127.0.0.1:1", "--node", viaCli->url()});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("sync-failed: peer http://127.0.0.1:1 did not answer"),
                 qPrintable(refused.err));
    }

    void aPeerOfAnotherNetworkIsRefused() {
        DaemonProcess* n1 = startNode();
        DaemonProcess* other =
            startNode({{"DEFAULT_TARGET",
                        "0x0fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}});
        QVERIFY(n1 && other);
        mine(*n1, aliceKey().address());
        const HttpResult r = other->post("/sync", jsonBytes(urlBody("peer_url", n1->url())), kJson);
        QCOMPARE(r.status, 502);
        const json::Value v = r.json();
        QVERIFY(!boolean(v, "synced"));
        QVERIFY2(text(v, "message").find("genesis target") != std::string::npos,
                 text(v, "message").c_str());
        QCOMPARE(integer(health(*other), "chain_height"), std::int64_t(-1));
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"
