#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace mbc {

// What anyone can make the chain hold, within THREATS.md's budgets.
struct ChainLimits {
    // A block off the active chain is stored only if its branch's work is at least the active
    // chain's work at `sideBranchMarginBlocks` below the tip: a competitor may trail by that
    // many blocks of work. A branch further behind is stored only once its headers prove it
    // has more work than the active chain (Blockchain::admitHeaders, which sync uses).
    std::uint32_t sideBranchMarginBlocks = 6;
    // Blocks whose parent is unknown, oldest evicted first.
    std::size_t maxOrphans = 100;
    std::size_t maxOrphanBytes = 32'000'000;
    // Transactions of disconnected blocks held for the mempool while a reorg runs.
    std::size_t maxDisconnectedTxBytes = 100'000'000;
    // Headers admitted ahead of their bodies; all are forgotten when full (sync admits again).
    std::size_t maxAdmittedHeaders = 100'000;
};

// How much of a reorg one call may do (the rest is left for later calls), so that a deep reorg
// never holds the node's thread for long. At least one block is always done.
struct ActivationBudget {
    std::size_t maxSteps = std::numeric_limits<std::size_t>::max(); // blocks (dis)connected
    std::chrono::steady_clock::duration maxTime = std::chrono::steady_clock::duration::max();

    static ActivationBudget unlimited() { return {}; }
};

} // namespace mbc
