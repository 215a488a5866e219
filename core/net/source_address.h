#pragma once

#include <QHostAddress>
#include <QString>

namespace mbc::net {

// An address as the node compares it: IPv4-mapped IPv6 (::ffff:a.b.c.d, what a dual-stack
// listener reports for IPv4 clients) becomes the IPv4 address.
QHostAddress plainAddress(const QHostAddress& address);

// Whom the node charges for a request: the connection's remote address, the only part of a
// request the sender cannot choose. IPv6 counts by its /64, the block one subscriber usually
// holds, so rotating addresses within it does not escape a charge.
QString sourceKey(const QHostAddress& remote);

// Where an address leads, for deciding whether the node may connect to it.
enum class AddressScope {
    Loopback,  // 127.0.0.0/8, ::1: this machine
    Private,   // 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7: a private network
    Public,    // everything routable on the internet
    LinkLocal, // 169.254/16 (cloud metadata services live there), fe80::/10
    Unusable,  // unspecified, multicast, broadcast, reserved
};
AddressScope scopeOf(const QHostAddress& address);
const char* scopeName(AddressScope scope);

} // namespace mbc::net
