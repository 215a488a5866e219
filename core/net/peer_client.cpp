#include "net/peer_client.h"

#include "net/peer_address_policy.h"
#include "net/source_address.h"
#include "node/logging.h"
#include "node/printable_text.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace mbc::net {

QString PeerReply::describe() const {
    if (!error.isEmpty())
        return error;
    // (The peer's words go to logs, answers and labels: one line, nothing a terminal acts on.)
    QString detail = node::printableText(QString::fromUtf8(body.left(300)).simplified());
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

// A request's own limit on its answer's size, where it has one.
constexpr auto kReplyLimit = QNetworkRequest::Attribute(QNetworkRequest::User + 1);

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

void PeerClient::get(const QString& peerUrl, const QString& pathAndQuery, Callback done,
                     QObject* owner, qint64 maxReplyBytes) {
    QNetworkRequest request = requestFor(peerUrl, pathAndQuery, publicUrl_, timeoutMs_);
    if (maxReplyBytes > 0)
        request.setAttribute(kReplyLimit, maxReplyBytes);
    dispatch(
        peerUrl, request, [this](const QNetworkRequest& request) { return manager_.get(request); },
        std::move(done), owner);
}

void PeerClient::post(const QString& peerUrl, const QString& path, const QByteArray& body,
                      const QByteArray& contentType, Callback done) {
    QNetworkRequest request = requestFor(peerUrl, path, publicUrl_, timeoutMs_);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    dispatch(
        peerUrl, request,
        [this, body](const QNetworkRequest& request) { return manager_.post(request, body); },
        std::move(done));
}

// The host's addresses are checked, and a plain-HTTP request then goes to the first of them
// (naming the host in its Host header), so no later lookup can lead it elsewhere (DNS
// rebinding). HTTPS needs the name for its certificate: the connection resolves it again.
void PeerClient::dispatch(const QString& peerUrl, QNetworkRequest request, Start start,
                          Callback done, QObject* owner) {
    const QPointer<QObject> ownerAlive(owner);
    resolvePeerHost(peerUrl, this,
                    [this, peerUrl, request, start = std::move(start), done = std::move(done),
                     owned = owner != nullptr, ownerAlive](const QList<QHostAddress>& addresses,
                                                           const QString& error) mutable {
                        if (owned && !ownerAlive)
                            return; // abandoned before it was sent
                        PeerReply refused;
                        refused.error = error;
                        const bool named = policy_ && !(ownersChoice_ && ownersChoice_(peerUrl));
                        for (const QHostAddress& a : addresses)
                            if (const auto why = named ? policy_->refusalForNamed(a)
                                                       : PeerAddressPolicy::forbidden(a))
                                refused.error = "not connecting: " + *why;
                        if (!refused.error.isEmpty()) // answered later, as any failure is
                            return QTimer::singleShot(
                                0, this, [done = std::move(done), refused] { done(refused); });
                        QNetworkReply* reply = start(pinned(request, addresses));
                        if (owned) {
                            // Aborted with its owner; its answer then goes to no one.
                            connect(ownerAlive.data(), &QObject::destroyed, reply, [reply] {
                                reply->setProperty("abandoned", true);
                                reply->abort();
                            });
                        }
                        send(reply, std::move(done));
                    });
}

// A plain-HTTP request to a host name goes to a checked address (IPv4 first: a node listening
// on 0.0.0.0 is not reached over IPv6), naming the host in its Host header.
QNetworkRequest PeerClient::pinned(QNetworkRequest request, const QList<QHostAddress>& addresses) {
    QUrl url = request.url();
    if (url.scheme() != "http" || !QHostAddress(url.host()).isNull())
        return request;
    const auto v4 = std::find_if(addresses.begin(), addresses.end(), [](const QHostAddress& a) {
        return plainAddress(a).protocol() == QAbstractSocket::IPv4Protocol;
    });
    request.setRawHeader("Host", url.authority(QUrl::FullyEncoded).toUtf8());
    url.setHost(plainAddress(v4 != addresses.end() ? *v4 : addresses.front()).toString());
    request.setUrl(url);
    return request;
}

void PeerClient::send(QNetworkReply* reply, Callback done) {
    const QVariant ownLimit = reply->request().attribute(kReplyLimit);
    const qint64 limit =
        ownLimit.isValid() ? std::min(ownLimit.toLongLong(), maxReplyBytes_) : maxReplyBytes_;
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
    // Once the answer begins it must keep coming at a minimum average rate.
    auto* pace = new QTimer(reply);
    const auto sinceFirstByte = std::make_shared<QElapsedTimer>();
    const auto begun = [sinceFirstByte] {
        if (!sinceFirstByte->isValid())
            sinceFirstByte->start();
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, begun);
    connect(reply, &QNetworkReply::downloadProgress, reply, begun);
    const qint64 minRate = minBytesPerSecond_, graceMs = rateGraceMs_;
    connect(pace, &QTimer::timeout, reply, [reply, sinceFirstByte, minRate, graceMs] {
        if (!sinceFirstByte->isValid())
            return; // before the answer: the silence limit applies
        const qint64 late = sinceFirstByte->elapsed() - graceMs;
        if (late > 0 && reply->property("received").toLongLong() * 1000 < minRate * late) {
            reply->setProperty("tooSlow", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [reply](qint64 received, qint64) { reply->setProperty("received", received); });
    if (minRate > 0)
        pace->start(500);
    const int timeoutMs = timeoutMs_, deadlineMs = deadlineMs_;
    connect(reply, &QNetworkReply::finished, this,
            [reply, done = std::move(done), limit, timeoutMs, deadlineMs, minRate] {
                if (reply->property("abandoned").toBool())
                    return;
                PeerReply r;
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->property("tooLarge").toBool()) {
                    r.error = QStringLiteral("answer larger than %1 bytes").arg(limit);
                } else if (reply->property("tooSlow").toBool()) {
                    r.error = QStringLiteral("answer slower than %1 bytes per second").arg(minRate);
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
                try { // an exception must not cross Qt's event loop (it would end the node)
                    done(r);
                } catch (const std::exception& e) {
                    qCCritical(lcNet) << "handling an answer from a peer failed:" << e.what();
                }
            });
}

} // namespace mbc::net
