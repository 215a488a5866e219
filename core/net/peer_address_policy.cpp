#include "net/peer_address_policy.h"

#include <QHostInfo>
#include <QUrl>

namespace mbc::net {

std::optional<QString> PeerAddressPolicy::forbidden(const QHostAddress& address) {
    // Cloud metadata services outside link-local space (AWS over IPv6, Alibaba).
    for (const char* metadata : {"fd00:ec2::254", "100.100.100.200"})
        if (plainAddress(address) == QHostAddress(metadata))
            return QStringLiteral("%1 is a cloud metadata address").arg(metadata);
    const AddressScope scope = scopeOf(address);
    if (scope == AddressScope::LinkLocal || scope == AddressScope::Unusable)
        return QStringLiteral("%1 is a %2 address, where no peer lives")
            .arg(plainAddress(address).toString(), scopeName(scope));
    return std::nullopt;
}

std::optional<QString> PeerAddressPolicy::refusalForNamed(const QHostAddress& address) const {
    if (auto never = forbidden(address))
        return never;
    const AddressScope scope = scopeOf(address);
    if (scope == AddressScope::Public || scope == ownScope || allowPrivate)
        return std::nullopt;
    return QStringLiteral("%1 is a %2 address and this node's PUBLIC_URL is %3 (set "
                          "ALLOW_PRIVATE_PEERS=1 to take such peers from others)")
        .arg(plainAddress(address).toString(), scopeName(scope), scopeName(ownScope));
}

QHostAddress literalHostOf(const QString& peerUrl) {
    const QString host = QUrl(peerUrl).host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host); // null unless an IPv4 or IPv6 literal
}

void resolvePeerHost(const QString& peerUrl, QObject* context, HostAddresses done) {
    const QString host = QUrl(peerUrl).host();
    if (host.isEmpty())
        return done({}, QStringLiteral("%1 names no host").arg(peerUrl));
    if (const QHostAddress literal = literalHostOf(peerUrl); !literal.isNull())
        return done({literal}, {});
    QHostInfo::lookupHost(host, context, [done = std::move(done), host](const QHostInfo& info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
            return done({}, QStringLiteral("cannot resolve %1: %2").arg(host, info.errorString()));
        done(info.addresses(), {});
    });
}

} // namespace mbc::net
