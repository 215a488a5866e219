#include "net/peer_client.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace mbc::net {

QString PeerReply::describe() const {
    if (!error.isEmpty())
        return error;
    QString detail = QString::fromUtf8(body.left(300)).simplified();
    return QStringLiteral("HTTP %1%2")
        .arg(status)
        .arg(detail.isEmpty() ? QString() : ": " + detail);
}

PeerClient::PeerClient(QString publicUrl, QObject* parent)
    : QObject(parent)
    , publicUrl_(std::move(publicUrl)) {
    manager_.setAutoDeleteReplies(true);
}

namespace {

QNetworkRequest requestFor(const QString& peerUrl, const QString& pathAndQuery,
                           const QString& publicUrl, int timeoutMs) {
    QNetworkRequest request(QUrl(peerUrl + pathAndQuery));
    request.setTransferTimeout(timeoutMs);
    request.setRawHeader("X-Peer-Url", publicUrl.toUtf8());
    request.setRawHeader("User-Agent", "MiniBitcoin/" MINIBITCOIN_VERSION);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    return request;
}

} // namespace

void PeerClient::get(const QString& peerUrl, const QString& pathAndQuery, Callback done) {
    send(manager_.get(requestFor(peerUrl, pathAndQuery, publicUrl_, timeoutMs_)), std::move(done));
}

void PeerClient::post(const QString& peerUrl, const QString& path, const QByteArray& body,
                      const QByteArray& contentType, Callback done) {
    QNetworkRequest request = requestFor(peerUrl, path, publicUrl_, timeoutMs_);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    send(manager_.post(request, body), std::move(done));
}

void PeerClient::send(QNetworkReply* reply, Callback done) {
    const qint64 limit = maxReplyBytes_;
    // A peer cannot make us buffer more than the limit, whatever it claims or sends.
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [reply, limit](qint64 received, qint64 total) {
                if (received > limit || total > limit) {
                    reply->setProperty("tooLarge", true);
                    reply->abort();
                }
            });
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply] {
        reply->setProperty("pastDeadline", true);
        reply->abort();
    });
    deadline->start(deadlineMs_);
    const int timeoutMs = timeoutMs_, deadlineMs = deadlineMs_;
    connect(reply, &QNetworkReply::finished, this,
            [reply, done = std::move(done), limit, timeoutMs, deadlineMs] {
                PeerReply r;
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->property("tooLarge").toBool()) {
                    r.error = QStringLiteral("answer larger than %1 bytes").arg(limit);
                } else if (reply->property("pastDeadline").toBool()) {
                    r.error =
                        QStringLiteral("no whole answer within %1 s").arg(deadlineMs / 1000.0);
                } else if (reply->error() == QNetworkReply::OperationCanceledError ||
                           reply->error() == QNetworkReply::TimeoutError) {
                    r.error = QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000.0);
                } else if (r.status == 0) {
                    r.error = reply->errorString();
                }
                if (r.error.isEmpty())
                    r.body = reply->readAll();
                done(r);
            });
}

} // namespace mbc::net
