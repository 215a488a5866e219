#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/transaction.h"
#include "consensus/primitives/uint256.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mbc {

// Largest serialized block (consensus/PROTOCOL.md §5); also bounds a single transaction.
inline constexpr std::size_t MAX_BLOCK_SIZE = 1'000'000;
inline constexpr std::size_t HEADER_SIZE = 108;

// The 108-byte header (consensus/PROTOCOL.md §4).
struct BlockHeader {
    std::int32_t version = 1;
    Hash256 prevHash; // all zero for a genesis block
    Hash256 merkleRoot;
    std::uint32_t timestamp = 0;
    UInt256 target;
    std::uint32_t nonce = 0;

    bool isGenesis() const { return prevHash.isZero(); }
    bool operator==(const BlockHeader&) const = default;
};

struct Block {
    BlockHeader header;
    std::vector<Transaction> transactions; // the coinbase first
    bool operator==(const Block&) const = default;
};

} // namespace mbc
