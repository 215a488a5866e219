#include "net/peer_identity.h"

#include "consensus/pow/network_params.h"
#include "node/printable_text.h"
#include "json/json_value.h"

namespace mbc::net {
namespace {

// A string of the peer's /health as messages show it: short, and nothing a terminal acts on.
QString peerText(const std::string& text) {
    constexpr qsizetype kMaxChars = 80;
    QString s = QString::fromStdString(text);
    if (s.size() > kMaxChars) // (not between the halves of a character)
        s = s.left(kMaxChars - (s[kMaxChars - 1].isHighSurrogate() ? 1 : 0)) +
            QStringLiteral("...");
    return node::printableText(s);
}

} // namespace

std::variant<PeerIdentity, PeerIdentityFailure>
identifyPeer(const QString& peerUrl, const PeerReply& reply, const NetworkParams& params) {
    if (!reply.ok())
        return PeerIdentityFailure{
            SyncFailure::Unreachable,
            "peer " + peerUrl + " did not answer /health: " + reply.describe(), reply.describe()};
    const auto parsed = json::parse(reply.body.toStdString());
    const json::Value* health = std::get_if<json::Value>(&parsed);
    const json::Value* network = health ? health->find("network") : nullptr;
    const json::Value* target = health ? health->find("genesis_target") : nullptr;
    const json::Value* height = health ? health->find("chain_height") : nullptr;
    if (!network || !network->isString() || !target || !target->isString() || !height ||
        !height->asInt64())
        return PeerIdentityFailure{SyncFailure::NotANode,
                                   "peer " + peerUrl +
                                       " is not a MiniBitcoin node (its /health lacks network, "
                                       "genesis_target or chain_height)",
                                   {}};
    if (network->asString() != params.name ||
        target->asString() != params.genesisTarget.toHexQuantity())
        return PeerIdentityFailure{
            SyncFailure::OtherNetwork,
            QStringLiteral("peer %1 is on network %2 with genesis target %3; this node is on %4 "
                           "with %5")
                .arg(peerUrl, peerText(network->asString()), peerText(target->asString()),
                     QString::fromStdString(params.name),
                     QString::fromStdString(params.genesisTarget.toHexQuantity())),
            peerText(network->asString())};
    return PeerIdentity{*height->asInt64()};
}

} // namespace mbc::net
