// ChainSync's pages (consensus/PROTOCOL.md §8, GET /blocks/after): asking for them, the next
// one asked for while this one is connected, decoding, and handing each to the slices with its
// signature checks begun.
#include "net/chain_sync.h"

#include "consensus/serialize/block_serialize.h"
#include "net/block_page.h"
#include "net/page_signature_check.h"
#include "node/logging.h"
#include "node/node.h"

#include <QPointer>
#include <QTimer>

#include <functional>
#include <span>

namespace mbc::net {

void ChainSync::requestPage() {
    pageClock_.start();
    client_.get(peerUrl_,
                QStringLiteral("/blocks/after?limit=%1&locator=%2")
                    .arg(kPageBlocks)
                    .arg(locatorQuery(lastReceived_)),
                [this](const PeerReply& r) { step([&] { onPage(r); }); });
}

void ChainSync::prefetchNextPage() {
    if (!morePages_ || page_.empty())
        return;
    nextPageAsked_ = true;
    nextPage_.reset();
    nextPageClock_.start();
    prefetch_ = std::make_unique<QObject>();
    const QPointer<ChainSync> self(this);
    client_.get(
        peerUrl_,
        QStringLiteral("/blocks/after?limit=%1&locator=%2")
            .arg(kPageBlocks)
            .arg(locatorQuery(blockHash(page_.back().header))),
        [self](const PeerReply& r) {
            if (!self || self->finished_)
                return; // the sync ended while the page was on its way
            self->nextPage_ = r;
            if (self->waitingForNextPage_) {
                self->waitingForNextPage_ = false;
                self->step([&] { self->takeNextPage(); });
            } else {
                self->step([&] { self->checkNextPageAhead(); });
            }
        },
        prefetch_.get());
}

namespace {

std::variant<DecodedBlockPage, BlockPageFailure> decodeReply(const PeerReply& reply,
                                                             BlockPhaseTimings& timings) {
    const PhaseTimer decode(timings, BlockPhase::Decode);
    return decodeBlockPageBlocks(ByteSpan(reinterpret_cast<const std::uint8_t*>(reply.body.data()),
                                          static_cast<std::size_t>(reply.body.size())));
}

// The first of `blocks` that does not go on from the block before it (the first block: whose
// parent `firstLinks` does not accept), or blocks.size() if each does.
std::size_t firstUnlinked(std::span<const Block> blocks,
                          const std::function<bool(const Block&)>& firstLinks) {
    for (std::size_t i = 0; i < blocks.size(); ++i)
        if (i == 0 ? !firstLinks(blocks[0])
                   : blocks[i].header.prevHash != blockHash(blocks[i - 1].header))
            return i;
    return blocks.size();
}

} // namespace

// As soon as the next page is in, while this one is still being connected: decoded, and its
// signatures checked by the sync's helpers once every block of this page is claimed. Only a
// page no larger than this node's own pages is decoded ahead, so that a peer sending replies
// as large as a reply may be never has two of them decoded at once; a larger one waits for its
// turn, as one that cannot be decoded does (onPage then says what is wrong with it). Only a
// page that goes on from this page's last block is checked ahead; one that does not link is
// left to connectPage, which refuses it or (if it builds on another block the node has) begins
// its checks then.
void ChainSync::checkNextPageAhead() {
    // (A page's framing: a few bytes a block, and a block may pass the limit.)
    constexpr qsizetype kMostBytesAhead = qsizetype(kBlockPageBytes + MAX_BLOCK_SIZE + 64'000);
    if (!nextPage_ || !nextPage_->ok() || page_.empty() || nextPage_->body.size() > kMostBytesAhead)
        return;
    auto decoded = decodeReply(*nextPage_, node_.blockPhaseTimings());
    auto* page = std::get_if<DecodedBlockPage>(&decoded);
    if (!page) {
        qCDebug(lcNet).noquote() << "the next page from" << peerUrl_
                                 << "cannot be decoded; the sync ends once this page is kept";
        return;
    }
    nextDecoded_ = std::move(*page);
    nextPage_.reset();
    const std::vector<Block>& blocks = nextDecoded_->blocks;
    const Hash256 lastOfThisPage = blockHash(page_.back().header);
    if (blocks.empty() || firstUnlinked(blocks, [&](const Block& first) {
                              return first.header.prevHash == lastOfThisPage;
                          }) != blocks.size())
        return;
    qCDebug(lcNet).noquote() << "checking the signatures of the next page's" << blocks.size()
                             << "blocks after this page's";
    nextSignatures_ = checks_.add(blocks);
}

void ChainSync::endPage() {
    signatures_.reset();
    page_.clear();
    nextInPage_ = 0;
}

void ChainSync::takeNextPage() {
    if (!nextPageAsked_)
        return requestPage();
    if (!nextDecoded_ && !nextPage_) {
        waitingForNextPage_ = true;
        return;
    }
    nextPageAsked_ = false;
    pageClock_ = nextPageClock_;
    if (!nextDecoded_) {
        const PeerReply reply = std::move(*nextPage_);
        nextPage_.reset();
        return onPage(reply);
    }
    // Moving the vector leaves its blocks where nextSignatures_ checks them (std::allocator
    // moves with the vector: its buffer changes hands, no block moves).
    page_ = std::move(nextDecoded_->blocks);
    morePages_ = nextDecoded_->morePages;
    claimedTipHeight_ = std::max(claimedTipHeight_, nextDecoded_->tipHeight);
    nextDecoded_.reset();
    qCDebug(lcNet).noquote() << "page of" << page_.size() << "blocks from" << peerUrl_ << "taken"
                             << pageClock_.elapsed() << "ms after it was asked for";
    connectPage(std::move(nextSignatures_));
}

void ChainSync::onPage(const PeerReply& reply) {
    if (!reply.ok())
        return fail(SyncFailure::Unreachable,
                    "peer " + peerUrl_ + " did not send blocks: " + reply.describe(),
                    reply.describe());
    auto decoded = decodeReply(reply, node_.blockPhaseTimings());
    if (const auto* failed = std::get_if<BlockPageFailure>(&decoded))
        return fail(SyncFailure::MalformedData,
                    "peer " + peerUrl_ +
                        (failed->blockIndex ? " sent an undecodable block: "
                                            : " sent a malformed block page: ") +
                        QString::fromStdString(failed->failure.toString()),
                    {}, failed->failure);
    DecodedBlockPage& page = std::get<DecodedBlockPage>(decoded);
    qCDebug(lcNet).noquote() << "page of" << page.blocks.size() << "blocks from" << peerUrl_
                             << "arrived in" << pageClock_.elapsed() << "ms";
    page_ = std::move(page.blocks);
    morePages_ = page.morePages;
    claimedTipHeight_ = std::max(claimedTipHeight_, page.tipHeight);
    connectPage();
}

void ChainSync::connectPage(std::unique_ptr<PageSignatureCheck> checked) {
    // A page holds a branch: each block on the one before it, the first on where we asked
    // from (or on a block we have). A page that does not is the peer's doing.
    if (const std::size_t i = firstUnlinked(page_,
                                            [&](const Block& first) {
                                                const Hash256& parent = first.header.prevHash;
                                                return first.header.isGenesis() ||
                                                       lastReceived_ == parent ||
                                                       node_.blockRecord(parent).has_value();
                                            });
        i < page_.size()) {
        result_.failure = SyncFailure::UnconnectedBlock;
        return finish("peer " + peerUrl_ + " sent block " +
                      QString::fromStdString(blockHash(page_[i].header).hex()) +
                      " whose parent is not in the page or our chain");
    }
    nextInPage_ = 0;
    addedFromPage_ = 0;
    pageSlices_ = 0;
    pageCommits_ = 0;
    highestBeforePage_ = highestReceived_;
    // Connecting is mostly SQL on this thread; the signatures are checked ahead of it on the
    // other cores too, and validation then skips them (a block with one found invalid is
    // checked whole).
    signatures_ = checked ? std::move(checked) : checks_.add(page_);
    prefetchNextPage();
    // From the event loop, so that the next page's request goes out before the slices begin.
    QTimer::singleShot(0, this, [this] { step([this] { connectSlice(); }); });
}

} // namespace mbc::net
