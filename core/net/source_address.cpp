#include "net/source_address.h"

namespace mbc::net {
namespace {

bool inRange(quint32 address, quint32 network, int prefixBits) {
    const quint32 mask = prefixBits == 0 ? 0 : ~quint32(0) << (32 - prefixBits);
    return (address & mask) == (network & mask);
}

AddressScope scopeOfIPv4(quint32 a) {
    if (inRange(a, 0x7F000000, 8))
        return AddressScope::Loopback;
    if (inRange(a, 0xA9FE0000, 16))
        return AddressScope::LinkLocal;
    if (inRange(a, 0x0A000000, 8) || inRange(a, 0xAC100000, 12) || inRange(a, 0xC0A80000, 16) ||
        inRange(a, 0x64400000, 10))
        return AddressScope::Private;
    if (inRange(a, 0x00000000, 8) || inRange(a, 0xE0000000, 4) || inRange(a, 0xF0000000, 4))
        return AddressScope::Unusable; // "this network", multicast, reserved and broadcast
    return AddressScope::Public;
}

} // namespace

QHostAddress plainAddress(const QHostAddress& address) {
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

QString sourceKey(const QHostAddress& remote) {
    const QHostAddress plain = plainAddress(remote);
    if (plain.protocol() != QAbstractSocket::IPv6Protocol)
        return plain.toString();
    Q_IPV6ADDR bytes = plain.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + "/64";
}

AddressScope scopeOf(const QHostAddress& address) {
    const QHostAddress plain = plainAddress(address);
    if (plain.isNull())
        return AddressScope::Unusable;
    if (plain.protocol() == QAbstractSocket::IPv4Protocol)
        return scopeOfIPv4(plain.toIPv4Address());
    const Q_IPV6ADDR b = plain.toIPv6Address();
    if (plain.isLoopback())
        return AddressScope::Loopback;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return AddressScope::LinkLocal;
    if ((b[0] & 0xFE) == 0xFC)
        return AddressScope::Private;
    if (b[0] == 0xFF || plain == QHostAddress(QHostAddress::AnyIPv6))
        return AddressScope::Unusable;
    return AddressScope::Public;
}

const char* scopeName(AddressScope scope) {
    switch (scope) {
    case AddressScope::Loopback:
        return "loopback";
    case AddressScope::Private:
        return "private";
    case AddressScope::Public:
        return "public";
    case AddressScope::LinkLocal:
        return "link-local";
    case AddressScope::Unusable:
        break;
    }
    return "unusable";
}

} // namespace mbc::net
