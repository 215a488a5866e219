#pragma once

#include <QHostAddress>
#include <QString>

#include <cstdint>
#include <deque>
#include <optional>

namespace mbc::net {

// URLs others told the node about (an announce, a peer's /peers list) that are not peers yet:
// each is checked (where it leads, whether it answers /health as a node of this network)
// before it may join the peer table, so nobody fills the table with dead or foreign URLs.
// Bounded in all and per source (who offered it), so one sender cannot push out everybody
// else's candidates: a source over its share loses its own oldest, a full table its oldest.
// First in, first checked.
class PeerCandidates {
public:
    struct Candidate {
        QString url;
        // An announce must come from the host its URL names; null for a URL learned from a peer.
        QHostAddress announcedFrom;
        QString source; // who offered it: the announcer's sourceKey(), or the peer it came from
        std::int64_t sinceMs = 0;
    };

    PeerCandidates(std::size_t capacity, std::size_t perSource)
        : capacity_(capacity)
        , perSource_(perSource) {}

    // False if it is a candidate already (nothing changes then).
    bool offer(Candidate candidate);
    std::optional<Candidate> takeNext();
    bool contains(const QString& url) const;
    void remove(const QString& url);
    const std::deque<Candidate>& all() const { return waiting_; }

private:
    std::size_t capacity_;
    std::size_t perSource_;
    std::deque<Candidate> waiting_;
};

} // namespace mbc::net
