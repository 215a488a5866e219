#pragma once

#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <variant>

namespace mbc::net {

class ReadPool;

// Why the node did not start.
struct StartFailure {
    enum class Reason {
        DataDirectory,      // the data directory cannot be created or written
        DataDirectoryInUse, // another process holds the data directory (detail: its pid)
        BadDatabaseUrl,     // DATABASE_URL does not name a database
        DriverMissing,      // the Qt SQL driver for the database is not installed
        DatabaseUnopened,   // the database cannot be opened or reached
        StoreTooNew,        // the store was written by a newer MiniBitcoin
        StoreOfOtherChain,  // the store holds another network's chain
        StoreFailed,        // any other storage failure
        CannotListen,       // the REST port is in use or the address is not this machine's
    };
    Reason reason;
    QString message; // one line in English: what and where, for logs and the daemon
    QString where;   // the data directory, database, driver package or host:port
    QString detail;  // what the operating system or the database driver said, if anything
};

// A running full node as the daemon and the desktop app both host it: the store open, the REST
// API listening, the peer network started. Created, used and destroyed on one thread (the
// daemon's main thread, or the app's node thread).
class NodeServices {
public:
    // Opens the store, creates the API token if needed, listens, resumes background work and
    // starts the network. On failure, why (unreachable database, port in use, unwritable data
    // dir, ...).
    static std::variant<std::unique_ptr<NodeServices>, StartFailure>
    start(const node::NodeConfig& c);
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
    std::unique_ptr<ReadPool> readers_; // stops first: its answers go to the server
};

} // namespace mbc::net

Q_DECLARE_METATYPE(mbc::net::StartFailure)
