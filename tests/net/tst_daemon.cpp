// `minibitcoin --daemon` as a process: start-up failures, clean shutdown, restarts, and
// kill -9 at any moment leaving a consistent store.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "net/rest_test_helpers.h"
#include "node/node_config.h"
#include "store/migrations.h"
#include "support/kernel_rows.h"
#include "support/test_chain.h"
#include "support/utxo_audit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <unistd.h>

using namespace mbc;
using namespace mbc::test;

namespace {

DaemonProcess::Options optionsFor(const TestDatabase& db) {
    DaemonProcess::Options o;
    o.dataDir = db.directory();
    o.databaseUrl = db.databaseUrl();
    return o;
}

// Starts a daemon that is expected to fail; returns its output, checks it exited with 1.
QString failedStart(DaemonProcess::Options o) {
    DaemonProcess d(std::move(o));
    QString why;
    if (d.start(&why)) {
        d.terminate();
        return "started, though it should not have";
    }
    if (d.exitCode() != 1)
        return QStringLiteral("exit code %1: %2").arg(d.exitCode()).arg(d.output());
    return d.output();
}

// The daemon's last line on stderr (its one-line reason).
QString lastLine(const QString& output) {
    return output.trimmed().split('\n').last();
}

} // namespace

class TestDaemon : public QObject {
    Q_OBJECT

private slots:
    void aPortInUseIsOneClearLine() {
        MBC_REQUIRE_DATABASE(db);
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        auto o = optionsFor(*db);
        o.port = occupant.serverPort();
        const QString out = failedStart(o);
        QVERIFY2(lastLine(out).startsWith(QStringLiteral("minibitcoin: cannot listen on "
                                                         "127.0.0.1:%1: ")
                                              .arg(o.port)),
                 qPrintable(out));
        QVERIFY2(lastLine(out).contains("already in use"), qPrintable(out));
    }

    void anUnreachableDatabaseIsOneClearLine() {
        MBC_REQUIRE_DATABASE(db);
        auto o = optionsFor(*db);
        o.databaseUrl =
            QStringLiteral("postgresql://nobody:secret@127.0.0.1:%1/none").arg(freePort());
        const QString out = failedStart(o);
        QVERIFY2(lastLine(out).startsWith("minibitcoin: ") && lastLine(out).contains("127.0.0.1"),
                 qPrintable(out));
        QVERIFY2(!out.contains("secret"), qPrintable(out)); // passwords stay out of messages
    }

    void aStoreFromANewerVersionIsRefusedUntouched() {
        MBC_REQUIRE_DATABASE(db);
        {
            auto conn = db->connect(); // creates the schema
            conn->execute(QStringLiteral("INSERT INTO schema_migrations (version, description, "
                                         "applied_at) VALUES (%1, 'from the future', 0)")
                              .arg(store::latestSchemaVersion() + 1));
        }
        const QString out = failedStart(optionsFor(*db));
        QVERIFY2(lastLine(out).contains("newer than this MiniBitcoin"), qPrintable(out));
        auto conn = store::Database::open(db->location()); // left at the future version
        QCOMPARE(store::schemaVersion(*conn), store::latestSchemaVersion() + 1);
    }

    // MINING_KERNEL picks the miner's header kernel: each one this CPU runs mines blocks the
    // node accepts at a target of 1 in 65,536 (a kernel hashing wrongly would claim nonces
    // whose real hashes miss it). A name the node does not know is one clear line.
    void eachMiningKernelMinesValidBlocks_data() { addKernelRows(); }
    void eachMiningKernelMinesValidBlocks() {
        QFETCH(HeaderHashKernel, kernel);
        MBC_REQUIRE_DATABASE(db);
        auto o = optionsFor(*db);
        o.environment.insert("MINING_KERNEL", node::kernelLabel(kernel));
        o.environment.insert("DEFAULT_TARGET", "0x0000ffff" + QString(56, 'f'));
        DaemonProcess d(o);
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        QCOMPARE(QString::fromStdString(text(d.get("/mining").json(), "kernel")),
                 node::kernelLabel(kernel));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(d.post("/mine", jsonBytes(minerBody(aliceKey().address()))).status, 200);
        // (the first block mined is the genesis block, at height 0)
        QCOMPARE(integer(d.get("/health").json(), "chain_height"), std::int64_t(2));
        QCOMPARE(d.terminate(), 0);

        if (QTest::currentDataTag() == QStringLiteral("portable")) {
            auto bad = optionsFor(*db);
            bad.environment.insert("MINING_KERNEL", "avx9000");
            const QString out = failedStart(bad);
            QVERIFY2(lastLine(out).contains("MINING_KERNEL") && lastLine(out).contains("avx9000"),
                     qPrintable(out));
        }
    }

    void aStoreOfAnotherNetworkIsRefused() {
        MBC_REQUIRE_DATABASE(db);
        {
            DaemonProcess regtest(optionsFor(*db));
            QString why;
            QVERIFY2(regtest.start(&why), qPrintable(why));
            QCOMPARE(regtest.post("/mine", jsonBytes(minerBody(aliceKey().address()))).status, 200);
            QCOMPARE(regtest.terminate(), 0);
        }
        auto o = optionsFor(*db);
        o.network = "main";
        const QString out = failedStart(o);
        QVERIFY2(lastLine(out).contains("regtest") && lastLine(out).contains("main"),
                 qPrintable(out));
    }

    // Two processes on one data directory would write one store and one wallet.json: the
    // second is refused, naming the first; a lock left by a killed process is taken over.
    void aDataDirectoryServesOneProcessAtATime() {
        MBC_REQUIRE_DATABASE(db);
        DaemonProcess first(optionsFor(*db));
        QString why;
        QVERIFY2(first.start(&why), qPrintable(why));
        const QString out = failedStart(optionsFor(*db));
        QVERIFY2(lastLine(out).contains(QStringLiteral("is in use by process %1").arg(first.pid())),
                 qPrintable(out));
        QCOMPARE(first.get("/health").status, 200); // the first is untouched
        first.kill();                               // kill -9: its lock file stays behind
        QVERIFY(QFile::exists(QDir(db->directory()).filePath("minibitcoin.lock")));
        DaemonProcess after(optionsFor(*db));
        QVERIFY2(after.start(&why), qPrintable(why));
        QCOMPARE(after.terminate(), 0);
    }

    // A data directory that cannot be made or written (here: a path through a regular file,
    // which even root cannot create) is one clear line and exit 1, before anything else.
    void anUnwritableDataDirectoryIsOneClearLine() {
        MBC_REQUIRE_DATABASE(db);
        QFile blocker(QDir(db->directory()).filePath("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        auto o = optionsFor(*db);
        o.workDir = db->directory();
        o.dataDir = blocker.fileName() + "/data";
        const QString out = failedStart(o);
        QVERIFY2(
            lastLine(out).startsWith("minibitcoin: cannot create the data directory " + o.dataDir),
            qPrintable(out));
    }

    // A data directory other users can change (or another user's) could be given a wallet, a
    // token or links of theirs: the node refuses it in one line, and writes nothing there.
    void aDataDirectoryOthersCanChangeIsRefused_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("mode 0777") << "open";
        QTest::newRow("another user's") << "other";
        QTest::newRow("inside a folder others can change") << "inside";
    }
    void aDataDirectoryOthersCanChangeIsRefused() {
        QFETCH(QString, kind);
        MBC_REQUIRE_DATABASE(db);
        auto o = optionsFor(*db);
        o.workDir = db->directory();
        const QString shared = QDir(db->directory()).filePath("shared");
        QVERIFY(QDir().mkdir(shared));
        o.dataDir = shared;
        QString expected = "minibitcoin: the data directory " + shared;
        if (kind == "other") {
            if (::geteuid() != 0)
                QSKIP("giving a directory to another user takes root");
            QCOMPARE(::chown(QFile::encodeName(shared).constData(), 65534, 65534), 0);
            expected += " belongs to another user (uid 65534), not to you (uid 0): choose a "
                        "directory of your own with --datadir";
        } else if (kind == "open") {
            QVERIFY(QFile::setPermissions(shared, QFileDevice::Permissions(0x7777)));
            expected += " can be changed by other users (mode 0777): run chmod go-w " + shared;
        } else {
            // Whoever can rename entries in a folder above can swap the data directory.
            QVERIFY(QFile::setPermissions(shared, QFileDevice::Permissions(0x7777)));
            o.dataDir = QDir(shared).filePath("data");
            QVERIFY(QDir().mkdir(o.dataDir));
            expected = "minibitcoin: the data directory " + o.dataDir + " is inside " + shared +
                       ", which other users can change (mode 0777): run chmod go-w " + shared +
                       ", or choose another directory";
        }
        const QString out = failedStart(o);
        QCOMPARE(lastLine(out), expected);
        QCOMPARE(QDir(o.dataDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
    }

    // A data directory reached through a link of the user's own is fine, and kept as the
    // directory itself (a link someone else owned could later point elsewhere).
    void aDataDirectoryBehindALinkIsKeptAsItself() {
        MBC_REQUIRE_DATABASE(db);
        auto o = optionsFor(*db);
        o.workDir = db->directory();
        const QString real = QDir(db->directory()).filePath("real");
        QVERIFY(QDir().mkdir(real));
        o.dataDir = QDir(db->directory()).filePath("link");
        QVERIFY(QFile::link(real, o.dataDir));
        DaemonProcess d(o);
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains("- data dir " + QFileInfo(real).canonicalFilePath()),
                 qPrintable(d.output()));
    }

    // The admin token is the owner's alone: a link named api_token (the node would read, or
    // write, wherever it points) or another user's file is refused; one others can read is
    // narrowed to 0600, with a warning, and used.
    void theAdminTokenIsTheOwnersAlone_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("a link") << "link";
        QTest::newRow("another user's") << "other";
        QTest::newRow("mode 0644") << "open";
    }
    void theAdminTokenIsTheOwnersAlone() {
        QFETCH(QString, kind);
        MBC_REQUIRE_DATABASE(db);
        const QString token = QDir(db->directory()).filePath("api_token");
        const QByteArray words = "a-token-of-26-characters-x";
        const auto write = [&](const QString& path, QFileDevice::Permissions mode) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(words + "\n") > 0 &&
                   file.setPermissions(mode);
        };
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        if (kind == "link") {
            const QString elsewhere = QDir(db->directory()).filePath("elsewhere");
            QVERIFY(write(elsewhere, ownerOnly));
            QVERIFY(QFile::link(elsewhere, token));
        } else {
            QVERIFY(write(token, kind == "open" ? QFileDevice::Permissions(0x6444) : ownerOnly));
            if (kind == "other") {
                if (::geteuid() != 0)
                    QSKIP("giving a file to another user takes root");
                QCOMPARE(::chown(QFile::encodeName(token).constData(), 65534, 65534), 0);
            }
        }
        if (kind != "open") {
            const QString out = failedStart(optionsFor(*db));
            QVERIFY2(lastLine(out).startsWith(
                         "minibitcoin: " + token +
                         (kind == "link" ? " is a link: remove it" : " belongs to another user")),
                     qPrintable(out));
            QVERIFY(!QFile::exists(QDir(db->directory()).filePath("chain.sqlite")));
            return;
        }
        DaemonProcess d(optionsFor(*db));
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFileInfo(token).permissions() & others, QFileDevice::Permissions());
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains(token + " could be read by other users; it is now 0600"),
                 qPrintable(d.output()));
        QFile file(token); // kept, not replaced by a new one
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), words + "\n");
    }

    // A .env's settings are named in the log when the node starts; those that decide who can
    // reach it are a warning (the .env may be one someone else put in the working directory),
    // and such settings that MiniBitcoinPy's .env did not have are not taken from it at all.
    void settingsFromADotEnvAreNamedAtStart() {
        MBC_REQUIRE_DATABASE(db);
        QTemporaryDir work;
        QFile dotEnv(work.filePath(".env"));
        const auto writeEnv = [&](const QByteArray& text) {
            return dotEnv.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                   dotEnv.write(text) == text.size() &&
                   dotEnv.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
                   (dotEnv.close(), true);
        };
        QVERIFY(writeEnv("NODE_HOST=127.0.0.1\nMAX_PEERS=7\n"));
        auto o = optionsFor(*db);
        o.workDir = work.path();
        DaemonProcess d(o);
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(d.output().contains("WARN  node: settings from " + dotEnv.fileName() +
                                     " - NODE_HOST, MAX_PEERS - among them what decides who can "
                                     "reach this node, or which chain it follows (NODE_HOST)"),
                 qPrintable(d.output()));

        QVERIFY(writeEnv("API_TOKEN=0123456789abcdef0123\n"));
        const QString out = failedStart(o);
        QVERIFY2(out.contains("API_TOKEN (.env): not taken from a .env file"), qPrintable(out));
    }

    // On a first run the data directory does not exist yet: it is made (0700) before the log
    // file, which keeps the run's lines from the first.
    void theFirstRunKeepsALog() {
        MBC_REQUIRE_DATABASE(db);
        auto o = optionsFor(*db);
        o.workDir = db->directory();
        o.dataDir = QDir(db->directory()).filePath("new/nested/data");
        DaemonProcess d(o);
        QString why;
        QVERIFY2(d.start(&why), qPrintable(why));
        QCOMPARE(d.terminate(), 0);
        QVERIFY2(!d.output().contains("cannot write the log file"), qPrintable(d.output()));
        QFile log(QDir(o.dataDir).filePath("minibitcoin.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("serving http://127.0.0.1:"));
        // The wallet, token and log are the owner's alone.
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                            QFileDevice::ExeGroup | QFileDevice::ReadOther |
                            QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFileInfo(o.dataDir).permissions() & others, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(QDir(o.dataDir).filePath("api_token")).permissions() &
                     (ownerOnly | others),
                 ownerOnly);
        // So are the log and the store, whatever the umask (the tests' is 022).
        for (const char* name : {"minibitcoin.log", "chain.sqlite"}) {
            const QFileInfo file(QDir(o.dataDir).filePath(name));
            if (file.exists() || QString(name) != "chain.sqlite") // (PostgreSQL: no file)
                QCOMPARE(file.permissions() & others, QFileDevice::Permissions());
        }
    }

    void sigtermShutsDownCleanlyAndRestartKeepsEverything() {
        MBC_REQUIRE_DATABASE(db);
        DaemonProcess first(optionsFor(*db));
        QString why;
        QVERIFY2(first.start(&why), qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(first.post("/mine", jsonBytes(minerBody(aliceKey().address()))).status, 200);
        const json::Value utxos =
            first.get(QString::fromStdString("/utxos/" + aliceKey().address().hex())).json();
        const json::Value& u = array(utxos, "utxos").at(0);
        const Spendable coin{
            OutPoint{*Hash256::fromHex(text(u, "txid")), std::uint32_t(integer(u, "vout"))},
            TxOut{integer(u, "amount"), aliceKey().address()}};
        const Transaction pay = makeSignedSpend({coin}, aliceKey(), {{1000, bobKey().address()}});
        QCOMPARE(first.post("/tx", jsonBytes(txToJson(pay))).status, 200);
        const json::Value before = first.get("/health").json();
        QCOMPARE(first.terminate(), 0);
        QVERIFY2(first.output().contains("stopped cleanly"), qPrintable(first.output()));

        // The log file and the admin token live in the data dir; the token is the owner's alone.
        QFile log(db->directory() + "/minibitcoin.log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("stopped cleanly"));
        const QFile token(db->directory() + "/api_token");
        QVERIFY(token.exists());
        QCOMPARE(token.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        DaemonProcess second(optionsFor(*db));
        QVERIFY2(second.start(&why), qPrintable(why));
        const json::Value after = second.get("/health").json();
        QCOMPARE(integer(after, "chain_height"), integer(before, "chain_height"));
        QCOMPARE(text(after, "tip_hash"), text(before, "tip_hash"));
        QCOMPARE(integer(after, "utxo_count"), integer(before, "utxo_count"));
        QVERIFY(waitForMempool(second, 1)); // the saved mempool is offered again after start-up
        QCOMPARE(second.terminate(), 0);
    }

    // kill -9 while mining (blocks connecting all the time), several times over; each restart
    // must find a tip at least as high as any the node reported, and a UTXO table equal to one
    // recomputed from the stored blocks.
    void killNineWhileMiningLeavesAConsistentStore() {
        MBC_REQUIRE_DATABASE(db);
        std::int64_t reported = -1;
        QRandomGenerator pause(12345);
        for (int round = 0; round < 4; ++round) {
            DaemonProcess d(optionsFor(*db));
            QString why;
            QVERIFY2(d.start(&why), qPrintable(why));
            const std::int64_t restarted = integer(d.get("/health").json(), "chain_height");
            QVERIFY2(restarted >= reported,
                     qPrintable(QStringLiteral("round %1: tip %2 after restart, %3 reported")
                                    .arg(round)
                                    .arg(restarted)
                                    .arg(reported)));
            json::Value body = minerBody(bobKey().address());
            body.set("threads", 2);
            QCOMPARE(d.post("/mining/start", jsonBytes(body)).status, 200);
            // Killed while blocks are being connected: once two more are in, after a pause
            // that differs each round (seeded, so a failure can be repeated).
            QVERIFY(QTest::qWaitFor(
                [&] { return integer(d.get("/health").json(), "chain_height") >= reported + 2; },
                kLongTimeoutMs));
            QThread::msleep(pause.bounded(300));
            reported = integer(d.get("/health").json(), "chain_height");
            d.kill();
            auto conn = db->connect();
            QCOMPARE(utxosInOutputsTable(*conn), utxosRecomputedFromBlocks(*conn));
        }
        QVERIFY(reported > 5); // blocks really were being connected when it was killed
    }

private:
    static bool waitForMempool(const DaemonProcess& d, std::int64_t size) {
        return QTest::qWaitFor(
            [&] { return integer(d.get("/health").json(), "mempool_size") == size; },
            kLongTimeoutMs);
    }
};

QTEST_GUILESS_MAIN(TestDaemon)
#include "tst_daemon.moc"
