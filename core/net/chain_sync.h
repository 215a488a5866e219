#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "net/peer_client.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <optional>

namespace mbc::node {
class Node;
}

namespace mbc::net {

struct SyncResult {
    bool ok = false;
    QString message;
    std::int64_t newHeight = -1; // our tip afterwards
    std::uint64_t blocksReceived = 0;
    std::int64_t peerHeight = -1;
    bool peerMisbehaved = false; // it sent something invalid (not merely failed to answer)
};

// One sync with one peer (PROTOCOL.md §8): check it is on our network (/health), then ask for
// the blocks after our block locator a page at a time (/blocks/after) and submit each as it
// arrives; a heavier branch becomes active through the ordinary reorg. Memory holds one page.
class ChainSync : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const SyncResult&)>;
    static constexpr int kPageBlocks = 500;

    ChainSync(node::Node& node, PeerClient& client, QString peerUrl, Done done,
              QObject* parent = nullptr);
    void start();

    const QString& peerUrl() const { return peerUrl_; }
    // True while it hands a downloaded block to the node (its blocks are not relayed).
    bool submitting() const { return submitting_; }

private:
    void onHealth(const PeerReply& reply);
    void requestPage();
    void onPage(const PeerReply& reply);
    void finish(bool ok, const QString& message, bool misbehaved = false);
    QString locatorQuery() const;

    node::Node& node_;
    PeerClient& client_;
    QString peerUrl_;
    Done done_;
    SyncResult result_;
    std::optional<Hash256> lastReceived_; // on the peer's chain: where the next page starts
    bool submitting_ = false;
    QElapsedTimer pageClock_; // since the page was asked for
    bool finished_ = false;
};

} // namespace mbc::net
