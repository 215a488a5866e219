#include "node/peer_refusal.h"

namespace mbc::node {

QString PeerRefusal::message() const {
    switch (reason) {
    case Reason::OwnAddress:
        return QStringLiteral("%1 is this node's own address").arg(url);
    case Reason::Banned:
        return QStringLiteral("%1 is banned for sending invalid data").arg(url);
    case Reason::Forbidden:
        return QStringLiteral("%1 is not a place this node connects to: %2").arg(url, detail);
    case Reason::NotFromItsHost:
        return QStringLiteral("%1 is not on the host the announce came from (%2); a node "
                              "announces its own address")
            .arg(url, detail);
    case Reason::TooManyPeers:
        break;
    }
    return QStringLiteral("this node already has MAX_PEERS (%1) peers").arg(maxPeers);
}

} // namespace mbc::node
