// packaging/three-nodes.sh as README uses it: start prints the three URLs, the nodes find each
// other (node1 learns node2 and node3 from their announcements, they learn each other from
// node1), a block mined on node2 reaches all, status reports them, and stop ends every process.
#include <QTest>

#include "net/rest_test_helpers.h"
#include "support/cli_process.h"
#include "support/test_chain.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>

using namespace mbc;
using namespace mbc::test;

namespace {

// Three consecutive free loopback ports.
quint16 freePortRun() {
    for (int attempt = 0; attempt < 50; ++attempt) {
        const quint16 base = freePort();
        if (base > 65000)
            continue;
        bool free = true;
        for (int i = 1; i < 3 && free; ++i) {
            QTcpServer probe;
            free = probe.listen(QHostAddress::LocalHost, quint16(base + i));
        }
        if (free)
            return base;
    }
    return 0;
}

} // namespace

class TestThreeNodes : public QObject {
    Q_OBJECT

    QProcessEnvironment env_;
    QTemporaryDir dir_;

    CliRun script(const QString& command) {
        return runProgram(QStringLiteral(MBC_SOURCE_DIR "/packaging/three-nodes.sh"), {command},
                          env_);
    }

    static QString urlOf(quint16 base, int n) {
        return QStringLiteral("http://127.0.0.1:%1").arg(base + n - 1);
    }

private slots:
    void startLinkMineStatusStop() {
        MBC_REQUIRE_DATABASE(db);
        const quint16 base = freePortRun();
        QVERIFY(base != 0);
        // A clean environment naming this test's own directory and ports: the script must never
        // reach a network of the user's (build/three-nodes, ports 8001-8003).
        QMap<QString, QString> vars{{"NETWORK_DIR", dir_.path()},
                                    {"BASE_PORT", QString::number(base)},
                                    {"SYNC_INTERVAL", "1"},
                                    {"MBC_BIN_DIR", QFileInfo(MBC_APP_PATH).absolutePath()}};
        if (!db->databaseUrl().isEmpty())
            vars.insert("DATABASE_URL", db->databaseUrl());
        env_ = cleanEnvironment(vars);

        const CliRun started = script("start");
        QVERIFY2(started.exitCode == 0, qPrintable(started.out + started.err));
        for (int n = 1; n <= 3; ++n)
            QVERIFY2(started.out.contains(QStringLiteral("node%1  %2").arg(n).arg(urlOf(base, n))),
                     qPrintable(started.out));

        auto get = [&](int n, const char* path) {
            return httpRequest("GET", urlOf(base, n) + path).json();
        };
        QElapsedTimer clock;
        clock.start();
        auto eventually = [&](auto check) {
            clock.restart();
            while (!check() && clock.elapsed() < kLongTimeoutMs)
                QTest::qWait(100);
            return check();
        };
        for (int n = 1; n <= 3; ++n)
            QVERIFY2(
                eventually([&] { return integer(get(n, "/health"), "peer_count") == 2; }),
                qPrintable(QStringLiteral("node%1 does not have both others as peers").arg(n)));

        const HttpResult mined = httpRequest("POST", urlOf(base, 2) + "/mine",
                                             jsonBytes(minerBody(aliceKey().address())),
                                             {{"Content-Type", "application/json"}});
        QCOMPARE(mined.status, 200);
        const std::string hash = text(mined.json(), "block_hash");
        for (int n = 1; n <= 3; ++n)
            QVERIFY(eventually([&] { return text(get(n, "/health"), "tip_hash") == hash; }));

        const CliRun status = script("status");
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out.count("Height   0"), 3);

        // Starting again leaves the running nodes alone.
        const CliRun again = script("start");
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.out.count("is already running"), 3);

        const CliRun stopped = script("stop");
        QCOMPARE(stopped.exitCode, 0);
        QCOMPARE(stopped.out.count("stopped"), 3);
        for (int n = 1; n <= 3; ++n) {
            QCOMPARE(httpRequest("GET", urlOf(base, n) + "/health", {}, {}, 2000).status, 0);
            QFile log(dir_.filePath(QStringLiteral("node%1.log").arg(n)));
            QVERIFY(log.open(QIODevice::ReadOnly));
            QVERIFY(log.readAll().contains("stopped cleanly"));
        }
    }

    void cleanupTestCase() {
        // Whatever happened above, leave no process of this test behind (and only of this
        // test: without its NETWORK_DIR the script would default to the user's network).
        if (env_.contains("NETWORK_DIR"))
            script("stop");
    }
};

QTEST_GUILESS_MAIN(TestThreeNodes)
#include "tst_three_nodes.moc"
