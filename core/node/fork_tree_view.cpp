#include "node/chain_view_builders.h"
#include "node/node.h"

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
        const auto from =
            std::uint32_t(std::max<std::int64_t>(0, tip.height - ForkTreeView::kDepth));
        std::vector<BlockRecord> records =
            node.queries().recordsFromHeight(from, ForkTreeView::kMaxBlocks + 1);
        v.more = records.size() > ForkTreeView::kMaxBlocks;
        records.resize(std::min(records.size(), ForkTreeView::kMaxBlocks));
        // One read of the active chain over the same heights tells which are on it.
        std::vector<Hash256> active;
        for (const BlockRecord& r :
             node.queries().activeRecords(from, std::uint32_t(tip.height - from + 1)))
            active.push_back(r.hash);
        for (const BlockRecord& r : records) {
            const bool onActive = r.height >= from && r.height - from < active.size() &&
                                  active[r.height - from] == r.hash;
            v.blocks.push_back(
                {r.hash, r.header.prevHash, r.height, statusOf(r, onActive), r.txCount});
        }
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
