#include "chain/orphan_pool.h"

namespace mbc {

OrphanPool::OrphanPool(std::size_t maxBlocks, std::size_t maxBytes)
    : maxBlocks_(maxBlocks)
    , maxBytes_(maxBytes) {}

bool OrphanPool::add(const Hash256& hash, Block block, std::size_t size) {
    if (contains(hash) || size > maxBytes_ || maxBlocks_ == 0)
        return false;
    while (!blocks_.empty() && (blocks_.size() >= maxBlocks_ || bytes_ + size > maxBytes_))
        evictOldest();
    byParent_.emplace(block.header.prevHash, hash);
    blocks_.emplace(hash, Entry{std::move(block), size});
    arrival_.push_back(hash);
    bytes_ += size;
    return true;
}

std::vector<Block> OrphanPool::takeChildrenOf(const Hash256& parent) {
    std::vector<Hash256> hashes;
    const auto [first, last] = byParent_.equal_range(parent);
    for (auto it = first; it != last; ++it)
        hashes.push_back(it->second);
    std::vector<Block> out;
    // arrival_ order is the order of adding; keep it for the children.
    for (const Hash256& h : arrival_)
        for (const Hash256& child : hashes)
            if (h == child && contains(child)) {
                out.push_back(std::move(blocks_.at(child).block));
                erase(child);
            }
    return out;
}

void OrphanPool::evictOldest() {
    while (!arrival_.empty()) {
        const Hash256 oldest = arrival_.front();
        arrival_.pop_front();
        if (contains(oldest)) {
            erase(oldest);
            return;
        }
    }
}

void OrphanPool::erase(const Hash256& hash) {
    auto it = blocks_.find(hash);
    if (it == blocks_.end())
        return;
    const auto [first, last] = byParent_.equal_range(it->second.block.header.prevHash);
    for (auto p = first; p != last; ++p)
        if (p->second == hash) {
            byParent_.erase(p);
            break;
        }
    bytes_ -= it->second.size;
    blocks_.erase(it);
    if (blocks_.empty())
        arrival_.clear();
}

} // namespace mbc
