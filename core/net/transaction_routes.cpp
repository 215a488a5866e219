#include "consensus/crypto/merkle.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/node_api.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/request_parsing.h"
#include "node/node.h"
#include "store/sql_chain_queries.h"

#include <algorithm>

namespace mbc::net {
namespace {

constexpr std::uint64_t kMaxMempoolPage = 1000;
constexpr std::uint64_t kMaxMempoolBytes = 2'000'000; // of transactions, per page

QString hexOf(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

} // namespace

ApiReply NodeApi::submitTransaction(const ApiRequest& req) {
    const PushSender sender = network.senderOf(req);
    network.admitTransactionPush(sender);
    const Transaction tx = network.chargeIfMalformed(sender, [&req] {
        auto decoded = txFromJson(jsonBody(req));
        if (!decoded)
            throw ApiError::fromFailure(decoded.failure());
        return std::move(decoded).value();
    });
    const auto accepted = network.submitTransaction(tx, sender);
    if (!accepted)
        throw ApiError::fromFailure(accepted.failure());
    json::Value v;
    v.set("txid", accepted->txid.hex());
    v.set("fee", accepted->fee);
    return ApiReply::json(v);
}

// The chain is read on a reader; the mempool, which only the node's thread may touch, is
// looked at first when the answer is made.
NodeApi::ReadAnswer NodeApi::transaction(const ApiRequest& req, store::SqlChainQueries& queries) {
    const Hash256 txid = hashParam(req.params[0], "txid");
    std::optional<json::Value> confirmed; // only what the answer needs, not the block
    if (const auto found = queries.confirmedTx(txid)) {
        const BlockRecord& in = found->block->record;
        confirmed = txToJson(found->tx());
        confirmed->set("status", "confirmed");
        confirmed->set("block_hash", in.hash.hex());
        confirmed->set("height", static_cast<std::int64_t>(in.height));
        confirmed->set("confirmations", queries.activeTip().height - in.height + 1);
        confirmed->set("position", static_cast<std::int64_t>(found->position));
    }
    return [&node = node, txid, confirmed = std::move(confirmed), readAt = queries.activeTip().hash,
            last = req.lastRead]() -> ApiReply {
        if (const MempoolEntry* e = node.mempool().find(txid)) {
            json::Value v = txToJson(e->tx);
            v.set("status", "mempool");
            v.set("confirmations", 0);
            v.set("fee", e->fee);
            v.set("size", static_cast<std::uint64_t>(e->size));
            v.set("received_at", e->receivedAt);
            return ApiReply::json(v);
        }
        requireChainUnmoved(node, readAt, last); // a block since may hold it, or not
        if (!confirmed)
            throw ApiError::notFound("transaction " + hexOf(txid) +
                                     " is neither in the chain nor in the mempool");
        return ApiReply::json(*confirmed);
    };
}

// What a light client needs to check that a tx is in a block it has the header of.
NodeApi::ReadAnswer NodeApi::merkleProof(const ApiRequest& req, store::SqlChainQueries& queries) {
    const Hash256 txid = hashParam(req.params[0], "txid");
    const auto found = queries.confirmedTx(txid);
    if (!found)
        throw ApiError::notFound("transaction " + hexOf(txid) +
                                 " is not confirmed in the active chain");
    const MerkleProof proof = *makeMerkleProof(found->block->txids, found->position);
    json::Value::Array siblings;
    for (const Hash256& s : proof.siblings)
        siblings.push_back(s.hex());
    json::Value v;
    v.set("txid", txid.hex());
    const BlockRecord& in = found->block->record;
    v.set("block_hash", in.hash.hex());
    v.set("height", static_cast<std::int64_t>(in.height));
    v.set("merkle_root", in.header.merkleRoot.hex());
    v.set("index", proof.index);
    v.set("leaf_count", proof.leafCount);
    v.set("siblings", std::move(siblings));
    return ready(ApiReply::json(v));
}

// In arrival order, a page at a time: at most ?limit=N (1000) txs and 2 MB of them, after
// ?after=<sequence>; "next_after" is the cursor for the next page.
ApiReply NodeApi::mempool(const ApiRequest& req) {
    const auto limit = queryLimit(req.query, kMaxMempoolPage, kMaxMempoolPage);
    const auto& byArrival = node.mempool().byArrival();
    auto e = req.query.hasQueryItem("after")
                 ? byArrival.upper_bound(queryUInt(req.query, "after", 0, UINT64_MAX))
                 : byArrival.begin();
    json::Value::Array txs;
    std::uint64_t pageBytes = 0;
    std::optional<std::uint64_t> nextAfter;
    for (; e != byArrival.end(); ++e) {
        const MempoolEntry& entry = *e->second;
        if (txs.size() == limit || (pageBytes > 0 && pageBytes + entry.size > kMaxMempoolBytes)) {
            nextAfter = std::prev(e)->first;
            break;
        }
        json::Value t = txToJson(entry.tx);
        t.set("fee", entry.fee);
        t.set("size", static_cast<std::uint64_t>(entry.size));
        t.set("sequence", entry.sequence);
        txs.push_back(std::move(t));
        pageBytes += entry.size;
    }
    json::Value v;
    v.set("size", static_cast<std::uint64_t>(node.mempool().size()));
    v.set("bytes", static_cast<std::uint64_t>(node.mempool().bytes()));
    v.set("transactions", std::move(txs));
    v.set("limit", limit);
    v.set("next_after", nextAfter ? json::Value(*nextAfter) : json::Value(nullptr));
    return ApiReply::json(v);
}

ApiReply NodeApi::feeEstimate(const ApiRequest&) {
    const FeeEstimate e = node.feeEstimate();
    json::Value v;
    v.set("fee_per_byte", e.feePerByte);
    v.set("typical_tx_size", static_cast<std::uint64_t>(e.typicalTxSize));
    v.set("typical_tx_fee", e.typicalTxFee);
    v.set("mempool_size", static_cast<std::uint64_t>(node.mempool().size()));
    v.set("basis", e.basis);
    return ApiReply::json(v);
}

} // namespace mbc::net
