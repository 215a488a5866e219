#include "chain/orphan_pool.h"

#include <algorithm>

namespace mbc {
namespace {

template <typename Multimap, typename Key, typename Value>
void eraseOne(Multimap& map, const Key& key, const Value& value) {
    const auto [first, last] = map.equal_range(key);
    for (auto it = first; it != last; ++it)
        if (it->second == value) {
            map.erase(it);
            return;
        }
}

} // namespace

OrphanPool::OrphanPool(std::size_t maxBlocks, std::size_t maxBytes)
    : maxBlocks_(maxBlocks)
    , maxBytes_(maxBytes) {}

bool OrphanPool::holds(const Hash256& hash, const Block& block) const {
    const auto [first, last] = byHash_.equal_range(hash);
    return std::any_of(first, last,
                       [&](const auto& e) { return entries_.at(e.second).block == block; });
}

bool OrphanPool::add(const Hash256& hash, Block block, std::size_t size, bool preferred) {
    if (size > maxBytes_ || maxBlocks_ == 0 || holds(hash, block))
        return false;
    if (byHash_.count(hash) >= kMaxBodiesPerHash) {
        // Full for this hash: a preferred body takes the place of the newest other one.
        std::optional<Id> newestOther;
        const auto [first, last] = byHash_.equal_range(hash);
        for (auto it = first; it != last; ++it)
            if (!entries_.at(it->second).preferred && (!newestOther || it->second > *newestOther))
                newestOther = it->second;
        if (!preferred || !newestOther)
            return false;
        (void)take(*newestOther);
    }
    while (!entries_.empty() && (entries_.size() >= maxBlocks_ || bytes_ + size > maxBytes_))
        (void)take(entries_.begin()->first);
    const Id id = nextId_++;
    byHash_.emplace(hash, id);
    byParent_.emplace(block.header.prevHash, id);
    entries_.emplace(id, Entry{hash, std::move(block), size, preferred});
    bytes_ += size;
    return true;
}

std::vector<Block> OrphanPool::takeChildrenOf(const Hash256& parent) {
    return takeAll(byParent_, parent);
}

std::vector<Block> OrphanPool::takeBodiesOf(const Hash256& hash) {
    return takeAll(byHash_, hash);
}

std::optional<Block> OrphanPool::takeFirstBodyOf(const Hash256& hash) {
    const std::vector<Id> ids = idsOf(byHash_, hash);
    if (ids.empty())
        return std::nullopt;
    return take(ids.front()).block;
}

std::vector<OrphanPool::Id> OrphanPool::idsOf(const std::multimap<Hash256, Id>& index,
                                              const Hash256& key) const {
    std::vector<Id> ids;
    const auto [first, last] = index.equal_range(key);
    for (auto it = first; it != last; ++it)
        ids.push_back(it->second);
    // Preferred bodies first, then in arrival order.
    std::sort(ids.begin(), ids.end(), [this](Id a, Id b) {
        const bool pa = entries_.at(a).preferred, pb = entries_.at(b).preferred;
        return pa != pb ? pa : a < b;
    });
    return ids;
}

std::vector<Block> OrphanPool::takeAll(const std::multimap<Hash256, Id>& index,
                                       const Hash256& key) {
    std::vector<Block> out;
    for (Id id : idsOf(index, key))
        out.push_back(take(id).block);
    return out;
}

OrphanPool::Entry OrphanPool::take(Id id) {
    Entry e = std::move(entries_.extract(id).mapped());
    eraseOne(byHash_, e.hash, id);
    eraseOne(byParent_, e.block.header.prevHash, id);
    bytes_ -= e.size;
    return e;
}

std::vector<std::pair<Hash256, Hash256>> OrphanPool::list(std::size_t limit) const {
    std::vector<std::pair<Hash256, Hash256>> out;
    for (const auto& [id, e] : entries_) {
        if (out.size() == limit)
            break;
        out.emplace_back(e.hash, e.block.header.prevHash);
    }
    return out;
}

} // namespace mbc
