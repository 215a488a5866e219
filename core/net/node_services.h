#pragma once

#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"

#include <QString>

#include <memory>
#include <variant>

namespace mbc::net {

// A running full node as the daemon and the desktop app both host it: the store open, the REST
// API listening, the peer network started. Created, used and destroyed on one thread (the
// daemon's main thread, or the app's node thread).
class NodeServices {
public:
    // Opens the store, creates the API token if needed, listens, resumes background work and
    // starts the network. On failure, one line for the user (unreachable database, port in use,
    // unwritable data dir, ...).
    static std::variant<std::unique_ptr<NodeServices>, QString> start(const node::NodeConfig& c);
    ~NodeServices(); // stops mining first

    node::Node& node() { return *node_; }
    PeerNetwork& network() { return *network_; }
    RestServer& server() { return *server_; }
    // Where the REST API answers, e.g. http://127.0.0.1:8000.
    QString url() const;

private:
    NodeServices() = default;

    QString host_;
    std::unique_ptr<node::Node> node_;
    std::unique_ptr<RestServer> server_;
    std::unique_ptr<PeerNetwork> network_;
};

} // namespace mbc::net
