#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

#include <functional>

namespace mbc::net {

// A token bucket per client (its sourceKey(): an IPv6 client by its /64): `perSecond` requests
// per second on average, bursts up to twice that. Zero disables limiting. Buckets of clients
// silent for a minute are forgotten, and at most kMaxBuckets are kept.
class RateLimiter {
public:
    using Clock = std::function<qint64()>; // milliseconds, from any start
    static constexpr qsizetype kMaxBuckets = 10'000;

    // `clock`: a monotonic clock (a steady one by default; tests pass their own).
    explicit RateLimiter(int perSecond, Clock clock = {});
    bool allow(const QHostAddress& client);

private:
    struct Bucket {
        double tokens;
        qint64 lastMs;
    };
    int perSecond_;
    QHash<QString, Bucket> buckets_;
    QElapsedTimer steady_;
    Clock clock_;
    qint64 lastSweepMs_ = 0;
};

} // namespace mbc::net
