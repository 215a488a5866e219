// Requests to peers end in bounded time even when the peer keeps the line busy: a peer that
// trickles a byte now and then (never silent long enough for the silence limit) still meets
// the deadline for the whole answer and the minimum rate. Requests never go to link-local or
// metadata addresses, and a host name is resolved once, then used only in the Host header.
// What a peer answers reaches logs, answers and labels as one short line, with nothing in it a
// terminal acts on.
#include <QTest>

#include "consensus/pow/network_params.h"
#include "net/peer_client.h"
#include "net/peer_identity.h"
#include "support/timeouts.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

using namespace mbc;

class TestPeerClient : public QObject {
    Q_OBJECT
    static bool raw(const QString& text) {
        for (const QChar c : text)
            if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f) ||
                c.unicode() == 0x202e)
                return true;
        return false;
    }

private slots:
    void aPeersAnswerIsDescribedOnOneInertLine() {
        const net::PeerReply reply{
            400, "<b>no</b>\x1b[2K\r\nTransaction submitted\xe2\x80\xae", {}};
        const QString said = reply.describe();
        QVERIFY2(!raw(said), qPrintable(said));
        QCOMPARE(said, QString("HTTP 400: <b>no</b>\\x1b[2K Transaction submitted\\u{202e}"));
    }

    // A peer on another network names it in its /health: the message quotes at most 80 of its
    // characters, written out.
    void anotherNetworksNameIsQuotedShortAndInert() {
        const NetworkParams params = regtestParams();
        const QByteArray name = "main\\u001b[2K\\r\\n" + QByteArray(500, 'x');
        const net::PeerReply health{200,
                                    "{\"network\": \"" + name +
                                        "\", \"genesis_target\": \"0x1\", \"chain_height\": 5}",
                                    {}};
        const auto identity = net::identifyPeer("http://127.0.0.2:1", health, params);
        const auto* failure = std::get_if<net::PeerIdentityFailure>(&identity);
        QVERIFY(failure);
        QCOMPARE(failure->failure, node::SyncFailure::OtherNetwork);
        QVERIFY2(!raw(failure->message) && !raw(failure->detail), qPrintable(failure->message));
        QVERIFY2(failure->detail.startsWith("main\\x1b[2K\\r\\nxxx"), qPrintable(failure->detail));
        QVERIFY2(failure->detail.endsWith("x..."), qPrintable(failure->detail));
        QVERIFY2(failure->message.size() < 400, qPrintable(failure->message));
    }

    // A server that sends a byte every 100 ms: never silent, never done. The deadline for the
    // whole answer ends it, or the minimum rate does, whichever is set to come first.
    void aTricklingAnswerIsCutOff_data() {
        QTest::addColumn<int>("deadlineMs");
        QTest::addColumn<int>("minimumRate");
        QTest::addColumn<QString>("error");
        QTest::newRow("deadline") << 700 << 0 << "no whole answer within 0.7 s";
        QTest::newRow("minimum rate")
            << test::kLongTimeoutMs << 16'000 << "answer slower than 16000 bytes per second";
    }
    void aTricklingAnswerIsCutOff() {
        QFETCH(int, deadlineMs);
        QFETCH(int, minimumRate);
        QFETCH(QString, error);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QTimer trickle;
        trickle.setInterval(100);
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* socket = server.nextPendingConnection();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: 100000\r\n\r\n{");
            connect(&trickle, &QTimer::timeout, socket, [socket] { socket->write(" "); });
            trickle.start();
        });
        net::PeerClient client(QStringLiteral("http://127.0.0.1:1"));
        client.setTimeoutMs(test::kLongTimeoutMs); // silence alone would never end it
        client.setDeadlineMs(deadlineMs);
        client.setMinimumRate(minimumRate, 300);
        std::optional<net::PeerReply> reply;
        client.get(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()), "/health",
                   [&](const net::PeerReply& r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), test::kLongTimeoutMs);
        QVERIFY(!reply->ok());
        QVERIFY2(reply->error.startsWith(error), qPrintable(reply->error));
    }

    void linkLocalAndMetadataAddressesAreNeverContacted() {
        net::PeerClient client(QStringLiteral("http://127.0.0.1:1"));
        for (const char* url :
             {"http://169.254.169.254", "http://[fe80::1]:8000", "http://[::ffff:169.254.169.254]",
              "http://100.100.100.200", "http://0.0.0.0:8000"}) {
            std::optional<net::PeerReply> reply;
            client.get(QString::fromLatin1(url), "/latest/meta-data",
                       [&](const net::PeerReply& r) { reply = r; });
            QVERIFY(!reply); // answered later, as any failure
            QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), test::kLongTimeoutMs);
            QVERIFY2(reply->error.startsWith("not connecting: "), qPrintable(reply->error));
        }
    }

    void aHostNameIsResolvedOnceAndNamedInTheHostHeader() {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray head;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [&head, socket] {
                head += socket->readAll();
                if (head.contains("\r\n\r\n"))
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                  "Connection: close\r\n\r\n{}");
            });
        });
        net::PeerClient client(QStringLiteral("http://127.0.0.1:1"));
        std::optional<net::PeerReply> reply;
        const QString authority = QStringLiteral("localhost:%1").arg(server.serverPort());
        client.get("http://" + authority, "/health", [&](const net::PeerReply& r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), test::kLongTimeoutMs);
        QVERIFY2(reply->ok(), qPrintable(reply->describe()));
        QVERIFY2(head.contains("\r\nHost: " + authority.toUtf8() + "\r\n"), head.constData());
    }
};

QTEST_GUILESS_MAIN(TestPeerClient)
#include "tst_peer_client.moc"
