#include "net/peer_candidates.h"

#include <algorithm>

namespace mbc::net {

bool PeerCandidates::contains(const QString& url) const {
    return std::any_of(waiting_.begin(), waiting_.end(),
                       [&](const Candidate& c) { return c.url == url; });
}

bool PeerCandidates::offer(Candidate candidate) {
    if (capacity_ == 0 || perSource_ == 0 || contains(candidate.url))
        return false;
    const auto sameSource = [&](const Candidate& c) { return c.source == candidate.source; };
    if (std::size_t(std::count_if(waiting_.begin(), waiting_.end(), sameSource)) >= perSource_)
        waiting_.erase(std::find_if(waiting_.begin(), waiting_.end(), sameSource));
    else if (waiting_.size() >= capacity_)
        waiting_.pop_front();
    waiting_.push_back(std::move(candidate));
    return true;
}

std::optional<PeerCandidates::Candidate> PeerCandidates::takeNext() {
    if (waiting_.empty())
        return std::nullopt;
    Candidate next = std::move(waiting_.front());
    waiting_.pop_front();
    return next;
}

void PeerCandidates::remove(const QString& url) {
    std::erase_if(waiting_, [&](const Candidate& c) { return c.url == url; });
}

} // namespace mbc::net
