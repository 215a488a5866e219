#include "support/scripted_peer.h"

#include <QTcpSocket>

namespace mbc::test {

ScriptedPeer::ScriptedPeer() {
    server_.listen(QHostAddress::LocalHost, 0);
    connect(&server_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = server_.nextPendingConnection()) {
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
    const Answer a =
        answers_.value(path, Answer{404, "application/json", "{\"detail\":\"not-found\"}"});
    socket->write("HTTP/1.1 " + QByteArray::number(a.status) + " Scripted\r\nContent-Type: " +
                  a.contentType + "\r\nContent-Length: " + QByteArray::number(a.body.size()) +
                  "\r\nConnection: close\r\n\r\n" + a.body);
    socket->disconnectFromHost();
}

} // namespace mbc::test
