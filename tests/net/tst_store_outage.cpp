// The node's store goes away under a running daemon: a PostgreSQL server restarted or stopped
// for a while (a server of this test's own, never the suite's shared one), an SQLite file past
// a file-size limit. The daemon answers 503 without SQL, pauses mining and sync, keeps its
// mempool, and carries on once the store is back, with a chain and UTXO set equal to a replay.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "net/rest_test_helpers.h"
#include "support/own_postgres.h"
#include "support/test_chain.h"
#include "support/utxo_audit.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <sys/resource.h>

using namespace mbc;
using namespace mbc::test;

namespace {

// The daemon's answer while its store is away: 503, the API's code, and no SQL or driver text.
QString troubleAnswerProblem(const HttpResult& r) {
    if (r.status != 503)
        return QStringLiteral("status %1: %2").arg(r.status).arg(QString::fromUtf8(r.body));
    const QString detail = r.detail();
    if (!detail.startsWith("store-unavailable: "))
        return "detail: " + detail;
    for (const char* leak : {"SELECT", "INSERT", "FATAL", "QPSQL", "postgres", "sqlite"})
        if (detail.contains(QLatin1String(leak), Qt::CaseInsensitive))
            return QStringLiteral("the answer names '%1': %2").arg(leak, detail);
    return {};
}

std::int64_t heightOf(const DaemonProcess& d) {
    return integer(d.get("/health").json(), "chain_height");
}

bool mines(const DaemonProcess& d) {
    return d.post("/mine", jsonBytes(minerBody(aliceKey().address()))).status == 200;
}

std::int64_t mempoolSize(const DaemonProcess& d) {
    return integer(d.get("/health").json(), "mempool_size");
}

// A payment of alice's first coin, sent to the daemon's mempool: its txid, or empty.
QString sendPayment(const DaemonProcess& d) {
    const PubKeyHash alice = aliceKey().address();
    const json::Value u = d.get(QString::fromStdString("/utxos/" + alice.hex())).json();
    const auto& coins = array(u, "utxos");
    if (coins.empty())
        return {};
    const Spendable coin{OutPoint{*Hash256::fromHex(text(coins[0], "txid")),
                                  std::uint32_t(integer(coins[0], "vout"))},
                         TxOut{integer(coins[0], "amount"), alice}};
    const Transaction pay =
        makeSignedSpend({coin}, aliceKey(), {{coin.output.amount - 1000, bobKey().address()}});
    const HttpResult r = d.post("/tx", jsonBytes(txToJson(pay)));
    return r.status == 200 ? QString::fromStdString(text(r.json(), "txid")) : QString();
}

// Where the daemon has the tx: "mempool", "confirmed", or what it answered instead.
QString txStatus(const DaemonProcess& d, const QString& txid) {
    const HttpResult r = d.get("/tx/" + txid);
    return r.status == 200 ? QString::fromStdString(text(r.json(), "status"))
                           : QStringLiteral("%1 %2").arg(r.status).arg(r.detail());
}

// Sets the soft limit on the size of files the process `pid` writes (RLIMIT_FSIZE, as
// `prlimit --fsize` does); the hard limit stays, so the limit can be lifted again.
bool limitFileSize(qint64 pid, rlim_t bytes) {
    rlimit current{};
    if (prlimit(pid_t(pid), RLIMIT_FSIZE, nullptr, &current) != 0)
        return false;
    const rlimit wanted{bytes, current.rlim_max};
    return prlimit(pid_t(pid), RLIMIT_FSIZE, &wanted, nullptr) == 0;
}

// Asks `d` to mine until it answers as a node whose store is away should; what was wrong
// with its last answer, or empty.
QString waitForTroubleAnswerToMine(const DaemonProcess& d) {
    QString problem;
    waitFor([&] {
        problem = troubleAnswerProblem(d.post("/mine", jsonBytes(minerBody(aliceKey().address()))));
        return problem.isEmpty();
    });
    return problem;
}

// Whether `d` kept running until `since` has run `ms` (the outage's length).
bool staysUpUntil(const DaemonProcess& d, const QElapsedTimer& since, qint64 ms) {
    while (since.elapsed() < ms) {
        if (!d.running())
            return false;
        QThread::msleep(200);
    }
    return true;
}

// The store's UTXO set is what replaying its active chain gives.
void checkAgainstReplay(store::Database& db) {
    QCOMPARE(utxosInOutputsTable(db), utxosRecomputedFromBlocks(db));
}

} // namespace

class TestStoreOutage : public QObject {
    Q_OBJECT

private:
    DaemonProcess::Options optionsOn(const QString& databaseUrl) {
        DaemonProcess::Options o;
        o.dataDir = dataDirs_.emplace_back(std::make_unique<QTemporaryDir>())->path();
        o.databaseUrl = databaseUrl;
        return o;
    }

    std::vector<std::unique_ptr<QTemporaryDir>> dataDirs_;

private slots:
    // A restart cuts every session: the daemon reconnects, prepares its statements again, and
    // mines on top of what it had, its mempool kept.
    void aRestartedServerIsReconnected() {
        MBC_OWN_POSTGRES(pg);
        DaemonProcess d(optionsOn(pg->url()));
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QVERIFY(mines(d));
        const QString txid = sendPayment(d);
        QVERIFY(!txid.isEmpty());

        QVERIFY2(pg->restart(), qPrintable(pg->why()));
        const HttpResult first = d.post("/mine", jsonBytes(minerBody(aliceKey().address())));
        QVERIFY2(first.status == 200 || troubleAnswerProblem(first).isEmpty(),
                 qPrintable(troubleAnswerProblem(first)));
        QVERIFY2(waitFor([&] { return mines(d); }), qPrintable(d.output()));
        QVERIFY(heightOf(d) >= 3);
        QVERIFY(d.running());
        // The payment stayed in memory and went into the block mined after the restart.
        QCOMPARE(txStatus(d, txid), QStringLiteral("confirmed"));
        QCOMPARE(mempoolSize(d), 0);
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains("the database works again"), qPrintable(d.output()));
        auto db = pg->connect();
        checkAgainstReplay(*db);
    }

    // Stopped for ten seconds while mining block after block: every request needing the
    // store answers 503 (no SQL), the process stays up, mining waits and the payment waits in
    // the mempool; once the server is back, mining goes on by itself and confirms it.
    void aStoppedServerMeans503UntilItIsBack() {
        MBC_OWN_POSTGRES(pg);
        DaemonProcess d(optionsOn(pg->url()));
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        QVERIFY(mines(d));
        QVERIFY(mines(d)); // alice's two coins: one paid before the outage, one during it
        const QString txid = sendPayment(d);
        QVERIFY(!txid.isEmpty());
        json::Value body = minerBody(bobKey().address());
        body.set("threads", std::int64_t(1));
        QCOMPARE(d.post("/mining/start", jsonBytes(body)).status, 200);
        QVERIFY(waitFor([&] { return txStatus(d, txid) == "confirmed" && heightOf(d) >= 3; }));
        const QString second = sendPayment(d); // waits in the mempool through the outage
        QVERIFY(!second.isEmpty());

        QVERIFY2(pg->halt(), qPrintable(pg->why()));
        QElapsedTimer down;
        down.start();
        const QString problem = waitForTroubleAnswerToMine(d);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        for (const QString& path : QStringList{"/health", "/chain", "/tx/" + QString(64, 'a')})
            QVERIFY2(troubleAnswerProblem(d.get(path)).isEmpty(),
                     qPrintable(path + ": " + troubleAnswerProblem(d.get(path))));
        const json::Value mining = d.get("/mining").json();
        QVERIFY2(boolean(mining, "paused") && boolean(mining, "continuous"),
                 json::write(mining).c_str());
        QVERIFY(staysUpUntil(d, down, 10'000));

        QVERIFY2(pg->resume(), qPrintable(pg->why()));
        QVERIFY2(waitFor([&] { return txStatus(d, second) == "confirmed"; }),
                 qPrintable(d.output().right(3000)));
        QVERIFY(!boolean(d.get("/mining").json(), "paused"));
        QCOMPARE(d.post("/mining/stop", {}).status, 200);
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains("the database cannot be reached"), qPrintable(d.output()));
        QVERIFY2(d.output().contains("the database works again"), qPrintable(d.output()));
        auto db = pg->connect();
        checkAgainstReplay(*db);
    }

    // Stopped for ten seconds while a peer mines: the node cannot take the peer's blocks (a
    // sync asked for answers 503, a sync under way ends), and takes them once it is back.
    void syncWaitsForTheServerAndCatchesUp() {
        MBC_OWN_POSTGRES(pg);
        DaemonProcess peer(optionsOn(QString())); // on SQLite, unaffected
        QString why;
        QVERIFY2(peer.start(&why), qPrintable(why));
        QVERIFY(mines(peer));
        auto o = optionsOn(pg->url());
        o.environment = {{"BOOTSTRAP_PEERS", peer.url()}, {"SYNC_INTERVAL", "1"}};
        DaemonProcess d(o);
        QVERIFY2(d.start(&why), qPrintable(why));
        QVERIFY(waitFor([&] { return heightOf(d) == heightOf(peer); }));

        QVERIFY2(pg->halt(), qPrintable(pg->why()));
        QElapsedTimer down;
        down.start();
        for (int i = 0; i < 5; ++i)
            QVERIFY(mines(peer));
        json::Value sync;
        sync.set("peer_url", peer.url().toStdString());
        QVERIFY(waitFor([&] {
            const HttpResult r = d.post("/sync", jsonBytes(sync));
            return r.status == 503 && r.detail().startsWith("store-unavailable: ");
        }));
        QVERIFY(staysUpUntil(d, down, 10'000));
        QVERIFY2(pg->resume(), qPrintable(pg->why()));
        const std::string peerTip = text(peer.get("/health").json(), "tip_hash");
        QVERIFY2(waitFor([&] { return text(d.get("/health").json(), "tip_hash") == peerTip; }),
                 qPrintable(d.output().right(3000)));
        QCOMPARE(d.post("/sync", jsonBytes(sync)).status, 200);
        QCOMPARE(d.terminate(), 0);
        QCOMPARE(peer.terminate(), 0);
        auto db = pg->connect();
        checkAgainstReplay(*db);
    }

    // SQLite past the room it has (a file-size limit stands in for a full disk): a write
    // fails whole, the node answers 503 and says so once in its log, and carries on by itself
    // once the room is back.
    void aFullDiskMeans503UntilThereIsRoom() {
        auto o = optionsOn(QString());
        DaemonProcess d(o);
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QVERIFY(mines(d));
        const QString txid = sendPayment(d);
        QVERIFY(!txid.isEmpty());
        // Every file the store writes is as big as it may get.
        const QDir dir(o.dataDir);
        qint64 largest = 0;
        for (const char* name : {"chain.sqlite", "chain.sqlite-wal"})
            largest = std::max(largest, QFileInfo(dir.filePath(name)).size());
        QVERIFY(largest > 0);
        QVERIFY(limitFileSize(d.pid(), rlim_t(largest)));

        const QString problem = waitForTroubleAnswerToMine(d);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(d.running());
        QCOMPARE(txStatus(d, txid), QStringLiteral("mempool")); // kept, and still served
        QVERIFY2(waitFor([&] { return d.output().contains("the database cannot be written"); }),
                 qPrintable(d.output()));
        // Its retries (after 1 s, then 2 s) find no room yet.
        QThread::msleep(3500);
        QVERIFY2(!d.output().contains("works again"), qPrintable(d.output()));
        QVERIFY(troubleAnswerProblem(d.post("/mine", jsonBytes(minerBody(aliceKey().address()))))
                    .isEmpty());

        QVERIFY(limitFileSize(d.pid(), RLIM_INFINITY));
        QVERIFY2(waitFor([&] { return mines(d); }), qPrintable(d.output().right(3000)));
        QCOMPARE(txStatus(d, txid), QStringLiteral("confirmed"));
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains("the database works again"), qPrintable(d.output()));
        auto db = store::Database::open(
            store::DatabaseLocation::sqliteFile(dir.filePath("chain.sqlite")));
        checkAgainstReplay(*db);
    }
};

QTEST_GUILESS_MAIN(TestStoreOutage)
#include "tst_store_outage.moc"
