#include "node/node.h"

namespace mbc::node {

Node::NextBlock Node::nextBlock(const PubKeyHash& payee, ListWaiting listWaiting) {
    // A plan costs a pass over the whole mempool, and anyone may ask for one (GET
    // /mining/template): one is made per mempool revision, not per request.
    const bool stale = !plan_ || plan_->mempoolRevision != mempool_.revision() ||
                       (listWaiting == ListWaiting::Yes && plan_->listed == ListWaiting::No);
    if (stale)
        plan_ = CachedPlan{mempool_.revision(), listWaiting,
                           planBlock(mempool_, static_cast<std::size_t>(config_.maxBlockTxs),
                                     kMempoolBytesPerBlock, listWaiting)};
    return {assembleBlock(chain_->tipContext(), params_, plan_->plan.chosen, payee), plan_->plan};
}

} // namespace mbc::node
