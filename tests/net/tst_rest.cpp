// The REST API over real HTTP against a real daemon process: every route's shape, every error
// code, and the limits (oversized and malformed requests, rate limits, admin tokens).
#include <QTest>

#include "consensus/crypto/merkle.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "net/rest_test_helpers.h"
#include "support/block_factory.h"
#include "support/cli_process.h"
#include "support/test_chain.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>

#include <set>

using namespace mbc;
using namespace mbc::test;

namespace {

Spendable coinOf(const json::Value& utxo, const PubKeyHash& owner) {
    return {OutPoint{*Hash256::fromHex(text(utxo, "txid")), std::uint32_t(integer(utxo, "vout"))},
            TxOut{integer(utxo, "amount"), owner}};
}

// The first UTXO of `owner` that no mempool tx spends yet.
Spendable firstUnspent(const DaemonProcess& d, const PubKeyHash& owner) {
    const json::Value u = d.get(QString::fromStdString("/utxos/" + owner.hex())).json();
    for (const json::Value& o : array(u, "utxos"))
        if (!boolean(o, "spent_in_mempool"))
            return coinOf(o, owner);
    throw std::runtime_error("no spendable coin");
}

std::optional<double> metric(const QByteArray& text, const QString& name) {
    const QRegularExpression line("^" + QRegularExpression::escape(name) + " (\\S+)$",
                                  QRegularExpression::MultilineOption);
    const auto m = line.match(QString::fromUtf8(text));
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toDouble();
}

} // namespace

class TestRest : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;
    const PubKeyHash alice_ = aliceKey().address();
    const PubKeyHash bob_ = bobKey().address();

    json::Value mine(const PubKeyHash& payee) {
        const HttpResult r = node_->post("/mine", jsonBytes(minerBody(payee)));
        if (r.status != 200)
            qWarning() << "POST /mine:" << r.status << r.body;
        return r.json();
    }

private slots:
    void initTestCase() {
        MBC_REQUIRE_DATABASE(db);
        db_ = std::move(db);
        QString why;
        node_ = startDaemon(*db_, {{"NODE_NAME", "rest-test"}}, &why);
        QVERIFY2(node_, qPrintable(why));
    }

    void cleanupTestCase() {
        if (node_)
            QCOMPARE(node_->terminate(), 0);
    }

    void healthOfAnEmptyNode() {
        const HttpResult r = node_->get("/health");
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("application/json"));
        const json::Value h = r.json();
        QCOMPARE(text(h, "status"), std::string("ok"));
        QCOMPARE(text(h, "node_name"), std::string("rest-test"));
        QCOMPARE(integer(h, "chain_height"), -1);
        QVERIFY(isNull(h, "tip_hash"));
        QCOMPARE(integer(h, "utxo_count"), 0);
        QCOMPARE(integer(h, "mempool_size"), 0);
        QCOMPARE(integer(h, "peer_count"), 0);
        QVERIFY(h.find("reorganizing") && h.find("reorganizing")->isBool());
        QVERIFY(!boolean(h, "reorganizing"));
    }

    void mineAnswersOnceTheBlockIsConnected() {
        const json::Value m = mine(alice_);
        QCOMPARE(integer(m, "height"), 0);
        QCOMPARE(integer(m, "transactions"), 1);
        QVERIFY(Hash256::fromHex(text(m, "block_hash")));
        QVERIFY(integer(m, "nonce") >= 0);
        QVERIFY(m.find("elapsed_seconds") && m.find("elapsed_seconds")->isNumber());
        const json::Value h = node_->get("/health").json();
        QCOMPARE(integer(h, "chain_height"), 0);
        QCOMPARE(text(h, "tip_hash"), text(m, "block_hash"));
        const json::Value b = node_->get(QString::fromStdString("/balance/" + alice_.hex())).json();
        QCOMPARE(integer(b, "balance"), regtestParams().blockReward);
        QCOMPARE(integer(b, "utxo_count"), 1);
        QCOMPARE(text(b, "address"), alice_.hex());
    }

    void mineRefusesBadBodies_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("detail");
        QTest::newRow("empty") << QByteArray() << "bad-json";
        QTest::newRow("not an object") << QByteArray("[1]") << "bad-field";
        QTest::newRow("missing field") << QByteArray("{}") << "miner_address: missing";
        QTest::newRow("not hex") << QByteArray("{\"miner_address\":\"zz\"}") << "40 hex";
        QTest::newRow("wrong type") << QByteArray("{\"miner_address\":5}") << "expected a string";
    }
    void mineRefusesBadBodies() {
        QFETCH(QByteArray, body);
        QFETCH(QString, detail);
        const HttpResult r = node_->post("/mine", body);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().contains(detail), qPrintable(r.detail()));
    }

    void chainAndBlockLookups() {
        for (int i = 0; i < 3; ++i)
            QCOMPARE(integer(mine(bob_), "height"), i + 1);
        const json::Value chain = node_->get("/chain").json();
        QCOMPARE(integer(chain, "height"), 3);
        const auto& blocks = array(chain, "blocks");
        QCOMPARE(blocks.size(), std::size_t(4));
        QCOMPARE(integer(blocks[0], "height"), 0);
        QCOMPARE(text(chain, "tip_hash"), text(blocks[3], "block_hash"));
        QVERIFY(blockFromJson(blocks[2]).ok()); // §6 block JSON, readable by any node

        const std::string hash2 = text(blocks[2], "block_hash");
        const json::Value byHash = node_->get(QString::fromStdString("/block/" + hash2)).json();
        QCOMPARE(integer(byHash, "height"), 2);
        QCOMPARE(integer(byHash, "confirmations"), 2);
        QCOMPARE(*byHash.find("header"), *blocks[2].find("header"));
        const json::Value byHeight = node_->get("/block/height/2").json();
        QCOMPARE(text(byHeight, "block_hash"), hash2);

        QCOMPARE(node_->get("/block/height/99").status, 404);
        QCOMPARE(node_->get("/block/" + QString(64, 'a')).status, 404);
        const HttpResult bad = node_->get("/block/xyz");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.detail().contains("64 hex"));

        const json::Value page = node_->get("/blocks?from=1&limit=2").json();
        QCOMPARE(array(page, "blocks").size(), std::size_t(2));
        QCOMPARE(integer(array(page, "blocks")[0], "height"), 1);
        QCOMPARE(integer(page, "next_from"), 3);
        QVERIFY(!array(page, "blocks")[0].find("transactions")); // headers only
        QCOMPARE(node_->get("/blocks?limit=abc").status, 400);
        QCOMPARE(node_->get("/blocks?limit=100000").status, 400);

        const std::string hash1 = text(blocks[1], "block_hash");
        const json::Value headers =
            node_
                ->get(QString::fromStdString("/headers?locator=" + std::string(64, 'b') + "," +
                                             hash1))
                .json();
        QCOMPARE(integer(headers, "fork_height"), 1);
        const auto& after = array(headers, "headers");
        QCOMPARE(after.size(), std::size_t(2));
        QCOMPARE(integer(after[0], "height"), 2);
        QCOMPARE(integer(node_->get("/headers").json(), "fork_height"), -1);
    }

    void transactionLifecycle() {
        const Spendable coin = firstUnspent(*node_, alice_);
        const Amount fee = 1000;
        const Transaction pay = makeSignedSpend(
            {coin}, aliceKey(), {{coin.output.amount - fee - 500, bob_}, {500, alice_}});
        const QByteArray body = jsonBytes(txToJson(pay));
        const HttpResult accepted = node_->post("/tx", body);
        QCOMPARE(accepted.status, 200);
        const std::string txid = text(accepted.json(), "txid");
        QCOMPARE(integer(accepted.json(), "fee"), fee);

        const HttpResult again = node_->post("/tx", body);
        QCOMPARE(again.status, 409);
        QVERIFY2(again.detail().startsWith("txn-already-in-mempool: "), qPrintable(again.detail()));

        const Transaction conflict = makeSignedSpend({coin}, aliceKey(), {{1000, bob_}});
        const HttpResult c = node_->post("/tx", jsonBytes(txToJson(conflict)));
        QCOMPARE(c.status, 400);
        QVERIFY2(c.detail().startsWith("txn-mempool-conflict: "), qPrintable(c.detail()));

        Transaction forged = makeSignedSpend({firstUnspent(*node_, bob_)}, bobKey(), {{1, bob_}});
        forged.inputs[0].signature =
            makeSignedSpend({coin}, aliceKey(), {{2, bob_}}).inputs[0].signature;
        const HttpResult f = node_->post("/tx", jsonBytes(txToJson(forged)));
        QCOMPARE(f.status, 400);
        QVERIFY2(f.detail().startsWith("bad-txns-signature-invalid: "), qPrintable(f.detail()));

        const json::Value inPool = node_->get(QString::fromStdString("/tx/" + txid)).json();
        QCOMPARE(text(inPool, "status"), std::string("mempool"));
        QCOMPARE(integer(inPool, "confirmations"), 0);
        const json::Value pool = node_->get("/mempool").json();
        QCOMPARE(integer(pool, "size"), 1);
        QCOMPARE(text(array(pool, "transactions")[0], "txid"), txid);
        const json::Value estimate = node_->get("/fee-estimate").json();
        QVERIFY(integer(estimate, "fee_per_byte") >= 1);
        QCOMPARE(node_->get("/tx/" + QString(64, 'c')).status, 404);

        const json::Value mined = mine(alice_);
        QCOMPARE(integer(mined, "transactions"), 2);
        const json::Value confirmed = node_->get(QString::fromStdString("/tx/" + txid)).json();
        QCOMPARE(text(confirmed, "status"), std::string("confirmed"));
        QCOMPARE(integer(confirmed, "confirmations"), 1);
        QCOMPARE(text(confirmed, "block_hash"), text(mined, "block_hash"));
        QCOMPARE(integer(node_->get("/mempool").json(), "size"), 0);

        // A light client checks the proof against the header alone.
        const json::Value proof =
            node_->get(QString::fromStdString("/merkle-proof/" + txid)).json();
        MerkleProof p;
        p.index = std::uint32_t(integer(proof, "index"));
        p.leafCount = std::uint32_t(integer(proof, "leaf_count"));
        for (const json::Value& s : array(proof, "siblings"))
            p.siblings.push_back(*Hash256::fromHex(s.asString()));
        const json::Value block =
            node_->get(QString::fromStdString("/block/" + text(mined, "block_hash"))).json();
        const Hash256 root = *Hash256::fromHex(text(*block.find("header"), "merkle_root"));
        QVERIFY(verifyMerkleProof(*Hash256::fromHex(txid), p, root));
        QCOMPARE(node_->get("/merkle-proof/" + QString(64, 'd')).status, 404);

        const QString bobPath = QString::fromStdString("/address/" + bob_.hex());
        const json::Value summary = node_->get(bobPath).json();
        QCOMPARE(integer(summary, "balance"),
                 3 * regtestParams().blockReward + coin.output.amount - fee - 500);
        bool listed = false;
        const json::Value history = node_->get(bobPath + "/history").json();
        for (const json::Value& h : array(history, "transactions"))
            listed = listed || text(h, "txid") == txid;
        QVERIFY(listed);

        // Alice's address has spent outputs (the coin) and unspent ones (her change); the totals
        // and the history read both, through different statements, and agree.
        const QString alicePath = QString::fromStdString("/address/" + alice_.hex());
        const json::Value aliceSummary = node_->get(alicePath).json();
        const json::Value aliceHistory = node_->get(alicePath + "/history?limit=500").json();
        const auto& items = array(aliceHistory, "transactions");
        Amount received = 0, spent = 0;
        bool paid = false;
        for (const json::Value& h : items) {
            received += integer(h, "received");
            spent += integer(h, "spent");
            if (text(h, "txid") == txid) {
                paid = true;
                QCOMPARE(integer(h, "received"), Amount(500));
                QCOMPARE(integer(h, "spent"), coin.output.amount);
            }
        }
        QVERIFY(paid);
        QCOMPARE(integer(aliceSummary, "received"), received);
        QCOMPARE(integer(aliceSummary, "sent"), spent);
        QVERIFY(spent >= coin.output.amount);
        QCOMPARE(integer(aliceSummary, "tx_count"), std::int64_t(items.size()));
        QCOMPARE(node_->get("/balance/not-an-address").status, 400);
        QCOMPARE(node_->get("/utxos/" + QString(41, 'a')).status, 400);
    }

    void malformedTransactionsAreRefusedWithTheirCause_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("detail");
        QTest::newRow("truncated") << QByteArray("{\"version\":") << "bad-json";
        QTest::newRow("not utf-8") << QByteArray("{\"version\":\"\xff\"}") << "bad-json";
        QTest::newRow("too deep") << QByteArray(5000, '[') + QByteArray(5000, ']') << "bad-json";
        QTest::newRow("array") << QByteArray("[]") << "bad-field";
        QTest::newRow("amount as text")
            << QByteArray("{\"version\":1,\"inputs\":[{\"prev_txid\":\"" + QByteArray(64, 'a') +
                          "\",\"prev_index\":0,\"signature\":\"\",\"pubkey\":\"\"}],\"outputs\":"
                          "[{\"amount\":\"5\",\"pubkey_hash\":\"" +
                          QByteArray(40, 'a') + "\"}],\"locktime\":0}")
            << "outputs[0].amount";
        QTest::newRow("duplicate key") << QByteArray("{\"version\":1,\"version\":2}") << "bad-json";
    }
    void malformedTransactionsAreRefusedWithTheirCause() {
        QFETCH(QByteArray, body);
        QFETCH(QString, detail);
        const HttpResult r = node_->post("/tx", body);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().contains(detail), qPrintable(r.detail()));
    }

    void routingErrors() {
        const HttpResult missing = node_->get("/nothing/here");
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.detail().startsWith("not-found: "));
        const HttpResult method = httpRequest("DELETE", node_->url() + "/health");
        QCOMPARE(method.status, 405);
        QVERIFY(method.detail().startsWith("method-not-allowed: "));
        QCOMPARE(node_->post("/health", "{}").status, 405);
    }

    void brokenHttpNeverHurtsTheNode() {
        const QByteArray garbage =
            rawExchange("127.0.0.1", node_->port(), "NONSENSE\r\n\r\n", 3000);
        QVERIFY(garbage.isEmpty() || garbage.startsWith("HTTP/1.1 4"));
        rawExchange("127.0.0.1", node_->port(), QByteArray(100'000, '\0'), 2000);
        rawExchange("127.0.0.1", node_->port(),
                    "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{", 1000);
        QCOMPARE(node_->get("/health").status, 200);
    }

    void postedBlocksConnectOrphanAndDuplicate() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto second = startDaemon(*db, {}, &why);
        QVERIFY2(second, qPrintable(why));
        std::vector<json::Value> blocks;
        const json::Value chain = node_->get("/chain").json();
        for (const json::Value& b : array(chain, "blocks"))
            blocks.push_back(b);
        QCOMPARE(second->post("/block", jsonBytes(blocks[0])).status, 200);
        const HttpResult orphan = second->post("/block", jsonBytes(blocks[2]));
        QCOMPARE(orphan.status, 202);
        QVERIFY(text(orphan.json(), "message").starts_with("orphan"));
        // Binary form, as a peer sends it.
        const Block parent = *blockFromJson(blocks[1]);
        const Bytes bytes = encodeBlock(parent);
        const HttpResult binary = second->post(
            "/block",
            QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())),
            {{"Content-Type", "application/octet-stream"}});
        QCOMPARE(binary.status, 200);
        QCOMPARE(integer(second->get("/health").json(), "chain_height"), 2); // orphan connected
        const HttpResult duplicate = second->post("/block", jsonBytes(blocks[1]));
        QCOMPARE(duplicate.status, 409);
        QVERIFY(duplicate.detail().startsWith("duplicate: "));

        Block tampered = *blockFromJson(blocks[3]);
        tampered.transactions[0].outputs[0].amount += 1; // more than the reward
        TestChain::reseal(tampered);
        const HttpResult refused = second->post("/block", jsonBytes(blockToJson(tampered)));
        QCOMPARE(refused.status, 400);
        QVERIFY2(refused.detail().startsWith("bad-cb-amount: "), qPrintable(refused.detail()));
        QCOMPARE(second->post("/block", "{\"header\":{}}").status, 400);
        QCOMPARE(second->post("/block", "\x01\x02", {{"Content-Type", "application/octet-stream"}})
                     .status,
                 400);
        QCOMPARE(second->terminate(), 0);
    }

    void eventsStreamNewBlocksAndTransactions() {
        QTcpSocket socket;
        socket.connectToHost("127.0.0.1", node_->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray stream;
        QVERIFY(waitFor([&] {
            socket.waitForReadyRead(100);
            stream += socket.readAll();
            return stream.contains("\r\n\r\n");
        }));
        QVERIFY2(stream.startsWith("HTTP/1.1 200"), stream.constData());
        QVERIFY(stream.contains("text/event-stream"));
        const std::string hash = text(mine(alice_), "block_hash");
        QVERIFY(waitFor([&] {
            socket.waitForReadyRead(100);
            stream += socket.readAll();
            return stream.contains(QByteArray::fromStdString(hash)) &&
                   stream.contains("event: tip");
        }));
        QVERIFY(stream.contains("event: block\ndata: {\"block_hash\":\"" +
                                QByteArray::fromStdString(hash)));
    }

    void metricsInPrometheusFormat() {
        const HttpResult r = node_->get("/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/plain"));
        QVERIFY(r.body.contains("# TYPE minibitcoin_mining_hashes_total counter"));
        QVERIFY(metric(r.body, "minibitcoin_mining_hashes_total").value_or(0) >= 6);
        QCOMPARE(metric(r.body, "minibitcoin_chain_height"),
                 std::optional<double>(integer(node_->get("/health").json(), "chain_height")));
        QCOMPARE(metric(r.body, "minibitcoin_mining_threads"), std::optional<double>(0));
        QCOMPARE(metric(r.body, "minibitcoin_mempool_size"), std::optional<double>(0));
        QCOMPARE(metric(r.body, "minibitcoin_peers"), std::optional<double>(0));
        QVERIFY(metric(r.body, "minibitcoin_http_responses_total{code=\"200\"}").value_or(0) > 0);
    }

    // Where the blocks' time went, by step: mined blocks were stored and connected, and a block
    // sent over POST /block (here one it has) was decoded.
    void metricsShowWhereBlocksTimeWent() {
        mine(alice_);
        const auto phase = [this](const char* name) {
            return metric(
                node_->get("/metrics").body,
                QStringLiteral("minibitcoin_block_phase_seconds_total{phase=\"%1\"}").arg(name));
        };
        for (const char* name : {"decode", "wait", "header", "txids", "store", "stage", "validate",
                                 "commit", "announce"})
            QVERIFY2(phase(name).has_value(), name);
        for (const char* name : {"header", "txids", "store", "stage", "validate", "commit"})
            QVERIFY2(phase(name).value_or(0) > 0, name);
        const double decoded = phase("decode").value_or(-1);
        const HttpResult tip = node_->get("/block/height/0");
        QCOMPARE(tip.status, 200);
        QCOMPARE(node_->post("/block", tip.body).status, 409); // already stored
        QVERIFY(phase("decode").value_or(0) > decoded);
    }

    void continuousMiningStartsAndStops() {
        const auto height = [this] {
            return integer(node_->get("/health").json(), "chain_height");
        };
        const std::int64_t before = height();
        json::Value body = minerBody(carolKey().address());
        body.set("threads", 1);
        const HttpResult started = node_->post("/mining/start", jsonBytes(body));
        QCOMPARE(started.status, 200);
        QVERIFY(boolean(started.json(), "continuous"));
        QCOMPARE(integer(started.json(), "threads"), 1);
        QVERIFY(waitFor([&] { return height() >= before + 3; }));
        QCOMPARE(metric(node_->get("/metrics").body, "minibitcoin_mining_threads"),
                 std::optional<double>(1));
        const HttpResult stopped = node_->post("/mining/stop", "");
        QCOMPARE(stopped.status, 200);
        QVERIFY(!boolean(stopped.json(), "active"));
        const std::int64_t after = height();
        QThread::msleep(300);
        QCOMPARE(height(), after);
        QVERIFY(
            integer(
                node_->get(QString::fromStdString("/balance/" + carolKey().address().hex())).json(),
                "balance") >= 3 * regtestParams().blockReward);
        body.set("threads", 0);
        QCOMPARE(node_->post("/mining/start", jsonBytes(body)).status, 400);
    }

    void peersAreStoredAndListed() {
        const HttpResult bad = node_->post("/peers/add", "{\"url\":\"ftp://example\"}");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.detail().startsWith("bad-peer-url: "));
        const HttpResult added = node_->post("/peers/add", "{\"url\":\"http://127.0.0.1:1/\"}");
        QCOMPARE(added.status, 200);
        QVERIFY(text(added.json(), "message").find("http://127.0.0.1:1") != std::string::npos);
        const json::Value peers = node_->get("/peers").json();
        QCOMPARE(array(peers, "peers").size(), std::size_t(1));
        QCOMPARE(array(peers, "peers")[0].asString(), std::string("http://127.0.0.1:1"));
        const json::Value& stored = array(peers, "stored_peers")[0];
        QVERIFY(boolean(stored, "is_active"));
        QCOMPARE(integer(stored, "failures"), 0);
        QVERIFY(!boolean(stored, "banned"));
        QCOMPARE(integer(stored, "offences"), 0);

        QCOMPARE(node_->post("/peers/announce", "{\"url\":\"not a url\"}").status, 400);
        QCOMPARE(node_->post("/peers/remove", "{\"url\":\"http://127.0.0.1:2\"}").status, 404);
        QCOMPARE(node_->post("/peers/remove", "{\"url\":\"http://127.0.0.1:1\"}").status, 200);
        QVERIFY(array(node_->get("/peers").json(), "stored_peers").empty());
    }

    // A web page in the owner's browser cannot drive the node on loopback (THREATS.md 6): not
    // with a body a page may post without asking (text/plain), not from a page's Origin, not
    // through DNS rebinding (its own host name on this machine's address). What CLIs send -
    // JSON from loopback, no Origin, no token - still works; ALLOWED_ORIGINS lets a page in.
    void webPagesCannotDriveTheNode() {
        const QByteArray body = "{\"url\":\"http://127.0.0.1:7\"}";
        HttpResult r = node_->post("/peers/add", body, {{"Content-Type", "text/plain"}});
        QVERIFY2(r.status == 415 && r.detail().startsWith("unsupported-media-type"),
                 r.body.constData());
        r = node_->post("/peers/add", body,
                        {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}});
        QVERIFY2(r.status == 403 && r.detail().startsWith("origin-refused"), r.body.constData());
        QCOMPARE(
            httpRequest("GET", node_->url() + "/health", {}, {{"Origin", "http://evil.example"}})
                .status,
            403);
        const auto rawGet = [&](const QByteArray& host) {
            return rawExchange("127.0.0.1", node_->port(),
                               "GET /health HTTP/1.1\r\nHost: " + host +
                                   "\r\nConnection: close\r\n\r\n");
        };
        const QByteArray port = QByteArray::number(node_->port());
        QVERIFY(rawGet("evil.example:" + port).startsWith("HTTP/1.1 421"));
        for (const QByteArray& host : {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port})
            QVERIFY2(rawGet(host).startsWith("HTTP/1.1 200"), host.constData());
        // A form posted with no body at all (some browsers send no Origin with forms).
        QVERIFY(rawExchange("127.0.0.1", node_->port(),
                            "POST /mining/stop HTTP/1.1\r\nHost: 127.0.0.1:" + port +
                                "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 415"));
        QVERIFY(array(node_->get("/peers").json(), "stored_peers").empty()); // nothing got in
        r = node_->post("/peers/add", body, {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(node_->post("/peers/remove", body, {{"Content-Type", "application/json"}}).status,
                 200);

        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        const QByteArray token = "web-pages-test-token-0123";
        auto d = startDaemon(*db,
                             {{"ALLOWED_ORIGINS", "http://explorer.example:8080"},
                              {"API_TOKEN", QString::fromUtf8(token)}},
                             &why);
        QVERIFY2(d, qPrintable(why));
        const Headers allowedPage{{"Content-Type", "application/json"},
                                  {"Origin", "http://explorer.example:8080"}};
        QCOMPARE(httpRequest("GET", d->url() + "/health", {}, allowedPage).status, 200);
        // An allowed page is not the owner: admin routes want the token from it.
        QCOMPARE(httpRequest("POST", d->url() + "/mining/stop", "{}", allowedPage).status, 401);
        // The token is the owner's wherever it comes from, under any host name.
        QVERIFY(rawExchange("127.0.0.1", d->port(),
                            "GET /health HTTP/1.1\r\nHost: my-node.example\r\nAuthorization: "
                            "Bearer " +
                                token + "\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200"));
        QCOMPARE(httpRequest("GET", d->url() + "/health", {}, {{"Origin", "http://evil.example"}})
                     .status,
                 403);
    }

    // MAX_PEERS bounds the table: an announce only makes a candidate (checked before it may
    // join), and the owner's add makes room by dropping the worst entry.
    void maxPeersIsHonoured() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto d = startDaemon(*db, {{"MAX_PEERS", "1"}}, &why);
        QVERIFY2(d, qPrintable(why));
        QCOMPARE(d->post("/peers/add", "{\"url\":\"http://127.0.0.1:1\"}").status, 200);
        const HttpResult announced = d->post("/peers/announce", "{\"url\":\"http://127.0.0.1:2\"}");
        QCOMPARE(announced.status, 200);
        QVERIFY2(text(announced.json(), "message").find("candidate") != std::string::npos,
                 announced.body.constData());
        // A peer it already has may be added again (it is marked active).
        QCOMPARE(d->post("/peers/add", "{\"url\":\"http://127.0.0.1:1\"}").status, 200);
        QCOMPARE(d->post("/peers/add", "{\"url\":\"http://127.0.0.1:3\"}").status, 200);
        const json::Value peers = d->get("/peers").json();
        QCOMPARE(array(peers, "stored_peers").size(), std::size_t(1));
        QCOMPARE(text(array(peers, "stored_peers").front(), "url"), "http://127.0.0.1:3");
        const HttpResult self = d->post("/peers/add", "{\"url\":\"" + d->url().toUtf8() + "\"}");
        QCOMPARE(self.status, 409);
        QVERIFY(self.detail().contains("own address"));
    }

    void oversizedRequestsAreRefusedBeforeParsing() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto small = startDaemon(*db, {{"MAX_REQUEST_BYTES", "4096"}}, &why);
        QVERIFY2(small, qPrintable(why));
        const HttpResult big = small->post("/tx", QByteArray(20'000, ' '));
        QCOMPARE(big.status, 413);
        QVERIFY(big.detail().startsWith("payload-too-large: "));
        // Refused on the announced length, before the body is even sent.
        const QByteArray answer =
            rawExchange("127.0.0.1", small->port(),
                        "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", 3000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(100).constData());
        QCOMPARE(small->get("/health").status, 200);
        QCOMPARE(small->terminate(), 0);
    }

    // The limiter itself, on a clock the test moves, is tst_rate_limiter; here it guards the
    // real server: with one request a second (bursts of two), a quick run of requests meets a
    // 429 whatever the machine's speed.
    void clientsOverTheRateLimitGet429() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto limited = startDaemon(*db, {{"RATE_LIMIT", "1"}}, &why);
        QVERIFY2(limited, qPrintable(why));
        HttpResult r;
        for (int i = 0; i < 200 && r.status != 429; ++i)
            r = limited->get("/health");
        QCOMPARE(r.status, 429);
        QVERIFY(r.detail().startsWith("too-many-requests: "));
        QCOMPARE(limited->terminate(), 0);
    }

    void adminRoutesNeedTheTokenWhenLoopbackIsNotTrusted() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        const QByteArray token = "test-token-0123456789abcdef";
        auto locked = startDaemon(*db, {{"TRUST_LOOPBACK", "false"}, {"API_TOKEN", token}}, &why);
        QVERIFY2(locked, qPrintable(why));
        const QByteArray body = jsonBytes(minerBody(alice_));
        const HttpResult none = locked->post("/mine", body);
        QCOMPARE(none.status, 401);
        QVERIFY(none.detail().startsWith("unauthorized: "));
        QCOMPARE(locked->post("/mine", body, {{"Authorization", "Bearer wrong-token-0123456789ab"}})
                     .status,
                 401);
        QCOMPARE(locked->post("/peers/add", "{\"url\":\"http://a:1\"}").status, 401);
        QCOMPARE(locked->post("/mining/start", body).status, 401);
        QCOMPARE(locked->post("/mine", body, {{"Authorization", "Bearer " + token}}).status, 200);
        QCOMPARE(locked->get("/health").status, 200); // public routes stay public
        QCOMPARE(locked->terminate(), 0);
    }

    // Every list is bounded and pages on: /chain (streamed whole, or a page of it), /utxos,
    // /mempool; pages put together give what the whole list holds, each item once.
    void everyListIsBoundedAndPages() {
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto n = startDaemon(*db, {{"RATE_LIMIT", "0"}}, &why);
        QVERIFY2(n, qPrintable(why));
        BlockFactory f;
        std::vector<Block> blocks{f.genesis(alice_)};
        for (Block& b : f.chain(blocks[0], 1009, alice_)) // 1010: 11 slices, 2 pages of /utxos
            blocks.push_back(std::move(b));
        for (const Block& b : blocks)
            QCOMPARE(n->post("/block", bytesOf(encodeBlock(b)),
                             {{"Content-Type", "application/octet-stream"}})
                         .status,
                     200);

        const json::Value whole = n->get("/chain").json();
        QCOMPARE(integer(whole, "height"), 1009);
        const auto& all = array(whole, "blocks");
        QCOMPARE(all.size(), blocks.size());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            QCOMPARE(integer(all[i], "height"), std::int64_t(i));
            QCOMPARE(text(all[i], "block_hash"), blockHash(blocks[i].header).hex());
        }
        std::vector<std::string> paged;
        json::Value page = n->get("/chain?from=0&limit=100").json();
        for (int guard = 0; guard < 20; ++guard) {
            for (const json::Value& b : array(page, "blocks"))
                paged.push_back(text(b, "block_hash"));
            if (isNull(page, "next_from"))
                break;
            QCOMPARE(integer(page, "from") + 100, integer(page, "next_from"));
            page =
                n->get(QStringLiteral("/chain?from=%1&limit=100").arg(integer(page, "next_from")))
                    .json();
        }
        QCOMPARE(paged.size(), blocks.size());
        QCOMPARE(paged.back(), text(whole, "tip_hash"));
        QCOMPARE(n->get("/chain?limit=501").status, 400);

        const QString utxos = QString::fromStdString("/utxos/" + alice_.hex());
        const json::Value firstPage = n->get(utxos).json();
        const auto allCoins = array(firstPage, "utxos");
        QCOMPARE(allCoins.size(), std::size_t(1000)); // a page at most
        QVERIFY(!isNull(firstPage, "next_after"));
        // minibitcoin-cli follows the pages: it lists (and spends from) every coin.
        const CliRun listed =
            runCli({"utxos", QString::fromStdString(alice_.hex()), "--json", "--node", n->url()});
        QCOMPARE(listed.exitCode, 0);
        const auto parsed = json::parse(listed.out.toStdString());
        QVERIFY(std::holds_alternative<json::Value>(parsed));
        QCOMPARE(array(std::get<json::Value>(parsed), "utxos").size(), blocks.size());
        std::set<std::string> seen;
        QString next = utxos + "?limit=300";
        int pages = 0;
        for (; pages < 10 && !next.isEmpty(); ++pages) {
            const json::Value p = n->get(next).json();
            for (const json::Value& u : array(p, "utxos"))
                QVERIFY(
                    seen.insert(text(u, "txid") + ":" + std::to_string(integer(u, "vout"))).second);
            next =
                isNull(p, "next_after")
                    ? QString()
                    : utxos + "?limit=300&after=" + QString::fromStdString(text(p, "next_after"));
        }
        QCOMPARE(pages, 4); // 300 + 300 + 300 + 110
        QCOMPARE(seen.size(), blocks.size());
        QCOMPARE(n->get(utxos + "?limit=1001").status, 400);
        QCOMPARE(n->get(utxos + "?after=12:zz:0").status, 400);

        std::set<std::string> sent;
        for (int i = 0; i < 5; ++i) {
            const Spendable coin = coinOf(allCoins[std::size_t(i)], alice_);
            const HttpResult r =
                n->post("/tx", jsonBytes(txToJson(makeSignedSpend(
                                   {coin}, aliceKey(), {{coin.output.amount - 1000, bob_}}))));
            QCOMPARE(r.status, 200);
            sent.insert(text(r.json(), "txid"));
        }
        std::set<std::string> pooled;
        json::Value first = n->get("/mempool?limit=2").json();
        QCOMPARE(integer(first, "size"), 5);
        QCOMPARE(array(first, "transactions").size(), std::size_t(2));
        for (json::Value p = first;;) {
            for (const json::Value& t : array(p, "transactions"))
                QVERIFY(pooled.insert(text(t, "txid")).second);
            if (isNull(p, "next_after"))
                break;
            p = n->get(QStringLiteral("/mempool?limit=2&after=%1").arg(integer(p, "next_after")))
                    .json();
        }
        QCOMPARE(pooled, sent);
        // A page of none would never end a client's paging loop.
        for (const char* zero : {"/mempool?limit=0", "/blocks?limit=0", "/chain?limit=0",
                                 "/headers?limit=0", "/blocks/after?limit=0"})
            QCOMPARE(n->get(zero).status, 400);
        QCOMPARE(n->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRest)
#include "tst_rest.moc"
