// Hostile blocks posted to a real daemon over HTTP, on each store: a block repeating a coinbase
// already in the chain (as MiniBitcoinPy miners make) and mutated copies of an honest block
// posted before it. The node answers by the rule, keeps mining and restarting, and still takes
// the honest block.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/rest_test_helpers.h"
#include "support/block_factory.h"
#include "support/block_mutations.h"
#include "support/test_chain.h"

using namespace mbc;
using namespace mbc::test;

namespace {

Block blockAt(DaemonProcess& node, std::int64_t height) {
    const HttpResult r = node.get(QStringLiteral("/block/height/%1").arg(height));
    auto block = blockFromJson(r.json());
    if (!block)
        qFatal("GET /block/height/%lld: %d %s", static_cast<long long>(height), r.status,
               r.body.constData());
    return std::move(block).value();
}

QByteArray body(const Block& b) {
    return jsonBytes(blockToJson(b));
}

} // namespace

class TestHostilePushes : public QObject {
    Q_OBJECT

    const PubKeyHash alice_ = aliceKey().address();
    const PubKeyHash bob_ = bobKey().address();

    static std::int64_t mine(DaemonProcess& node, const PubKeyHash& payee) {
        const HttpResult r = node.post("/mine", jsonBytes(minerBody(payee)));
        if (r.status != 200)
            qWarning() << "POST /mine:" << r.status << r.body;
        return integer(r.json(), "height");
    }

private slots:
    // POST /block used to answer 503 with the SQL text, keep the block as the best candidate,
    // and end the process at the next POST /mine and at every start after it.
    void aRepeatedCoinbaseIsRefusedAndTheNodeGoesOn() {
        MBC_REQUIRE_DATABASE(db);
        QString why;
        auto node = startDaemon(*db, {}, &why);
        QVERIFY2(node, qPrintable(why));
        QCOMPARE(mine(*node, alice_), 0);
        QCOMPARE(mine(*node, alice_), 1);
        const Block one = blockAt(*node, 1);
        const Block replay = blockOn(one, {one.transactions[0]});
        const HttpResult r = node->post("/block", body(replay));
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().startsWith("bad-txns-already-in-chain: "), qPrintable(r.detail()));
        QCOMPARE(mine(*node, alice_), 2);
        QCOMPARE(node->terminate(), 0);

        auto again = startDaemon(*db, {}, &why);
        QVERIFY2(again, qPrintable(why));
        QCOMPARE(mine(*again, alice_), 3);
        QCOMPARE(again->post("/block", body(replay)).status, 400);
        QCOMPARE(again->terminate(), 0);
    }

    // Anyone who sees a block first (GET /events, a relay) can post a copy with another
    // signature or pubkey: the copy is refused, the block is not.
    void aMutatedCopyPostedFirstDoesNotShutOutTheBlock() {
        MBC_REQUIRE_DATABASE(db);
        QString why;
        auto node = startDaemon(*db, {}, &why);
        QVERIFY2(node, qPrintable(why));
        QCOMPARE(mine(*node, alice_), 0);
        const Block genesis = blockAt(*node, 0);
        const Transaction pay = makeSignedSpend(
            {{{computeTxid(genesis.transactions[0]), 0}, genesis.transactions[0].outputs[0]}},
            aliceKey(), {{COIN, bob_}, {48 * COIN, alice_}});
        const Block honest =
            blockOn(genesis, {makeCoinbase(1, 51 * COIN, bob_), pay}); // reward + fee
        for (Mutation how : {Mutation::Signature, Mutation::Pubkey}) {
            const HttpResult r = node->post("/block", body(mutated(honest, how)));
            QCOMPARE(r.status, 400);
            QVERIFY2(r.detail().startsWith(QString(mutationCode(how)) + ": "),
                     qPrintable(r.detail()));
        }
        const HttpResult ok = node->post("/block", body(honest));
        QVERIFY2(ok.status == 200, ok.body.constData());
        QCOMPARE(integer(node->get("/health").json(), "chain_height"), 1);
        QCOMPARE(node->terminate(), 0);
    }

    // Blocks whose parent nobody has: held within ORPHAN_BLOCKS, the oldest evicted.
    void orphansAreHeldWithinTheirBound() {
        MBC_REQUIRE_DATABASE(db);
        QString why;
        auto node = startDaemon(*db, {{"ORPHAN_BLOCKS", "2"}}, &why);
        QVERIFY2(node, qPrintable(why));
        BlockFactory f;
        const Block unknown = f.genesis(alice_);
        for (const Block& b : f.chain(unknown, 3, alice_))
            QCOMPARE(node->post("/block", body(b)).status, 202);
        const QByteArray metrics = node->get("/metrics").body;
        QVERIFY2(metrics.contains("\nminibitcoin_orphan_blocks 2\n"), metrics.constData());
        QCOMPARE(node->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostilePushes)
#include "tst_hostile_pushes.moc"
