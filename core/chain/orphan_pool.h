#pragma once

#include "consensus/primitives/block.h"

#include <cstddef>
#include <deque>
#include <map>
#include <vector>

namespace mbc {

// Blocks whose parent is not known yet, kept (bounded) until it arrives. The oldest go first
// when the pool is full, so a flood of orphans costs at most the bound.
class OrphanPool {
public:
    explicit OrphanPool(std::size_t maxBlocks = 200, std::size_t maxBytes = 16'000'000);

    // False if already held.
    bool add(const Hash256& hash, Block block, std::size_t size);
    bool contains(const Hash256& hash) const { return blocks_.count(hash) != 0; }
    // Removes and returns the orphans whose parent is `parent`, oldest first.
    std::vector<Block> takeChildrenOf(const Hash256& parent);

    std::size_t size() const { return blocks_.size(); }
    std::size_t bytes() const { return bytes_; }

private:
    struct Entry {
        Block block;
        std::size_t size;
    };
    void evictOldest();
    void erase(const Hash256& hash);

    std::size_t maxBlocks_, maxBytes_;
    std::size_t bytes_ = 0;
    std::map<Hash256, Entry> blocks_;
    std::multimap<Hash256, Hash256> byParent_; // parent hash -> orphan hash
    std::deque<Hash256> arrival_;              // oldest first (may hold removed hashes)
};

} // namespace mbc
