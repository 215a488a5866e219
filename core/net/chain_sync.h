#pragma once

#include "chain/blockchain.h"
#include "consensus/primitives/block.h"
#include "consensus/primitives/fixed_bytes.h"
#include "consensus/result.h"
#include "net/block_page.h"
#include "net/page_signature_check.h"
#include "net/peer_client.h"
#include "node/node.h"
#include "node/sync_result.h"

#include <QElapsedTimer>
#include <QObject>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace mbc::net {

using node::SyncFailure;
using node::SyncResult;

// One sync with one peer (consensus/PROTOCOL.md §8): check it is on our network (/health; a
// MiniBitcoinPy node, which names none, gives its whole chain from /chain instead), then ask for
// the blocks after our block locator a page at a time (/blocks/after) and submit each as it
// arrives; a heavier branch becomes active through the ordinary reorg. A branch that forks
// further back than the chain stores bodies for (too-little-chainwork) is judged by its headers
// first (/headers): only if they carry more work than our chain are its bodies taken. Memory
// holds the page being connected, a slice at a time so that the node serves other requests in
// between, and the next, asked for meanwhile and decoded as soon as it is in (if no larger than
// this node's own pages), so that the sync's helper threads go on to its signatures once this
// page's are all claimed.
class ChainSync : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const SyncResult&)>;
    static constexpr int kPageBlocks = 500;
    static constexpr int kHeadersPerRequest = 2000;
    static constexpr int kMaxHeaderRequests = 50;
    // The node's thread connects blocks for kSliceMs (at least one block), then serves others:
    // a request takes a few turns of its event loop (accept, read, write), each waiting for a
    // slice to end. (With 100 ms slices, GET /health took 0.4 to 0.5 s during a sync; with 10,
    // about 50 ms, and no slower sync: tests/bench/MEASUREMENTS.md.)
    static constexpr int kSliceMs = 10;
    static constexpr int kSlicesPerBatch = 100; // about a second, per commit (commitBatch says why)
    // Whoever uses the store between slices commits the sync's batch first, and small commits
    // write the same pages again and again: after such a commit, slices last kSettledSliceMs
    // until the batch ends by itself, so that others' requests (POST /tx, at RATE_LIMIT each)
    // commit it at most ten times a second, as when every slice was 100 ms.
    static constexpr int kSettledSliceMs = 100;

    ChainSync(node::Node& node, PeerClient& client, QString peerUrl, Done done,
              QObject* parent = nullptr);
    ~ChainSync() override;
    void start();

    const QString& peerUrl() const { return peerUrl_; }
    // True while it hands a downloaded block to the node (its blocks are not relayed).
    bool submitting() const { return submitting_; }
    // The peer's height as far as its headers and blocks have proved it (-1 before).
    std::int64_t provenPeerHeight() const { return result_.peerHeight; }
    // How far the peer's tip is ahead of the last block this sync received (0 before the
    // first): as its headers proved it, or as its pages claim (headers are taken only until
    // they show more work than ours, 2,000 at a time; a lie misleads only this estimate).
    std::int64_t blocksToGo() const {
        const std::int64_t tip = std::max(result_.peerHeight, claimedTipHeight_);
        return highestReceived_ < 0 ? 0 : std::max<std::int64_t>(0, tip - highestReceived_);
    }

private:
    void onHealth(const PeerReply& reply);
    void requestPage();
    // Asks for the page after the one being connected, so the peer prepares and sends it
    // while this node connects; takeNextPage() goes on with it once the page is connected.
    void prefetchNextPage();
    // The page asked for ahead is in: decoded, and its signatures checked after this page's.
    void checkNextPageAhead();
    void takeNextPage();
    void endPage(); // lets the connected page go
    void onPage(const PeerReply& reply);
    // page_, once its linkage holds; `checked`: its signature checks, if begun already.
    void connectPage(std::unique_ptr<PageSignatureCheck> checked = nullptr);
    static bool looksLikeMiniBitcoinPy(const PeerReply& health);
    void onWholeChain(const PeerReply& reply);
    void connectSlice();
    void commitBatch(); // the open batch, if any
    std::optional<QString> refusalOf(const SubmitOutcome& outcome);
    void requestHeaders();
    void onHeaders(const PeerReply& reply);
    bool takeHeaders(const std::vector<BlockHeader>& headers);
    void failMalformed(const char* what, const std::string& why); // "headers", "chain"
    void fail(SyncFailure why, const QString& message, QString detail = {},
              std::optional<Failure> rejection = std::nullopt);
    // Runs one step (a peer's answer, a slice of blocks): a store failure ends the sync as
    // StorageFailure rather than escape into the event loop with the sync unfinished.
    void step(const std::function<void()>& work);
    std::int64_t heightNow() const;         // the tip's height, or -1 when the store cannot say
    void finish(const QString& message);    // ok unless result_.failure was set
    void finishSynced(const QString& note); // "synced with ...: N blocks received; ..."
    QString locatorQuery(const std::optional<Hash256>& newest) const;

    node::Node& node_;
    PeerClient& client_;
    QString peerUrl_;
    Done done_;
    SyncResult result_;
    std::optional<Hash256> lastReceived_; // on the peer's chain: where the next page starts
    std::optional<Hash256> lastHeader_;   // the newest header taken from the peer
    std::optional<std::pair<Hash256, std::int64_t>> lastTaken_; // ...admitted, and its height
    int headerRequests_ = 0;
    std::int64_t knownReach_ = -1; // the highest of our blocks its headers led to so far
    bool workAhead_ = false;       // the headers taken last lead to more work than ours
    bool submitting_ = false;
    QElapsedTimer pageClock_; // since the page was asked for

    // The page being connected.
    std::vector<Block> page_;
    std::size_t nextInPage_ = 0;
    std::size_t addedFromPage_ = 0;       // blocks of the page the node did not have
    std::int64_t highestReceived_ = -1;   // the highest block the peer sent so far
    std::int64_t highestBeforePage_ = -1; // ...before the page being connected
    std::int64_t claimedTipHeight_ = -1;  // the highest tip the peer's pages named
    bool morePages_ = false;
    bool nextPageAsked_ = false;      // a prefetch is out or its answer is in (one of the next two)
    bool waitingForNextPage_ = false; // the page is connected; the prefetch is not back yet
    std::optional<PeerReply> nextPage_;           // the prefetched page as it came, until decoded
    std::optional<DecodedBlockPage> nextDecoded_; // ...decoded
    std::unique_ptr<QObject> prefetch_; // owns the prefetch request: dropping it aborts that
    QElapsedTimer nextPageClock_;       // since the prefetch was sent
    SyncSignatureChecks checks_;        // (before the pages' checks, which it outlives)
    std::unique_ptr<PageSignatureCheck> signatures_;
    std::unique_ptr<PageSignatureCheck> nextSignatures_; // of nextDecoded_, begun ahead
    std::unique_ptr<node::Node::StoreBatch> batch_;      // open across slices: commitBatch()
    int batchSlices_ = 0;                                // slices that wrote into batch_
    int pageSlices_ = 0;                                 // the page's slices so far
    int pageCommits_ = 0;                                // ...and commits
    bool settledByOthers_ = false; // a batch was committed by another use of the store
    bool finished_ = false;
};

} // namespace mbc::net
