#pragma once

#include "net/rest_server.h"

namespace mbc::node {
class Node;
}

namespace mbc::net {

class PeerNetwork;

// PROTOCOL.md §7 routes and the node's own, grouped by what they are about.
// health, chain, blocks (pushed blocks from peers go through `network`)
void addChainRoutes(RestServer& server, node::Node& node, PeerNetwork& network);
// tx, mempool, fees, proofs
void addTransactionRoutes(RestServer& server, node::Node& node, PeerNetwork& network);
void addAddressRoutes(RestServer& server, node::Node& node); // balance, utxos, history
void addMiningRoutes(RestServer& server, node::Node& node);  // mine, start/stop, status
void addPeerRoutes(RestServer& server, node::Node& node, PeerNetwork& network); // peers, sync
void addMetricsRoute(RestServer& server, node::Node& node);                     // Prometheus text
// The live stream: GET /events sends block, tip and tx events as they happen.
void addEventStream(RestServer& server, node::Node& node);

// All of the above.
void addNodeRoutes(RestServer& server, node::Node& node, PeerNetwork& network);

} // namespace mbc::net
