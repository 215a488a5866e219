// Several real daemon processes on loopback forming one network (consensus/PROTOCOL.md §8): txs
// and blocks relayed to every node, a late node catching up through sync, and a peer of another
// network refused.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/block_page.h"
#include "net/chain_sync.h"
#include "net/peer_network.h"
#include "net/rest_test_helpers.h"
#include "support/block_factory.h"
#include "support/cli_process.h"
#include "support/scripted_peer.h"
#include "support/slow_store.h"
#include "support/test_chain.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QThread>

#include <atomic>
#include <limits>
#include <mutex>
#include <thread>

using namespace mbc;
using namespace mbc::test;

namespace {

const Headers kJson{{"Content-Type", "application/json"}};

json::Value urlBody(const char* key, const QString& url) {
    json::Value v;
    v.set(key, url.toStdString());
    return v;
}

// Polls `check` until it holds or kLongTimeoutMs pass.
template <typename Check>
bool eventually(Check check) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < kLongTimeoutMs) {
        if (check())
            return true;
        QTest::qWait(50);
    }
    return check();
}

json::Value health(const DaemonProcess& d) {
    return d.get("/health").json();
}

// A block on the regtest genesis that breaks a consensus rule (its coinbase pays too much).
Block invalidBlock(BlockFactory& f) {
    Block b = f.genesis(aliceKey().address(), 1'700'000'000, 99);
    b.transactions[0].outputs[0].amount += 1;
    TestChain::reseal(b);
    return b;
}

bool mempoolHolds(const DaemonProcess& d, const Hash256& txid) {
    return d.get(QString::fromStdString("/tx/" + txid.hex())).json().find("status") != nullptr &&
           text(d.get(QString::fromStdString("/tx/" + txid.hex())).json(), "status") == "mempool";
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

    DaemonProcess* startNode(QMap<QString, QString> env = {}, quint16 port = 0) {
        QString why;
        auto db = TestDatabase::create(&why);
        if (!db) {
            if (suitesMustRun())
                qFatal("%s", qPrintable(why));
            return nullptr;
        }
        env.insert("SYNC_INTERVAL", env.value("SYNC_INTERVAL", "0"));
        env.insert("LOG_LEVEL", env.value("LOG_LEVEL", "info"));
        auto d = startDaemon(*db, env, &why, port);
        if (!d) {
            qWarning("%s", qPrintable(why));
            return nullptr;
        }
        nodes_.push_back({std::move(db), std::move(d)});
        return nodes_.back().daemon.get();
    }

    static bool link(DaemonProcess& from, const QString& to) {
        const HttpResult r = from.post("/peers/add", jsonBytes(urlBody("url", to)), kJson);
        if (r.status != 200)
            qWarning("peers/add: %d %s", r.status, r.body.constData());
        return r.status == 200;
    }
    static bool link(DaemonProcess& from, DaemonProcess& to) { return link(from, to.url()); }

    static std::string mine(DaemonProcess& d, const PubKeyHash& to) {
        const HttpResult r = d.post("/mine", jsonBytes(minerBody(to)), kJson);
        if (r.status != 200)
            qWarning("mine: %d %s", r.status, r.body.constData());
        return text(r.json(), "block_hash");
    }

    // POST /block of each in turn; false (saying which) at the first one refused.
    static bool postBlocks(const DaemonProcess& d, const std::vector<Block>& blocks) {
        for (const Block& block : blocks) {
            const HttpResult r = d.post("/block", bytesOf(encodeBlock(block)),
                                        {{"Content-Type", "application/octet-stream"}});
            if (r.status != 200) {
                qWarning("block %s: %d %s", blockHash(block.header).hex().c_str(), r.status,
                         r.body.constData());
                return false;
            }
        }
        return true;
    }

    static bool atTip(const DaemonProcess& d, std::int64_t height, const std::string& tip) {
        const json::Value h = health(d);
        return integer(h, "chain_height") == height && text(h, "tip_hash") == tip;
    }

    // A page of 500 blocks heavy enough to take several slices to sync: 20 spends each.
    static std::vector<Block> pageOfSpends() {
        constexpr int kSpends = 20;
        BlockFactory f;
        const PrivateKey alice = aliceKey();
        std::vector<Block> blocks{f.genesis(alice.address())};
        const Transaction& coinbase = blocks[0].transactions[0];
        const Amount piece = coinbase.outputs[0].amount / kSpends;
        const Transaction split =
            makeSignedSpend({{{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, alice,
                            std::vector<TxOut>(kSpends, TxOut{piece, alice.address()}));
        std::vector<Spendable> coins;
        for (std::uint32_t i = 0; i < kSpends; ++i)
            coins.push_back({{computeTxid(split), i}, split.outputs[i]});
        blocks.push_back(f.child(blocks[0], alice.address(), {split},
                                 coinbase.outputs[0].amount - piece * kSpends));
        while (blocks.size() < 500)
            blocks.push_back(f.child(blocks.back(), alice.address(),
                                     spendEachBack(coins, alice, 10), 10 * kSpends));
        return blocks;
    }

    struct PushesDuringSync {
        int waited = 0, judged = 0, ownersJudged = 0, other = 0;
        std::int64_t fewestBehind = std::numeric_limits<std::int64_t>::max();
    };
    PushesDuringSync syncWhileOthersPushTxs(DaemonProcess& from, DaemonProcess& node,
                                            const QByteArray& token, std::int64_t received) {
        OutPoint nowhere;
        nowhere.txid.bytes.fill(0x5a);
        const QByteArray body =
            jsonBytes(txToJson(makeSignedSpend({{nowhere, TxOut{COIN, aliceKey().address()}}},
                                               aliceKey(), {{COIN - 10, bobKey().address()}})));
        const Headers owner{{"Content-Type", "application/json"},
                            {"Authorization", "Bearer " + token}};
        const QRegularExpression behind(QStringLiteral("^catching-up: this node is (\\d+) blocks"));
        std::mutex m;
        PushesDuringSync seen;
        std::atomic<bool> syncing = true;
        const auto pushAsStranger = [&] {
            while (syncing) {
                const HttpResult r =
                    httpRequestFrom("127.0.0.2", "POST", node.url() + "/tx", body, kJson);
                const QRegularExpressionMatch waiting = behind.match(r.detail());
                const std::lock_guard lock(m);
                if (r.status == 503 && waiting.hasMatch()) {
                    ++seen.waited;
                    seen.fewestBehind =
                        std::min<std::int64_t>(seen.fewestBehind, waiting.captured(1).toLongLong());
                } else if (judgedAsMissingInputs(r)) {
                    ++seen.judged;
                } else {
                    ++seen.other;
                    qWarning("a stranger's push answered %d: %s", r.status, r.body.constData());
                }
            }
        };
        std::thread strangers[] = {std::thread(pushAsStranger), std::thread(pushAsStranger)};
        std::thread owners([&] {
            while (syncing) {
                const HttpResult r = node.post("/tx", body, owner);
                const std::lock_guard lock(m);
                ++(judgedAsMissingInputs(r) ? seen.ownersJudged : seen.other);
                QThread::msleep(100);
            }
        });
        const HttpResult r = node.post("/sync", jsonBytes(urlBody("peer_url", from.url())), owner);
        syncing = false;
        for (std::thread& t : strangers)
            t.join();
        owners.join();
        if (r.status != 200 || integer(r.json(), "blocks_received") != received) {
            qWarning("sync: %d %s", r.status, r.body.constData());
            ++seen.other;
        }
        qInfo("during the sync: %d of the strangers' pushes waited (the fewest blocks behind "
              "%lld), %d were judged; the owner's %d judged",
              seen.waited, seen.waited ? (long long)seen.fewestBehind : -1LL, seen.judged,
              seen.ownersJudged);
        const HttpResult after =
            httpRequestFrom("127.0.0.2", "POST", node.url() + "/tx", body, kJson);
        if (!judgedAsMissingInputs(after)) {
            qWarning("after the sync, a stranger's push answered %d: %s", after.status,
                     after.body.constData());
            ++seen.other;
        }
        return seen;
    }
    static bool judgedAsMissingInputs(const HttpResult& r) {
        return r.status == 400 && r.detail().startsWith("bad-txns-inputs-missingorspent");
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

    // A "peer" that answers /health like a node of our network, then serves garbage headers, a
    // garbage page or an invalid block: each sync fails and counts; after three it is banned
    // and not contacted.
    void aPeerServingGarbageIsBanned() {
        DaemonProcess* n1 = startNode();
        QVERIFY(n1);
        ScriptedPeer evil;
        const json::Value h = health(*n1);
        json::Value fakeHealth;
        fakeHealth.set("status", "ok");
        fakeHealth.set("network", text(h, "network"));
        fakeHealth.set("genesis_target", text(h, "genesis_target"));
        fakeHealth.set("chain_height", 5);
        evil.script("/health", {200, "application/json", jsonBytes(fakeHealth)});
        const QByteArray syncEvil = jsonBytes(urlBody("peer_url", evil.url()));

        evil.script("/headers", {200, "application/json", "{\"headers\": 7}"});
        HttpResult r = n1->post("/sync", syncEvil, kJson);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.detail().contains("malformed headers"), qPrintable(r.detail()));

        // Headers that hold (a genesis block's, with its proof of work), then pages that don't.
        BlockFactory f;
        const Block bad = invalidBlock(f);
        json::Value headerEntry, headers;
        headerEntry.set("header", headerToJson(bad.header));
        headers.set("fork_height", -1);
        headers.set("tip_height", 0);
        headers.set("headers", json::Value::Array{headerEntry});
        evil.script("/headers", {200, "application/json", jsonBytes(headers)});
        evil.script("/blocks/after", {200, "application/octet-stream", "\x01\x02garbage"});
        r = n1->post("/sync", syncEvil, kJson);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.detail().contains("malformed block page"), qPrintable(r.detail()));

        net::BlockPage page;
        page.tipHeight = 0;
        page.blocks.push_back(encodeBlock(bad));
        evil.script("/blocks/after",
                    {200, "application/octet-stream", bytesOf(net::encodeBlockPage(page))});
        r = n1->post("/sync", syncEvil, kJson);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.detail().contains("sent an invalid block: ") &&
                     r.detail().contains("bad-cb-amount"),
                 qPrintable(r.detail()));
        QCOMPARE(evil.requests("/blocks/after"), 2);
        r = n1->post("/sync", syncEvil, kJson);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.detail().contains("is banned"), qPrintable(r.detail()));
        QCOMPARE(evil.requests("/headers"), 3); // not contacted again
        QCOMPARE(evil.requests("/blocks/after"), 2);
        // Its pushes are refused too, and nothing it sent changed the chain.
        const HttpResult pushed = n1->post(
            "/block", bytesOf(encodeBlock(f.genesis(aliceKey().address()))),
            {{"Content-Type", "application/octet-stream"}, {"X-Peer-Url", evil.url().toUtf8()}});
        QCOMPARE(pushed.status, 403);
        QCOMPARE(integer(health(*n1), "chain_height"), std::int64_t(-1));
        QVERIFY(n1->running());
    }

    // Invalid pushes naming a peer in X-Peer-Url cost that peer nothing (THREATS.md 3): the
    // header proves nothing about who sent them. Charges go to the sending address, and this
    // machine's own requests are the owner's (tst_hostile_peers has the address bans).
    void pushesNamingAPeerCostItNothing() {
        DaemonProcess* n1 = startNode();
        QVERIFY(n1);
        BlockFactory f;
        const Headers naming{{"Content-Type", "application/octet-stream"},
                             {"X-Peer-Url", "http://127.0.0.1:9"}};
        for (std::uint32_t i = 0; i < 4; ++i) {
            Block bad = f.genesis(aliceKey().address(), 1'700'000'000, 100 + i);
            bad.transactions[0].outputs[0].amount += 1;
            TestChain::reseal(bad);
            QCOMPARE(n1->post("/block", bytesOf(encodeBlock(bad)), naming).status, 400);
        }
        const QByteArray good = bytesOf(encodeBlock(f.genesis(aliceKey().address())));
        QCOMPARE(n1->post("/block", good, naming).status, 200);
        QVERIFY(!n1->output().contains("banned"));
    }

    void anOrphanMakesTheNodeFetchItsAncestors() {
        DaemonProcess* n1 = startNode();
        DaemonProcess* n2 = startNode();
        QVERIFY(n1 && n2);
        for (int i = 0; i < 3; ++i)
            mine(*n1, aliceKey().address());
        const std::string tip = mine(*n1, aliceKey().address());
        QVERIFY(link(*n2, *n1)); // n1 is n2's peer (no sync: SYNC_INTERVAL=0)
        QCOMPARE(integer(health(*n2), "chain_height"), std::int64_t(-1));
        // n1 pushes its tip to n2, which knows none of its ancestors.
        const HttpResult tipBlock = n1->get(QString::fromStdString("/block/" + tip));
        const HttpResult r =
            n2->post("/block", tipBlock.body,
                     {{"Content-Type", "application/json"}, {"X-Peer-Url", n1->url().toUtf8()}});
        QCOMPARE(r.status, 202);
        QVERIFY2(eventually([&] { return atTip(*n2, 3, tip); }), "ancestors not fetched");
    }

    void peersAreLearnedFromPeers() {
        DaemonProcess* n1 = startNode();
        DaemonProcess* n2 = startNode({{"SYNC_INTERVAL", "1"}});
        DaemonProcess* n3 = startNode({{"SYNC_INTERVAL", "1"}});
        QVERIFY(n1 && n2 && n3);
        QVERIFY(link(*n2, *n1));
        QVERIFY(link(*n3, *n2)); // n3 knows only n2, which knows n1
        QVERIFY2(
            eventually([&] {
                const json::Value peers = n3->get("/peers").json();
                for (const json::Value& p : array(peers, "peers"))
                    if (p.isString() && p.asString() == n1->url().toStdString())
                        return true;
                return false;
            }),
            qPrintable("n3 did not learn " + n1->url() + " from n2: " + n3->get("/peers").body));
    }

    // n2 starts with n1 as its bootstrap peer while n1 is still down, so its announcement
    // fails; once n1 is up, n2's next successful sync with it announces n2 again.
    void aBootstrapPeerThatWasDownLearnsUsLater() {
        const quint16 n1Port = freePort();
        QVERIFY(n1Port != 0);
        const QString n1Url = QStringLiteral("http://127.0.0.1:%1").arg(n1Port);
        DaemonProcess* n2 = startNode({{"SYNC_INTERVAL", "1"}, {"BOOTSTRAP_PEERS", n1Url}});
        QVERIFY(n2);
        QVERIFY(eventually([&] { return n2->output().contains("unreachable"); }));
        DaemonProcess* n1 = startNode({}, n1Port);
        QVERIFY(n1);
        QVERIFY2(eventually([&] {
                     const json::Value peers = n1->get("/peers").json();
                     for (const json::Value& p : array(peers, "peers"))
                         if (p.isString() && p.asString() == n2->url().toStdString())
                             return true;
                     return false;
                 }),
                 qPrintable("n1 never learned n2: " + n1->get("/peers").body));
    }

    // n3 is cut off (no peers) and mines its own block with a tx; n1 and n2 mine a longer
    // chain. Linked again, every node ends on the most-work tip and n3's tx is back in every
    // mempool.
    void aPartitionHeals() {
        DaemonProcess* n1 = startNode({{"SYNC_INTERVAL", "1"}});
        DaemonProcess* n2 = startNode({{"SYNC_INTERVAL", "1"}});
        DaemonProcess* n3 = startNode({{"SYNC_INTERVAL", "1"}});
        QVERIFY(n1 && n2 && n3);
        const std::string genesis = mine(*n1, aliceKey().address());
        // n3 takes the genesis block while n1 has no peers it could learn (so it stays alone).
        QCOMPARE(n3->post("/sync", jsonBytes(urlBody("peer_url", n1->url())), kJson).status, 200);
        QVERIFY(atTip(*n3, 0, genesis));
        QVERIFY(link(*n2, *n1));
        QVERIFY(eventually([&] { return atTip(*n2, 0, genesis); }));

        // n3's side: alice pays bob, mined at height 1.
        const json::Value coin =
            array(n3->get(QString("/utxos/") + aliceKey().address().hex().c_str()).json(), "utxos")
                .front();
        const Spendable spendable{
            {*Hash256::fromHex(text(coin, "txid")), std::uint32_t(integer(coin, "vout"))},
            {integer(coin, "amount"), aliceKey().address()}};
        const Transaction pay = makeSignedSpend(
            {spendable}, aliceKey(), {{spendable.output.amount - 10'000, bobKey().address()}});
        QCOMPARE(n3->post("/tx", jsonBytes(txToJson(pay)), kJson).status, 200);
        mine(*n3, carolKey().address());
        QCOMPARE(integer(health(*n3), "chain_height"), std::int64_t(1));
        // The other side: two blocks, more work.
        const std::string first = mine(*n1, carolKey().address());
        QVERIFY(eventually([&] { return atTip(*n2, 1, first); }));
        const std::string tip = mine(*n2, carolKey().address());
        QVERIFY(eventually([&] { return atTip(*n1, 2, tip); }));

        QVERIFY(link(*n3, *n1)); // healed
        const Hash256 txid = computeTxid(pay);
        for (DaemonProcess* d : {n1, n2, n3}) {
            QVERIFY2(eventually([&] { return atTip(*d, 2, tip); }), "did not converge");
            QVERIFY2(eventually([&] { return mempoolHolds(*d, txid); }),
                     "the losing side's tx is not back in the mempool");
        }
    }

    // The peer's branch forks further back than side branches are stored (6 blocks of work):
    // sync takes its headers first, sees more work, then downloads the blocks after the fork.
    void aSyncTakesAFarForkThroughItsHeaders() {
        DaemonProcess* a = startNode();
        DaemonProcess* b = startNode();
        QVERIFY(a && b);
        for (int i = 0; i < 3; ++i)
            mine(*a, aliceKey().address());
        QCOMPARE(b->post("/sync", jsonBytes(urlBody("peer_url", a->url())), kJson).status, 200);
        std::string tip;
        for (int i = 0; i < 20; ++i)
            tip = mine(*a, aliceKey().address());
        for (int i = 0; i < 10; ++i)
            mine(*b, bobKey().address());
        QCOMPARE(integer(health(*b), "chain_height"), std::int64_t(12));
        const HttpResult r = b->post("/sync", jsonBytes(urlBody("peer_url", a->url())), kJson);
        QCOMPARE(r.status, 200);
        QVERIFY2(boolean(r.json(), "synced"), r.body.constData());
        QCOMPARE(integer(r.json(), "blocks_received"), std::int64_t(20));
        QVERIFY(eventually([&] { return atTip(*b, 22, tip); }));
    }

    // More blocks than one page holds (500): sync asks for the next page where the last ended.
    void aSyncSpansSeveralPages() {
        DaemonProcess* a = startNode({{"RATE_LIMIT", "0"}}); // 510 posts in a burst
        DaemonProcess* b = startNode({{"LOG_LEVEL", "debug"}});
        QVERIFY(a && b);
        BlockFactory f;
        std::vector<Block> blocks{f.genesis(aliceKey().address())};
        for (Block& child : f.chain(blocks[0], 509, aliceKey().address()))
            blocks.push_back(std::move(child));
        QVERIFY(postBlocks(*a, blocks));
        const HttpResult r = b->post("/sync", jsonBytes(urlBody("peer_url", a->url())), kJson);
        QCOMPARE(r.status, 200);
        QCOMPARE(integer(r.json(), "blocks_received"), std::int64_t(510));
        QVERIFY(atTip(*b, 509, blockHash(blocks.back().header).hex()));
        const QString log = b->output();
        QVERIFY2(log.contains("page of 500 blocks from") && log.contains("page of 10 blocks from"),
                 qPrintable(log.right(2000)));
    }

    // A page's blocks are committed together (about a second's worth at a time), not once per
    // slice of the node's thread: each commit writes every page of the outputs table it changed,
    // and a sync's outputs are all over it. The syncing node logs each page's slices and commits.
    void aSyncCommitsASecondOfSlicesAtOnce() {
        DaemonProcess* a = startNode({{"RATE_LIMIT", "0"}});
        DaemonProcess* b = startNode({{"LOG_LEVEL", "debug"}, {"RATE_LIMIT", "0"}});
        QVERIFY(a && b);
        const std::vector<Block> blocks = pageOfSpends();
        QVERIFY(postBlocks(*a, blocks));
        // /health asked all along (as monitors and sync_bench do) reads nothing that would
        // end the batch held open between slices.
        std::atomic<bool> syncing = true;
        std::atomic<int> healthAnswersWhileSyncing = 0;
        std::thread monitor([&] {
            while (syncing) {
                const HttpResult health = httpRequest("GET", b->url() + "/health");
                if (health.status == 200 && boolean(health.json(), "syncing"))
                    ++healthAnswersWhileSyncing;
            }
        });
        const HttpResult r = b->post("/sync", jsonBytes(urlBody("peer_url", a->url())), kJson);
        syncing = false;
        monitor.join();
        QCOMPARE(r.status, 200);
        QCOMPARE(integer(r.json(), "blocks_received"), std::int64_t(500));
        QVERIFY(atTip(*b, 499, blockHash(blocks.back().header).hex()));
        const QString log = b->output();
        const QRegularExpression pageLine(QStringLiteral("(\\d+) slices, (\\d+) commits"));
        const QRegularExpressionMatch m = pageLine.match(log);
        QVERIFY2(m.hasMatch(), qPrintable(log.right(2000)));
        const int slices = m.captured(1).toInt();
        const int commits = m.captured(2).toInt();
        // One a kSlicesPerBatch slices (one a slice before), and one more each time something
        // else used the store between two slices, which commits the batch first: nothing here
        // does, /health asked all along included.
        const int perBatch = net::ChainSync::kSlicesPerBatch;
        QVERIFY2(slices >= 2 && commits == (slices + perBatch - 1) / perBatch,
                 qPrintable(m.captured(0)));
        QVERIFY(healthAnswersWhileSyncing > 0);
        qInfo("the page took %d slices and %d commits, with %d /health answers while syncing",
              slices, commits, int(healthAnswersWhileSyncing));
        // The sync answered once its last batch was committed: a crash now loses nothing.
        b->kill();
        QString why;
        QVERIFY2(b->start(&why), qPrintable(why));
        QVERIFY(atTip(*b, 499, blockHash(blocks.back().header).hex()));
    }

    // Whoever uses the store between two slices commits the sync's batch first (so that their
    // writes never join it), and small commits write the same pages again and again. After
    // such a commit the sync's slices are long (ChainSync::kSettledSliceMs) until its batch
    // ends by itself: clients pushing txs all along commit it at most once a long slice, not
    // once each 10 ms slice.
    void othersPushingTxsCommitASyncsBatchAtMostOnceALongSlice() {
        DaemonProcess* a = startNode({{"RATE_LIMIT", "0"}});
        DaemonProcess* b = startNode({{"LOG_LEVEL", "debug"}, {"RATE_LIMIT", "0"}});
        QVERIFY(a && b);
        QVERIFY(postBlocks(*a, pageOfSpends()));
        // A tx spending an output no chain has: refused once the store has been asked for it.
        OutPoint nowhere;
        nowhere.txid.bytes.fill(0x5a);
        const TxOut coin{COIN, aliceKey().address()};
        const QByteArray body = jsonBytes(txToJson(
            makeSignedSpend({{nowhere, coin}}, aliceKey(), {{COIN - 10, bobKey().address()}})));
        std::atomic<bool> syncing = true;
        std::atomic<int> pushes = 0, refusedAsMissing = 0;
        std::vector<std::thread> pushers;
        for (int i = 0; i < 4; ++i)
            pushers.emplace_back([&] {
                while (syncing) {
                    const HttpResult r = httpRequest("POST", b->url() + "/tx", body, kJson);
                    ++pushes;
                    if (r.status == 400 && r.detail().startsWith("bad-txns-inputs-missingorspent"))
                        ++refusedAsMissing;
                    else
                        qWarning("push answered %d: %s", r.status, r.body.constData());
                }
            });
        const HttpResult r = b->post("/sync", jsonBytes(urlBody("peer_url", a->url())), kJson);
        syncing = false;
        for (std::thread& t : pushers)
            t.join();
        QCOMPARE(r.status, 200);
        QCOMPARE(integer(r.json(), "blocks_received"), std::int64_t(500));
        QCOMPARE(refusedAsMissing.load(), pushes.load()); // none refused for another reason
        const QString log = b->output();
        const QRegularExpression pageLine(
            QStringLiteral("(\\d+) ms since it was asked for, (\\d+) slices, (\\d+) commits"));
        const QRegularExpressionMatch m = pageLine.match(log);
        QVERIFY2(m.hasMatch(), qPrintable(log.right(2000)));
        const int ms = m.captured(1).toInt();
        const int slices = m.captured(2).toInt();
        const int commits = m.captured(3).toInt();
        qInfo("the page took %d ms, %d slices and %d commits, with %d txs pushed meanwhile", ms,
              slices, commits, pushes.load());
        // At most one a long slice, one a batch that ends by itself (about a second), and the
        // page's own at its end.
        const int bound = ms / net::ChainSync::kSettledSliceMs + ms / 1000 + 2;
        QVERIFY2(commits <= bound,
                 qPrintable(m.captured(0) + " (at most " + QString::number(bound) + " commits)"));
        QVERIFY(pushes > bound); // enough of them to commit it at every short slice
    }

    // A node far behind (a sync with more than PeerNetwork::kCatchingUpBlocks blocks to go)
    // answers others' txs 503 catching-up while its batch is held between slices, before
    // decoding them and at no cost, so that relaying to a syncing node never earns 429; a node
    // only a few blocks behind judges them as ever, and so does either once it has caught up.
    // The owner's txs are always judged. Once caught up, the node that refused txs fetches its
    // sync peer's mempool, which holds what others relayed meanwhile. (Each block's row in the
    // active chain is slowed down, so that the page takes many slices on any machine.)
    void othersTxsWaitWhileTheNodeIsFarBehind() {
        const QByteArray token = "owners-token-of-this-test";
        const QMap<QString, QString> guarded{
            {"RATE_LIMIT", "0"}, {"TRUST_LOOPBACK", "0"}, {"API_TOKEN", token}};
        DaemonProcess* a = startNode({{"RATE_LIMIT", "0"}});
        QVERIFY(a);
        const std::vector<Block> blocks = pageOfSpends();
        QVERIFY(postBlocks(*a, blocks));
        // In a's mempool: coinbases of its chain spent, more than a page of GET /mempool.
        std::vector<Hash256> pending;
        for (std::size_t height = 1; height <= net::MempoolFetch::kPageTxs + 10; ++height) {
            const Transaction& coinbase = blocks[height].transactions[0];
            const Transaction spend =
                makeSignedSpend({{{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, aliceKey(),
                                {{coinbase.outputs[0].amount - 1000, bobKey().address()}});
            QCOMPARE(a->post("/tx", jsonBytes(txToJson(spend)), kJson).status, 200);
            pending.push_back(computeTxid(spend));
        }
        const auto holdsAll = [&](const DaemonProcess& d) {
            return integer(health(d), "mempool_size") == std::int64_t(pending.size()) &&
                   mempoolHolds(d, pending.front()) && mempoolHolds(d, pending.back());
        };

        DaemonProcess* far = startNode(guarded);
        QVERIFY(far);
        slowDownInserts(*nodes_.back().db->connect(), "active_chain");
        const PushesDuringSync farSeen = syncWhileOthersPushTxs(*a, *far, token, 500);
        QCOMPARE(farSeen.other, 0);
        QVERIFY(farSeen.waited > 0);
        QVERIFY(farSeen.fewestBehind > net::PeerNetwork::kCatchingUpBlocks);
        QVERIFY2(eventually([&] { return holdsAll(*far); }),
                 "the node that caught up did not take its sync peer's mempool");

        // 90 blocks behind: many slices again, and no tx waits.
        DaemonProcess* near = startNode(guarded);
        QVERIFY(near);
        QVERIFY(postBlocks(*near, {blocks.begin(), blocks.end() - 90}));
        slowDownInserts(*nodes_.back().db->connect(), "active_chain");
        const PushesDuringSync nearSeen = syncWhileOthersPushTxs(*a, *near, token, 90);
        QCOMPARE(nearSeen.other, 0);
        QCOMPARE(nearSeen.waited, 0);
        QVERIFY(nearSeen.judged > 0);
        // It refused nothing: it fetched no mempool (its whole log, once it has stopped).
        QCOMPARE(near->terminate(), 0);
        QCOMPARE(far->terminate(), 0);
        QVERIFY(!near->output().contains("fetching the mempool of"));
        QVERIFY(far->output().contains("fetching the mempool of"));
    }

    // Each block goes to each peer once, never back to the peer that sent it.
    void aRelayReachesEachPeerOnce() {
        DaemonProcess* n = startNode();
        QVERIFY(n);
        ScriptedPeer p1, p2;
        for (ScriptedPeer* p : {&p1, &p2}) {
            p->script("/block", {200, "application/json", "{}"});
            QVERIFY(link(*n, p->url()));
        }
        for (int i = 0; i < 3; ++i)
            mine(*n, aliceKey().address());
        QVERIFY(
            eventually([&] { return p1.requests("/block") == 3 && p2.requests("/block") == 3; }));
        // A block p1 pushes goes on to p2 only.
        const Block tip = *blockFromJson(n->get("/block/height/2").json());
        Block next;
        next.header.version = 1;
        next.header.prevHash = blockHash(tip.header);
        next.header.timestamp = tip.header.timestamp + 1;
        next.header.target = regtestParams().genesisTarget;
        next.transactions.push_back(makeCoinbase(3, 50 * COIN, bobKey().address()));
        TestChain::reseal(next);
        QCOMPARE(n->post("/block", jsonBytes(blockToJson(next)),
                         {{"Content-Type", "application/json"}, {"X-Peer-Url", p1.url().toUtf8()}})
                     .status,
                 200);
        QVERIFY(eventually([&] { return p2.requests("/block") == 4; }));
        QTest::qWait(500); // nothing more arrives
        QCOMPARE(p1.requests("/block"), 3);
        QCOMPARE(p2.requests("/block"), 4);
    }

    // A node that mined its own, shorter chain from its own genesis adopts the network's.
    void aCompetingGenesisLoses() {
        DaemonProcess* n1 = startNode();
        DaemonProcess* loner = startNode({{"SYNC_INTERVAL", "1"}});
        QVERIFY(n1 && loner);
        std::string tip;
        for (int i = 0; i < 3; ++i)
            tip = mine(*n1, aliceKey().address());
        mine(*loner, bobKey().address());
        mine(*loner, bobKey().address());
        QCOMPARE(integer(health(*loner), "chain_height"), std::int64_t(1));
        QVERIFY(link(*loner, *n1));
        QVERIFY2(eventually([&] { return atTip(*loner, 2, tip); }), "loner kept its chain");
        const json::Value bob =
            loner->get(QString("/balance/") + bobKey().address().hex().c_str()).json();
        QCOMPARE(integer(bob, "balance"), std::int64_t(0));
    }

    // A MiniBitcoinPy node: plain JSON, a /health that names no network, no headers or pages
    // but its whole chain at GET /chain, and pushes without X-Peer-Url. A scripted peer plays
    // it, serving the chain of another daemon. The owner adds it, syncs from it, and blocks
    // and txs travel both ways.
    void aMiniBitcoinPyPeerSyncsAndRelaysBothWays() {
        DaemonProcess* source = startNode();
        DaemonProcess* n = startNode();
        QVERIFY(source && n);
        std::string tip;
        for (int i = 0; i < 3; ++i)
            tip = mine(*source, aliceKey().address());
        ScriptedPeer py;
        json::Value pyHealth;
        pyHealth.set("status", "ok");
        pyHealth.set("node_name", "node1");
        pyHealth.set("chain_height", 2);
        pyHealth.set("tip_hash", tip);
        pyHealth.set("utxo_count", 3);
        pyHealth.set("mempool_size", 0);
        pyHealth.set("peer_count", 0);
        py.script("/health", {200, "application/json", jsonBytes(pyHealth)});
        py.script("/chain", {200, "application/json", source->get("/chain").body});
        py.script("/block", {200, "application/json", "{\"message\":\"block accepted\"}"});
        py.script("/tx", {200, "application/json", "{\"txid\":\"\",\"fee\":0}"});

        QVERIFY(link(*n, py.url()));
        const HttpResult r = n->post("/sync", jsonBytes(urlBody("peer_url", py.url())), kJson);
        QVERIFY2(r.status == 200 && integer(r.json(), "blocks_received") == 3, r.body.constData());
        QVERIFY(atTip(*n, 2, tip));
        QVERIFY(!n->output().contains("sent invalid data"));

        // It pushes a block as MiniBitcoinPy does (JSON, no header): taken, and passed on to
        // the peers, it included (it cannot be told from any other client).
        const std::string next = mine(*source, bobKey().address());
        const HttpResult pushed =
            n->post("/block", source->get(QString::fromStdString("/block/" + next)).body, kJson);
        QVERIFY2(pushed.status == 200, pushed.body.constData());
        QVERIFY(eventually([&] { return py.requests("/block") == 1; }));
        // Our own blocks and txs reach it.
        mine(*n, carolKey().address());
        QVERIFY(eventually([&] { return py.requests("/block") == 2; }));
        const Block genesis = *blockFromJson(n->get("/block/height/0").json());
        const Spendable coin{{computeTxid(genesis.transactions[0]), 0},
                             genesis.transactions[0].outputs[0]};
        const Transaction pay = makeSignedSpend(
            {coin}, aliceKey(), {{coin.output.amount - 10'000, bobKey().address()}});
        QCOMPARE(n->post("/tx", jsonBytes(txToJson(pay)), kJson).status, 200);
        QVERIFY(eventually([&] { return py.requests("/tx") == 1; }));
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
