#pragma once

#include "net/chain_sync.h"
#include "net/peer_client.h"

#include <variant>

namespace mbc {
struct NetworkParams;
}

namespace mbc::net {

// What a peer's /health says about it, once it holds as a node of this network.
struct PeerIdentity {
    std::int64_t chainHeight = -1; // what it claims; sync believes only what headers prove
};

struct PeerIdentityFailure {
    SyncFailure failure; // Unreachable, NotANode or OtherNetwork
    QString message;     // in English, naming the peer
    QString detail;
};

// Reads a peer's answer to GET /health: it must be a MiniBitcoin node of the same network
// and genesis target as `params`.
std::variant<PeerIdentity, PeerIdentityFailure>
identifyPeer(const QString& peerUrl, const PeerReply& health, const NetworkParams& params);

} // namespace mbc::net
