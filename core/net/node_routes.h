#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "net/rest_server.h"

#include <optional>

namespace mbc::node {
class Node;
}

namespace mbc::net {

class PeerNetwork;

// The live stream: GET /events sends block, tip and tx events as they happen.
void addEventStream(RestServer& server, node::Node& node);

// Every route of the node's REST API: the table of node_api.h, and the event stream.
void addNodeRoutes(RestServer& server, node::Node& node, PeerNetwork& network);

// For the second part of a read route, which adds the mempool to what a reader read: throws
// StaleRead if the chain moved since the reader's snapshot at `readAt` - a new tip (tolerated
// on the last attempt: during a sync the tip moves faster than reads) or a reorg that
// disconnected blocks whose transactions have not yet come back to the mempool (never
// tolerated: 503).
void requireChainUnmoved(node::Node& node, const std::optional<Hash256>& readAt, bool lastAttempt);

} // namespace mbc::net
