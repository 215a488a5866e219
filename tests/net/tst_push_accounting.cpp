// What a push is charged and who it is relayed back to, with the node and its network layer in
// process on each store: a sync's batch, held open between its slices, is committed by the next
// use of the store, and a push that made that use is charged one slice's share of it; a push
// whose store fails is charged, and does not leave its sender out of later relays; and a tx
// from anyone but the owner waits (503) while such a batch is held.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"
#include "store/sql_dialect.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "support/test_node_config.h"

#include <QElapsedTimer>

using namespace mbc;
using namespace mbc::test;

namespace {

// Each output the store writes from now on takes a while (a few milliseconds; the sleep on
// PostgreSQL, a join of 300 × 300 rows on SQLite, which has no sleep).
void slowDownOutputs(store::Database& db) {
    if (db.dialect() == store::Dialect::Sqlite) {
        db.execute("CREATE TABLE burn (x INTEGER)");
        db.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300) "
                   "INSERT INTO burn SELECT x FROM n");
        db.execute("CREATE TRIGGER slow_outputs AFTER INSERT ON outputs BEGIN "
                   "SELECT count(*) FROM burn a, burn b; END");
        return;
    }
    db.execute("CREATE FUNCTION slow_output() RETURNS trigger AS $$ BEGIN "
               "PERFORM pg_sleep(0.005); RETURN NEW; END $$ LANGUAGE plpgsql");
    db.execute("CREATE TRIGGER slow_outputs BEFORE INSERT ON outputs FOR EACH ROW "
               "EXECUTE FUNCTION slow_output()");
}

// Every block the store is asked to keep from now on is refused, as a failing disk would.
void refuseBlocks(store::Database& db) {
    if (db.dialect() == store::Dialect::Sqlite) {
        db.execute("CREATE TRIGGER refuse_blocks BEFORE INSERT ON blocks BEGIN "
                   "SELECT RAISE(ABORT, 'injected failure'); END");
        return;
    }
    db.execute("CREATE FUNCTION refuse_block() RETURNS trigger AS $$ BEGIN "
               "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql");
    db.execute("CREATE TRIGGER refuse_blocks BEFORE INSERT ON blocks FOR EACH ROW "
               "EXECUTE FUNCTION refuse_block()");
}

net::ApiRequest pushFrom(const char* address, const QString& peerUrl = {}) {
    net::ApiRequest req;
    req.method = "POST";
    req.remote = QHostAddress(QString::fromLatin1(address));
    req.peerUrl = peerUrl;
    return req;
}

} // namespace

class TestPushAccounting : public QObject {
    Q_OBJECT

private slots:
    // A sync connects blocks in one batch, holding it open between its slices; a stranger's
    // tx spending a coin nobody has comes in between. Reading the coins commits the batch
    // first (its outputs, each slowed down here). That commit is the sync's work but for one
    // slice's share, which ending the batch early costs (one commit a slice at worst, instead
    // of one every ten): the stranger is charged that share and its own work, no more.
    void aSyncsBatchCostsThePushThatEndsItOneSlicesShare_data() {
        QTest::addColumn<int>("slices");
        QTest::newRow("after one slice") << 1;
        QTest::newRow("after ten slices") << 10;
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
        slowDownOutputs(*db->connect());

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

    // While a sync's batch is held open between slices, a tx from anyone but the owner is
    // answered 503 before its body is decoded: it neither ends the batch nor costs its sender
    // anything. The owner's tx is judged as ever (and ends the batch); once the batch is
    // committed, others' txs are judged again.
    void othersTxsWaitWhileASyncsBatchIsHeld() {
        MBC_REQUIRE_DATABASE(db);
        node::Node n(nodeConfigFor(*db));
        n.open();
        net::PeerNetwork network(n, net::NetworkSettings{});
        const QByteArray token = "the owner's token";
        net::RestServer server(net::HttpLimits{},
                               net::AccessPolicy{0, QString::fromLatin1(token), false, {}, {}});
        net::addNodeRoutes(server, n, network);
        BlockFactory f;
        const PubKeyHash alice = aliceKey().address();
        const Block genesis = f.genesis(alice);
        QCOMPARE(n.submitBlock(genesis, "test").kind, SubmitOutcome::Kind::Connected);
        const std::vector<Block> chain = f.chain(genesis, 4, alice);

        const Spendable nobodys{OutPoint{*Hash256::fromHex(std::string(64, 'c')), 0},
                                TxOut{5000, alice}};
        const QByteArray tx = QByteArray::fromStdString(
            json::write(txToJson(makeSignedSpend({nobodys}, aliceKey(), {{4000, alice}}))));
        const auto post = [&](const char* from, const QByteArray& body, bool owner = false) {
            net::IncomingRequest r;
            r.method = "POST";
            r.url = QUrl(QStringLiteral("/tx"));
            r.contentType = "application/json";
            r.body = body;
            r.remote = QHostAddress(QString::fromLatin1(from));
            if (owner)
                r.authorization = "Bearer " + token;
            const auto reply = server.dispatch(r, nullptr);
            return reply ? QString::number(reply->status) + " " + QString::fromUtf8(reply->body)
                         : QStringLiteral("no answer");
        };
        const QHostAddress stranger(QStringLiteral("127.0.0.2"));

        auto batch = n.beginStoreBatch();
        for (const Block& b : chain)
            QCOMPARE(n.submitBlock(b, "sync").kind, SubmitOutcome::Kind::Connected);
        batch->holdOpen();
        QVERIFY(n.syncBatchHeld());
        for (const QByteArray& body : {tx, QByteArray("{not json")}) {
            const QString answer = post("127.0.0.2", body);
            QVERIFY2(answer.startsWith("503 ") && answer.contains("catching-up") &&
                         answer.contains("height 4"),
                     qPrintable(answer));
        }
        QCOMPARE(network.senderState(stranger).chargedMs, 0.0);
        QCOMPARE(network.senderState(stranger).offences, 0);
        QCOMPARE(batch->resume(), node::Node::StoreBatch::State::Open);

        batch->holdOpen();
        const QString owners = post("127.0.0.2", tx, true);
        QVERIFY2(owners.startsWith("400 ") && owners.contains("bad-txns-inputs-missingorspent"),
                 qPrintable(owners));
        QCOMPARE(batch->resume(), node::Node::StoreBatch::State::Committed);
        QVERIFY(!n.syncBatchHeld());

        const QString judged = post("127.0.0.2", tx);
        QVERIFY2(judged.startsWith("400 ") && judged.contains("bad-txns-inputs-missingorspent"),
                 qPrintable(judged));
        QVERIFY(network.senderState(stranger).chargedMs > 0);
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
        refuseBlocks(*db->connect());
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
