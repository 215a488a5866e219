#include "net/node_routes.h"

#include "net/node_api.h"
#include "node/node.h"

#include <memory>
#include <stdexcept>

namespace mbc::net {

const std::vector<ApiRoute>& nodeApiRoutes() {
    using A = Access;
    static const std::vector<ApiRoute> table{
        // {method, path, who may call it, handler}
        {"GET", "/health", A::Public, &NodeApi::health},
        {"GET", "/chain", A::Public, &NodeApi::chain},
        {"GET", "/block/{hash}", A::Public, &NodeApi::block},
        {"GET", "/block/height/{height}", A::Public, &NodeApi::blockAtHeight},
        {"GET", "/blocks", A::Public, &NodeApi::blocks},
        {"GET", "/headers", A::Public, &NodeApi::headers},
        {"GET", "/blocks/after", A::Public, &NodeApi::blocksAfter},
        {"GET", "/chaintips", A::Public, &NodeApi::chainTips},
        {"POST", "/block", A::Public, &NodeApi::submitBlock},
        {"POST", "/block/check", A::Public, &NodeApi::checkBlock},

        {"POST", "/tx", A::Public, &NodeApi::submitTransaction},
        {"POST", "/tx/check", A::Public, &NodeApi::checkTransaction},
        {"GET", "/tx/{txid}", A::Public, &NodeApi::transaction},
        {"GET", "/merkle-proof/{txid}", A::Public, &NodeApi::merkleProof},
        {"GET", "/mempool", A::Public, &NodeApi::mempool},
        {"GET", "/fee-estimate", A::Public, &NodeApi::feeEstimate},

        {"GET", "/balance/{address}", A::Public, &NodeApi::balance},
        {"GET", "/utxos/{address}", A::Public, &NodeApi::utxos},
        {"GET", "/address/{address}", A::Public, &NodeApi::address},
        {"GET", "/address/{address}/history", A::Public, &NodeApi::addressHistory},

        {"POST", "/mine", A::Admin, &NodeApi::mine},
        {"POST", "/mining/start", A::Admin, &NodeApi::startMining},
        {"POST", "/mining/stop", A::Admin, &NodeApi::stopMining},
        {"GET", "/mining", A::Public, &NodeApi::miningStatus},
        {"GET", "/mining/template", A::Public, &NodeApi::miningTemplate},

        {"GET", "/peers", A::Public, &NodeApi::peers},
        {"POST", "/peers/add", A::Admin, &NodeApi::addPeer},
        {"POST", "/peers/announce", A::Public, &NodeApi::announcePeer},
        {"POST", "/peers/remove", A::Admin, &NodeApi::removePeer},
        {"POST", "/sync", A::Admin, &NodeApi::sync},

        {"GET", "/metrics", A::Public, &NodeApi::metrics},
    };
    return table;
}

void addNodeRoutes(RestServer& server, node::Node& node, PeerNetwork& network) {
    server.setReaders(nullptr, &node.queries()); // until a ReadPool is set: on the node's thread
    // Shared by the routes' handlers, which the server keeps as long as it lives.
    const auto api = std::make_shared<NodeApi>(NodeApi{node, network, server});
    for (const ApiRoute& r : nodeApiRoutes()) {
        const QByteArray method(r.method);
        const QString path = QString::fromLatin1(r.path);
        if (const auto* plain = std::get_if<ApiRoute::Plain>(&r.handler)) {
            server.route(method, path, r.access,
                         [api, f = *plain](const ApiRequest& req) { return ((*api).*f)(req); });
        } else if (const auto* read = std::get_if<ApiRoute::Read>(&r.handler)) {
            if (r.access != Access::Public)
                throw std::logic_error("read routes are public: " + std::string(r.path));
            server.routeRead(
                method, path,
                [api, f = *read](const ApiRequest& req, store::SqlChainQueries& queries) {
                    return ((*api).*f)(req, queries);
                });
        } else if (const auto* deferred = std::get_if<ApiRoute::Deferred>(&r.handler)) {
            server.routeDeferred(
                method, path, r.access,
                [api, f = *deferred](const ApiRequest& req, const DeferredReply& reply) {
                    ((*api).*f)(req, reply);
                });
        } else {
            server.routeStreamed(method, path, r.access,
                                 [api, f = std::get<ApiRoute::Streamed>(r.handler)](
                                     const ApiRequest& req) { return ((*api).*f)(req); });
        }
    }
    addEventStream(server, node);
}

} // namespace mbc::net
