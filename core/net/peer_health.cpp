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

// Bounded: a full map first forgets URLs with nothing against them, then any but the banned.
PeerHealth::State& PeerHealth::track(const QString& url, std::int64_t nowMs) {
    if (states_.size() >= kMaxTracked && !states_.count(url)) {
        for (int pass = 0; pass < 2 && states_.size() >= kMaxTracked; ++pass)
            for (auto it = states_.begin(); it != states_.end();) {
                const State& s = it->second;
                const bool clean = s.failuresInRow == 0 && s.offences == 0;
                it = s.bannedUntilMs <= nowMs && (clean || pass == 1) ? states_.erase(it)
                                                                      : std::next(it);
            }
        if (states_.size() >= kMaxTracked)
            states_.erase(states_.begin());
    }
    return states_[url];
}

void PeerHealth::reached(const QString& url) {
    const auto it = states_.find(url); // nothing to remember of a peer that never failed
    if (it == states_.end())
        return;
    it->second.failuresInRow = 0;
    it->second.retryAtMs = 0;
}

std::int64_t PeerHealth::unreachable(const QString& url, std::int64_t nowMs) {
    State& s = track(url, nowMs);
    const int doublings = std::min(s.failuresInRow, 20);
    ++s.failuresInRow;
    s.retryAtMs = nowMs + std::min(kMaxBackoffMs, kFirstBackoffMs << doublings);
    return s.retryAtMs;
}

bool PeerHealth::offended(const QString& url, std::int64_t nowMs) {
    State& s = track(url, nowMs);
    ++s.totalOffences;
    if (++s.offences < kOffencesBeforeBan)
        return false;
    s.offences = 0;
    s.bannedUntilMs = nowMs + banMs_;
    return true;
}

} // namespace mbc::net
