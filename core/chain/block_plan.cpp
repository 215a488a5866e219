#include "chain/block_plan.h"

#include <algorithm>
#include <map>
#include <queue>
#include <set>

namespace mbc {
namespace {

std::vector<Hash256> mempoolParents(const Mempool& mempool, const MempoolEntry& e) {
    std::set<Hash256> parents;
    for (const TxIn& in : e.tx.inputs)
        if (mempool.find(in.prevout.txid))
            parents.insert(in.prevout.txid);
    return {parents.begin(), parents.end()};
}

} // namespace

const char* waitReasonCode(WaitReason reason) {
    switch (reason) {
    case WaitReason::BlockFull:
        return "block-full";
    case WaitReason::NoRoom:
        return "no-room";
    case WaitReason::ParentWaits:
        break;
    }
    return "parent-waits";
}

BlockPlan planBlock(const Mempool& mempool, std::size_t maxTxs, std::size_t maxBytes,
                    ListWaiting listWaiting) {
    // Greedy over the txs whose mempool parents are all chosen ("ready"), highest fee rate
    // first; choosing a tx may make its children ready.
    std::priority_queue<const MempoolEntry*, std::vector<const MempoolEntry*>,
                        decltype(&ranksBelow)>
        ready(&ranksBelow);
    std::map<Hash256, std::size_t> parentsLeft;
    std::map<Hash256, std::vector<const MempoolEntry*>> children;
    for (const auto& [sequence, e] : mempool.byArrival()) {
        const auto parents = mempoolParents(mempool, *e);
        for (const Hash256& p : parents)
            children[p].push_back(e);
        parentsLeft[e->txid] = parents.size();
        if (parents.empty())
            ready.push(e);
    }
    BlockPlan plan;
    std::vector<WaitingTx> waiting;
    while (!ready.empty() && plan.chosen.size() < maxTxs) {
        const MempoolEntry* e = ready.top();
        ready.pop();
        if (plan.bytes + e->size > maxBytes) {
            // Too big for what is left; its children cannot come either.
            if (listWaiting == ListWaiting::Yes)
                waiting.push_back({e, WaitReason::NoRoom, {}});
            continue;
        }
        plan.chosen.push_back(e);
        plan.bytes += e->size;
        for (const MempoolEntry* child : children[e->txid])
            if (--parentsLeft[child->txid] == 0)
                ready.push(child);
    }
    if (listWaiting == ListWaiting::No)
        return plan;

    for (; !ready.empty(); ready.pop())
        waiting.push_back({ready.top(), WaitReason::BlockFull, {}});
    std::set<Hash256> chosen;
    for (const MempoolEntry* e : plan.chosen)
        chosen.insert(e->txid);
    for (const auto& [sequence, e] : mempool.byArrival()) {
        if (parentsLeft[e->txid] == 0)
            continue;
        WaitingTx w{e, WaitReason::ParentWaits, {}};
        for (const Hash256& p : mempoolParents(mempool, *e))
            if (!chosen.count(p)) {
                w.parent = p;
                break;
            }
        waiting.push_back(w);
    }
    std::sort(waiting.begin(), waiting.end(),
              [](const WaitingTx& a, const WaitingTx& b) { return ranksBelow(b.entry, a.entry); });
    plan.waiting = std::move(waiting);
    return plan;
}

} // namespace mbc
