#pragma once

#include "json/json_value.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace mbc::test {

struct HttpResult {
    int status = 0; // 0: no answer
    QByteArray body;
    QByteArray contentType;

    // The body as JSON; a null Value if it is not JSON.
    json::Value json() const;
    // The "detail" of an error answer.
    QString detail() const;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Blocking HTTP over a real socket, as any client would talk to the node.
HttpResult httpRequest(const QByteArray& method, const QString& url, const QByteArray& body = {},
                       const Headers& headers = {}, int timeoutMs = 60'000);

// The same, over a connection from `source` (another loopback address, such as 127.0.0.2,
// standing for another host), with "Connection: close".
HttpResult httpRequestFrom(const QString& source, const QByteArray& method, const QString& url,
                           const QByteArray& body = {}, const Headers& headers = {},
                           int timeoutMs = 60'000);

// Writes `raw` bytes to host:port as they are and returns everything the server sends back
// until it closes the connection or `timeoutMs` passes (for malformed requests).
QByteArray rawExchange(const QString& host, quint16 port, const QByteArray& raw,
                       int timeoutMs = 10'000);

// A TCP port on 127.0.0.1 that was free a moment ago, below the system's ephemeral range.
quint16 freePort();

} // namespace mbc::test
