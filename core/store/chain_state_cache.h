#pragma once

#include "chain/block_record.h"

#include <cstdint>
#include <map>
#include <optional>

namespace mbc::store {

// What the chain store last read or wrote of the chain's state: the tip, the best candidate
// and active blocks by height. Connecting a block asks for these several times, and on
// PostgreSQL each question is a round trip to the server that costs more than the answer.
// The node's connection is the chain's only writer, so the store keeps these up to date with
// its own writes; anything undone on the connection (Database::undoCount) empties the cache,
// as it may have undone writes the cache holds.
class ChainStateCache {
public:
    struct Candidate {
        Hash256 hash;
        UInt256 chainWork;
        std::int64_t seq = 0;
    };
    // Known: whether there is a best candidate, and which.
    using KnownBest = std::optional<Candidate>;

    // Empties the cache if the connection undid anything since it was last checked.
    void checkUndone(std::uint64_t undoCount) {
        if (undoCount == undoCount_)
            return;
        undoCount_ = undoCount;
        tip_.reset();
        best_.reset();
        active_.clear();
    }

    const std::optional<ChainTip>& tip() const { return tip_; }
    void rememberTip(const ChainTip& tip) { tip_ = tip; }
    // The tip row was written: the tip moved, and the UTXO count changed by `utxoDelta`.
    void tipMoved(const std::optional<Hash256>& hash, std::int64_t height, const UInt256& work,
                  std::int64_t utxoDelta) {
        if (tip_)
            tip_ = ChainTip{hash, height, work,
                            static_cast<std::uint64_t>(std::int64_t(tip_->utxoCount) + utxoDelta)};
    }

    const std::optional<KnownBest>& best() const { return best_; }
    void rememberBest(const KnownBest& best) { best_ = best; }
    // A stored block that has just become a candidate may be the new best (more work, or the
    // same work first seen).
    void candidateAdded(const Candidate& c) {
        if (best_ && (!*best_ || c.chainWork > (*best_)->chainWork ||
                      (c.chainWork == (*best_)->chainWork && c.seq < (*best_)->seq)))
            *best_ = c;
    }
    // Candidates left or changed status: the best is read again.
    void candidatesChanged() { best_.reset(); }

    // The active block at a height, or that there is none, if known.
    std::optional<std::optional<Hash256>> activeAt(std::uint32_t height) const {
        const auto it = active_.find(height);
        if (it == active_.end())
            return std::nullopt;
        return it->second;
    }
    void setActiveAt(std::uint32_t height, std::optional<Hash256> hash) {
        if (active_.size() >= kMaxActiveHeights && !active_.contains(height))
            active_.clear(); // lookups are near the tip; the few that matter come back
        active_[height] = hash;
    }

private:
    static constexpr std::size_t kMaxActiveHeights = 4096;
    std::uint64_t undoCount_ = 0;
    std::optional<ChainTip> tip_;
    std::optional<KnownBest> best_;
    std::map<std::uint32_t, std::optional<Hash256>> active_;
};

} // namespace mbc::store
