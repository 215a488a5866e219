// Where minibitcoin-cli's admin token comes from, and where it may go: a token found on this
// machine (API_TOKEN, --datadir) goes only to a node on this machine; one the user names for
// the call (--token-file, --token) goes wherever --node points. Decided before any request,
// so no traffic leaves loopback here.
#include <QTest>

#include "cli/node_client.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <sys/stat.h>

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

    // A token file planted in a data directory as a link to some file of the user's would
    // have that file's words sent as the token: it is refused, and so is a FIFO (no hang).
    void aTokenFileThatIsALinkIsRefused() {
        QTemporaryDir planted;
        const QString secret = writeFile("secret", "the user's own words\n");
        QVERIFY(QFile::link(secret, planted.filePath("api_token")));
        try {
            findApiToken({}, {}, planted.path(), local_);
            QFAIL("a link was read as the token");
        } catch (const CliError& e) {
            QVERIFY2(
                QString::fromUtf8(e.what()).contains(planted.filePath("api_token") + " is a link"),
                qPrintable(QString::fromUtf8(e.what())));
        }
        QTemporaryDir fifo;
        QCOMPARE(::mkfifo(QFile::encodeName(fifo.filePath("api_token")).constData(), 0600), 0);
        try {
            findApiToken({}, {}, fifo.path(), local_);
            QFAIL("a FIFO was read as the token");
        } catch (const CliError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("is not a regular file"),
                     qPrintable(QString::fromUtf8(e.what())));
        }
    }

    // In the default data directories (no --datadir) such a file is passed over with a
    // warning: a command that needs no token still runs.
    void aBadTokenFileInTheDefaultDirIsPassedOver() {
        QTemporaryDir home;
        qputenv("XDG_DATA_HOME", QFile::encodeName(home.path()));
        const auto restore = qScopeGuard([] { qunsetenv("XDG_DATA_HOME"); });
        QVERIFY(QDir().mkpath(home.filePath("MiniBitcoin")));
        const QString secret = writeFile("secret", "the user's own words\n");
        QVERIFY(QFile::link(secret, home.filePath("MiniBitcoin/api_token")));
        const ApiToken found = findApiToken({}, {}, {}, local_);
        QVERIFY2(found.token.isEmpty(), qPrintable(found.token));
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
