#pragma once

#include <QString>

#include <cstdint>
#include <map>

namespace mbc::net {

// How each peer has behaved, kept in memory: unreachable peers are retried after a back-off
// that doubles with each failure in a row (never dropped for good), and peers that send
// invalid data are banned for a while after a few offences. Times are milliseconds.
class PeerHealth {
public:
    static constexpr std::int64_t kFirstBackoffMs = 2'000;
    static constexpr std::int64_t kMaxBackoffMs = 300'000;
    static constexpr int kOffencesBeforeBan = 3;
    static constexpr std::size_t kMaxTracked = 2'000; // URLs; banned ones are kept longest

    explicit PeerHealth(std::int64_t banMs)
        : banMs_(banMs) {}

    // Neither banned nor waiting out a back-off.
    bool usable(const QString& url, std::int64_t nowMs) const;
    bool banned(const QString& url, std::int64_t nowMs) const;

    void reached(const QString& url);
    // Returns when the peer may be tried again.
    std::int64_t unreachable(const QString& url, std::int64_t nowMs);
    // Returns true if this offence got the peer banned.
    bool offended(const QString& url, std::int64_t nowMs);

    struct State {
        int failuresInRow = 0;
        std::int64_t retryAtMs = 0;
        int offences = 0; // since the last ban
        std::int64_t bannedUntilMs = 0;
        std::uint64_t totalOffences = 0;
    };
    State state(const QString& url) const;
    void forget(const QString& url) { states_.erase(url); }

private:
    State& track(const QString& url, std::int64_t nowMs);

    std::int64_t banMs_;
    std::map<QString, State> states_;
};

} // namespace mbc::net
