// The executables as a user runs them: minibitcoin-cli create-wallet, and the checks that
// `minibitcoin --daemon` applies to its flags.
#include <QTest>

#include "consensus/crypto/keys.h"
#include "consensus/json/json_codec.h"

#include <QProcess>
#include <QRegularExpression>

using namespace mbc;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

Run cli(const QStringList& args) {
    return run(MBC_CLI_PATH, args);
}
Run app(const QStringList& args) {
    return run(MBC_APP_PATH, args);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void createWalletJsonGivesAConsistentKeyPair() {
        const Run r = cli({"create-wallet", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto doc = parseJson(r.out.toStdString());
        QVERIFY2(doc.ok(), qPrintable(r.out));
        const auto* priv = doc->find("private_key");
        const auto* pub = doc->find("public_key");
        const auto* address = doc->find("address");
        QVERIFY(priv && pub && address);
        const auto key = PrivateKey::fromHex(priv->asString());
        QVERIFY(key.has_value());
        QCOMPARE(key->publicKey().hex(), pub->asString());
        QCOMPARE(key->address().hex(), address->asString());
        QCOMPARE(address->asString().size(), std::size_t(40));
    }

    void everyWalletIsNew() {
        const Run a = cli({"create-wallet", "--json"});
        const Run b = cli({"create-wallet", "--json"});
        QVERIFY(!a.out.isEmpty());
        QVERIFY(a.out != b.out);
    }

    void createWalletPrintsATable() {
        const Run r = cli({"create-wallet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QRegularExpression("Private Key +[0-9a-f]{64}\\n").match(r.out).hasMatch());
        QVERIFY(QRegularExpression("Public Key +0[23][0-9a-f]{64}\\n").match(r.out).hasMatch());
        QVERIFY(QRegularExpression("Address +[0-9a-f]{40}\\n").match(r.out).hasMatch());
        QVERIFY(r.out.contains("save your private key"));
    }

    void failuresAreOneLineAndNonZero_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{"frob"} << "unknown command 'frob'";
        QTest::newRow("bad option")
            << QStringList{"create-wallet", "--colour"} << "unexpected argument '--colour'";
    }
    void failuresAreOneLineAndNonZero() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void usageAndVersion() {
        QVERIFY(cli({}).exitCode != 0);
        QVERIFY(cli({}).err.contains("create-wallet"));
        QCOMPARE(cli({"--help"}).exitCode, 0);
        QVERIFY(cli({"--version"}).out.startsWith("minibitcoin-cli "));
        QVERIFY(app({"--version"}).out.startsWith("minibitcoin "));
        QVERIFY(app({"--help"}).out.contains("--mining-threads"));
    }

    void daemonAcceptsItsFlags() {
        const Run r = app({"--daemon", "--network", "regtest", "--port", "8123", "--host",
                           "0.0.0.0", "--datadir", "/tmp/mbc-flags-test", "--mining-threads", "3",
                           "--database-url", "postgresql://u:p@127.0.0.1:5432/db"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("network         regtest"));
        QVERIFY(r.out.contains("port            8123"));
        QVERIFY(r.out.contains("host            0.0.0.0"));
        QVERIFY(r.out.contains("datadir         /tmp/mbc-flags-test"));
        QVERIFY(r.out.contains("mining threads  3"));
        QVERIFY(r.out.contains("PostgreSQL"));
    }

    void daemonDefaults() {
        const Run r = app({"--daemon"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("network         main"));
        QVERIFY(r.out.contains("port            8000"));
        QVERIFY(r.out.contains("host            127.0.0.1"));
        QVERIFY(r.out.contains("SQLite"));
    }

    void daemonRefusesBadValues_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("flag");
        QTest::newRow("port zero") << QStringList{"--port", "0"} << "--port: '0'";
        QTest::newRow("port too big") << QStringList{"--port", "65536"} << "--port: '65536'";
        QTest::newRow("port text") << QStringList{"--port", "http"} << "--port: 'http'";
        QTest::newRow("network") << QStringList{"--network", "testnet"}
                                 << "--network: unknown network 'testnet'";
        QTest::newRow("threads") << QStringList{"--mining-threads", "0"} << "--mining-threads";
        QTest::newRow("database") << QStringList{"--database-url", "mysql://x"}
                                  << "--database-url: 'mysql://x'";
        QTest::newRow("host") << QStringList{"--host", "not an ip"} << "--host: 'not an ip'";
        QTest::newRow("missing value") << QStringList{"--port"} << "Missing value after '--port'";
        QTest::newRow("unknown flag") << QStringList{"--colour"} << "Unknown option 'colour'";
    }
    void daemonRefusesBadValues() {
        QFETCH(QStringList, args);
        QFETCH(QString, flag);
        const Run r = app(QStringList{"--daemon"} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(flag), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
