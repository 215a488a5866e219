#include "net/chain_sync.h"

#include "chain/block_locator.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "net/block_page.h"
#include "net/page_signature_check.h"
#include "net/peer_identity.h"
#include "net/peer_offence.h"
#include "node/logging.h"
#include "node/node.h"
#include "json/json_value.h"

#include <QStringList>
#include <QTimer>

#include <optional>

namespace mbc::net {

ChainSync::ChainSync(node::Node& node, PeerClient& client, QString peerUrl, Done done,
                     QObject* parent)
    : QObject(parent)
    , node_(node)
    , client_(client)
    , peerUrl_(std::move(peerUrl))
    , done_(std::move(done))
    , checks_(node.signatureCache()) {}

// A sync dropped in the middle of a page (the node shutting down) keeps the blocks it
// connected: they were valid, and the batch holding them is committed, not rolled back.
ChainSync::~ChainSync() {
    try {
        commitBatch();
    } catch (const std::exception& e) {
        qCWarning(lcNet) << "the blocks synced last could not be kept:" << e.what();
    }
}

void ChainSync::start() {
    client_.get(peerUrl_, QStringLiteral("/health"),
                [this](const PeerReply& r) { step([&] { onHealth(r); }); });
}

void ChainSync::onHealth(const PeerReply& reply) {
    const auto identity = identifyPeer(peerUrl_, reply, node_.params());
    if (const auto* failed = std::get_if<PeerIdentityFailure>(&identity)) {
        if (failed->failure == SyncFailure::NotANode && looksLikeMiniBitcoinPy(reply)) {
            // Its whole chain is worth fetching only if it names a tip we have not validated.
            const auto parsed = json::parse(reply.body.toStdString());
            const json::Value* tip = std::get<json::Value>(parsed).find("tip_hash");
            const auto tipHash =
                tip && tip->isString() ? Hash256::fromHex(tip->asString()) : std::nullopt;
            const auto record = tipHash ? node_.blockRecord(*tipHash) : std::nullopt;
            if (!tipHash || (record && record->status == BlockStatus::Valid)) {
                if (record)
                    result_.peerHeight = record->height;
                return finishSynced({});
            }
            return client_.get(peerUrl_, QStringLiteral("/chain"),
                               [this](const PeerReply& r) { step([&] { onWholeChain(r); }); });
        }
        return fail(failed->failure, failed->message, failed->detail);
    }
    // Its chain_height is only a claim: result_.peerHeight grows with what its headers prove.
    requestHeaders();
}

QString ChainSync::locatorQuery(const std::optional<Hash256>& newest) const {
    QStringList hashes;
    if (newest)
        hashes << QString::fromStdString(newest->hex());
    for (std::uint32_t h : locatorHeights(node_.tip().height))
        if (const auto hash = node_.activeHashAt(h))
            hashes << QString::fromStdString(hash->hex());
    return hashes.join(',');
}

// MiniBitcoinPy's /health names no network, and it serves neither headers nor pages: its
// chain comes whole from GET /chain (JSON, genesis first, within the answer size limit). It
// must start at a genesis block of our target; then it is connected like one page.
bool ChainSync::looksLikeMiniBitcoinPy(const PeerReply& health) {
    const auto parsed = json::parse(health.body.toStdString());
    const json::Value* v = std::get_if<json::Value>(&parsed);
    return v && v->find("chain_height") && v->find("tip_hash") && v->find("node_name") &&
           !v->find("network");
}

void ChainSync::onWholeChain(const PeerReply& reply) {
    if (!reply.ok())
        return fail(SyncFailure::Unreachable,
                    "peer " + peerUrl_ + " did not send its chain: " + reply.describe(),
                    reply.describe());
    const auto malformed = [this](const std::string& why) { failMalformed("chain", why); };
    const auto parsed = parseJson(reply.body.toStdString());
    if (!parsed)
        return malformed(parsed.failure().toString());
    const json::Value* blocks = parsed->find("blocks");
    if (!blocks || !blocks->isArray())
        return malformed("the answer has no blocks");
    page_.clear();
    for (const json::Value& entry : blocks->asArray()) {
        auto block = blockFromJson(entry);
        if (!block)
            return malformed(block.failure().toString());
        page_.push_back(std::move(block).value());
    }
    if (!page_.empty() && page_.front().header.target != node_.params().genesisTarget)
        return fail(SyncFailure::OtherNetwork,
                    "peer " + peerUrl_ + "'s chain starts at another genesis target",
                    QStringLiteral("genesis target %1")
                        .arg(QString::fromStdString(page_.front().header.target.toHexQuantity())));
    // What we have already, from the start, is skipped (a block we validated only).
    std::size_t known = 0;
    for (; known < page_.size(); ++known) {
        const auto record = node_.blockRecord(blockHash(page_[known].header));
        if (!record || record->status != BlockStatus::Valid)
            break;
        result_.peerHeight = std::max<std::int64_t>(result_.peerHeight, record->height);
        lastReceived_ = record->hash;
    }
    page_.erase(page_.begin(), page_.begin() + std::ptrdiff_t(known));
    if (page_.empty()) { // its /health named a tip we lack, and its chain held nothing new
        result_.failure = SyncFailure::Stalled;
        return finish("peer " + peerUrl_ +
                      " served a chain that held nothing new while its "
                      "/health named a tip this node does not have");
    }
    // Its headers first, as for any peer: bodies only for a branch with more work.
    std::vector<BlockHeader> headers;
    for (const Block& b : page_)
        headers.push_back(b.header);
    if (takeHeaders(headers))
        return;
    if (!workAhead_)
        return finishSynced(QStringLiteral("its chain has no more work than ours"));
    morePages_ = false;
    connectPage();
}

// Connects blocks of the page for up to kSliceMs (at least one), then lets the node's thread
// serve others before the next slice. The batch of store writes may stay open across slices
// (commitBatch says until when).
void ChainSync::connectSlice() {
    QElapsedTimer slice;
    slice.start();
    ++pageSlices_;
    std::optional<QString> refusal; // with result_.failure set if the peer is to blame
    bool pageDone = false;          // every block of the page is connected
    try {
        using BatchState = node::Node::StoreBatch::State;
        if (const auto state = batch_ ? batch_->resume() : BatchState::Open;
            state != BatchState::Open) {
            // Someone else used the store between slices, which committed the batch first.
            batch_.reset();
            batchSlices_ = 0;
            if (state == BatchState::Lost)
                throw std::runtime_error("the blocks synced last could not be committed");
            ++pageCommits_;
            settledByOthers_ = true;
        }
        if (!batch_)
            batch_ = node_.beginStoreBatch();
        // (A long slice counts as the short ones it stands for: a batch still ends after about
        // a second.)
        batchSlices_ += settledByOthers_ ? kSettledSliceMs / kSliceMs : 1;
        const std::size_t first = nextInPage_;
        const qint64 sliceMs = settledByOthers_ ? kSettledSliceMs : kSliceMs;
        while (nextInPage_ < page_.size() && (nextInPage_ == first || slice.elapsed() < sliceMs)) {
            const Block& block = page_[nextInPage_];
            bool verified = false;
            {
                const PhaseTimer wait(node_.blockPhaseTimings(), BlockPhase::Wait);
                verified = signatures_->waitFor(nextInPage_);
            }
            submitting_ = true;
            // (A block with a signature found invalid is validated in full, and refused.)
            const SubmitOutcome outcome = node_.submitBlock(
                block, "sync " + peerUrl_,
                verified ? SignatureChecks::VerifiedAhead : SignatureChecks::InValidation,
                BodyOrigin::Synced);
            submitting_ = false;
            refusal = refusalOf(outcome);
            if (refusal)
                break;
            ++result_.blocksReceived;
            if (outcome.kind != SubmitOutcome::Kind::Duplicate)
                ++addedFromPage_;
            highestReceived_ = std::max(highestReceived_, outcome.height);
            result_.peerHeight = std::max(result_.peerHeight, highestReceived_);
            lastReceived_ = outcome.hash;
            ++nextInPage_;
        }
        pageDone = !refusal && nextInPage_ == page_.size();
        if (pageDone)
            endPage();
        if (refusal || pageDone || batchSlices_ >= kSlicesPerBatch)
            commitBatch(); // the blocks before a refused one stay
        else
            batch_->holdOpen();
    } catch (const std::exception& e) {
        // Our store failed, not the peer. Every block's writes are whole or undone, so what
        // went before (and the chain dropping the block it could not connect) is kept if the
        // store can still commit it; otherwise the batch rolls back.
        try {
            if (batch_)
                batch_->commit();
        } catch (const std::exception&) {
        }
        batch_.reset(); // rolled back unless committed just above
        batchSlices_ = 0;
        submitting_ = false;
        signatures_.reset();
        qCCritical(lcNet) << "storage failure while connecting synced blocks:" << e.what();
        return fail(SyncFailure::StorageFailure,
                    QStringLiteral("storage failure: the node's database failed; its log has "
                                   "the details"),
                    QString::fromUtf8(e.what()));
    }
    if (refusal) {
        signatures_.reset();
        return finish(*refusal);
    }
    if (!pageDone) {
        QTimer::singleShot(0, this, [this] { step([this] { connectSlice(); }); });
        return;
    }
    qCDebug(lcNet).noquote() << "page from" << peerUrl_ << "connected;" << pageClock_.elapsed()
                             << "ms since it was asked for," << pageSlices_ << "slices,"
                             << pageCommits_ << "commits";
    // A page of blocks the node had (stored but not yet validated, say, after an interrupted
    // sync) still leads somewhere if it ends higher than any before; one that does neither
    // would only be asked for again.
    if (addedFromPage_ == 0 && highestReceived_ <= highestBeforePage_) {
        // Its headers promised more work, and it serves what we have: honest peers don't.
        result_.failure = SyncFailure::Stalled;
        return finish(QStringLiteral("peer %1 served a page that held nothing new while its "
                                     "headers promised more; sync ended at height %2")
                          .arg(peerUrl_)
                          .arg(node_.tip().height));
    }
    highestBeforePage_ = highestReceived_;
    if (morePages_)
        return takeNextPage();
    finishSynced({});
}

// The blocks connected since the last commit become durable together, in one commit instead
// of one a slice: a sync's outputs land on pages all over the outputs table's key, and each
// commit writes every page it changed, so fewer, larger commits write each page fewer times
// (tests/bench/MEASUREMENTS.md). A batch ends with its page, at a refused block, after
// kSlicesPerBatch slices (about a second: a crash loses little, and readers on other
// connections, who see only committed blocks, lag little), and as soon as anyone else uses
// the store between slices (Node::StoreBatch::holdOpen), so that nobody's writes join it.
void ChainSync::commitBatch() {
    if (!batch_)
        return;
    const PhaseTimer commit(node_.blockPhaseTimings(), BlockPhase::Commit);
    const std::unique_ptr<node::Node::StoreBatch> batch = std::move(batch_);
    batchSlices_ = 0;
    settledByOthers_ = false; // (its last slices were long enough)
    batch->commit(); // if it throws, `batch` rolls back as it goes, and the node catches up
    ++pageCommits_;  // (or someone else's use of the store committed it already)
}

// Why a synced block's outcome ends the sync, if it does; sets result_.failure when the peer is
// to blame (RejectKind decides, as for a pushed block).
std::optional<QString> ChainSync::refusalOf(const SubmitOutcome& outcome) {
    if (outcome.kind == SubmitOutcome::Kind::Orphan) // the page linked up: an ancestor's body
        return "block " + QString::fromStdString(outcome.hash.hex()) + // was dropped here
               " waits for an ancestor whose stored body was not valid; the next sync asks again";
    if (outcome.kind != SubmitOutcome::Kind::Invalid)
        return std::nullopt;
    const Failure& why = *outcome.failure;
    if (why.code == RejectCode::BlockForkTooLight) // its headers showed more work than this
        return QStringLiteral("synced with %1: %2 blocks received; the rest of its branch has too "
                              "little work to keep")
            .arg(peerUrl_)
            .arg(result_.blocksReceived);
    if (!isOffence(rejectKind(why.code), true))
        return "peer " + peerUrl_ + " sent a block this node does not take now: " +
               QString::fromStdString(why.toString());
    result_.failure = SyncFailure::InvalidBlock;
    result_.rejection = why;
    return "peer " + peerUrl_ + " sent an invalid block: " + QString::fromStdString(why.toString());
}

// Headers first: they say where the peer's chain leaves ours (exactly, where the locator only
// narrows it down) and whether its branch has more work, before any body is downloaded.
void ChainSync::requestHeaders() {
    if (++headerRequests_ > kMaxHeaderRequests)
        return finishSynced(QStringLiteral("its branch did not show more work than ours within "
                                           "%1 headers")
                                .arg(kMaxHeaderRequests * kHeadersPerRequest));
    client_.get(peerUrl_,
                QStringLiteral("/headers?limit=%1&locator=%2")
                    .arg(kHeadersPerRequest)
                    .arg(locatorQuery(lastHeader_)),
                [this](const PeerReply& r) { step([&] { onHeaders(r); }); });
}

void ChainSync::onHeaders(const PeerReply& reply) {
    if (!reply.ok())
        return fail(SyncFailure::Unreachable,
                    "peer " + peerUrl_ + " did not send headers: " + reply.describe(),
                    reply.describe());
    const auto malformed = [this](const std::string& why) { failMalformed("headers", why); };
    const auto parsed = parseJson(reply.body.toStdString());
    if (!parsed)
        return malformed(parsed.failure().toString());
    const json::Value* list = parsed->find("headers");
    const json::Value* fork = parsed->find("fork_height");
    const json::Value* tipHeight = parsed->find("tip_height");
    constexpr std::int64_t kMaxHeight = 0xFFFFFFFF; // heights are 32-bit: sums cannot overflow
    if (!list || !list->isArray() || !fork || !fork->asInt64() || !tipHeight ||
        !tipHeight->asInt64() || list->asArray().size() > std::size_t(kHeadersPerRequest) ||
        *fork->asInt64() < -1 || *tipHeight->asInt64() > kMaxHeight ||
        *fork->asInt64() > *tipHeight->asInt64())
        return malformed("the answer lacks headers, fork_height or tip_height, or they do not "
                         "fit together");
    std::vector<BlockHeader> headers;
    for (const json::Value& entry : list->asArray()) {
        const json::Value* header = entry.find("header");
        if (!header)
            return malformed("a header entry has no header");
        auto decoded = headerFromJson(*header);
        if (!decoded)
            return malformed(decoded.failure().toString());
        headers.push_back(*decoded);
    }
    // More to ask for only if this answer led somewhere new.
    const std::optional<Hash256> newest =
        headers.empty() ? std::nullopt : std::optional(blockHash(headers.back()));
    const bool moreHeaders =
        newest && newest != lastHeader_ &&
        *fork->asInt64() + std::int64_t(headers.size()) < *tipHeight->asInt64();
    lastHeader_ = newest;
    // An answer made only of our own active chain, claiming more, is no answer to our locator,
    // which starts at our tip (or at the peer's headers we took): honest peers send what
    // follows.
    const bool allOurs = !headers.empty() &&
                         std::all_of(headers.begin(), headers.end(), [this](const BlockHeader& h) {
                             const Hash256 hash = blockHash(h);
                             const auto r = node_.blockRecord(hash);
                             return r && node_.activeHashAt(r->height) == hash;
                         });
    // (A peer behind us sends the last of ours up to its tip, and claims nothing beyond.)
    const bool claimsMore = *fork->asInt64() + std::int64_t(headers.size()) < *tipHeight->asInt64();
    if (allOurs && claimsMore) {
        result_.failure = SyncFailure::Stalled;
        return finish("peer " + peerUrl_ +
                      " answered with headers of this node's own chain while claiming more");
    }
    // Those we have already: the branch leaves ours after the last of them.
    std::size_t known = 0;
    for (; known < headers.size(); ++known) {
        // Only a validated block is known for sure: a stored one may hold a forged body, and
        // the peer's may be the real one.
        const auto record = node_.blockRecord(blockHash(headers[known]));
        if (!record || record->status != BlockStatus::Valid)
            break;
        lastReceived_ = record->hash;
        result_.peerHeight = std::max<std::int64_t>(result_.peerHeight, record->height);
    }
    headers.erase(headers.begin(), headers.begin() + std::ptrdiff_t(known));
    if (headers.empty()) {
        // Only blocks we have: worth asking on only if they reached further than before (a
        // peer alternating between two windows of our own headers would loop otherwise).
        const std::int64_t reach = result_.peerHeight;
        if (moreHeaders && reach > knownReach_) {
            knownReach_ = reach;
            return requestHeaders();
        }
        return finishSynced({});
    }
    if (takeHeaders(headers))
        return;
    if (workAhead_)
        return requestPage(); // its bodies are welcome
    if (moreHeaders)
        return requestHeaders();
    finishSynced(QStringLiteral("its branch has no more work than ours"));
}

// Hands the peer's new headers to the chain; sets workAhead_ if their branch has more work
// than ours. True if they did not hold (and the sync ended).
bool ChainSync::takeHeaders(const std::vector<BlockHeader>& headers) {
    const Hash256& parentHash = headers.front().prevHash;
    const auto parent = node_.blockRecord(parentHash);
    const std::int64_t firstHeight = parent ? std::int64_t(parent->height) + 1
                                     : lastTaken_ && lastTaken_->first == parentHash
                                         ? lastTaken_->second + 1
                                         : 0;
    const auto work = node_.admitHeaders(headers);
    if (!work) {
        const bool unconnected = work.failure().code == RejectCode::BlockPrevNotFound;
        result_.failure = unconnected ? SyncFailure::UnconnectedBlock : SyncFailure::InvalidBlock;
        result_.rejection = work.failure();
        finish("peer " + peerUrl_ + " sent headers that do not hold: " +
               QString::fromStdString(work.failure().toString()));
        return true;
    }
    const std::int64_t lastHeight = firstHeight + std::int64_t(headers.size()) - 1;
    lastTaken_ = {blockHash(headers.back()), lastHeight};
    workAhead_ = node_.tip().chainWork < *work;
    // Linked, each with a target its parent allows and valid proof of work, and more work
    // than our chain: now the peer has shown it has these heights. (A lighter branch proves
    // little: on a retargeting network, after ten retargets headers are nearly free.)
    if (workAhead_)
        result_.peerHeight = std::max(result_.peerHeight, lastHeight);
    return false;
}

void ChainSync::failMalformed(const char* what, const std::string& why) {
    fail(SyncFailure::MalformedData,
         QStringLiteral("peer %1 sent malformed %2: %3")
             .arg(peerUrl_, QLatin1String(what), QString::fromStdString(why)),
         {}, mbc::fail(RejectCode::BadField, why));
}

void ChainSync::fail(SyncFailure why, const QString& message, QString detail,
                     std::optional<Failure> rejection) {
    result_.failure = why;
    result_.detail = std::move(detail);
    result_.rejection = std::move(rejection);
    finish(message);
}

void ChainSync::step(const std::function<void()>& work) {
    try {
        work();
    } catch (const std::exception& e) { // our store, not the peer: the sync ends, and says so
        submitting_ = false;
        signatures_.reset();
        qCWarning(lcNet) << "sync with" << peerUrl_ << "stopped: the store failed:" << e.what();
        fail(SyncFailure::StorageFailure,
             QStringLiteral("storage failure: the node's database failed or is unavailable; its "
                            "log has the details"),
             QString::fromUtf8(e.what()));
    }
}

std::int64_t ChainSync::heightNow() const {
    try {
        return node_.tip().height;
    } catch (const std::exception&) {
        return -1; // unknown: the store is in trouble
    }
}

void ChainSync::finishSynced(const QString& note) {
    finish(QStringLiteral("synced with %1: %2 blocks received; height %3 (%4)%5")
               .arg(peerUrl_)
               .arg(result_.blocksReceived)
               .arg(heightNow())
               .arg(result_.peerHeight < 0
                        ? QStringLiteral("the peer showed no chain with more work")
                        : QStringLiteral("peer at %1").arg(result_.peerHeight))
               .arg(note.isEmpty() ? QString() : "; " + note));
}

void ChainSync::finish(const QString& message) {
    if (finished_)
        return;
    finished_ = true;
    if (batch_) { // (batches end with their page; this only guards against a path that didn't)
        try {
            commitBatch();
        } catch (const std::exception& e) {
            qCCritical(lcNet) << "storage failure while committing synced blocks:" << e.what();
            if (result_.ok()) {
                result_.failure = SyncFailure::StorageFailure;
                result_.detail = QString::fromUtf8(e.what());
            }
        }
    }
    prefetch_.reset(); // a page asked for ahead is not needed now: its download stops
    nextPage_.reset();
    nextSignatures_.reset(); // before the blocks it checks
    nextDecoded_.reset();
    node_.forgetAdmittedHeaders();
    const bool ok = result_.ok();
    result_.message = message;
    result_.newHeight = heightNow();
    if (ok && result_.blocksReceived > 0)
        qCInfo(lcNet).noquote() << message;
    else if (ok) // the periodic check that found nothing new
        qCDebug(lcNet).noquote() << message;
    else
        qCWarning(lcNet).noquote() << message;
    done_(result_);
}

} // namespace mbc::net
