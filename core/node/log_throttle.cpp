#include "node/log_throttle.h"

namespace mbc::node {

LogThrottle::LogThrottle(int perMinute, Clock clock)
    : perMinute_(perMinute)
    , clock_(std::move(clock)) {
    steady_.start();
    windowStartMs_ = now();
}

std::int64_t LogThrottle::now() const {
    return clock_ ? clock_() : steady_.elapsed();
}

bool LogThrottle::allow(std::uint64_t& leftOut) {
    const std::int64_t t = now();
    if (t - windowStartMs_ >= 60'000) {
        windowStartMs_ = t;
        inWindow_ = 0;
    }
    if (inWindow_ >= perMinute_) {
        ++leftOut_;
        return false;
    }
    ++inWindow_;
    leftOut = leftOut_;
    leftOut_ = 0;
    return true;
}

QString leftOutNote(std::uint64_t leftOut) {
    return leftOut ? QStringLiteral("(%1 similar lines left out)").arg(leftOut) : QString();
}

} // namespace mbc::node
