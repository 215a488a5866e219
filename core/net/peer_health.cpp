#include "net/peer_health.h"

#include <algorithm>

namespace mbc::net {

PeerHealth::State PeerHealth::state(const QString& url) const {
    const auto it = states_.find(url);
    return it == states_.end() ? State{} : it->second;
}

bool PeerHealth::banned(const QString& url, std::int64_t nowMs) const {
    return state(url).bannedUntilMs > nowMs;
}

bool PeerHealth::usable(const QString& url, std::int64_t nowMs) const {
    const State s = state(url);
    return s.bannedUntilMs <= nowMs && s.retryAtMs <= nowMs;
}

void PeerHealth::reached(const QString& url) {
    State& s = states_[url];
    s.failuresInRow = 0;
    s.retryAtMs = 0;
}

std::int64_t PeerHealth::unreachable(const QString& url, std::int64_t nowMs) {
    State& s = states_[url];
    const int doublings = std::min(s.failuresInRow, 20);
    ++s.failuresInRow;
    s.retryAtMs = nowMs + std::min(kMaxBackoffMs, kFirstBackoffMs << doublings);
    return s.retryAtMs;
}

bool PeerHealth::offended(const QString& url, std::int64_t nowMs) {
    State& s = states_[url];
    ++s.totalOffences;
    if (++s.offences < kOffencesBeforeBan)
        return false;
    s.offences = 0;
    s.bannedUntilMs = nowMs + banMs_;
    return true;
}

} // namespace mbc::net
