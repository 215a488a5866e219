#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QString>

#include <functional>

namespace mbc::net {

struct PeerAddressPolicy;

// One answer from a peer: an HTTP status and body, or why there was none.
struct PeerReply {
    int status = 0;  // 0 when no HTTP answer arrived
    QByteArray body; // at most PeerClient's size limit (or the request's, if lower)
    QString error;   // transport failure (refused, timeout, too large); empty otherwise
    bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
    // "HTTP 400: bad-txns-...", "timed out after 10 s": for logs and messages.
    QString describe() const;
};

// Requests to other nodes' REST APIs (QNetworkAccessManager, on the thread it lives on). Every
// request has a limit on silence, a deadline for the whole answer and a minimum rate once the
// answer has begun (so a peer trickling a byte now and then cannot hold a sync), and a bound
// on the answer's size, and names this node's public URL in X-Peer-Url so the receiver knows
// whom to ask for what it lacks. No request goes to an address PeerAddressPolicy::forbidden
// names (link-local, metadata, unusable), whatever the URL's host name resolves to.
class PeerClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const PeerReply&)>;

    explicit PeerClient(QString publicUrl, QObject* parent = nullptr);

    void setTimeoutMs(int ms) { timeoutMs_ = ms; }
    void setDeadlineMs(int ms) { deadlineMs_ = ms; }
    void setMaxReplyBytes(qint64 bytes) { maxReplyBytes_ = bytes; }
    // Where URLs others named may lead (PeerAddressPolicy::refusalForNamed) is checked on every
    // request to a URL `ownersChoice` does not vouch for, so a host name that passed when it
    // was a candidate cannot be turned toward loopback or a private network later.
    void setNamedUrlPolicy(const PeerAddressPolicy* policy,
                           std::function<bool(const QString& url)> ownersChoice) {
        policy_ = policy;
        ownersChoice_ = std::move(ownersChoice);
    }
    // Bytes per second an answer must average once it has begun, after a grace period.
    void setMinimumRate(qint64 bytesPerSecond, int graceMs) {
        minBytesPerSecond_ = bytesPerSecond;
        rateGraceMs_ = graceMs;
    }

    // With `owner`, the request is abandoned (never sent, or aborted, and `done` not called)
    // once `owner` is destroyed: a request nobody will read stops costing memory. An answer
    // larger than `maxReplyBytes` (if > 0 and below the client's limit) fails as too large.
    void get(const QString& peerUrl, const QString& pathAndQuery, Callback done,
             QObject* owner = nullptr, qint64 maxReplyBytes = 0);
    void post(const QString& peerUrl, const QString& path, const QByteArray& body,
              const QByteArray& contentType, Callback done);

private:
    using Start = std::function<QNetworkReply*(const QNetworkRequest&)>;
    // Checks where the URL leads, then sends the request through `start`.
    void dispatch(const QString& peerUrl, QNetworkRequest request, Start start, Callback done,
                  QObject* owner = nullptr);
    void send(QNetworkReply* reply, Callback done);
    static QNetworkRequest pinned(QNetworkRequest request, const QList<QHostAddress>& addresses);

    QNetworkAccessManager manager_;
    const PeerAddressPolicy* policy_ = nullptr;
    std::function<bool(const QString&)> ownersChoice_;
    QString publicUrl_;
    int timeoutMs_ = 10'000;  // silence
    int deadlineMs_ = 60'000; // the whole answer (THREATS.md: one page)
    qint64 maxReplyBytes_ = 16'000'000;
    qint64 minBytesPerSecond_ = 16'000; // THREATS.md: the request budget, applied both ways
    int rateGraceMs_ = 2'000;
};

} // namespace mbc::net
