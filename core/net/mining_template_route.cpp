// GET /mining/template: the block the node would mine now, for a miner of one's own to work on
// and send back with POST /block (like Bitcoin Core's getblocktemplate, simplified: the
// coinbase is made for the caller, so only the nonce, and perhaps the timestamp, remain).
#include "consensus/primitives/bytes.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/charged_work.h"
#include "net/json_views.h"
#include "net/node_api.h"
#include "net/request_parsing.h"
#include "node/node.h"

#include <map>
#include <set>

namespace mbc::net {
namespace {

// Where the header's fields a miner changes lie in header_hex (consensus/PROTOCOL.md §4).
constexpr std::int64_t kTimestampOffset = 4 + 32 + 32;
constexpr std::int64_t kNonceOffset = kTimestampOffset + 4 + 32;
constexpr std::uint64_t kDefaultWaitingListed = 100;
constexpr std::uint64_t kMaxWaitingListed = 1000;

json::Value feeRate(Amount fee, std::size_t size) {
    return decimalNumber(size ? double(fee) / double(size) : 0.0, 2);
}

json::Value plannedTxJson(const MempoolEntry& e, const std::map<Hash256, std::int64_t>& index) {
    json::Value t;
    t.set("txid", e.txid.hex());
    t.set("size", static_cast<std::uint64_t>(e.size));
    t.set("fee", e.fee);
    t.set("fee_rate", feeRate(e.fee, e.size));
    // The block positions of the txs whose outputs it spends: they must stay before it.
    std::set<std::int64_t> parents; // a tx may spend several outputs of one parent
    for (const TxIn& in : e.tx.inputs)
        if (const auto parent = index.find(in.prevout.txid); parent != index.end())
            parents.insert(parent->second);
    json::Value::Array depends;
    for (const std::int64_t p : parents)
        depends.push_back(json::Value(p));
    t.set("depends", std::move(depends));
    return t;
}

json::Value waitingTxJson(const WaitingTx& w) {
    json::Value t;
    t.set("txid", w.entry->txid.hex());
    t.set("size", static_cast<std::uint64_t>(w.entry->size));
    t.set("fee", w.entry->fee);
    t.set("fee_rate", feeRate(w.entry->fee, w.entry->size));
    t.set("reason", waitReasonCode(w.reason));
    t.set("parent",
          w.reason == WaitReason::ParentWaits ? json::Value(w.parent.hex()) : json::Value(nullptr));
    return t;
}

json::Value templateJson(node::Node& node, const PubKeyHash& payee, std::uint64_t listed) {
    const auto next = node.nextBlock(payee, listed ? ListWaiting::Yes : ListWaiting::No);
    const Block& block = next.block.block;
    const BlockHeader& h = block.header;
    if (next.block.minTimestamp > next.block.maxTimestamp)
        throw ApiError{503, "chain-ahead-of-clock",
                       QStringLiteral("the next block must be later than %1 (the median time "
                                      "past), but at most %2 (this node's clock plus the "
                                      "allowed lead): no timestamp fits until the clock catches "
                                      "up")
                           .arg(next.block.minTimestamp - 1)
                           .arg(next.block.maxTimestamp)};

    json::Value v;
    v.set("height", static_cast<std::int64_t>(next.block.height));
    v.set("previous_hash", h.prevHash.hex());
    v.set("target", *headerToJson(h).find("target"));
    v.set("timestamp", static_cast<std::int64_t>(h.timestamp));
    v.set("min_timestamp", next.block.minTimestamp);
    v.set("max_timestamp", next.block.maxTimestamp);
    const auto header = headerBytes(h);
    v.set("header_hex", toHex(ByteSpan(header.data(), header.size())));
    v.set("timestamp_offset", kTimestampOffset);
    v.set("nonce_offset", kNonceOffset);
    v.set("reward", node.params().blockReward);
    v.set("fees", next.block.fees);
    v.set("coinbase_value", node.params().blockReward + next.block.fees);
    v.set("size", static_cast<std::uint64_t>(encodedBlockSize(block)));
    v.set("max_size", static_cast<std::uint64_t>(MAX_BLOCK_SIZE));
    v.set("max_transactions", static_cast<std::int64_t>(node.config().maxBlockTxs));

    std::map<Hash256, std::int64_t> index;
    json::Value::Array txs;
    for (const MempoolEntry* e : next.plan.chosen) {
        txs.push_back(plannedTxJson(*e, index));
        index.emplace(e->txid, std::int64_t(index.size()) + 1); // the coinbase is at 0
    }
    v.set("transactions", std::move(txs));
    json::Value::Array waiting;
    for (std::size_t i = 0; i < next.plan.waiting.size() && i < listed; ++i)
        waiting.push_back(waitingTxJson(next.plan.waiting[i]));
    v.set("waiting", std::move(waiting));
    // Every mempool tx is either in the block or waiting.
    v.set("waiting_count",
          static_cast<std::uint64_t>(node.mempool().size() - next.plan.chosen.size()));
    json::Value pool;
    pool.set("size", static_cast<std::uint64_t>(node.mempool().size()));
    pool.set("bytes", static_cast<std::uint64_t>(node.mempool().bytes()));
    v.set("mempool", std::move(pool));
    v.set("block", blockToJson(block));
    return v;
}

} // namespace

// ?miner_address=HEX (whom the coinbase pays), &waiting=N (how many of the txs left out to
// list, highest fee rate first). Anyone may ask, and a template costs the node's thread a
// block's worth of copying and JSON: its time is charged to the sender like a dry run's.
ApiReply NodeApi::miningTemplate(const ApiRequest& req) {
    if (!req.query.hasQueryItem("miner_address"))
        throw ApiError::badRequest("bad-request",
                                   "miner_address: the address the coinbase pays is missing "
                                   "(?miner_address=40 hex digits)");
    const PubKeyHash payee = addressParam(req.query.queryItemValue("miner_address"));
    const auto listed = queryUInt(req.query, "waiting", kDefaultWaitingListed, kMaxWaitingListed);
    if (node.reorganizing() || node.mempoolAwaitsReorg())
        throw ApiError{503, "mempool-catching-up",
                       "the node is still moving its chain to another tip, or its mempool has "
                       "not caught up with the last reorg: a template now could spend coins "
                       "that are gone; ask again shortly"};
    return chargedWork(network, req, [&](const PushSender&) {
        return ApiReply::json(templateJson(node, payee, listed));
    });
}

} // namespace mbc::net
