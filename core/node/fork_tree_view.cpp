#include "node/chain_view_builders.h"
#include "node/node.h"

#include <algorithm>
#include <limits>
#include <set>

namespace mbc::node {
namespace {

ForkTreeView::Status statusOf(const BlockRecord& r, bool active) {
    if (active)
        return ForkTreeView::Status::Active;
    switch (r.status) {
    case BlockStatus::Valid:
        return ForkTreeView::Status::ValidFork;
    case BlockStatus::Stored:
        return ForkTreeView::Status::Headers;
    case BlockStatus::Invalid:
    case BlockStatus::InvalidParent:
        break;
    }
    return ForkTreeView::Status::Invalid;
}

} // namespace

ForkTreeView forkTreeView(Node& node) {
    ForkTreeView v;
    const ChainTip tip = node.tip();
    v.tipHeight = tip.height;
    if (tip.height >= 0) {
        // From kDepth below the tip to kAbove over it (branches stored with more blocks than
        // the active chain: being connected, or invalid), the highest first: a flood of side
        // blocks fills the bound from the top down, and the active chain is always drawn.
        const auto from =
            std::uint32_t(std::max<std::int64_t>(0, tip.height - ForkTreeView::kDepth));
        const auto to = std::uint32_t(std::min<std::int64_t>(
            tip.height + ForkTreeView::kAbove, std::numeric_limits<std::uint32_t>::max()));
        std::vector<BlockRecord> records =
            node.queries().recordsBetween(from, to, ForkTreeView::kMaxBlocks + 1);
        v.more = records.size() > ForkTreeView::kMaxBlocks;
        records.resize(std::min(records.size(), ForkTreeView::kMaxBlocks));
        std::set<Hash256> active;
        for (const BlockRecord& r :
             node.queries().activeRecords(from, std::uint32_t(tip.height - from + 1))) {
            active.insert(r.hash);
            if (std::none_of(records.begin(), records.end(),
                             [&r](const BlockRecord& x) { return x.hash == r.hash; }))
                records.push_back(r);
        }
        // Lowest first, parents before children.
        std::stable_sort(
            records.begin(), records.end(),
            [](const BlockRecord& a, const BlockRecord& b) { return a.height < b.height; });
        for (const BlockRecord& r : records)
            v.blocks.push_back({r.hash, r.header.prevHash, r.height,
                                statusOf(r, active.count(r.hash) > 0), r.txCount});
    }
    const OrphanPool& orphans = node.orphans();
    v.orphanCount = orphans.size();
    for (const auto& [hash, parent] : orphans.list(ForkTreeView::kMaxOrphans))
        v.orphans.push_back({hash, parent});
    if (const auto& r = node.lastReorg()) {
        v.hasReorg = true;
        v.lastReorg = {
            r->forkHeight,      r->disconnected,  r->connected,     r->disconnectedHashes,
            r->connectedHashes, r->returnedTxids, r->returnedCount, r->at};
    }
    return v;
}

} // namespace mbc::node
