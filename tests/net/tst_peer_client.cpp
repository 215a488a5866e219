// Requests to peers end in bounded time even when the peer keeps the line busy: a peer that
// trickles a byte now and then (never silent long enough for the silence limit) still meets
// the deadline for the whole answer.
#include <QTest>

#include "net/peer_client.h"
#include "support/timeouts.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace mbc;

class TestPeerClient : public QObject {
    Q_OBJECT
private slots:
    void aTricklingPeerMeetsTheDeadline() {
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
        client.setDeadlineMs(700);
        std::optional<net::PeerReply> reply;
        client.get(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()), "/health",
                   [&](const net::PeerReply& r) { reply = r; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), test::kLongTimeoutMs);
        QVERIFY(!reply->ok());
        QVERIFY2(reply->error.startsWith("no whole answer within 0.7 s"), qPrintable(reply->error));
    }
};

QTEST_GUILESS_MAIN(TestPeerClient)
#include "tst_peer_client.moc"
