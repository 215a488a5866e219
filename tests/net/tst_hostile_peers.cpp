// Hostile peers against real daemons on loopback (THREATS.md 3-5). The attacker speaks from
// 127.0.0.2, standing for another host; the node under attack runs with TRUST_LOOPBACK=0 so
// that loopback callers are strangers to it too, and its owner uses the API token. Each test
// ends with what an honest party still gets.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/rest_test_helpers.h"
#include "support/block_factory.h"
#include "support/scripted_peer.h"
#include "support/test_chain.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace mbc;
using namespace mbc::test;

namespace {

const char* const kAttacker = "127.0.0.2";
const QByteArray kToken = "hostile-peers-test-token";
const Headers kJson{{"Content-Type", "application/json"}};
const Headers kOwner{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + kToken}};

QByteArray urlBody(const char* key, const QString& url) {
    json::Value v;
    v.set(key, url.toStdString());
    return jsonBytes(v);
}

// A block that breaks a consensus rule: its coinbase pays one unit too much.
Block invalidBlock(BlockFactory& f, std::uint32_t nonceSeed) {
    Block b = f.genesis(aliceKey().address(), 1'700'000'000, nonceSeed);
    b.transactions[0].outputs[0].amount += 1;
    TestChain::reseal(b);
    return b;
}

// A block with valid proof of work whose parent nobody has.
Block orphanBlock(std::uint32_t seed) {
    Block b;
    b.header.version = 1;
    b.header.prevHash = *Hash256::fromHex(std::string(62, 'a') + "0" + std::to_string(seed % 10));
    b.header.timestamp = 1'700'000'000 + seed;
    b.header.target = regtestParams().genesisTarget;
    b.transactions.push_back(makeCoinbase(5, 50 * COIN, bobKey().address()));
    TestChain::reseal(b);
    return b;
}

const json::Value* peerRow(const json::Value& peers, const QString& url) {
    for (const json::Value& p : array(peers, "stored_peers"))
        if (text(p, "url") == url.toStdString())
            return &p;
    return nullptr;
}

bool listsPeer(const DaemonProcess& d, const QString& url) {
    const json::Value peers = d.get("/peers").json();
    return peerRow(peers, url) != nullptr;
}

} // namespace

class TestHostilePeers : public QObject {
    Q_OBJECT

    std::vector<std::unique_ptr<TestDatabase>> dbs_;
    std::vector<std::unique_ptr<DaemonProcess>> nodes_;

    DaemonProcess* start(QMap<QString, QString> env = {}) {
        QString why;
        auto db = TestDatabase::create(&why);
        if (!db) {
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
            return nullptr;
        }
        env.insert("SYNC_INTERVAL", env.value("SYNC_INTERVAL", "0"));
        auto node = startDaemon(*db, env, &why);
        if (!node) {
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
            return nullptr;
        }
        dbs_.push_back(std::move(db));
        nodes_.push_back(std::move(node));
        return nodes_.back().get();
    }
    // The node under attack: loopback is no one special to it.
    DaemonProcess* startGuarded(QMap<QString, QString> env = {}) {
        env.insert("TRUST_LOOPBACK", "0");
        env.insert("API_TOKEN", QString::fromUtf8(kToken));
        return start(env);
    }

    static HttpResult fromAttacker(const QByteArray& method, const DaemonProcess& d,
                                   const QString& path, const QByteArray& body = {},
                                   const Headers& headers = kJson) {
        return httpRequestFrom(kAttacker, method, d.url() + path, body, headers);
    }

private slots:
    void cleanup() {
        for (auto& n : nodes_)
            if (QTest::currentTestFailed())
                qWarning("--- node %s ---\n%s", qPrintable(n->url()),
                         qPrintable(n->output().right(4000)));
        nodes_.clear();
        dbs_.clear();
    }

    // Junk blocks naming honest node B in X-Peer-Url cost B nothing on A; they are charged to
    // the attacker's address, which is then banned with or without the header. A still
    // follows B.
    void namingAPeerCostsItNothingAndBansGoByAddress() {
        DaemonProcess* a = startGuarded();
        DaemonProcess* b = start();
        QVERIFY(a && b);
        QCOMPARE(a->post("/peers/add", urlBody("url", b->url()), kOwner).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(listsPeer(*b, a->url()), kLongTimeoutMs); // A announced itself

        BlockFactory f;
        const Headers namingB{{"Content-Type", "application/octet-stream"},
                              {"X-Peer-Url", b->url().toUtf8()}};
        for (std::uint32_t i = 0; i < 3; ++i) {
            const HttpResult r = fromAttacker(
                "POST", *a, "/block", bytesOf(encodeBlock(invalidBlock(f, 100 + i))), namingB);
            QVERIFY2(r.status == 400, r.body.constData());
        }
        const QByteArray good = bytesOf(encodeBlock(f.genesis(aliceKey().address())));
        const HttpResult escaped = fromAttacker("POST", *a, "/block", good,
                                                {{"Content-Type", "application/octet-stream"}});
        QVERIFY2(escaped.status == 403 && escaped.detail().contains("address 127.0.0.2"),
                 escaped.body.constData());
        const json::Value peersOfA = a->get("/peers").json();
        const json::Value* rowB = peerRow(peersOfA, b->url());
        QVERIFY(rowB);
        QVERIFY(!boolean(*rowB, "banned"));
        QCOMPARE(integer(*rowB, "offences"), std::int64_t(0));
        QVERIFY(a->output().contains("address 127.0.0.2 banned"));

        // B's blocks still reach A, and others at other addresses may still push.
        const HttpResult mined = b->post("/mine", jsonBytes(minerBody(bobKey().address())), kJson);
        QCOMPARE(mined.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(text(a->get("/health").json(), "tip_hash") ==
                                     text(mined.json(), "block_hash"),
                                 kLongTimeoutMs);
        const HttpResult other =
            a->post("/block", "\x01\x02garbage", {{"Content-Type", "application/octet-stream"}});
        QCOMPARE(other.status, 400); // judged, not refused: 127.0.0.1 is not banned
    }

    // An announcement is a URL, which anyone may send uncharged: a bigger body is refused
    // unread.
    void aBigAnnouncementIsRefusedUnread() {
        DaemonProcess* a = startGuarded();
        QVERIFY(a);
        json::Value padded;
        padded.set("url", "http://127.0.0.2:40000");
        padded.set("pad", std::string(8'000, 'x'));
        const HttpResult r = fromAttacker("POST", *a, "/peers/announce", jsonBytes(padded));
        QVERIFY2(r.status == 413 && r.detail().startsWith("payload-too-large: "),
                 r.body.constData());
        QVERIFY(array(a->get("/peers").json(), "candidates").empty());
    }

    // The tip block posted again with a member nobody reads, millions of zeros: already stored,
    // so no offence, and its check takes microseconds. Its decoding is most of what it costs,
    // and is charged too: the sender runs out of validation time (each push charges about what
    // it took the node, which refills at a quarter of that; whole pushes charged nothing).
    void paddedPushesAreChargedTheirDecoding() {
        DaemonProcess* a = startGuarded();
        QVERIFY(a);
        QCOMPARE(a->post("/mine", jsonBytes(minerBody(aliceKey().address())), kOwner).status, 200);
        QByteArray body = a->get("/block/height/0").body.trimmed();
        QVERIFY(body.endsWith('}'));
        body.chop(1);
        body += ",\"pad\":[0";
        // Numbers of 7 digits: under the parser's million values (a body of ",0" is refused
        // once it has that many, before the rest is read: see below).
        while (body.size() < 7'000'000)
            body += ",1234567,1234567,1234567,1234567";
        body += "]}";
        QByteArray tooManyValues = body.left(body.indexOf("[0") + 2);
        tooManyValues += QByteArray(",0").repeated(1'100'000) + "]}";
        HttpResult r = fromAttacker("POST", *a, "/block", tooManyValues);
        QVERIFY2(r.status == 400 && r.detail().contains("more than 1000000 values"),
                 r.body.constData());
        int pushes = 0;
        // A few pushes do it here (7 MB of numbers to decode each: the test takes 3.5 s). The
        // margin is for machines that decode faster, so each push is charged less against the
        // same budget: 200 pushes do it while one takes over about 15 ms. Without the charge no
        // number of pushes would do it.
        for (; pushes < 200; ++pushes) {
            r = fromAttacker("POST", *a, "/block", body);
            if (r.status != 409)
                break;
        }
        QVERIFY2(r.status == 429 && r.detail().startsWith("too-many-requests: address 127.0.0.2"),
                 qPrintable(QStringLiteral("after %1 pushes: %2").arg(pushes).arg(r.detail())));
        QCOMPARE(a->post("/block", body, kOwner).status, 409); // the owner is not charged
    }

    // 80 announced dead URLs on the attacker's host and 20 on another host: none becomes a
    // peer, strangers see no candidates, and the owner can still add a peer, even to a full
    // table.
    void announcesCannotFillThePeerTable() {
        DaemonProcess* a = startGuarded({{"MAX_PEERS", "3"}});
        DaemonProcess* b = start();
        QVERIFY(a && b);
        for (int i = 0; i < 80; ++i) {
            const HttpResult r =
                fromAttacker("POST", *a, "/peers/announce",
                             urlBody("url", QStringLiteral("http://127.0.0.2:%1").arg(40000 + i)));
            QVERIFY2(r.status == 200, r.body.constData());
        }
        for (int i = 0; i < 20; ++i) {
            // A's own port is refused for another reason, so it is left out of the range.
            const int port = 40000 + i + (40000 + i >= a->port() ? 1 : 0);
            const HttpResult r =
                fromAttacker("POST", *a, "/peers/announce",
                             urlBody("url", QStringLiteral("http://127.0.0.1:%1").arg(port)));
            QVERIFY2(r.status == 409 && r.detail().contains("not on the host"), r.body.constData());
        }
        const json::Value seen = fromAttacker("GET", *a, "/peers").json();
        QVERIFY(array(seen, "stored_peers").empty());
        QVERIFY(seen.find("candidates") == nullptr);
        // Checked and dropped (one announcer's share of the candidates at a time).
        QTRY_VERIFY_WITH_TIMEOUT(array(a->get("/peers").json(), "candidates").empty() &&
                                     a->output().contains("peer candidate http://127.0.0.2:40079 "
                                                          "dropped"),
                                 kLongTimeoutMs);
        QVERIFY(array(a->get("/peers").json(), "stored_peers").empty());

        // The owner fills the table with two dead peers and B (which answers, so it was seen),
        // then adds one more: the worst entry, a dead one, makes room.
        const quint16 dead1 = freePort(), dead2 = freePort();
        for (quint16 port : {dead1, dead2}) {
            const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
            QCOMPARE(a->post("/peers/add", urlBody("url", url), kOwner).status, 200);
        }
        QCOMPARE(a->post("/peers/add", urlBody("url", b->url()), kOwner).status, 200);
        QCOMPARE(a->post("/sync", urlBody("peer_url", b->url()), kOwner).status, 200);
        DaemonProcess* c = start();
        QVERIFY(c);
        const HttpResult added = a->post("/peers/add", urlBody("url", c->url()), kOwner);
        QVERIFY2(added.status == 200, added.body.constData());
        const json::Value peers = a->get("/peers").json();
        QCOMPARE(array(peers, "stored_peers").size(), std::size_t(3));
        QVERIFY(peerRow(peers, b->url()) && peerRow(peers, c->url()));
    }

    // The owner's choices are remembered in the store: after a restart they still may not be
    // dropped or pushed out by others, and what strangers announced before is not among them.
    void theOwnersChoicesOutliveARestart() {
        DaemonProcess* a = startGuarded();
        DaemonProcess* b = start();
        QVERIFY(a && b);
        QCOMPARE(a->post("/peers/add", urlBody("url", b->url()), kOwner).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(listsPeer(*b, a->url()), kLongTimeoutMs); // joined as announced
        const DaemonProcess::Options options = a->options();
        QCOMPARE(a->terminate(), 0);
        DaemonProcess again(options);
        QString why;
        QVERIFY2(again.start(&why), qPrintable(why));
        const HttpResult asOwner = httpRequest("GET", again.url() + "/peers", {}, kOwner);
        const json::Value peers = asOwner.json();
        const json::Value* row = peerRow(peers, b->url());
        QVERIFY2(row && boolean(*row, "chosen_by_owner"), asOwner.body.constData());
        // Strangers do not learn which peers the owner relies on.
        const json::Value seen = fromAttacker("GET", again, "/peers").json();
        QVERIFY(peerRow(seen, b->url()) && !peerRow(seen, b->url())->find("chosen_by_owner"));
        const json::Value peersOfB = b->get("/peers").json();
        const json::Value* announced = peerRow(peersOfB, a->url());
        QVERIFY(announced && !boolean(*announced, "chosen_by_owner"));
        QCOMPARE(again.terminate(), 0);
    }

    // A header naming a listener never makes the node connect there: only a peer whose
    // connection comes from the host its URL names is asked for an orphan's ancestors.
    // Link-local and metadata addresses are refused even to the owner.
    void aNamedListenerIsNeverContacted() {
        DaemonProcess* a = startGuarded();
        QVERIFY(a);
        ScriptedPeer listener;
        const Headers namingListener{{"Content-Type", "application/json"},
                                     {"X-Peer-Url", listener.url().toUtf8()}};
        const HttpResult r = fromAttacker("POST", *a, "/block",
                                          jsonBytes(blockToJson(orphanBlock(1))), namingListener);
        QVERIFY2(r.status == 202, r.body.constData());
        const HttpResult announced =
            fromAttacker("POST", *a, "/peers/announce", urlBody("url", listener.url()));
        QCOMPARE(announced.status, 409);
        // Control: once the owner made the listener a peer (A announces itself to it), the same
        // kind of orphan sent from its host does make A ask it for the ancestors. A sync the
        // attacker's orphan had started would have asked /health before that announce.
        QCOMPARE(a->post("/peers/add", urlBody("url", listener.url()), kOwner).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(listener.requests("/peers/announce") == 1, kLongTimeoutMs);
        QCOMPARE(listener.requests("/health"), 0);
        QCOMPARE(listener.connections(), 1);
        const HttpResult control =
            a->post("/block", jsonBytes(blockToJson(orphanBlock(2))), namingListener);
        QCOMPARE(control.status, 202);
        QTRY_VERIFY_WITH_TIMEOUT(listener.requests("/health") == 1, kLongTimeoutMs);

        for (const char* forbidden :
             {"http://169.254.169.254", "http://[fe80::1]:8000", "http://[fd00:ec2::254]"}) {
            const HttpResult add = a->post("/peers/add", urlBody("url", forbidden), kOwner);
            QVERIFY2(add.status == 409 && add.detail().contains("not a place this node connects"),
                     add.body.constData());
            const HttpResult sync = a->post("/sync", urlBody("peer_url", forbidden), kOwner);
            QVERIFY2(sync.status == 502 && sync.detail().contains("not connecting"),
                     sync.body.constData());
        }
    }

    // A peer that sends its answer a byte a second is cut off after a couple of seconds, not
    // after the minute-long deadline, and the honest sync queued behind it completes.
    void aTricklingPeerCannotHoldTheSync() {
        DaemonProcess* a = startGuarded();
        DaemonProcess* b = start();
        QVERIFY(a && b);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(b->post("/mine", jsonBytes(minerBody(bobKey().address())), kJson).status, 200);
        ScriptedPeer trickler;
        trickler.script("/health", {200, "application/json", b->get("/health").body, 1000});

        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(a->url() + "/sync"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        request.setRawHeader("Authorization", "Bearer " + kToken);
        request.setTransferTimeout(kLongTimeoutMs);
        QNetworkReply* slow = manager.post(request, urlBody("peer_url", trickler.url()));
        QTRY_VERIFY_WITH_TIMEOUT(trickler.requests("/health") == 1, kLongTimeoutMs);

        const HttpResult honest = a->post("/sync", urlBody("peer_url", b->url()), kOwner);
        QVERIFY2(honest.status == 200 && integer(honest.json(), "blocks_received") == 3,
                 honest.body.constData());
        QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), kLongTimeoutMs);
        const QByteArray answer = slow->readAll();
        QVERIFY2(answer.contains("slower than"), answer.constData());
        delete slow;
    }

    // Transactions with a bad signature cost their sender: three, and its address is banned
    // for pushes of any kind; a payment from elsewhere still goes through.
    void invalidTransactionsCostTheirSender() {
        DaemonProcess* a = startGuarded();
        QVERIFY(a);
        QCOMPARE(a->post("/mine", jsonBytes(minerBody(aliceKey().address())), kOwner).status, 200);
        const Block genesis = *blockFromJson(a->get("/block/height/0").json());
        const Spendable coin{{computeTxid(genesis.transactions[0]), 0},
                             genesis.transactions[0].outputs[0]};
        for (Amount fee : {1'000, 2'000, 3'000}) {
            // Bob signs for Alice's coin: the signature does not verify.
            const Transaction forged =
                makeSignedSpend({coin}, bobKey(), {{coin.output.amount - fee, bobKey().address()}});
            const HttpResult r = fromAttacker("POST", *a, "/tx", jsonBytes(txToJson(forged)));
            QVERIFY2(r.status == 400, r.body.constData());
        }
        const Transaction pay =
            makeSignedSpend({coin}, aliceKey(), {{coin.output.amount - 5'000, bobKey().address()}});
        const HttpResult refused = fromAttacker("POST", *a, "/tx", jsonBytes(txToJson(pay)));
        QVERIFY2(refused.status == 403, refused.body.constData());
        const HttpResult junk = fromAttacker("POST", *a, "/tx", "{not json");
        QCOMPARE(junk.status, 403);
        QCOMPARE(a->post("/tx", jsonBytes(txToJson(pay)), kJson).status, 200);
    }

    // Undecodable pushes are offences too: three and the sender is banned.
    void malformedPushesCountAgainstTheSender() {
        DaemonProcess* a = startGuarded();
        QVERIFY(a);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(fromAttacker("POST", *a, "/block", "\x01\x02garbage",
                                  {{"Content-Type", "application/octet-stream"}})
                         .status,
                     400);
        QCOMPARE(fromAttacker("GET", *a, "/health").status, 200); // reading is still allowed
        QCOMPARE(fromAttacker("POST", *a, "/tx", "{}").status, 403);
    }
};

QTEST_GUILESS_MAIN(TestHostilePeers)
#include "tst_hostile_peers.moc"
