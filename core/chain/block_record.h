#pragma once

#include "consensus/primitives/block.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace mbc {

// How far a stored block has been checked.
enum class BlockStatus {
    Stored,        // header and structure valid against its parent; transactions not yet checked
    Valid,         // fully validated: it has been connected to the active chain
    Invalid,       // failed validation
    InvalidParent, // descends from an invalid block
};

std::string_view blockStatusName(BlockStatus status); // "stored", "valid", ...
std::optional<BlockStatus> parseBlockStatus(std::string_view name);

// What the block index knows about one block, on any branch.
struct BlockRecord {
    Hash256 hash;
    BlockHeader header;
    std::uint32_t height = 0;
    UInt256 chainWork; // sum of work from genesis through this block
    BlockStatus status = BlockStatus::Stored;
    std::int64_t seq = 0; // first-seen order: breaks chain-work ties
    std::uint32_t size = 0;
    std::uint32_t txCount = 0;
    std::int64_t receivedAt = 0;

    bool isInvalid() const {
        return status == BlockStatus::Invalid || status == BlockStatus::InvalidParent;
    }
};

// The active chain's tip; empty before genesis.
struct ChainTip {
    std::optional<Hash256> hash;
    std::int64_t height = -1;
    UInt256 chainWork;
    std::uint64_t utxoCount = 0;

    bool empty() const { return !hash.has_value(); }
    bool operator==(const ChainTip&) const = default;
};

} // namespace mbc
