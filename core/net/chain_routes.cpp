#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "net/block_page.h"
#include "net/chain_stream.h"
#include "net/json_views.h"
#include "net/node_api.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/request_parsing.h"
#include "node/node.h"

namespace mbc::net {
namespace {

constexpr std::uint64_t kMaxHeight = 0x7FFFFFFF; // the stores keep heights as 32-bit signed
constexpr std::uint64_t kMaxPage = 500;          // blocks per page
constexpr std::uint64_t kMaxHeaders = 2000;      // headers per answer

// A stored block (active or not) as GET /block answers it, from one reader's snapshot.
ApiReply blockReply(store::SqlChainQueries& queries, const Hash256& hash) {
    const auto stored = queries.storedBlock(hash);
    if (!stored)
        throw ApiError::notFound("block " + QString::fromStdString(hash.hex()) + " is not known");
    const Block block = store::decodeStoredBlock(hash, stored->bytes);
    const BlockRecord& r = stored->record;
    json::Value v = blockWithHeight(block, r.height);
    const std::int64_t tipHeight = queries.activeTip().height;
    const bool active = queries.isActive(r.hash);
    v.set("in_active_chain", active);
    v.set("confirmations", active ? tipHeight - r.height + 1 : std::int64_t(0));
    v.set("status", std::string(blockStatusName(r.status)));
    v.set("chain_work", r.chainWork.toDecimal());
    v.set("size", static_cast<std::int64_t>(r.size));
    return ApiReply::json(v);
}

// The fork point named by ?locator=<hash>,<hash>,... (newest first): the height of the first
// of them on the active chain, or -1 if none is.
std::int64_t forkHeightOf(store::SqlChainQueries& queries, const QUrlQuery& query) {
    const QStringList locator = query.queryItemValue("locator").split(',', Qt::SkipEmptyParts);
    if (locator.size() > 64)
        throw ApiError::badRequest("bad-query", "a locator holds at most 64 hashes");
    for (const QString& text : locator)
        if (const auto height = queries.activeHeightOf(hashParam(text, "hash")))
            return *height;
    return -1;
}

} // namespace

ApiReply NodeApi::health(const ApiRequest&) {
    node.probeStore(); // 503 while the database does not answer
    const ChainTip tip = node.tip();
    json::Value v;
    v.set("status", "ok");
    v.set("node_name", node.config().nodeName.toStdString());
    v.set("chain_height", tip.height);
    v.set("tip_hash", tip.hash ? json::Value(tip.hash->hex()) : json::Value(nullptr));
    v.set("utxo_count", tip.utxoCount);
    v.set("mempool_size", static_cast<std::uint64_t>(node.mempool().size()));
    std::uint64_t active = 0;
    for (const auto& p : node.peers().all())
        active += p.isActive ? 1 : 0;
    v.set("peer_count", active);
    v.set("network", node.params().name);
    v.set("genesis_target", node.params().genesisTarget.toHexQuantity());
    v.set("version", MINIBITCOIN_VERSION);
    v.set("mining", node.mining().active());
    const auto& sync = node.syncState();
    v.set("syncing", sync.syncing);
    v.set("sync_peer", sync.syncing ? json::Value(sync.peer.toStdString()) : json::Value(nullptr));
    v.set("best_peer_height", sync.bestPeerHeight);
    v.set("reorganizing", node.reorganizing());
    return ApiReply::json(v);
}

// The whole active chain, streamed (MiniBitcoinPy peers sync from it), or with ?from=H
// and &limit=N (at most 500) a page of it.
ApiStream NodeApi::chain(const ApiRequest& req) {
    std::optional<ChainPage> page;
    if (req.query.hasQueryItem("from") || req.query.hasQueryItem("limit"))
        page = ChainPage{std::int64_t(queryUInt(req.query, "from", 0, kMaxHeight)),
                         std::int64_t(queryLimit(req.query, kMaxPage, kMaxPage))};
    return activeChainStream(page);
}

NodeApi::ReadAnswer NodeApi::block(const ApiRequest& req, store::SqlChainQueries& queries) {
    return ready(blockReply(queries, hashParam(req.params[0], "hash")));
}

NodeApi::ReadAnswer NodeApi::blockAtHeight(const ApiRequest& req, store::SqlChainQueries& queries) {
    const auto height = uintParam(req.params[0], "height", kMaxHeight);
    const auto hash = queries.activeHashAt(static_cast<std::uint32_t>(height));
    if (!hash)
        throw ApiError::notFound(QStringLiteral("no block at height %1 (the tip is at %2)")
                                     .arg(height)
                                     .arg(queries.activeTip().height));
    return ready(blockReply(queries, *hash));
}

// Paged list of the active chain: ?from=<height>&limit=<n> (headers and facts).
NodeApi::ReadAnswer NodeApi::blocks(const ApiRequest& req, store::SqlChainQueries& queries) {
    const std::int64_t tipHeight = queries.activeTip().height;
    const auto limit = queryLimit(req.query, 20, kMaxPage);
    const auto defaultFrom = std::max<std::int64_t>(0, tipHeight - std::int64_t(limit) + 1);
    const auto from = queryUInt(req.query, "from", std::uint64_t(defaultFrom), kMaxHeight);
    json::Value::Array blocks;
    for (const BlockRecord& r : queries.activeRecords(std::uint32_t(from), std::uint32_t(limit)))
        blocks.push_back(blockSummary(r));
    json::Value v;
    v.set("from", from);
    v.set("limit", limit);
    v.set("tip_height", tipHeight);
    const std::int64_t next = std::int64_t(from + limit);
    v.set("next_from", next <= tipHeight ? json::Value(next) : json::Value(nullptr));
    v.set("blocks", std::move(blocks));
    return ready(ApiReply::json(v));
}

// Headers after a block locator (newest known hashes first, comma-separated): the first
// locator hash on our active chain is the fork point; the headers after it follow.
NodeApi::ReadAnswer NodeApi::headers(const ApiRequest& req, store::SqlChainQueries& queries) {
    const auto limit = queryLimit(req.query, kMaxHeaders, kMaxHeaders);
    const std::int64_t tipHeight = queries.activeTip().height;
    const std::int64_t forkHeight = forkHeightOf(queries, req.query);
    json::Value::Array headers;
    for (const BlockRecord& r :
         queries.activeRecords(std::uint32_t(forkHeight + 1), std::uint32_t(limit)))
        headers.push_back(blockSummary(r));
    json::Value v;
    v.set("fork_height", forkHeight);
    v.set("tip_height", tipHeight);
    v.set("headers", std::move(headers));
    return ready(ApiReply::json(v));
}

// The blocks after a block locator in binary, a page at a time (net/block_page.h): what a
// syncing peer downloads.
NodeApi::ReadAnswer NodeApi::blocksAfter(const ApiRequest& req, store::SqlChainQueries& queries) {
    const auto limit = queryLimit(req.query, 100, kMaxPage);
    BlockPage page;
    page.tipHeight = queries.activeTip().height;
    page.forkHeight = forkHeightOf(queries, req.query);
    for (auto& b : queries.activeBlocks(std::uint32_t(page.forkHeight + 1), std::uint32_t(limit),
                                        kBlockPageBytes))
        page.blocks.push_back(std::move(b.bytes));
    const Bytes body = encodeBlockPage(page);
    return ready(ApiReply::text(
        QByteArray(reinterpret_cast<const char*>(body.data()), static_cast<qsizetype>(body.size())),
        "application/octet-stream"));
}

ApiReply NodeApi::submitBlock(const ApiRequest& req) {
    const PushSender sender = network.senderOf(req);
    network.admitPush(sender);
    const SubmitOutcome r = network.submitBlock(
        network.chargeIfMalformed(sender,
                                  [&] {
                                      const PhaseTimer t(node.blockPhaseTimings(),
                                                         BlockPhase::Decode);
                                      return blockFromBody(req);
                                  }),
        sender);
    json::Value v;
    v.set("block_hash", r.hash.hex());
    switch (r.kind) {
    case SubmitOutcome::Kind::Connected:
        v.set("message", "block connected at height " + std::to_string(r.height));
        v.set("height", r.height);
        return ApiReply::json(v);
    case SubmitOutcome::Kind::SideChain:
        v.set("message",
              (node.reorganizing()
                   ? "block stored at height " + std::to_string(r.height) +
                         "; the chain is moving to the branch with the most work"
                   : "block stored on a side chain at height " + std::to_string(r.height)));
        v.set("height", r.height);
        return ApiReply::json(v);
    case SubmitOutcome::Kind::Orphan:
        v.set("message", r.failure->toString());
        return ApiReply::json(v, 202);
    case SubmitOutcome::Kind::Duplicate:
    case SubmitOutcome::Kind::Invalid:
        break;
    }
    throw ApiError::fromFailure(*r.failure);
}

} // namespace mbc::net
