#pragma once

// A raw HTTP client for tests of the REST server's connection handling: it sends bytes as
// given, from a chosen loopback source address (127.0.0.2 stands for another host), and keeps
// what it receives.
#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

namespace mbc::net::testing {

// A client that speaks raw bytes from a chosen source address and keeps what it receives.
class RawClient {
public:
    RawClient(quint16 port, const QString& source = "127.0.0.1", int receiveBuffer = 0) {
        if (receiveBuffer > 0) { // the kernel's buffer and Qt's: what the client takes unread
            socket_.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, receiveBuffer);
            socket_.setReadBufferSize(receiveBuffer);
        }
        socket_.bind(QHostAddress(source));
        socket_.connectToHost(QHostAddress::LocalHost, port);
    }
    bool connected() { return socket_.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray& bytes) { socket_.write(bytes); }
    void stopReading() { reading_ = false; }
    void startReading() {
        reading_ = true;
        socket_.setReadBufferSize(0);
    }
    // Everything received so far (read only while reading).
    const QByteArray& received() {
        if (reading_)
            received_ += socket_.readAll();
        return received_;
    }
    bool closed() {
        received();
        return socket_.state() == QAbstractSocket::UnconnectedState;
    }
    // The status of the first answer, 0 before one arrived.
    int status() {
        const QByteArray& r = received();
        return r.startsWith("HTTP/1.1 ") && r.size() >= 12 ? r.mid(9, 3).toInt() : 0;
    }

private:
    QTcpSocket socket_;
    QByteArray received_;
    bool reading_ = true;
};

inline QByteArray get(const QByteArray& path, const QByteArray& extra = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

inline QByteArray post(const QByteArray& path, const QByteArray& body = "{}") {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace mbc::net::testing
