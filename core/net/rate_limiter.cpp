#include "net/rate_limiter.h"

#include "net/source_address.h"

#include <algorithm>

namespace mbc::net {

RateLimiter::RateLimiter(int perSecond, Clock clock)
    : perSecond_(perSecond)
    , clock_(std::move(clock)) {
    steady_.start();
}

bool RateLimiter::allow(const QHostAddress& client) {
    if (perSecond_ <= 0)
        return true;
    const qint64 now = clock_ ? clock_() : steady_.elapsed();
    const double burst = 2.0 * perSecond_;
    if (now - lastSweepMs_ > 60'000) {
        for (auto it = buckets_.begin(); it != buckets_.end();)
            it = now - it->lastMs > 60'000 ? buckets_.erase(it) : std::next(it);
        lastSweepMs_ = now;
    }
    const QString key = sourceKey(client);
    auto found = buckets_.find(key);
    if (found == buckets_.end()) {
        if (buckets_.size() >= kMaxBuckets) { // a full bucket is the same as none: forget those
            for (auto it = buckets_.begin(); it != buckets_.end();)
                it = double(now - it->lastMs) * perSecond_ / 1000.0 + it->tokens >= burst
                         ? buckets_.erase(it)
                         : std::next(it);
            if (buckets_.size() >= kMaxBuckets)
                return true; // more clients busy at once than tracked: past THREATS.md's budget
        }
        found = buckets_.insert(key, Bucket{burst, now});
    }
    Bucket& b = found.value();
    b.tokens = std::min(burst, b.tokens + double(now - b.lastMs) * perSecond_ / 1000.0);
    b.lastMs = now;
    if (b.tokens < 1.0)
        return false;
    b.tokens -= 1.0;
    return true;
}

} // namespace mbc::net
