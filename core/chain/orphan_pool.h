#pragma once

#include "consensus/primitives/block.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace mbc {

// Blocks whose parent is not known yet, kept (bounded) until it arrives. The oldest go first
// when the pool is full, so a flood of orphans costs at most the bound.
//
// A block hash does not commit to signatures and pubkeys, so anyone can send a mutated copy of
// an orphan that the honest body then finds "already held". The pool therefore keeps up to
// kMaxBodiesPerHash different bodies per hash (further copies are refused, never evicting one
// held); when the parent arrives each is tried. The chain keeps a second pool of the same kind
// for other bodies offered for a stored block it has not validated yet.
class OrphanPool {
public:
    static constexpr std::size_t kMaxBodiesPerHash = 4;

    OrphanPool(std::size_t maxBlocks, std::size_t maxBytes);

    // False if this very body is already held, it alone is larger than the pool, or the hash
    // has kMaxBodiesPerHash bodies (a `preferred` one then takes the newest other's place).
    bool add(const Hash256& hash, Block block, std::size_t size, bool preferred = false);
    bool contains(const Hash256& hash) const { return byHash_.count(hash) != 0; }
    bool holds(const Hash256& hash, const Block& block) const;
    // Removes and returns the orphans (every body) whose parent is `parent`, preferred ones
    // first, then oldest first (and so for takeBodiesOf).
    std::vector<Block> takeChildrenOf(const Hash256& parent);
    // Removes and returns the bodies held for `hash` (all, or the first only).
    std::vector<Block> takeBodiesOf(const Hash256& hash);
    std::optional<Block> takeFirstBodyOf(const Hash256& hash);

    // The held blocks (hash, parent), oldest first, at most `limit`.
    std::vector<std::pair<Hash256, Hash256>> list(std::size_t limit) const;
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return bytes_; }
    std::size_t maxBlocks() const { return maxBlocks_; }
    std::size_t maxBytes() const { return maxBytes_; }

private:
    struct Entry {
        Hash256 hash;
        Block block;
        std::size_t size;
        bool preferred = false;
    };
    using Id = std::uint64_t; // arrival order
    Entry take(Id id);        // removes a held entry
    // The entries `index` holds under `key`, in the order they are taken.
    std::vector<Id> idsOf(const std::multimap<Hash256, Id>& index, const Hash256& key) const;
    std::vector<Block> takeAll(const std::multimap<Hash256, Id>& index, const Hash256& key);

    std::size_t maxBlocks_, maxBytes_;
    std::size_t bytes_ = 0;
    Id nextId_ = 0;
    std::map<Id, Entry> entries_; // oldest first
    std::multimap<Hash256, Id> byHash_;
    std::multimap<Hash256, Id> byParent_;
};

} // namespace mbc
