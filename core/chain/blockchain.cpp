#include "chain/blockchain.h"

#include "chain/prefetched_views.h"
#include "consensus/pow/work.h"
#include "consensus/rules/block_rules.h"
#include "consensus/rules/header_rules.h"
#include "consensus/rules/signature_check_pool.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"

#include <set>
#include <stdexcept>
#include <string>

namespace mbc {
namespace {

constexpr std::size_t kRecordCacheSize = 4096;

std::vector<Hash256> txidsOf(const Block& block) {
    std::vector<Hash256> txids;
    txids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        txids.push_back(computeTxid(tx));
    return txids;
}

SubmitOutcome refused(const Hash256& hash, Failure failure) {
    return {SubmitOutcome::Kind::Invalid, hash, -1, std::move(failure)};
}

} // namespace

Blockchain::Blockchain(ChainStore& store, NetworkParams params, SignatureCheckPool* pool,
                       Clock clock)
    : store_(store)
    , params_(std::move(params))
    , pool_(pool)
    , clock_(std::move(clock)) {}

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

SubmitOutcome Blockchain::submitBlock(const Block& block, bool checkSignaturesEarly) {
    const Hash256 hash = blockHash(block.header);
    SubmitOutcome outcome = accept(block, hash, checkSignaturesEarly);
    if (outcome.kind != SubmitOutcome::Kind::Connected &&
        outcome.kind != SubmitOutcome::Kind::SideChain)
        return outcome;
    // Orphans waiting for this block, and for those in turn.
    std::vector<Hash256> parents{hash};
    while (!parents.empty()) {
        const Hash256 parent = parents.back();
        parents.pop_back();
        for (const Block& child : orphans_.takeChildrenOf(parent)) {
            const Hash256 childHash = blockHash(child.header);
            const SubmitOutcome r = accept(child, childHash, false);
            if (r.kind == SubmitOutcome::Kind::Connected ||
                r.kind == SubmitOutcome::Kind::SideChain)
                parents.push_back(childHash);
        }
    }
    // The orphans may have moved the tip past this block; report where it stands now.
    if (auto rec = record(hash)) {
        const auto active = store_.activeHashAt(rec->height);
        if (active && *active == hash)
            outcome.kind = SubmitOutcome::Kind::Connected;
    }
    return outcome;
}

SubmitOutcome Blockchain::accept(const Block& block, const Hash256& hash,
                                 bool checkSignaturesEarly) {
    if (const Failure* why = rejects_.find(hash))
        return refused(hash, fail(RejectCode::BlockDuplicateInvalid,
                                  "block " + hash.hex() + " was already found invalid (" +
                                      why->toString() + ")"));
    if (auto rec = record(hash)) {
        if (rec->isInvalid())
            return refused(hash, fail(RejectCode::BlockDuplicateInvalid,
                                      "block " + hash.hex() + " was already found invalid"));
        return {SubmitOutcome::Kind::Duplicate, hash, rec->height,
                fail(RejectCode::BlockDuplicate, "block " + hash.hex() +
                                                     " is already stored at "
                                                     "height " +
                                                     std::to_string(rec->height))};
    }

    const std::size_t size = encodedBlockSize(block);
    std::optional<BlockRecord> parent;
    if (!block.header.isGenesis()) {
        parent = record(block.header.prevHash);
        if (!parent) {
            if (orphans_.contains(hash))
                return {SubmitOutcome::Kind::Orphan, hash, -1,
                        fail(RejectCode::BlockOrphan, "block " + hash.hex() +
                                                          " is already held "
                                                          "as an orphan")};
            // Whatever its parent turns out to be, these would make it invalid.
            if (Status s = checkBlockSize(block); !s)
                return refused(hash, s.failure());
            if (Status s = checkProofOfWork(block.header, hash); !s)
                return refused(hash, s.failure());
            orphans_.add(hash, block, size);
            return {SubmitOutcome::Kind::Orphan, hash, -1,
                    fail(RejectCode::BlockOrphan, "parent " + block.header.prevHash.hex() +
                                                      " is unknown; the block is kept until "
                                                      "it arrives")};
        }
        if (parent->isInvalid()) {
            const Failure f = fail(RejectCode::BlockParentInvalid,
                                   "parent " + parent->hash.hex() + " is invalid");
            rejects_.add(hash, f);
            return refused(hash, f);
        }
    }

    const BlockContext ctx = contextAfter(parent);
    if (Status s = checkHeader(block.header, hash, ctx, params_); !s) {
        // A timestamp too far ahead may become acceptable later; anything else never will.
        if (s.failure().code != RejectCode::BlockTimeTooNew)
            rejects_.add(hash, s.failure());
        return refused(hash, s.failure());
    }
    // The header's proof of work passed, so the block cost its sender real work.
    std::optional<EarlySignatureCheck> earlyCheck;
    if (checkSignaturesEarly && pool_ && pool_->cache() && block.transactions.size() > 1)
        earlyCheck.emplace(block, *pool_);
    const std::vector<Hash256> txids = txidsOf(block);
    // A body that does not match the header's merkle root (or repeats its last transaction,
    // which the merkle root cannot tell) may be a corrupted copy of a valid block with this
    // same hash: refuse it without remembering the hash as invalid.
    if (Status s = checkMerkleRoot(block, txids); !s)
        return refused(hash, s.failure());
    if (Status s = checkNoDuplicateTxids(txids); !s)
        return refused(hash, s.failure());
    if (Status s = checkBlockStructure(block, txids); !s) {
        rejects_.add(hash, s.failure());
        return refused(hash, s.failure());
    }

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
    // connect() takes the block from here rather than reading it back from the store.
    arriving_ = Arrival{hash, &block, &txids};
    struct ClearArrival {
        std::optional<Arrival>& arrival;
        ~ClearArrival() { arrival.reset(); }
    } clearArrival{arriving_};
    store_.addBlock(rec, encodeBlock(block));
    remember(rec);

    activateBestChain();
    const auto now = record(hash);
    if (now && now->isInvalid()) {
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

void Blockchain::activateBestChain() {
    std::vector<std::vector<Transaction>> returned; // txs of disconnected blocks, newest first
    std::set<Hash256> reconfirmed;                  // txids the new branch confirmed
    bool changed = false;
    while (true) {
        const std::optional<Hash256> best = store_.bestCandidate();
        const ChainTip current = store_.tip();
        if (!best || (current.hash && *best == *current.hash))
            break;
        const std::optional<BlockRecord> bestRec = record(*best);
        if (!bestRec)
            throw std::logic_error("the best candidate block is missing from the store");
        if (!current.empty() && bestRec->chainWork <= current.chainWork)
            break; // equal work: the chain seen first stays

        // The branch from the active chain (exclusive) up to the best block.
        std::vector<BlockRecord> branch;
        std::int64_t forkHeight = -1;
        for (std::optional<BlockRecord> cur = bestRec;;) {
            const auto active = store_.activeHashAt(cur->height);
            if (active && *active == cur->hash) {
                forkHeight = cur->height;
                break;
            }
            branch.push_back(*cur);
            if (cur->header.isGenesis())
                break; // a competing genesis: the whole active chain goes
            cur = record(cur->header.prevHash);
            if (!cur)
                throw std::logic_error("a stored block's parent is missing from the store");
        }

        while (store_.tip().height > forkHeight) {
            disconnectTip(returned);
            changed = true;
        }
        for (auto it = branch.rbegin(); it != branch.rend(); ++it) {
            if (auto failure = connect(*it, reconfirmed)) {
                rejects_.add(it->hash, *failure);
                store_.markInvalid(it->hash);
                records_.clear(); // descendants changed status too
                break;            // choose again: the best chain may now be another one
            }
            changed = true;
        }
    }
    if (!changed || listener_ == nullptr)
        return;
    std::vector<Transaction> stillUnconfirmed;
    for (auto block = returned.rbegin(); block != returned.rend(); ++block)
        for (Transaction& tx : *block)
            if (!reconfirmed.count(computeTxid(tx)))
                stillUnconfirmed.push_back(std::move(tx));
    listener_->tipChanged(store_.tip(), stillUnconfirmed);
}

Block Blockchain::loadBlock(const Hash256& hash) {
    const auto bytes = store_.blockBytes(hash);
    if (!bytes)
        throw std::logic_error("block " + hash.hex() + " is missing from the store");
    auto block = decodeBlock(*bytes);
    if (!block)
        throw std::runtime_error("stored block " + hash.hex() +
                                 " is corrupt: " + block.failure().toString());
    return std::move(block).value();
}

std::optional<Failure> Blockchain::connect(const BlockRecord& rec, std::set<Hash256>& confirmed) {
    // The block being submitted is at hand; others come from the store.
    const bool arrived = arriving_ && arriving_->hash == rec.hash;
    const Block loaded = arrived ? Block{} : loadBlock(rec.hash);
    const Block& block = arrived ? *arriving_->block : loaded;
    const std::optional<BlockRecord> parent =
        rec.header.isGenesis() ? std::nullopt : record(rec.header.prevHash);
    const BlockContext ctx = contextAfter(parent);

    std::vector<OutPoint> spent;
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        for (const TxIn& in : block.transactions[i].inputs)
            spent.push_back(in.prevout);
    const std::vector<Hash256> txids = arrived ? *arriving_->txids : txidsOf(block);
    const PrefetchedCoins coins(store_.unspentCoins(spent));
    const PrefetchedTxids known(store_.txidsInChain(txids));
    // The block's changes are written to the store first, uncommitted, while the pool's
    // workers check its signatures early (an arriving block's); validation then takes the
    // workers over, and the writes are kept only if the block is valid.
    const auto pending = store_.stageConnectTip(block, rec, txids);
    auto changes = validateBlock(block, ctx, coins, known, params_, pool_);
    if (!changes)
        return changes.failure(); // `pending` rolls back
    pending->commit();
    confirmed.insert(changes->txids.begin(), changes->txids.end());
    BlockRecord valid = rec;
    valid.status = BlockStatus::Valid;
    remember(valid);
    if (listener_)
        listener_->blockConnected(block, valid, *changes);
    return std::nullopt;
}

void Blockchain::disconnectTip(std::vector<std::vector<Transaction>>& returned) {
    const ChainTip t = store_.tip();
    const std::optional<BlockRecord> rec = record(*t.hash);
    const Block block = loadBlock(rec->hash);
    store_.disconnectTip(block, *rec);
    if (listener_)
        listener_->blockDisconnected(block, *rec);
    returned.emplace_back(block.transactions.begin() + 1, block.transactions.end());
}

} // namespace mbc
