#pragma once

#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"
#include "node/start_failure.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <variant>

namespace mbc::net {
class ReadPool;
}

namespace mbc::node {

// A running full node as the daemon and the desktop app both host it: the store open, the REST
// API listening, the peer network started. Created, used and destroyed on one thread (the
// daemon's main thread, or the app's node thread).
class NodeServices {
public:
    // Opens the store, creates the API token if needed, listens, resumes background work and
    // starts the network. On failure, why (unreachable database, port in use, unwritable data
    // dir, ...).
    static std::variant<std::unique_ptr<NodeServices>, StartFailure> start(const NodeConfig& c);
    ~NodeServices(); // stops mining first

    Node& node() { return *node_; }
    net::PeerNetwork& network() { return *network_; }
    net::RestServer& server() { return *server_; }
    // Where the REST API answers, e.g. http://127.0.0.1:8000.
    QString url() const;

private:
    NodeServices() = default;

    QString host_;
    std::unique_ptr<Node> node_;
    std::unique_ptr<net::RestServer> server_;
    std::unique_ptr<net::PeerNetwork> network_;
    std::unique_ptr<net::ReadPool> readers_; // stops first: its answers go to the server
};

} // namespace mbc::node
