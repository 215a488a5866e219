#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/uint256.h"

#include <cstddef>
#include <cstdint>
#include <vector>

// How the chain works, as plain values for the app (NodeInterface): the next block and the
// mempool around it, and the difficulty over the chain.
namespace mbc::node {

// The block the node would mine now, and why the other mempool txs wait (mining policy).
struct NextBlockView {
    struct Tx {
        Hash256 txid;
        Amount fee = 0;
        std::size_t size = 0; // bytes
    };
    enum class Wait {
        BlockFull,   // MAX_BLOCK_TXS txs of higher fee rates fill it
        NoRoom,      // too few bytes left for it
        ParentWaits, // it spends from `parent`, a mempool tx not in the block
    };
    struct Waiting {
        Tx tx;
        Wait reason = Wait::BlockFull;
        Hash256 parent;
    };
    // Fee rates (units per byte, rounded down) from `fromRate` up to the next band's: how many
    // txs go in the next block and how many wait.
    struct Band {
        Amount fromRate = 0;
        std::size_t inBlock = 0;
        std::size_t waiting = 0;
    };
    static constexpr std::size_t kListedWaiting = 500;

    std::int64_t height = 0;
    Amount reward = 0;
    Amount fees = 0;
    std::size_t bytes = 0;        // the whole block's
    std::size_t maxTxs = 0;       // MAX_BLOCK_TXS
    std::vector<Tx> chosen;       // in block order (after the coinbase)
    std::vector<Waiting> waiting; // highest fee rate first, at most kListedWaiting
    std::size_t waitingCount = 0;
    std::vector<Band> bands; // lowest rates first; every band, empty ones too
};

// The fee-rate bands' lower edges, in units per byte.
const std::vector<Amount>& feeRateBandEdges();

// Difficulty over the active chain and what comes next (consensus/PROTOCOL.md §4).
struct DifficultyView {
    struct Point {
        std::uint32_t height = 0;
        std::int64_t timestamp = 0;
        double hashesPerBlock = 0; // the work of its target: expected nonces to meet it
    };
    static constexpr std::uint32_t kPoints = 500;

    std::vector<Point> blocks; // the active chain's last kPoints, oldest first
    bool retargets = false;
    std::uint32_t interval = 0;  // blocks between retargets
    std::int64_t spacing = 0;    // intended seconds between blocks
    std::int64_t nextHeight = 0; // of the next block
    UInt256 nextTarget;          // the next block's
    double nextHashesPerBlock = 0;
    std::int64_t nextRetargetHeight = -1; // -1: the network never retargets
    // Mean seconds between the last `paceBlocks` blocks: `interval` of them, fewer near genesis
    // (0: one block only, no pace).
    std::int64_t paceBlocks = 0;
    double paceSeconds = 0;
    // The target the next retarget would set if the blocks until it came at that pace,
    // computed by the consensus rule (equal to nextTarget without a pace or a retarget).
    UInt256 projectedTarget;
    double projectedHashesPerBlock = 0;
};

// The block index near the tip: every branch the node stores there, the blocks waiting for
// their parents, and the last reorg.
struct ForkTreeView {
    enum class Status {
        Active,    // on the active chain
        ValidFork, // connected once; a reorg left it
        Headers,   // stored with header and structure checked, its txs not yet
        Invalid,   // it or an ancestor failed validation
    };
    struct Block {
        Hash256 hash;
        Hash256 parent;
        std::uint32_t height = 0;
        Status status = Status::Headers;
        std::uint32_t txCount = 0;
    };
    struct Orphan {
        Hash256 hash;
        Hash256 parent; // not stored yet
    };
    struct Reorg {
        std::int64_t forkHeight = -1;
        int disconnected = 0;
        int connected = 0;
        std::vector<Hash256> disconnectedHashes; // the old tip first
        std::vector<Hash256> connectedHashes;    // lowest first
        std::vector<Hash256> returnedTxids;      // back to the mempool
        std::size_t returnedCount = 0;
        std::int64_t at = 0; // seconds since the epoch
    };
    static constexpr std::uint32_t kDepth = 24;    // heights shown below the tip
    static constexpr std::uint32_t kAbove = 12;    // and above it (branches not connected)
    static constexpr std::size_t kMaxBlocks = 500; // of every branch, lowest first
    static constexpr std::size_t kMaxOrphans = 50;

    std::int64_t tipHeight = -1;
    std::vector<Block> blocks; // from tipHeight - kDepth to tipHeight + kAbove, lowest first
    bool more = false;         // more blocks are stored there than kMaxBlocks (the lowest left out)
    std::vector<Orphan> orphans;
    std::size_t orphanCount = 0;
    bool hasReorg = false;
    Reorg lastReorg;
};

} // namespace mbc::node
