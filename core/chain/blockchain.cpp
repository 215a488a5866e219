#include "chain/blockchain.h"

#include "chain/block_condemnation.h"
#include "chain/early_signature_check.h"
#include "chain/signature_check_pool.h"
#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"
#include "consensus/rules/block_rules.h"
#include "consensus/rules/header_rules.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"

#include <stdexcept>
#include <string>

namespace mbc {
namespace {

constexpr std::size_t kRecordCacheSize = 4096;

SubmitOutcome refused(const Hash256& hash, Failure failure) {
    return {SubmitOutcome::Kind::Invalid, hash, -1, std::move(failure)};
}

SubmitOutcome orphan(const Hash256& hash, std::string why) {
    return {SubmitOutcome::Kind::Orphan, hash, -1, fail(RejectCode::BlockOrphan, std::move(why))};
}

} // namespace

Blockchain::Blockchain(ChainStore& store, NetworkParams params, SignatureCheckPool* pool,
                       Clock clock, ChainLimits limits)
    : store_(store)
    , params_(std::move(params))
    , pool_(pool)
    , clock_(std::move(clock))
    , limits_(limits)
    , orphans_(limits.maxOrphans, limits.maxOrphanBytes)
    , alternates_(limits.maxOrphans / 4 + 1, limits.maxOrphanBytes / 4) // within THREATS' budget
    , disconnected_(limits.maxDisconnectedTxBytes) {}

std::optional<BlockRecord> Blockchain::record(const Hash256& hash) {
    if (auto it = records_.find(hash); it != records_.end())
        return it->second;
    auto rec = store_.blockRecord(hash);
    if (rec)
        remember(*rec);
    return rec;
}

void Blockchain::remember(const BlockRecord& rec) {
    if (records_.size() >= kRecordCacheSize)
        records_.clear(); // simple and rare: the working set is the last few hundred blocks
    records_[rec.hash] = rec;
}

BlockContext Blockchain::contextAfter(const std::optional<BlockRecord>& parent) {
    BlockContext ctx;
    ctx.now = clock_();
    if (!parent)
        return ctx;
    ParentInfo info{parent->hash, parent->height, parent->header.target, {}};
    std::vector<std::uint32_t> newestFirst{parent->header.timestamp};
    std::optional<BlockRecord> cur = parent;
    while (newestFirst.size() < params_.medianTimeSpan && !cur->header.isGenesis()) {
        cur = record(cur->header.prevHash);
        if (!cur)
            throw std::logic_error("a stored block's ancestor is missing from the store");
        newestFirst.push_back(cur->header.timestamp);
    }
    info.recentTimestamps.assign(newestFirst.rbegin(), newestFirst.rend());
    ctx.parent = std::move(info);
    return ctx;
}

BlockContext Blockchain::tipContext() {
    const ChainTip t = store_.tip();
    return contextAfter(t.hash ? record(*t.hash) : std::nullopt);
}

SubmitOutcome Blockchain::submitBlock(const Block& block, SignatureChecks signatures,
                                      BodyOrigin origin) {
    const Hash256 hash = blockHash(block.header);
    connectFailures_.clear();
    SubmitOutcome outcome = accept(block, hash, signatures, origin);
    if (outcome.kind != SubmitOutcome::Kind::Connected &&
        outcome.kind != SubmitOutcome::Kind::SideChain)
        return outcome;
    // Orphans waiting for this block, and for those in turn: stored first, then the chain
    // moves once (within the budget, like any other activation).
    std::vector<Hash256> parents{hash};
    bool stored = false;
    while (!parents.empty()) {
        const Hash256 parent = parents.back();
        parents.pop_back();
        for (const Block& child : orphans_.takeChildrenOf(parent)) {
            const Hash256 childHash = blockHash(child.header);
            const SubmitOutcome r =
                accept(child, childHash, SignatureChecks::InValidation, BodyOrigin::Offered, false);
            if (r.kind == SubmitOutcome::Kind::SideChain) {
                parents.push_back(childHash);
                stored = true;
            }
        }
    }
    if (stored)
        activateBestChain(budget_);
    // The orphans may have moved the tip past this block; report where it stands now.
    if (auto rec = record(hash)) {
        const auto active = store_.activeHashAt(rec->height);
        if (active && *active == hash)
            outcome.kind = SubmitOutcome::Kind::Connected;
    }
    return outcome;
}

SubmitOutcome Blockchain::refuse(const Hash256& hash, Failure failure) {
    if (condemnsBlockHash(rejectKind(failure.code)))
        rejects_.add(hash, failure);
    return refused(hash, std::move(failure));
}

SubmitOutcome Blockchain::accept(const Block& block, const Hash256& hash,
                                 SignatureChecks signatures, BodyOrigin origin, bool activate) {
    PhaseTimer headerTimer(timings_, BlockPhase::Header);
    if (auto known = knownAlready(hash, block, origin))
        return *known;
    const std::size_t size = encodedBlockSize(block);
    std::optional<BlockRecord> parent;
    if (!block.header.isGenesis()) {
        parent = record(block.header.prevHash);
        if (!parent)
            return holdAsOrphan(block, hash, size);
        if (parent->isInvalid())
            return refuse(hash, fail(RejectCode::BlockParentInvalid,
                                     "parent " + parent->hash.hex() + " is invalid"));
    }

    const BlockContext ctx = contextAfter(parent);
    if (Status s = checkHeader(block.header, hash, ctx, params_); !s)
        return refuse(hash, s.failure());
    BlockRecord rec;
    rec.hash = hash;
    rec.header = block.header;
    rec.height = parent ? parent->height + 1 : 0;
    const UInt256 work = blockWork(block.header.target);
    rec.chainWork = parent ? parent->chainWork.saturatingAdd(work) : work;
    rec.status = BlockStatus::Stored;
    rec.size = static_cast<std::uint32_t>(size);
    rec.txCount = static_cast<std::uint32_t>(block.transactions.size());
    rec.receivedAt = ctx.now;
    if (Status s = checkWorthStoring(hash, rec.chainWork); !s)
        return refuse(hash, s.failure());

    // The header's proof of work passed, so the block cost its sender real work.
    std::optional<EarlySignatureCheck> earlyCheck;
    if (signatures == SignatureChecks::Early && pool_ && pool_->cache() &&
        block.transactions.size() > 1)
        earlyCheck.emplace(block, *pool_);
    headerTimer.stop();
    PhaseTimer txidTimer(timings_, BlockPhase::Txids);
    const std::vector<Hash256> txids = computeTxids(block);
    if (Status s = checkBody(block, txids); !s)
        return refuse(hash, s.failure());
    txidTimer.stop();
    return storeAndActivate(block, hash, txids, rec, signatures == SignatureChecks::VerifiedAhead,
                            activate);
}

std::optional<SubmitOutcome> Blockchain::knownAlready(const Hash256& hash, const Block& block,
                                                      BodyOrigin origin) {
    if (const Failure* why = rejects_.find(hash))
        return refused(hash, fail(RejectCode::BlockDuplicateInvalid,
                                  "block " + hash.hex() + " was already found invalid (" +
                                      why->toString() + ")"));
    if (auto rec = record(hash)) {
        if (rec->isInvalid())
            return refused(hash, fail(RejectCode::BlockDuplicateInvalid,
                                      "block " + hash.hex() + " was already found invalid"));
        offerAlternateBody(*rec, block, origin);
        return SubmitOutcome{SubmitOutcome::Kind::Duplicate, hash, rec->height,
                             fail(RejectCode::BlockDuplicate, "block " + hash.hex() +
                                                                  " is already stored at height " +
                                                                  std::to_string(rec->height))};
    }
    return std::nullopt;
}

// A stored block is validated only when its branch wins, so the body stored may be a mutated
// copy that arrived first: another body offered for it is kept, to be tried if that one fails.
void Blockchain::offerAlternateBody(const BlockRecord& rec, const Block& block, BodyOrigin origin) {
    if (rec.status != BlockStatus::Stored || alternates_.holds(rec.hash, block))
        return;
    const Bytes bytes = encodeBlock(block);
    if (store_.blockBytes(rec.hash) == bytes || !checkBody(block, computeTxids(block)))
        return;
    alternates_.add(rec.hash, block, bytes.size(), origin == BodyOrigin::Synced);
}

SubmitOutcome Blockchain::holdAsOrphan(const Block& block, const Hash256& hash, std::size_t size) {
    if (orphans_.holds(hash, block))
        return orphan(hash, "block " + hash.hex() + " is already held as an orphan");
    // Whatever its parent turns out to be, these would make it invalid or not worth holding.
    if (Status s = checkProofOfWork(block.header, hash); !s)
        return refuse(hash, s.failure());
    if (params_.genesisTarget < block.header.target)
        return refuse(hash, fail(RejectCode::OrphanTargetTooEasy,
                                 "its target " + block.header.target.toHexQuantity() +
                                     " is easier than the network's genesis target; such a "
                                     "block is taken only when its parent is known"));
    if (Status s = checkBody(block, computeTxids(block)); !s)
        return refuse(hash, s.failure());
    orphans_.add(hash, block, size);
    return orphan(hash, "parent " + block.header.prevHash.hex() +
                            " is unknown; the block is kept until it arrives");
}

// A body that misses the merkle root is not this block's body, so the root goes first: only
// then can a failure of the structure rules say anything about the hash.
Status Blockchain::checkBody(const Block& block, std::span<const Hash256> txids) {
    if (Status s = checkMerkleRoot(block, txids); !s)
        return s;
    if (Status s = checkNoDuplicateTxids(txids); !s)
        return s;
    return checkBlockStructure(block, txids);
}

Status Blockchain::checkWorthStoring(const Hash256& hash, const UInt256& chainWork) {
    const ChainTip t = store_.tip();
    if (t.empty() || t.chainWork < chainWork)
        return {};
    if (auto offered = offeredHeaders_.find(hash);
        offered != offeredHeaders_.end() && t.chainWork < offered->second.branchWork)
        return {};
    const std::int64_t floorHeight = t.height - std::int64_t(limits_.sideBranchMarginBlocks);
    if (floorHeight < 0)
        return {};
    const auto floorHash = store_.activeHashAt(static_cast<std::uint32_t>(floorHeight));
    const auto floor = floorHash ? record(*floorHash) : std::nullopt;
    if (!floor || !(chainWork < floor->chainWork))
        return {};
    return fail(RejectCode::BlockForkTooLight,
                "its branch has less work than the active chain had " +
                    std::to_string(limits_.sideBranchMarginBlocks) +
                    " blocks below the tip (at "
                    "height " +
                    std::to_string(floorHeight) +
                    "); a branch that far behind is stored only once its headers show more "
                    "work than the active chain");
}

SubmitOutcome Blockchain::storeAndActivate(const Block& block, const Hash256& hash,
                                           std::span<const Hash256> txids,
                                           const BlockRecord& record, bool signaturesVerified,
                                           bool activate) {
    BlockRecord rec = record;
    // connect() takes the block from here rather than reading it back from the store.
    arriving_ = Arrival{hash, &block, txids, signaturesVerified};
    struct ClearArrival {
        std::optional<Arrival>& arrival;
        ~ClearArrival() { arrival.reset(); }
    } clearArrival{arriving_};
    PhaseTimer storeTimer(timings_, BlockPhase::Store);
    store_.addBlock(rec, encodeBlock(block));
    remember(rec);
    storeTimer.stop();
    if (!activate)
        return {SubmitOutcome::Kind::SideChain, hash, rec.height, std::nullopt};

    connectFailures_.erase(hash); // of an earlier body of this hash
    activateBestChain(budget_);
    if (auto failed = connectFailures_.find(hash); failed != connectFailures_.end())
        return refused(hash, failed->second);
    const auto now = this->record(hash);
    if (!now) // an ancestor's body was dropped: this block waits among the orphans for it
        return orphan(hash, "the body stored for an ancestor was not valid; the block is kept "
                            "until the ancestor arrives again");
    if (now->isInvalid()) {
        const Failure* why = rejects_.find(hash);
        return refused(hash, why ? *why
                                 : fail(RejectCode::BlockParentInvalid,
                                        "block " + hash.hex() + " builds on an invalid block"));
    }
    const auto active = store_.activeHashAt(rec.height);
    const bool connected = active && *active == hash;
    return {connected ? SubmitOutcome::Kind::Connected : SubmitOutcome::Kind::SideChain, hash,
            rec.height, std::nullopt};
}

Result<UInt256> Blockchain::admitHeaders(std::span<const BlockHeader> headers) {
    if (headers.empty())
        return fail(RejectCode::BadField, "no headers were given");
    const BlockHeader& first = headers.front();
    UInt256 work;
    UInt256 parentTarget;
    std::uint32_t height = 0; // the first header's
    if (!first.isGenesis()) {
        if (auto parent = record(first.prevHash)) {
            if (parent->isInvalid())
                return fail(RejectCode::BlockParentInvalid, "the headers build on block " +
                                                                parent->hash.hex() +
                                                                ", which is invalid");
            work = parent->chainWork;
            parentTarget = parent->header.target;
            height = parent->height + 1;
        } else if (auto offered = offeredHeaders_.find(first.prevHash);
                   offered != offeredHeaders_.end()) {
            work = offered->second.work;
            parentTarget = offered->second.target;
            height = offered->second.height + 1;
        } else {
            return fail(RejectCode::BlockPrevNotFound,
                        "the first header's parent " + first.prevHash.hex() + " is unknown");
        }
    }
    if (offeredHeaders_.size() + headers.size() > limits_.maxAdmittedHeaders)
        offeredHeaders_.clear();
    Hash256 previous = first.prevHash;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const BlockHeader& header = headers[i];
        if (header.prevHash != previous)
            return fail(RejectCode::BlockBadPrev,
                        "header " + std::to_string(i) + " does not build on the one before it");
        const Hash256 hash = blockHash(header);
        if (Status s = checkProofOfWork(header, hash); !s)
            return s.failure();
        // The target rule, as far as it holds without the ancestors' timestamps: else a
        // header could take the easiest target and prove heights for nothing.
        if (const TargetBounds allowed = targetBounds(params_, height, parentTarget);
            header.target < allowed.hardest || header.target > allowed.easiest)
            return fail(RejectCode::BlockBadTarget,
                        "header " + std::to_string(i) + " (height " + std::to_string(height) +
                            ") has target " + header.target.toHexQuantity() +
                            ", which its parent's target " + parentTarget.toHexQuantity() +
                            " does not allow");
        if (const Failure* why = rejects_.find(hash))
            return fail(RejectCode::BlockDuplicateInvalid, "header " + hash.hex() +
                                                               " is of a block found invalid (" +
                                                               why->toString() + ")");
        work = work.saturatingAdd(blockWork(header.target));
        offeredHeaders_.try_emplace(
            hash, OfferedHeader{previous, work, UInt256(), header.target, height});
        previous = hash;
        parentTarget = header.target;
        ++height;
    }
    // A branch with more work than ours: every block on it back to the fork is welcome.
    if (store_.tip().chainWork < work)
        for (auto it = offeredHeaders_.find(previous);
             it != offeredHeaders_.end() && it->second.branchWork < work;
             it = offeredHeaders_.find(it->second.prev))
            it->second.branchWork = work;
    return work;
}

} // namespace mbc
