#pragma once

#include "net/rest_server.h"

#include <functional>
#include <variant>
#include <vector>

namespace mbc::node {
class Node;
}

namespace mbc::net {

class PeerNetwork;

// The node's REST API (consensus/PROTOCOL.md §7 and the node's own routes): one named handler
// per route, defined in the file for its subject (chain_routes.cpp, transaction_routes.cpp,
// address_routes.cpp, mining_routes.cpp, peer_routes.cpp, metrics_route.cpp). node_routes.cpp
// lists them as one table of (method, path, access, handler).
struct NodeApi {
    // The second part of a read route (RestServer::routeRead).
    using ReadAnswer = std::function<ApiReply()>;

    node::Node& node;
    PeerNetwork& network; // pushed blocks and txs, peers, sync
    RestServer& server;   // its own counters, for /metrics

    // Chain
    ApiReply health(const ApiRequest& req);
    ApiStream chain(const ApiRequest& req);
    ReadAnswer block(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer blockAtHeight(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer blocks(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer headers(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer blocksAfter(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer chainTips(const ApiRequest& req, store::SqlChainQueries& queries);
    ApiReply submitBlock(const ApiRequest& req);
    ApiReply checkBlock(const ApiRequest& req);
    // Transactions
    ApiReply submitTransaction(const ApiRequest& req);
    ApiReply checkTransaction(const ApiRequest& req);
    ReadAnswer transaction(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer merkleProof(const ApiRequest& req, store::SqlChainQueries& queries);
    ApiReply mempool(const ApiRequest& req);
    ApiReply feeEstimate(const ApiRequest& req);
    // Addresses
    ReadAnswer balance(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer utxos(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer address(const ApiRequest& req, store::SqlChainQueries& queries);
    ReadAnswer addressHistory(const ApiRequest& req, store::SqlChainQueries& queries);
    // Mining
    void mine(const ApiRequest& req, const DeferredReply& reply);
    ApiReply startMining(const ApiRequest& req);
    ApiReply stopMining(const ApiRequest& req);
    ApiReply miningStatus(const ApiRequest& req);
    ApiReply miningTemplate(const ApiRequest& req);
    // Peers
    ApiReply peers(const ApiRequest& req);
    ApiReply addPeer(const ApiRequest& req);
    ApiReply announcePeer(const ApiRequest& req);
    ApiReply removePeer(const ApiRequest& req);
    void sync(const ApiRequest& req, const DeferredReply& reply);
    // Operations
    ApiReply metrics(const ApiRequest& req);
};

// One row of the route table. The handler's kind says how the server runs it: on the node's
// thread (plain), read on a reader first (read: public only), answered later (deferred), or
// streamed a piece at a time (streamed).
struct ApiRoute {
    using Plain = ApiReply (NodeApi::*)(const ApiRequest&);
    using Read = NodeApi::ReadAnswer (NodeApi::*)(const ApiRequest&, store::SqlChainQueries&);
    using Deferred = void (NodeApi::*)(const ApiRequest&, const DeferredReply&);
    using Streamed = ApiStream (NodeApi::*)(const ApiRequest&);

    const char* method;
    const char* path;
    Access access;
    std::variant<Plain, Read, Deferred, Streamed> handler;
};

// Every route of the node's REST API but the event stream (GET /events), in one table.
const std::vector<ApiRoute>& nodeApiRoutes();

} // namespace mbc::net
