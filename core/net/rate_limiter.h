#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

namespace mbc::net {

// A token bucket per client address: `perSecond` requests per second on average, bursts up to
// twice that. Zero disables limiting. Buckets of clients silent for a minute are forgotten.
class RateLimiter {
public:
    explicit RateLimiter(int perSecond);
    bool allow(const QHostAddress& client);

private:
    struct Bucket {
        double tokens;
        qint64 lastMs;
    };
    int perSecond_;
    QHash<QString, Bucket> buckets_;
    QElapsedTimer clock_;
    qint64 lastSweepMs_ = 0;
};

} // namespace mbc::net
