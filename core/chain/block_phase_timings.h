#pragma once

#include <array>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace mbc {

// Where the node's time goes on the blocks it receives, summed since start: GET /metrics shows
// it, and the benchmarks print it. Each phase is measured where it runs; a block that is
// refused or stored on a side branch stops adding at the step that ended it.
enum class BlockPhase : std::size_t {
    Decode,   // request body or synced page to Blocks
    Wait,     // a sync waiting for its page's signatures (checked ahead on the pool's workers)
    Header,   // duplicate and parent lookups, the header's rules
    Txids,    // txids, merkle root and the body's own rules
    Store,    // the block's bytes and record written
    Stage,    // its outputs, spends and tip written, uncommitted (which reads the coins it
              // spends and finds any of its txids the chain has)
    Validate, // the block's rules and its signatures (waiting for the pool's workers)
    Commit,   // the store's commit
    Announce, // mempool, wallet and listeners told
};
inline constexpr std::size_t kBlockPhaseCount = 9;
inline constexpr std::array<std::string_view, kBlockPhaseCount> kBlockPhaseNames = {
    "decode", "wait", "header", "txids", "store", "stage", "validate", "commit", "announce"};

class PhaseTimer;

class BlockPhaseTimings {
public:
    void add(BlockPhase phase, std::chrono::steady_clock::duration d) {
        nanoseconds_[std::size_t(phase)] +=
            std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    }
    double seconds(BlockPhase phase) const {
        return double(nanoseconds_[std::size_t(phase)]) / 1e9;
    }

private:
    friend class PhaseTimer;
    std::array<std::int64_t, kBlockPhaseCount> nanoseconds_{};
    PhaseTimer* running_ = nullptr; // the innermost
};

// Adds the time from its construction to its destruction (or to stop()) to one phase, less
// the time of timers started and stopped meanwhile (a held sync batch committed by a block's
// first use of the store counts as `commit`, not also as that block's step): the phases add up
// to the time they took. Timers of one BlockPhaseTimings run on one thread and stop in the
// reverse order of their start.
class PhaseTimer {
public:
    PhaseTimer(BlockPhaseTimings& timings, BlockPhase phase)
        : timings_(&timings)
        , outer_(timings.running_)
        , phase_(phase)
        , start_(std::chrono::steady_clock::now()) {
        timings.running_ = this;
    }
    ~PhaseTimer() { stop(); }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;
    void stop() {
        if (!timings_)
            return;
        assert(timings_->running_ == this);
        const auto took = std::chrono::steady_clock::now() - start_;
        timings_->add(phase_, took - nested_);
        if (outer_)
            outer_->nested_ += took;
        timings_->running_ = outer_;
        timings_ = nullptr;
    }

private:
    BlockPhaseTimings* timings_;
    PhaseTimer* outer_;
    BlockPhase phase_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::duration nested_{};
};

} // namespace mbc
