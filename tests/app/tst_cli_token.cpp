// Where minibitcoin-cli's admin token comes from, and where it may go: a token found on this
// machine (API_TOKEN, --datadir) goes only to a node on this machine; one the user names for
// the call (--token-file, --token) goes wherever --node points. Decided before any request,
// so no traffic leaves loopback here.
#include <QTest>

#include "cli/node_client.h"

#include <QFile>
#include <QTemporaryDir>

using namespace mbc::cli;

class TestCliToken : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    const QUrl remote_{"http://192.0.2.10:8000"}; // TEST-NET-1: named, never contacted
    const QUrl local_{"http://127.0.0.1:8000"};

    QString writeFile(const QString& name, const QByteArray& content) {
        QFile f(dir_.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(content);
        return f.fileName();
    }

private slots:
    void init() { qunsetenv("API_TOKEN"); }

    void aTokenFromTheEnvironmentStaysOnThisMachine() {
        qputenv("API_TOKEN", "from-env");
        QCOMPARE(findApiToken({}, {}, {}, local_).token, QString("from-env"));
        const ApiToken remote = findApiToken({}, {}, {}, remote_);
        QVERIFY(remote.token.isEmpty());
        QCOMPARE(remote.withheld, QString("API_TOKEN")); // said if the node asks for one
    }

    // This machine by name or any loopback form; a name that only starts like one is not.
    void loopbackIsToldByAddressNotByLook() {
        qputenv("API_TOKEN", "from-env");
        for (const char* url :
             {"http://localhost:8000", "http://[::1]:8000", "http://127.0.0.2:8000"})
            QCOMPARE(findApiToken({}, {}, {}, QUrl(url)).token, QString("from-env"));
        for (const char* url : {"http://127.0.0.1.example:8000", "http://localhost.example:8000",
                                "http://[::ffff:192.0.2.1]:8000"})
            QVERIFY2(findApiToken({}, {}, {}, QUrl(url)).token.isEmpty(), url);
    }

    void aTokenFromTheDataDirStaysOnThisMachine() {
        QVERIFY(dir_.isValid());
        writeFile("api_token", "from-datadir\n");
        QCOMPARE(findApiToken({}, {}, dir_.path(), local_).token, QString("from-datadir"));
        const ApiToken remote = findApiToken({}, {}, dir_.path(), remote_);
        QVERIFY(remote.token.isEmpty());
        QVERIFY(remote.withheld.contains(dir_.path()));
    }

    void aTokenTheUserNamesGoesWhereTheyPoint() {
        qputenv("API_TOKEN", "from-env");
        const QString file = writeFile("remote_token", "from-file\n");
        QCOMPARE(findApiToken({}, file, {}, remote_).token, QString("from-file"));
        QCOMPARE(findApiToken("from-flag", {}, {}, remote_).token, QString("from-flag"));
        QVERIFY_THROWS_EXCEPTION(CliError, findApiToken({}, dir_.filePath("missing"), {}, remote_));
        QVERIFY_THROWS_EXCEPTION(CliError, findApiToken({}, writeFile("empty", ""), {}, remote_));
    }
};

QTEST_GUILESS_MAIN(TestCliToken)
#include "tst_cli_token.moc"
