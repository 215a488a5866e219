#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"
#include "node/chain_view_builders.h"
#include "node/node.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mbc::node {

DifficultyView difficultyView(Node& node) {
    const NetworkParams& params = node.params();
    DifficultyView v;
    v.retargets = params.retarget;
    v.interval = params.retargetInterval;
    v.spacing = params.targetSpacing;
    const ChainTip tip = node.tip();
    v.nextHeight = tip.height + 1;
    v.nextTarget = node.nextTarget();
    v.nextHashesPerBlock = blockWork(v.nextTarget).toDouble();
    v.projectedTarget = v.nextTarget;
    v.projectedHashesPerBlock = v.nextHashesPerBlock;
    if (tip.height >= 0) {
        const auto count = std::min<std::int64_t>(DifficultyView::kPoints, tip.height + 1);
        for (const BlockRecord& r : node.queries().activeRecords(
                 static_cast<std::uint32_t>(tip.height + 1 - count), std::uint32_t(count)))
            v.blocks.push_back(
                {r.height, r.header.timestamp, blockWork(r.header.target).toDouble()});
    }
    if (!params.retarget || params.retargetInterval == 0)
        return v;

    // The next height that retargets, and the block whose timestamp starts its measured span.
    const std::int64_t interval = params.retargetInterval;
    const std::int64_t retarget =
        std::max(interval, (v.nextHeight + interval - 1) / interval * interval);
    v.nextRetargetHeight = retarget;
    const std::int64_t spanStart = retarget - interval;
    // (By position, which holds while the heights read are consecutive; rows that are not, a
    // damaged store's, find nothing rather than read past the end.)
    const auto at = [&v](std::int64_t height) -> const DifficultyView::Point* {
        if (v.blocks.empty() || height < v.blocks.front().height)
            return nullptr;
        const auto i = std::size_t(height - v.blocks.front().height);
        return i < v.blocks.size() && v.blocks[i].height == height ? &v.blocks[i] : nullptr;
    };
    // The pace over the last `interval` blocks (fewer near genesis): a sliding window, so that
    // there is one right after a retarget too.
    const std::int64_t paceFrom = std::max<std::int64_t>(0, tip.height - interval);
    const DifficultyView::Point* first = at(paceFrom);
    if (!first || tip.height <= paceFrom)
        return v;
    v.paceBlocks = tip.height - paceFrom;
    v.paceSeconds = double(v.blocks.back().timestamp - first->timestamp) / double(v.paceBlocks);

    if (v.nextHeight == retarget)
        return v; // the next block retargets: its target is known already

    // The span's timestamps: those of the chain, then the blocks still to come at the pace.
    std::vector<std::uint32_t> timestamps;
    for (std::int64_t h = spanStart; h < retarget; ++h) {
        if (const auto* p = at(h)) {
            timestamps.push_back(std::uint32_t(p->timestamp));
            continue;
        }
        const double projected =
            double(v.blocks.back().timestamp) + v.paceSeconds * double(h - tip.height);
        timestamps.push_back(std::uint32_t(
            std::clamp(std::llround(projected), 0LL,
                       static_cast<long long>(std::numeric_limits<std::uint32_t>::max()))));
    }
    v.projectedTarget = expectedTarget(params, std::uint32_t(retarget), v.nextTarget, timestamps);
    v.projectedHashesPerBlock = blockWork(v.projectedTarget).toDouble();
    return v;
}

} // namespace mbc::node
