// The peer table: who the node's peers are, how URLs others name become peers, and how the
// table keeps room for working peers (THREATS.md 4-5).
#include "net/peer_identity.h"
#include "net/peer_network.h"
#include "node/logging.h"
#include "node/node.h"
#include "json/json_value.h"

#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace mbc::net {
namespace {

constexpr int kFailingAfter = 3;      // failures in a row: may give its place to a candidate
constexpr int kDropAfterFailures = 8; // ...and leaves the table (unless the owner chose it)
constexpr int kCandidateChecks = 2;   // at once
constexpr int kJoinsPerHost = 2;      // peers one (non-loopback) host may bring in on its own

QString hostOf(const QString& url) { // for naming where learned URLs came from
    return QUrl(url).host();
}

QByteArray jsonBytes(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

} // namespace

std::optional<PeerRefusal> PeerNetwork::addPeer(const QString& url) {
    using Reason = PeerRefusal::Reason;
    if (url == settings_.publicUrl)
        return PeerRefusal{Reason::OwnAddress, url, 0, {}};
    if (health_.banned(url, nowMs()))
        return PeerRefusal{Reason::Banned, url, 0, {}};
    if (const QHostAddress literal = literalHostOf(url); !literal.isNull())
        if (const auto why = PeerAddressPolicy::forbidden(literal))
            return PeerRefusal{Reason::Forbidden, url, 0, *why};
    if (settings_.maxPeers <= 0)
        return PeerRefusal{Reason::TooManyPeers, url, settings_.maxPeers, {}};
    const bool already = isPeer(url);
    if (!already && node_.peers().all().size() >= std::size_t(settings_.maxPeers))
        makeRoom(true);
    candidates_.remove(url);
    node_.peers().add(url, node_.now());
    node_.peers().markChosenByOwner(url);
    ownersPeers_.insert(url);
    resolveTablePeer(url);
    if (already)
        return std::nullopt;
    qCInfo(lcNet).noquote() << "added peer" << url;
    announceTo(url);
    return std::nullopt;
}

bool PeerNetwork::removePeer(const QString& url) {
    if (!isPeer(url))
        return false;
    dropPeer(url, QStringLiteral("by the owner"));
    return true;
}

std::optional<PeerRefusal> PeerNetwork::announced(const QString& url, const QHostAddress& from) {
    using Reason = PeerRefusal::Reason;
    const std::int64_t now = nowMs();
    if (url == settings_.publicUrl)
        return PeerRefusal{Reason::OwnAddress, url, 0, {}};
    if (health_.banned(url, now) || senders_.banned(sourceKey(from), now))
        return PeerRefusal{Reason::Banned, url, 0, {}};
    if (isPeer(url)) { // it announced itself: it knows how to reach us
        if (!verifiedUrl(from, url).isEmpty())
            knowsUs_.insert(url);
        return std::nullopt;
    }
    if (const QHostAddress literal = literalHostOf(url); !literal.isNull()) {
        if (verifiedUrl(from, url).isEmpty())
            return PeerRefusal{Reason::NotFromItsHost, url, 0, plainAddress(from).toString()};
        if (const auto why = policy_.refusalForNamed(literal))
            return PeerRefusal{Reason::Forbidden, url, 0, *why};
    }
    offerCandidate({url, from, sourceKey(from), now});
    return std::nullopt;
}

void PeerNetwork::offerCandidate(PeerCandidates::Candidate candidate) {
    if (candidate.url == settings_.publicUrl || isPeer(candidate.url))
        return;
    if (candidates_.offer(std::move(candidate)))
        checkCandidates();
}

void PeerNetwork::checkCandidates() {
    while (ownScopeKnown_ && candidatesInCheck_ < kCandidateChecks) {
        const auto next = candidates_.takeNext();
        if (!next)
            return;
        ++candidatesInCheck_;
        checkCandidate(*next);
    }
}

// Where it leads first (an announced URL must lead to the announcer), then what answers there.
void PeerNetwork::checkCandidate(const PeerCandidates::Candidate& c) {
    resolvePeerHost(
        c.url, this, [this, c](const QList<QHostAddress>& addresses, const QString& error) {
            if (addresses.isEmpty())
                return candidateChecked(c.url, error);
            const QHostAddress from = plainAddress(c.announcedFrom);
            if (!c.announcedFrom.isNull() && // every address: none may lead elsewhere
                std::any_of(addresses.begin(), addresses.end(),
                            [&](const QHostAddress& a) { return plainAddress(a) != from; }))
                return candidateChecked(c.url, "its host is not " + from.toString() +
                                                   ", where the announce came from");
            for (const QHostAddress& a : addresses)
                if (const auto why = policy_.refusalForNamed(a))
                    return candidateChecked(c.url, *why);
            client_.get(c.url, QStringLiteral("/health"),
                        [this, c, addresses](const PeerReply& reply) {
                            const auto identity = identifyPeer(c.url, reply, node_.params());
                            if (const auto* failed = std::get_if<PeerIdentityFailure>(&identity))
                                return candidateChecked(c.url, failed->message);
                            joinTable(c.url, !c.announcedFrom.isNull(), addresses);
                            candidateChecked(c.url, std::nullopt);
                        });
        });
}

void PeerNetwork::candidateChecked(const QString& url, const std::optional<QString>& refusal) {
    --candidatesInCheck_;
    if (refusal)
        qCInfo(lcNet).noquote() << "peer candidate" << url << "dropped:" << *refusal;
    QTimer::singleShot(0, this, &PeerNetwork::checkCandidates);
}

QList<QHostAddress> PeerNetwork::knownAddressesOf(const QString& url) const {
    if (const QHostAddress literal = literalHostOf(url); !literal.isNull())
        return {literal};
    const auto resolved = resolved_.find(url);
    return resolved == resolved_.end() ? QList<QHostAddress>{} : resolved->second;
}

void PeerNetwork::joinTable(const QString& url, bool announcedItself,
                            const QList<QHostAddress>& at) {
    if (isPeer(url) || health_.banned(url, nowMs()) || at.isEmpty())
        return;
    // One host (an IPv6 /64) with many ports or names cannot fill the table; loopback is the
    // owner's own machine.
    const QString host = sourceKey(at.front());
    const auto rows = node_.peers().all();
    const auto sameHost = std::count_if(rows.begin(), rows.end(), [&](const store::PeerRow& p) {
        const auto addresses = knownAddressesOf(p.url);
        return !p.chosenByOwner &&
               std::any_of(addresses.begin(), addresses.end(),
                           [&](const QHostAddress& a) { return sourceKey(a) == host; });
    });
    if (sameHost >= kJoinsPerHost && scopeOf(at.front()) != AddressScope::Loopback) {
        qCInfo(lcNet).noquote() << "peer candidate" << url << "not taken:" << sameHost << "peers at"
                                << host << "already";
        return;
    }
    if (rows.size() >= std::size_t(std::max(0, settings_.maxPeers)) && !makeRoom(false)) {
        qCInfo(lcNet).noquote() << "peer candidate" << url
                                << "not taken: MAX_PEERS working peers already";
        return;
    }
    node_.peers().add(url, node_.now());
    resolveTablePeer(url);
    qCInfo(lcNet).noquote() << "added peer" << url << "(it answered as a node of this network)";
    if (announcedItself)
        knowsUs_.insert(url);
    else
        announceTo(url);
}

// Drops the worst entry: the one failing longest, then the one seen least recently. Working
// peers and the owner's choices give way only to the owner.
bool PeerNetwork::makeRoom(bool forOwner) {
    std::optional<store::PeerRow> worst;
    for (const store::PeerRow& p : node_.peers().all()) {
        const bool mayGo = forOwner || (p.failures >= kFailingAfter && !p.chosenByOwner);
        const auto rank = [](const store::PeerRow& r) {
            return std::tuple(!r.chosenByOwner, r.failures, -r.lastSeen);
        };
        if (mayGo && (!worst || rank(p) > rank(*worst)))
            worst = p;
    }
    if (!worst)
        return false;
    dropPeer(worst->url,
             QStringLiteral("to make room (%1 failures in a row)").arg(worst->failures));
    return true;
}

void PeerNetwork::dropPeer(const QString& url, const QString& why) {
    node_.peers().remove(url);
    knowsUs_.erase(url);
    resolved_.erase(url);
    ownersPeers_.erase(url);
    if (!health_.banned(url, nowMs()))
        health_.forget(url);
    qCInfo(lcNet).noquote() << "dropped peer" << url << why;
}

void PeerNetwork::resolveTablePeer(const QString& url) {
    if (!literalHostOf(url).isNull())
        return;
    resolvePeerHost(url, this, [this, url](const QList<QHostAddress>& addresses, const QString&) {
        if (!addresses.isEmpty() && isPeer(url)) // a failed lookup keeps what was known
            resolved_[url] = addresses;
    });
}

// Tells the peer how to reach us, so the link works both ways. A peer that was not up yet is
// told again after our next successful sync with it.
void PeerNetwork::announceTo(const QString& url) {
    json::Value ourAddress;
    ourAddress.set("url", settings_.publicUrl.toStdString());
    client_.post(url, QStringLiteral("/peers/announce"), jsonBytes(ourAddress), "application/json",
                 [this, url](const PeerReply& r) {
                     if (r.ok() && isPeer(url))
                         knowsUs_.insert(url);
                     else
                         qCInfo(lcNet).noquote()
                             << "peer" << url << "did not take our address:" << r.describe();
                 });
}

bool PeerNetwork::isPeer(const QString& url) const {
    const auto known = node_.peers().all();
    return std::any_of(known.begin(), known.end(),
                       [&](const store::PeerRow& p) { return p.url == url; });
}

std::vector<QString> PeerNetwork::usablePeers() const {
    std::vector<QString> urls;
    const std::int64_t now = nowMs();
    for (const store::PeerRow& p : node_.peers().all())
        if (health_.usable(p.url, now))
            urls.push_back(p.url);
    return urls;
}

bool PeerNetwork::banned(const QString& url) const {
    return health_.banned(url, nowMs());
}

void PeerNetwork::reached(const QString& url) {
    health_.reached(url);
    node_.peers().recordSuccess(url, node_.now());
}

void PeerNetwork::unreachable(const QString& url, const QString& why) {
    const std::int64_t retryAt = health_.unreachable(url, nowMs());
    node_.peers().recordFailure(url, false);
    qCInfo(lcNet).noquote() << "peer" << url << "unreachable (" + why + "); next try in"
                            << (retryAt - nowMs()) / 1000 << "s";
    for (const store::PeerRow& p : node_.peers().all())
        if (p.url == url && !p.chosenByOwner && p.failures >= kDropAfterFailures)
            dropPeer(url, QStringLiteral("after %1 failures in a row").arg(p.failures));
}

void PeerNetwork::offended(const QString& url, const QString& why) {
    qCWarning(lcNet).noquote() << "peer" << url << "sent invalid data:" << why;
    if (health_.offended(url, nowMs()))
        qCWarning(lcNet).noquote() << "peer" << url << "banned for" << settings_.banSeconds
                                   << "s after" << PeerHealth::kOffencesBeforeBan << "offences";
}

// Peers of our peers are candidates, checked like announced ones.
void PeerNetwork::learnPeersOf(const QString& url) {
    client_.get(url, QStringLiteral("/peers"), [this, url](const PeerReply& r) {
        if (!r.ok())
            return;
        const auto parsed = json::parse(r.body.toStdString());
        const json::Value* v = std::get_if<json::Value>(&parsed);
        const json::Value* peers = v ? v->find("peers") : nullptr;
        if (!peers || !peers->isArray())
            return;
        std::size_t considered = 0;
        for (const json::Value& p : peers->asArray()) {
            if (++considered > kCandidatesPerSource || !p.isString())
                break;
            const auto learned = node::normalizePeerUrl(QString::fromStdString(p.asString()));
            if (learned)
                offerCandidate({*learned, QHostAddress(), "peers of " + hostOf(url), nowMs()});
        }
    });
}

} // namespace mbc::net
