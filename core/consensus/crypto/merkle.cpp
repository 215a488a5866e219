#include "consensus/crypto/merkle.h"

#include "consensus/crypto/hashes.h"

namespace mbc {
namespace {

Hash256 hashPair(const Hash256& left, const Hash256& right) {
    const Hash256 once = Sha256().write(left.span()).write(right.span()).finalize();
    return sha256(once.span());
}

std::vector<Hash256> parentLevel(const std::vector<Hash256>& level) {
    std::vector<Hash256> up;
    up.reserve((level.size() + 1) / 2);
    for (std::size_t i = 0; i < level.size(); i += 2) {
        const Hash256& right = i + 1 < level.size() ? level[i + 1] : level[i];
        up.push_back(hashPair(level[i], right));
    }
    return up;
}

} // namespace

Hash256 merkleRoot(std::span<const Hash256> leaves) {
    if (leaves.empty())
        return Hash256{};
    std::vector<Hash256> level(leaves.begin(), leaves.end());
    while (level.size() > 1)
        level = parentLevel(level);
    return level[0];
}

std::optional<MerkleProof> makeMerkleProof(std::span<const Hash256> leaves, std::size_t index) {
    if (index >= leaves.size())
        return std::nullopt;
    MerkleProof proof;
    proof.index = static_cast<std::uint32_t>(index);
    proof.leafCount = static_cast<std::uint32_t>(leaves.size());
    std::vector<Hash256> level(leaves.begin(), leaves.end());
    std::size_t pos = index;
    while (level.size() > 1) {
        const std::size_t sibling = pos ^ 1;
        proof.siblings.push_back(sibling < level.size() ? level[sibling] : level[pos]);
        level = parentLevel(level);
        pos /= 2;
    }
    return proof;
}

bool verifyMerkleProof(const Hash256& leaf, const MerkleProof& proof, const Hash256& root) {
    if (proof.leafCount == 0 || proof.index >= proof.leafCount)
        return false;
    Hash256 node = leaf;
    std::uint64_t pos = proof.index;
    std::uint64_t width = proof.leafCount;
    std::size_t level = 0;
    for (; width > 1; ++level, pos /= 2, width = (width + 1) / 2) {
        if (level >= proof.siblings.size())
            return false;
        const Hash256& sibling = proof.siblings[level];
        if (pos % 2 == 1) {
            node = hashPair(sibling, node);
        } else {
            // The last node of an odd level is paired with itself, and nothing else may be.
            if (pos + 1 == width && sibling != node)
                return false;
            node = hashPair(node, sibling);
        }
    }
    return level == proof.siblings.size() && node == root;
}

} // namespace mbc
