#pragma once

#include "consensus/primitives/fixed_bytes.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace mbc {

// Merkle root over txids in block order (consensus/PROTOCOL.md §4): an odd level duplicates its
// last hash; a pair is sha256d(left | right); one leaf is its own root. No leaves: all zero.
Hash256 merkleRoot(std::span<const Hash256> leaves);

// What a light client needs to check that a tx is in a block whose header it has.
struct MerkleProof {
    std::uint32_t index = 0;       // the tx's position in the block
    std::uint32_t leafCount = 0;   // number of txs in the block
    std::vector<Hash256> siblings; // one per level, leaf level first
};

// nullopt if index is out of range.
std::optional<MerkleProof> makeMerkleProof(std::span<const Hash256> leaves, std::size_t index);

// True only if the proof has exactly one sibling per level of a tree of leafCount leaves,
// duplicates where the tree duplicates, and folds `leaf` up to `root`.
bool verifyMerkleProof(const Hash256& leaf, const MerkleProof& proof, const Hash256& root);

} // namespace mbc
