#include "net/node_api.h"
#include "net/node_routes.h"
#include "net/request_parsing.h"
#include "node/node.h"

namespace mbc::net {
namespace {
constexpr std::uint64_t kMaxHistoryPage = 500;
constexpr std::uint64_t kMaxUtxoPage = 1000;

// ?after=<height>:<txid>:<vout>, the cursor a page of /utxos hands on as "next_after".
std::optional<store::SqlChainQueries::Utxo> utxoCursor(const QUrlQuery& query) {
    if (!query.hasQueryItem("after"))
        return std::nullopt;
    const QStringList parts = query.queryItemValue("after").split(':');
    if (parts.size() != 3)
        throw ApiError::badRequest("bad-query", "after must be <height>:<txid>:<vout>, as "
                                                "next_after gives it");
    store::SqlChainQueries::Utxo u;
    u.height = static_cast<std::uint32_t>(uintParam(parts[0], "height", 0x7FFFFFFF));
    u.outpoint.txid = hashParam(parts[1], "txid");
    u.outpoint.index = static_cast<std::uint32_t>(uintParam(parts[2], "vout", 0x7FFFFFFF));
    return u;
}

std::string cursorOf(const store::SqlChainQueries::Utxo& u) {
    return std::to_string(u.height) + ':' + u.outpoint.txid.hex() + ':' +
           std::to_string(u.outpoint.index);
}

// GET /balance's shape, which GET /address extends.
json::Value balanceJson(const PubKeyHash& address,
                        const store::SqlChainQueries::AddressSummary& s) {
    json::Value v;
    v.set("address", address.hex());
    v.set("balance", s.balance);
    v.set("utxo_count", s.utxoCount);
    return v;
}
} // namespace

NodeApi::ReadAnswer NodeApi::balance(const ApiRequest& req, store::SqlChainQueries& queries) {
    const PubKeyHash address = addressParam(req.params[0]);
    return ready(ApiReply::json(balanceJson(address, queries.addressSummary(address))));
}

// Oldest first, at most ?limit=N (1000); "next_after" is the cursor for the next page.
// The outputs are read on a reader; whether the mempool spends them, on the node's thread.
NodeApi::ReadAnswer NodeApi::utxos(const ApiRequest& req, store::SqlChainQueries& queries) {
    const PubKeyHash address = addressParam(req.params[0]);
    const auto limit = queryLimit(req.query, kMaxUtxoPage, kMaxUtxoPage);
    auto page =
        queries.unspentOf(address, utxoCursor(req.query), static_cast<std::uint32_t>(limit));
    const auto readAt = queries.activeTip().hash;
    return std::function<ApiReply()>([&node = node, address, limit, page = std::move(page), readAt,
                                      last = req.lastRead] {
        // The mempool spends from the node's tip: a page read below it could show an
        // output a new block spent as unspent.
        requireChainUnmoved(node, readAt, last);
        json::Value::Array utxos;
        for (const auto& u : page) {
            const wallet::OwnedCoin c = node.ownedCoin(u, address);
            json::Value o;
            o.set("txid", c.outpoint.txid.hex());
            o.set("vout", c.outpoint.index);
            o.set("amount", c.amount);
            o.set("pubkey_hash", c.address.hex());
            o.set("height", static_cast<std::int64_t>(c.height));
            o.set("coinbase", c.coinbase);
            o.set("spent_in_mempool", c.spentInMempool);
            utxos.push_back(std::move(o));
        }
        json::Value v;
        v.set("address", address.hex());
        v.set("utxos", std::move(utxos));
        v.set("limit", limit);
        v.set("next_after", page.size() == limit && limit > 0 ? json::Value(cursorOf(page.back()))
                                                              : json::Value(nullptr));
        return ApiReply::json(v);
    });
}

NodeApi::ReadAnswer NodeApi::address(const ApiRequest& req, store::SqlChainQueries& queries) {
    const PubKeyHash address = addressParam(req.params[0]);
    const auto s = queries.addressSummary(address);
    json::Value v = balanceJson(address, s);
    v.set("received", s.received);
    v.set("sent", s.sent);
    v.set("tx_count", s.txCount);
    return ready(ApiReply::json(v));
}

// Newest first: ?offset=<n>&limit=<n>.
NodeApi::ReadAnswer NodeApi::addressHistory(const ApiRequest& req,
                                            store::SqlChainQueries& queries) {
    const PubKeyHash address = addressParam(req.params[0]);
    const auto offset = queryUInt(req.query, "offset", 0, 1'000'000'000);
    const auto limit = queryLimit(req.query, 50, kMaxHistoryPage);
    const std::int64_t tipHeight = queries.activeTip().height;
    json::Value::Array items;
    for (const auto& h : queries.history(address, offset, limit)) {
        json::Value i;
        i.set("txid", h.txid.hex());
        i.set("height", static_cast<std::int64_t>(h.height));
        i.set("confirmations", tipHeight - h.height + 1);
        i.set("received", h.received);
        i.set("spent", h.spent);
        i.set("net", h.received - h.spent);
        items.push_back(std::move(i));
    }
    json::Value v;
    v.set("address", address.hex());
    v.set("offset", offset);
    v.set("limit", limit);
    v.set("tx_count", queries.addressSummary(address).txCount);
    v.set("transactions", std::move(items));
    return ready(ApiReply::json(v));
}

} // namespace mbc::net
