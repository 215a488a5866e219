#include "consensus/serialize/block_serialize.h"
#include "node/chain_view_builders.h"
#include "node/node.h"

#include <algorithm>

namespace mbc::node {
namespace {

NextBlockView::Tx txOf(const MempoolEntry& e) {
    return {e.txid, e.fee, e.size};
}

NextBlockView::Wait waitOf(WaitReason reason) {
    switch (reason) {
    case WaitReason::BlockFull:
        return NextBlockView::Wait::BlockFull;
    case WaitReason::NoRoom:
        return NextBlockView::Wait::NoRoom;
    case WaitReason::ParentWaits:
        break;
    }
    return NextBlockView::Wait::ParentWaits;
}

// The band a tx's fee rate falls in.
std::size_t bandOf(const MempoolEntry& e) {
    const Amount rate = e.size ? e.fee / static_cast<Amount>(e.size) : 0;
    const auto& edges = feeRateBandEdges();
    return std::size_t(std::upper_bound(edges.begin(), edges.end(), rate) - edges.begin()) - 1;
}

} // namespace

NextBlockView nextBlockView(Node& node) {
    const auto next = node.nextBlock(PubKeyHash{}, ListWaiting::Yes);
    NextBlockView v;
    v.height = next.block.height;
    v.reward = node.params().blockReward;
    v.fees = next.block.fees;
    v.bytes = encodedBlockSize(next.block.block);
    v.maxTxs = static_cast<std::size_t>(node.config().maxBlockTxs);
    for (const Amount edge : feeRateBandEdges())
        v.bands.push_back({edge, 0, 0});
    for (const MempoolEntry* e : next.plan.chosen) {
        v.chosen.push_back(txOf(*e));
        ++v.bands[bandOf(*e)].inBlock;
    }
    v.waitingCount = next.plan.waiting.size();
    for (const WaitingTx& w : next.plan.waiting) {
        if (v.waiting.size() < NextBlockView::kListedWaiting)
            v.waiting.push_back({txOf(*w.entry), waitOf(w.reason), w.parent});
        ++v.bands[bandOf(*w.entry)].waiting;
    }
    return v;
}

} // namespace mbc::node
