#include "support/scripted_peer.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace mbc::test {

ScriptedPeer::ScriptedPeer() {
    server_.listen(QHostAddress::LocalHost, 0);
    connect(&server_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = server_.nextPendingConnection()) {
            ++connections_;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

QString ScriptedPeer::url() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort());
}

void ScriptedPeer::serve(QTcpSocket* socket) {
    QByteArray request = socket->property("buffer").toByteArray() + socket->readAll();
    const qsizetype headerEnd = request.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        socket->setProperty("buffer", request);
        return;
    }
    qsizetype contentLength = 0;
    for (const QByteArray& line : request.left(headerEnd).split('\n'))
        if (line.toLower().startsWith("content-length:"))
            contentLength = line.mid(15).trimmed().toLongLong();
    if (request.size() < headerEnd + 4 + contentLength) {
        socket->setProperty("buffer", request);
        return;
    }
    socket->setProperty("buffer", QByteArray());
    const QList<QByteArray> firstLine = request.left(request.indexOf("\r\n")).split(' ');
    const QString path =
        firstLine.size() > 1 ? QString::fromLatin1(firstLine[1]).section('?', 0, 0) : QString();
    counts_[path] += 1;
    bodies_[path].append(request.mid(headerEnd + 4, contentLength));
    queries_[path].append(firstLine.size() > 1 ? QString::fromLatin1(firstLine[1]).section('?', 1)
                                               : QString());
    const QList<Answer> scripted = answers_.value(path);
    const Answer a = scripted.isEmpty()
                         ? Answer{404, "application/json", "{\"detail\":\"not-found\"}"}
                         : scripted[(counts_[path] - 1) % scripted.size()];
    const QByteArray head =
        "HTTP/1.1 " + QByteArray::number(a.status) + " Scripted\r\nContent-Type: " + a.contentType +
        "\r\nContent-Length: " + QByteArray::number(a.body.size()) +
        (locations_.contains(path) ? "\r\nLocation: " + locations_[path] : QByteArray()) +
        "\r\nConnection: close\r\n\r\n";
    if (a.trickleMs <= 0) {
        socket->write(head + a.body);
        socket->disconnectFromHost();
        return;
    }
    socket->write(head);
    auto* drip = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    connect(drip, &QTimer::timeout, socket, [socket, body = a.body, piece = a.trickleBytes, sent] {
        if (*sent < body.size()) {
            socket->write(body.mid(*sent, piece));
            *sent += piece;
        } else {
            socket->disconnectFromHost();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, size = a.body.size(), sent] {
        if (*sent < size)
            ++cutOff_;
    });
    drip->start(a.trickleMs);
}

} // namespace mbc::test
