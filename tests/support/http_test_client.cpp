#include "support/http_test_client.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>

#include <mutex>
#include <random>

namespace mbc::test {

json::Value HttpResult::json() const {
    auto parsed = json::parse(std::string_view(body.constData(), std::size_t(body.size())));
    if (auto* v = std::get_if<json::Value>(&parsed))
        return std::move(*v);
    return {};
}

QString HttpResult::detail() const {
    const json::Value v = json();
    const json::Value* d = v.find("detail");
    return d && d->isString() ? QString::fromStdString(d->asString()) : QString();
}

HttpResult httpRequest(const QByteArray& method, const QString& url, const QByteArray& body,
                       const Headers& headers, int timeoutMs) {
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    for (const auto& [key, value] : headers)
        request.setRawHeader(key, value);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    delete reply;
    return r;
}

HttpResult httpRequestFrom(const QString& source, const QByteArray& method, const QString& url,
                           const QByteArray& body, const Headers& headers, int timeoutMs) {
    const QUrl target(url);
    QTcpSocket socket;
    HttpResult r;
    if (!socket.bind(QHostAddress(source)))
        return r;
    socket.connectToHost(target.host(), quint16(target.port(80)));
    if (!socket.waitForConnected(timeoutMs))
        return r;
    QByteArray request =
        method + ' ' + target.path(QUrl::FullyEncoded).toUtf8() +
        (target.hasQuery() ? '?' + target.query(QUrl::FullyEncoded).toUtf8() : QByteArray()) +
        " HTTP/1.1\r\nHost: " + target.authority().toUtf8() +
        "\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size());
    bool typed = false;
    for (const auto& [key, value] : headers) {
        request += "\r\n" + key + ": " + value;
        typed = typed || key.toLower() == "content-type";
    }
    if (!typed)
        request += "\r\nContent-Type: application/json";
    socket.write(request + "\r\n\r\n" + body);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeoutMs)
        if (socket.waitForReadyRead(100))
            answer += socket.readAll();
    answer += socket.readAll();
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.1 ") || headEnd < 0)
        return r;
    r.status = answer.mid(9, 3).toInt();
    r.body = answer.mid(headEnd + 4);
    for (const QByteArray& line : answer.left(headEnd).split('\n'))
        if (line.toLower().startsWith("content-type:"))
            r.contentType = line.mid(13).trimmed();
    return r;
}

QByteArray rawExchange(const QString& host, quint16 port, const QByteArray& raw, int timeoutMs) {
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(raw);
    socket.waitForBytesWritten(timeoutMs);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeoutMs) {
        if (socket.waitForReadyRead(100))
            answer += socket.readAll();
    }
    answer += socket.readAll();
    return answer;
}

quint16 freePort() {
    // Below Linux's ephemeral range (32768-60999), from which the system picks the local port
    // of every outgoing connection: a port the system hands out as free can be taken by any
    // test's client socket before the daemon it was meant for binds it (seen: "the bound address
    // is already in use"). At random, so that tests running at once rarely pick the same one;
    // the PostgreSQL fixture's 25432-25532 stay out.
    static std::mt19937 random{std::random_device{}()};
    static std::mutex randomInUse;
    for (int attempt = 0; attempt < 100; ++attempt) {
        quint16 port = 0;
        {
            const std::lock_guard lock(randomInUse);
            port = quint16(std::uniform_int_distribution<int>(10'000, 25'000)(random));
        }
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, port))
            return port;
    }
    QTcpServer probe; // (a hundred taken in a row: whatever the system gives)
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace mbc::test
