#pragma once

#include "net/source_address.h"

#include <QList>
#include <QObject>

#include <functional>
#include <optional>

namespace mbc::net {

// Where the node may connect (THREATS.md 5). Never to link-local addresses (cloud metadata
// services answer on 169.254.169.254) or unusable ones, whoever asked. A URL somebody else
// named (an announce, a peer's list) may lead to loopback or a private network only when the
// node's own PUBLIC_URL is in that scope too, or ALLOW_PRIVATE_PEERS says so: otherwise anyone
// could aim a public node at the services behind its firewall. The owner's own choices
// (/peers/add, BOOTSTRAP_PEERS, /sync) are trusted with private and loopback addresses.
struct PeerAddressPolicy {
    AddressScope ownScope = AddressScope::Public;
    bool allowPrivate = false; // ALLOW_PRIVATE_PEERS

    // Why no connection may go to `address`; nothing if it may.
    static std::optional<QString> forbidden(const QHostAddress& address);
    // ...and why a URL somebody else named may not lead there.
    std::optional<QString> refusalForNamed(const QHostAddress& address) const;
};

// The addresses a peer URL's host stands for: an IP literal at once, a name through the
// resolver (asynchronously, Qt caches answers). `done` gets them, or an empty list and why not.
using HostAddresses = std::function<void(const QList<QHostAddress>&, const QString& error)>;
void resolvePeerHost(const QString& peerUrl, QObject* context, HostAddresses done);

// The IP literal a peer URL names as its host ("localhost" counts as 127.0.0.1); null if it
// names a host name.
QHostAddress literalHostOf(const QString& peerUrl);

} // namespace mbc::net
