#pragma once

#include <QString>

namespace mbc::node {

// Why a peer was not added.
struct PeerRefusal {
    enum class Reason {
        OwnAddress,     // it is this node's own PUBLIC_URL
        Banned,         // it (or the address announcing it) sent invalid data a while ago
        TooManyPeers,   // MAX_PEERS is 0
        Forbidden,      // it leads where the node does not connect (detail: why)
        NotFromItsHost, // an announce of a URL on another host than the sender's (detail: it)
    };
    Reason reason;
    QString url;
    int maxPeers = 0;
    QString detail;

    QString message() const; // in English, for the REST API and logs
};

} // namespace mbc::node
