#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdint>
#include <functional>

namespace mbc::node {

// Log lines that anyone outside can provoke at will (a refused block, a sender's offence) go to
// the log `perMinute` times a minute at most; the rest are counted, and the next line that gets
// through says how many were left out. The log stays readable and its size bounded under a
// flood, and nothing is hidden: the counts add up.
class LogThrottle {
public:
    using Clock = std::function<std::int64_t()>; // milliseconds; steady

    explicit LogThrottle(int perMinute, Clock clock = {});

    // Whether to log a line now. When it says yes, `leftOut` holds how many lines were not
    // logged since the last one that was.
    bool allow(std::uint64_t& leftOut);

private:
    std::int64_t now() const;

    int perMinute_;
    Clock clock_;
    QElapsedTimer steady_;
    std::int64_t windowStartMs_ = 0;
    int inWindow_ = 0;
    std::uint64_t leftOut_ = 0;
};

// What a line that got through adds: "(N similar lines left out)", or nothing.
QString leftOutNote(std::uint64_t leftOut);

} // namespace mbc::node
