// GET /chaintips: the end of every branch the node stores, and how it stands (like Bitcoin
// Core's getchaintips).
#include "net/node_api.h"
#include "node/node.h"
#include "store/sql_chain_queries.h"

namespace mbc::net {
namespace {

constexpr std::size_t kMaxTips = 1000; // most work first
constexpr std::size_t kMaxWalk = 2000; // block lookups to find where branches leave

// active: the active chain's tip; valid-fork: every block of the branch was connected once (a
// reorg left it); valid-headers: stored with header and structure checked, its transactions
// not yet (a branch with less work); invalid: it or an ancestor failed validation.
const char* tipStatus(const BlockRecord& r, const ChainTip& active) {
    if (active.hash && *active.hash == r.hash)
        return "active";
    switch (r.status) {
    case BlockStatus::Valid:
        return "valid-fork";
    case BlockStatus::Stored:
        return "valid-headers";
    case BlockStatus::Invalid:
    case BlockStatus::InvalidParent:
        break;
    }
    return "invalid";
}

} // namespace

NodeApi::ReadAnswer NodeApi::chainTips(const ApiRequest&, store::SqlChainQueries& queries) {
    const ChainTip active = queries.activeTip();
    json::Value::Array tips;
    for (const auto& t : queries.chainTips(kMaxTips, kMaxWalk)) {
        json::Value v;
        v.set("height", static_cast<std::int64_t>(t.record.height));
        v.set("hash", t.record.hash.hex());
        v.set("status", tipStatus(t.record, active));
        // Blocks from the tip back to the active chain (0 for the active tip); a branch from
        // another genesis block counts all of its blocks.
        if (t.forkHeight) {
            v.set("fork_height", *t.forkHeight);
            v.set("branch_length", static_cast<std::int64_t>(t.record.height) - *t.forkHeight);
        } else {
            v.set("fork_height", nullptr);
            v.set("branch_length", nullptr);
        }
        v.set("chain_work", t.record.chainWork.toHexQuantity());
        tips.push_back(std::move(v));
    }
    return [&node = node, tips = std::move(tips)]() mutable -> ApiReply {
        json::Value v;
        v.set("tips", json::Value(std::move(tips)));
        // Orphans wait in memory for their parents; they are not in the block index yet.
        v.set("orphans", static_cast<std::uint64_t>(node.orphans().size()));
        return ApiReply::json(v);
    };
}

} // namespace mbc::net
