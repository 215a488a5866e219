#include "consensus/crypto/merkle.h"
#include "consensus/json/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/request_parsing.h"
#include "node/node.h"

#include <algorithm>

namespace mbc::net {
namespace {

constexpr std::uint64_t kMaxMempoolPage = 1000;
constexpr std::uint64_t kMaxMempoolBytes = 2'000'000; // of transactions, per page

QString hexOf(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

// The block holding a confirmed tx, its txids, and the tx's position there.
struct Confirmed {
    Block block;
    std::vector<Hash256> txids;
    store::SqlChainQueries::TxLocation location;
    std::size_t position = 0;
};

std::optional<Confirmed> findConfirmed(node::Node& node, const Hash256& txid) {
    const auto loc = node.queries().txLocation(txid);
    if (!loc)
        return std::nullopt;
    auto block = node.block(loc->blockHash);
    if (!block)
        throw store::StoreError("the tx index points at missing block " + loc->blockHash.hex());
    Confirmed found{std::move(*block), {}, *loc};
    for (const Transaction& tx : found.block.transactions)
        found.txids.push_back(computeTxid(tx));
    const auto at = std::find(found.txids.begin(), found.txids.end(), txid);
    if (at == found.txids.end())
        throw store::StoreError("the tx index points at block " + loc->blockHash.hex() +
                                ", which does not hold transaction " + txid.hex());
    found.position = static_cast<std::size_t>(at - found.txids.begin());
    return found;
}

} // namespace

void addTransactionRoutes(RestServer& server, node::Node& node, PeerNetwork& network) {
    server.route("POST", "/tx", Access::Public, [&network](const ApiRequest& req) {
        const PushSender sender = pushSenderOf(req);
        network.admitPush(sender);
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
    });

    server.route("GET", "/tx/{txid}", Access::Public, [&node](const ApiRequest& req) {
        const Hash256 txid = hashParam(req.params[0], "txid");
        if (const MempoolEntry* e = node.mempool().find(txid)) {
            json::Value v = txToJson(e->tx);
            v.set("status", "mempool");
            v.set("confirmations", 0);
            v.set("fee", e->fee);
            v.set("size", static_cast<std::uint64_t>(e->size));
            v.set("received_at", e->receivedAt);
            return ApiReply::json(v);
        }
        const auto found = findConfirmed(node, txid);
        if (!found)
            throw ApiError::notFound("transaction " + hexOf(txid) +
                                     " is neither in the chain nor in the mempool");
        json::Value v = txToJson(found->block.transactions[found->position]);
        v.set("status", "confirmed");
        v.set("block_hash", found->location.blockHash.hex());
        v.set("height", static_cast<std::int64_t>(found->location.height));
        v.set("confirmations", node.tip().height - found->location.height + 1);
        v.set("position", static_cast<std::int64_t>(found->position));
        return ApiReply::json(v);
    });

    // What a light client needs to check that a tx is in a block it has the header of.
    server.route("GET", "/merkle-proof/{txid}", Access::Public, [&node](const ApiRequest& req) {
        const Hash256 txid = hashParam(req.params[0], "txid");
        const auto found = findConfirmed(node, txid);
        if (!found)
            throw ApiError::notFound("transaction " + hexOf(txid) +
                                     " is not confirmed in the active chain");
        const MerkleProof proof = *makeMerkleProof(found->txids, found->position);
        json::Value::Array siblings;
        for (const Hash256& s : proof.siblings)
            siblings.push_back(s.hex());
        json::Value v;
        v.set("txid", txid.hex());
        v.set("block_hash", found->location.blockHash.hex());
        v.set("height", static_cast<std::int64_t>(found->location.height));
        v.set("merkle_root", found->block.header.merkleRoot.hex());
        v.set("index", proof.index);
        v.set("leaf_count", proof.leafCount);
        v.set("siblings", std::move(siblings));
        return ApiReply::json(v);
    });

    // In arrival order, a page at a time: at most ?limit=N (1000) txs and 2 MB of them, after
    // ?after=<sequence>; "next_after" is the cursor for the next page.
    server.route("GET", "/mempool", Access::Public, [&node](const ApiRequest& req) {
        const auto limit = queryUInt(req.query, "limit", kMaxMempoolPage, kMaxMempoolPage);
        const bool resumed = req.query.hasQueryItem("after");
        const auto after = queryUInt(req.query, "after", 0, UINT64_MAX);
        json::Value::Array txs;
        std::uint64_t bytes = 0, pageBytes = 0, total = 0;
        std::uint64_t lastSent = after;
        std::optional<std::uint64_t> nextAfter;
        for (const MempoolEntry* e : node.mempool().entries()) {
            ++total;
            bytes += e->size;
            if ((resumed && e->sequence <= after) || nextAfter)
                continue;
            if (txs.size() == limit || (pageBytes > 0 && pageBytes + e->size > kMaxMempoolBytes)) {
                nextAfter = lastSent;
                continue;
            }
            json::Value t = txToJson(e->tx);
            t.set("fee", e->fee);
            t.set("size", static_cast<std::uint64_t>(e->size));
            t.set("sequence", e->sequence);
            txs.push_back(std::move(t));
            pageBytes += e->size;
            lastSent = e->sequence;
        }
        json::Value v;
        v.set("size", total);
        v.set("bytes", bytes);
        v.set("transactions", std::move(txs));
        v.set("limit", limit);
        v.set("next_after", nextAfter ? json::Value(*nextAfter) : json::Value(nullptr));
        return ApiReply::json(v);
    });

    server.route("GET", "/fee-estimate", Access::Public, [&node](const ApiRequest&) {
        const FeeEstimate e = node.feeEstimate();
        json::Value v;
        v.set("fee_per_byte", e.feePerByte);
        v.set("typical_tx_size", static_cast<std::uint64_t>(e.typicalTxSize));
        v.set("typical_tx_fee", e.typicalTxFee);
        v.set("mempool_size", static_cast<std::uint64_t>(node.mempool().size()));
        v.set("basis", e.basis);
        return ApiReply::json(v);
    });
}

} // namespace mbc::net
