#pragma once

#include "net/peer_network.h"
#include "net/rest_server.h"

#include <QScopeGuard>

namespace mbc::net {

// Work on the node's thread that anyone may ask for and that stores nothing (a dry run, a
// mining template): admitted like a push (a banned sender, or one that used its share of the
// node's validation time, is refused first), and its time since the request began to be
// decoded (PeerNetwork::senderOf), at least a millisecond, charged to a sender who is not the
// owner whatever the outcome (also when it throws). Never an offence.
template <typename Work>
ApiReply chargedWork(PeerNetwork& network, const ApiRequest& req, Work work) {
    const PushSender sender = network.senderOf(req);
    network.admitPush(sender);
    const auto charge = qScopeGuard([&] { network.chargeRequestWork(sender); });
    return work(sender);
}

} // namespace mbc::net
