// What a push is charged and who it is relayed back to, with the node and its network layer in
// process on each store: a sync's batch, held open between its slices, is committed by the next
// use of the store, and a push that made that use is charged one slice's share of it; a push
// whose store fails is charged, and does not leave its sender out of later relays.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "net/block_page.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"
#include "store/sql_dialect.h"
#include "support/block_factory.h"
#include "support/scripted_peer.h"
#include "support/slow_store.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/test_node_config.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>

#include <optional>
#include <stdexcept>

using namespace mbc;
using namespace mbc::test;

namespace {

net::ApiRequest pushFrom(const char* address, const QString& peerUrl = {}) {
    net::ApiRequest req;
    req.method = "POST";
    req.remote = QHostAddress(QString::fromLatin1(address));
    req.peerUrl = peerUrl;
    return req;
}

// A node, its network layer and its REST routes in process, as the daemon has them, with its
// genesis block connected. Loopback is not trusted: 127.0.0.2 is a stranger.
struct ServedNode {
    explicit ServedNode(const TestDatabase& db)
        : node(nodeConfigFor(db)) {
        node.open();
        network.emplace(node, net::NetworkSettings{});
        net::addNodeRoutes(server, node, *network);
        if (node.submitBlock(genesis, "test").kind != SubmitOutcome::Kind::Connected)
            throw std::runtime_error("the genesis block was not connected");
    }
    node::Node node;
    std::optional<net::PeerNetwork> network; // (made once the node is open)
    net::RestServer server{net::HttpLimits{},
                           net::AccessPolicy{0, "owners-token-of-this-test", false, {}, {}}};
    BlockFactory blocks;
    const Block genesis = blocks.genesis(aliceKey().address());

    // 200 blocks on the genesis for a sync to bring, each of which `db`'s active chain takes
    // slowly: a page takes many slices, on any machine.
    std::vector<Block> chainToSyncSlowly(const TestDatabase& db) {
        slowDownInserts(*db.connect(), "active_chain");
        return blocks.chain(genesis, 200, aliceKey().address());
    }
};

// POST /tx of `body` from a stranger.
net::IncomingRequest txPushFromStranger(const QByteArray& body) {
    net::IncomingRequest push;
    push.method = "POST";
    push.url = QUrl(QStringLiteral("/tx"));
    push.contentType = "application/json";
    push.body = body;
    push.remote = QHostAddress(QStringLiteral("127.0.0.2"));
    return push;
}

} // namespace

class TestPushAccounting : public QObject {
    Q_OBJECT

    // Blocks chain[from, to) as one page of GET /blocks/after (after height `from`), naming
    // the peer's tip at `tip`.
    static ScriptedPeer::Answer pageOf(const std::vector<Block>& chain, std::size_t from,
                                       std::size_t to, std::int64_t tip) {
        net::BlockPage page;
        page.forkHeight = std::int64_t(from);
        page.tipHeight = tip;
        for (std::size_t i = from; i < to; ++i)
            page.blocks.push_back(encodeBlock(chain[i]));
        const Bytes bytes = net::encodeBlockPage(page);
        return {200, "application/octet-stream",
                QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()))};
    }

    // `peer` serves a sync: the headers of `chain` (on n's genesis), a health that puts its tip
    // at `claimedTip`, and `pages` in turn.
    static void scriptChain(ScriptedPeer& peer, const node::Node& n,
                            const std::vector<Block>& chain, std::int64_t claimedTip,
                            QList<ScriptedPeer::Answer> pages) {
        json::Value health, headers;
        health.set("network", n.params().name);
        health.set("genesis_target", n.params().genesisTarget.toHexQuantity());
        health.set("chain_height", claimedTip);
        json::Value::Array list;
        for (const Block& b : chain) {
            json::Value entry;
            entry.set("header", headerToJson(b.header));
            list.push_back(std::move(entry));
        }
        headers.set("fork_height", 0);
        headers.set("tip_height", std::int64_t(chain.size()));
        headers.set("headers", std::move(list));
        peer.script("/health",
                    {200, "application/json", QByteArray::fromStdString(json::write(health))});
        peer.script("/headers",
                    {200, "application/json", QByteArray::fromStdString(json::write(headers))});
        peer.scriptInTurn("/blocks/after", pages);
    }

    // Syncs with `peerUrl`; whenever the sync's batch is held open between slices, a stranger
    // pushes a tx. The answers it got.
    static QList<QByteArray> syncWhileAStrangerPushes(ServedNode& served, const QString& peerUrl) {
        const net::IncomingRequest push = txPushFromStranger("{}"); // (never decoded: it waits)
        bool done = false;
        served.network->syncWith(peerUrl, [&](const node::SyncResult&) { done = true; });
        QList<QByteArray> answers;
        QElapsedTimer clock;
        clock.start();
        while (!done && clock.elapsed() < 120'000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            if (served.node.syncBatchHeld()) {
                const auto reply = served.server.dispatch(push, nullptr);
                answers.push_back(reply ? QByteArray::number(reply->status) + " " + reply->body
                                        : QByteArray("no answer"));
            }
        }
        if (!done)
            answers.push_back("the sync did not end");
        return answers;
    }

private slots:
    // A sync connects blocks in one batch, holding it open between its slices; a stranger's
    // tx spending a coin nobody has comes in between (the node is not far behind, so it is
    // judged). Reading the coins commits the batch first (its outputs, each slowed down here).
    // That commit is the sync's work but for one slice's share, which ending the batch early
    // costs (one commit a slice at worst, instead of one a batch of up to
    // ChainSync::kSlicesPerBatch): the stranger is charged that share and its own work.
    void aSyncsBatchCostsThePushThatEndsItOneSlicesShare_data() {
        QTest::addColumn<int>("slices");
        QTest::newRow("after one slice") << 1;
        QTest::newRow("after ten slices") << 10;
        QTest::newRow("after 99 slices") << 99;
    }
    void aSyncsBatchCostsThePushThatEndsItOneSlicesShare() {
        QFETCH(int, slices);
        MBC_REQUIRE_DATABASE(db);
        node::Node n(nodeConfigFor(*db));
        n.open();
        net::PeerNetwork network(n, net::NetworkSettings{});
        BlockFactory f;
        const PubKeyHash alice = aliceKey().address();
        const Block genesis = f.genesis(alice);
        QCOMPARE(n.submitBlock(genesis, "test").kind, SubmitOutcome::Kind::Connected);
        slowDownInserts(*db->connect(), "outputs");

        // Two batches: the first, held after two slices, ended by another stranger's push, so
        // that the node has forgiven something before the push measured (after the second).
        const std::vector<Block> chain = f.chain(genesis, 20, alice);
        const auto holdBatch = [&](std::size_t from, std::size_t to, int inSlices) {
            auto batch = n.beginStoreBatch();
            for (int slice = 0; slice < inSlices; ++slice) {
                batch->resume();
                for (std::size_t i = from + slice * (to - from) / inSlices;
                     i < from + (slice + 1) * (to - from) / inSlices; ++i)
                    n.submitBlock(chain[i], "sync");
                batch->holdOpen();
            }
            return batch;
        };
        const Spendable nobodys{OutPoint{*Hash256::fromHex(std::string(64, 'c')), 0},
                                TxOut{5000, alice}};
        const Transaction tx = makeSignedSpend({nobodys}, aliceKey(), {{4000, alice}});
        {
            const auto first = holdBatch(0, 10, 2);
            QVERIFY(!network.submitTransaction(tx, network.senderOf(pushFrom("127.0.0.3"))));
            QCOMPARE(first->resume(), node::Node::StoreBatch::State::Committed);
            QVERIFY(n.heldBatchCommits().forgivenNs > 0);
        }
        const auto batch = holdBatch(10, 20, slices);

        const net::ApiRequest req = pushFrom("127.0.0.2");
        const node::Node::HeldCommits before = n.heldBatchCommits();
        QElapsedTimer whole;
        whole.start();
        const auto refused = network.submitTransaction(tx, network.senderOf(req));
        const double wholeMs = double(whole.nsecsElapsed()) / 1e6;
        const std::int64_t commitNs = n.heldBatchCommits().ns - before.ns;
        const std::int64_t forgivenNs = n.heldBatchCommits().forgivenNs - before.forgivenNs;

        QVERIFY(!refused);
        QCOMPARE(refused.failure().code, RejectCode::TxInputMissingOrSpent);
        QCOMPARE(batch->resume(), node::Node::StoreBatch::State::Committed);
        QCOMPARE(n.tip().height, std::int64_t(20));
        // 10 outputs: at least 50 ms of sleeping on PostgreSQL; SQLite's join takes a while.
        QVERIFY2(commitNs >= (db->backendName() == "postgres" ? 50'000'000 : 1),
                 qPrintable(QString::number(commitNs)));
        QCOMPARE(forgivenNs, commitNs - commitNs / slices);
        const double charged = network.senderState(req.remote).chargedMs;
        const QString what = QStringLiteral("charged %1 ms of a push that took %2 ms, %3 of them "
                                            "committing the sync's batch")
                                 .arg(charged)
                                 .arg(wholeMs)
                                 .arg(double(commitNs) / 1e6);
        QVERIFY2(charged >= double(commitNs / slices) / 1e6, qPrintable(what));
        QVERIFY2(charged <= wholeMs - double(forgivenNs) / 1e6, qPrintable(what));
    }

    // A tx from a stranger through the route while a batch is held, with no sync far behind
    // (PeerNetwork::kCatchingUpBlocks; tst_network has the node that is): judged as ever, and
    // charged, the batch committed first. A node a few blocks behind loses no relayed tx.
    void aTxPushedWhileABatchIsHeldIsJudgedUnlessFarBehind() {
        MBC_REQUIRE_DATABASE(db);
        ServedNode served(*db);
        node::Node& n = served.node;
        const PubKeyHash alice = aliceKey().address();
        const Spendable nobodys{OutPoint{*Hash256::fromHex(std::string(64, 'c')), 0},
                                TxOut{5000, alice}};
        const net::IncomingRequest push = txPushFromStranger(QByteArray::fromStdString(
            json::write(txToJson(makeSignedSpend({nobodys}, aliceKey(), {{4000, alice}})))));

        auto batch = n.beginStoreBatch();
        for (const Block& b : served.blocks.chain(served.genesis, 4, alice))
            QCOMPARE(n.submitBlock(b, "sync").kind, SubmitOutcome::Kind::Connected);
        batch->holdOpen();
        QVERIFY(n.syncBatchHeld());
        const auto reply = served.server.dispatch(push, nullptr);
        QVERIFY(reply);
        QVERIFY2(reply->status == 400 && reply->body.contains("bad-txns-inputs-missingorspent"),
                 reply->body.constData());
        QCOMPARE(batch->resume(), node::Node::StoreBatch::State::Committed);
        QVERIFY(served.network->senderState(push.remote).chargedMs > 0);
    }

    // The sync's peer proves 200 blocks with its headers and says in its page that its tip is
    // at 5,000: a node that has taken only the first headers (it takes them only until they
    // show more work than its chain, 2,000 at a time) is as far behind as the pages say, so
    // strangers' txs wait (503) through the whole page, not only its first 100 blocks.
    void aSyncsFirstPagesCountWhatThePeerSaysIsLeft() {
        MBC_REQUIRE_DATABASE(db);
        ServedNode served(*db);
        const std::vector<Block> chain = served.chainToSyncSlowly(*db);
        ScriptedPeer peer;
        scriptChain(peer, served.node, chain, 5000,
                    {pageOf(chain, 0, chain.size(), 5000), {503, "application/json", "{}"}});

        const QList<QByteArray> answers = syncWhileAStrangerPushes(served, peer.url());
        QCOMPARE(served.node.tip().height, std::int64_t(200));
        QVERIFY2(answers.size() >= 10, qPrintable(QString::number(answers.size())));
        for (const QByteArray& answer : answers)
            QVERIFY2(answer.startsWith("503 ") && answer.contains("catching-up"),
                     answer.constData());
        // The last came near the page's end: 4,800 blocks or more to go, by the page's word.
        QVERIFY2(QString::fromUtf8(answers.back())
                     .contains(QRegularExpression(" is 4[89]\\d\\d blocks behind")),
                 answers.back().constData());
    }

    // Strangers' txs waited (503) while the node caught up: the sync's peer holds them, and the
    // node fetches its mempool once caught up, after the next sync if the first fetch got no
    // answer. A tx there that no honest node would hold (a signature that does not verify) is
    // held against the peer and ends the fetch. What the fetch takes is old news to the
    // network: it is not relayed to the node's other peers.
    void aNodeThatMadeTxsWaitFetchesItsPeersMempool() {
        MBC_REQUIRE_DATABASE(db);
        ServedNode served(*db);
        node::Node& n = served.node;
        const std::vector<Block> chain = served.chainToSyncSlowly(*db);
        ScriptedPeer peer, other;
        scriptChain(peer, n, chain, 200, {pageOf(chain, 0, chain.size(), 200)});
        other.script("/tx", {200, "application/json", "{}"});
        QVERIFY(!served.network->addPeer(other.url())); // the owner's choice
        std::vector<Transaction> pool;
        for (std::size_t height : {1, 2, 3}) { // spends of its coinbases
            const Transaction& coinbase = chain[height - 1].transactions[0];
            pool.push_back(
                makeSignedSpend({{{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, aliceKey(),
                                {{coinbase.outputs[0].amount - 1000, bobKey().address()}}));
        }
        pool[1].inputs[0].signature = pool[0].inputs[0].signature; // signs another tx
        json::Value::Array txs;
        for (const Transaction& tx : pool)
            txs.push_back(txToJson(tx));
        json::Value mempool;
        mempool.set("size", std::uint64_t(txs.size()));
        mempool.set("transactions", std::move(txs));
        peer.scriptInTurn("/mempool", {{500, "application/json", R"({"detail": "busy"})"},
                                       {200, "application/json",
                                        QByteArray::fromStdString(json::write(mempool))}});

        const QList<QByteArray> answers = syncWhileAStrangerPushes(served, peer.url());
        QCOMPARE(n.tip().height, std::int64_t(200));
        QVERIFY(!answers.isEmpty() && answers.front().contains("catching-up"));
        QTRY_COMPARE_WITH_TIMEOUT(peer.requests("/mempool"), 1, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(!served.network->fetchingMempool(), 30'000);

        bool synced = false;
        served.network->syncWith(peer.url(), [&](const node::SyncResult&) { synced = true; });
        QTRY_VERIFY_WITH_TIMEOUT(synced, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(peer.requests("/mempool"), 2, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(!served.network->fetchingMempool(), 30'000);
        QCOMPARE(served.network->health(peer.url()).totalOffences, std::uint64_t(1));
        QVERIFY(n.mempool().find(computeTxid(pool[0])));
        QCOMPARE(n.mempool().size(), std::size_t(1)); // not pool[1], nor pool[2] after it

        // The owner's tx goes out to the other peer; what the fetch took did not, before it.
        QVERIFY(n.submitTransaction(pool[2], "test"));
        const auto relayed = [&](const Transaction& tx) {
            const QByteArray txid = QByteArray::fromStdString(computeTxid(tx).hex());
            const QList<QByteArray> bodies = other.bodies("/tx");
            return std::any_of(bodies.begin(), bodies.end(),
                               [&](const QByteArray& b) { return b.contains(txid); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(relayed(pool[2]), 30'000);
        QVERIFY(!relayed(pool[0]));
    }

    // A peer's pool may list a child before its parent (a reorg put the parent back in after
    // it): the child, refused at first for its unknown input, is taken once the parent is.
    void aFetchedChildListedBeforeItsParentIsTaken() {
        MBC_REQUIRE_DATABASE(db);
        ServedNode served(*db);
        node::Node& n = served.node;
        const std::vector<Block> chain = served.chainToSyncSlowly(*db);
        ScriptedPeer peer;
        scriptChain(peer, n, chain, 200, {pageOf(chain, 0, chain.size(), 200)});
        const Transaction& coinbase = chain[0].transactions[0];
        const Transaction parent =
            makeSignedSpend({{{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, aliceKey(),
                            {{coinbase.outputs[0].amount - 1000, aliceKey().address()}});
        const Transaction child =
            makeSignedSpend({{{computeTxid(parent), 0}, parent.outputs[0]}}, aliceKey(),
                            {{parent.outputs[0].amount - 1000, bobKey().address()}});
        json::Value::Array txs{txToJson(child), txToJson(parent)};
        json::Value mempool;
        mempool.set("size", std::uint64_t(txs.size()));
        mempool.set("transactions", std::move(txs));
        peer.script("/mempool",
                    {200, "application/json", QByteArray::fromStdString(json::write(mempool))});

        const QList<QByteArray> answers = syncWhileAStrangerPushes(served, peer.url());
        QCOMPARE(n.tip().height, std::int64_t(200));
        QVERIFY(!answers.isEmpty() && answers.front().contains("catching-up"));
        QTRY_COMPARE_WITH_TIMEOUT(peer.requests("/mempool"), 1, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(!served.network->fetchingMempool(), 30'000);
        QVERIFY(n.mempool().find(computeTxid(parent)));
        QVERIFY(n.mempool().find(computeTxid(child)));
        QCOMPARE(served.network->health(peer.url()).totalOffences, std::uint64_t(0));
    }

    // Txs waited while the node caught up with a peer whose headers proved 200 blocks; its
    // sync ended halfway. A sync with a peer no further ahead then fetches no mempool (it does
    // not hold what was relayed to the network meanwhile, nor has this node caught up); the
    // sync that reaches 200 does.
    void aMempoolIsFetchedOnlyOnceCaughtUp() {
        MBC_REQUIRE_DATABASE(db);
        ServedNode served(*db);
        node::Node& n = served.node;
        const std::vector<Block> chain = served.chainToSyncSlowly(*db);
        ScriptedPeer ahead, level;
        scriptChain(ahead, n, chain, 200,
                    {pageOf(chain, 0, 120, 200),
                     {503, "application/json", "{}"},
                     pageOf(chain, 120, 200, 200)});
        const std::vector<Block> first(chain.begin(), chain.begin() + 120);
        scriptChain(level, n, first, 120, {});
        for (ScriptedPeer* p : {&ahead, &level})
            p->script("/mempool", {200, "application/json", R"({"transactions": []})"});

        const QList<QByteArray> answers = syncWhileAStrangerPushes(served, ahead.url());
        QCOMPARE(n.tip().height, std::int64_t(120));
        QVERIFY(!answers.isEmpty() && answers.front().contains("catching-up"));
        // Whether a fetch runs as the sync's end is told (one begins before that).
        const auto syncFetches = [&](const ScriptedPeer& p) {
            std::optional<bool> fetching;
            served.network->syncWith(p.url(), [&](const node::SyncResult& r) {
                fetching = r.ok() && served.network->fetchingMempool();
            });
            [&] { QTRY_VERIFY_WITH_TIMEOUT(fetching.has_value(), 30'000); }();
            return fetching.value_or(false);
        };
        QVERIFY(!syncFetches(level));
        QVERIFY(syncFetches(ahead));
        QCOMPARE(n.tip().height, std::int64_t(200));
        QTRY_COMPARE_WITH_TIMEOUT(ahead.requests("/mempool"), 1, 30'000);
        QCOMPARE(level.requests("/mempool"), 0);
    }

    // A peer's block reaches the node as the store fails: the push fails (503 for the peer),
    // the peer's address is charged for it, and the peer is still among those the node relays
    // its next block to.
    void aPushWhoseStoreFailedLeavesItsSenderARelayTarget() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(nodeConfigFor(*db));
        n.open();
        net::PeerNetwork network(n, net::NetworkSettings{});
        const QString peer = QStringLiteral("http://127.0.0.1:1");
        QVERIFY(n.peers().add(peer, n.now()));
        QCOMPARE(network.relayTargets(), std::vector<QString>{peer});

        BlockFactory f;
        const Block genesis = f.genesis(aliceKey().address());
        refuseInserts(*db->connect(), "blocks");
        const net::ApiRequest req = pushFrom("127.0.0.1", peer);
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 network.submitBlock(genesis, network.senderOf(req)));
        QCOMPARE(network.relayTargets(), std::vector<QString>{peer});
        // Decoding and trying it took the node's time as a refused push's does.
        QVERIFY(network.senderState(req.remote).chargedMs >= 1);
    }
};

QTEST_GUILESS_MAIN(TestPushAccounting)
#include "tst_push_accounting.moc"
