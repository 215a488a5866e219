// Blockchain: moving the active chain to the best candidate (connect, disconnect, reorgs).
#include "chain/blockchain.h"

#include "chain/block_condemnation.h"
#include "chain/prefetched_views.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"

#include <chrono>
#include <stdexcept>

namespace mbc {

bool Blockchain::activateBestChain(const ActivationBudget& budget) {
    const auto started = std::chrono::steady_clock::now();
    std::size_t steps = 0;
    const auto mayGoOn = [&] {
        return steps == 0 || (steps < budget.maxSteps &&
                              std::chrono::steady_clock::now() - started < budget.maxTime);
    };
    activationPending_ = true; // until the chain is where it should be
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
            if (!mayGoOn())
                return false;
            disconnectTip();
            ++steps;
        }
        for (auto it = branch.rbegin(); it != branch.rend(); ++it) {
            if (!mayGoOn())
                return false;
            ++steps;
            std::optional<Failure> failure;
            try {
                failure = connect(*it);
            } catch (const std::exception&) {
                // Nothing of the block was written. Whether the store or the block is at
                // fault, it must not stay the candidate that fails again at every start.
                dropBranch(it->hash);
                throw;
            }
            if (failure) {
                connectFailed(*it, *failure);
                break; // choose again: the best chain may now be another one
            }
        }
    }
    finishActivation();
    return true;
}

void Blockchain::storeRolledBack() {
    records_.clear();
}

void Blockchain::finishActivation() {
    activationPending_ = false;
    if (!tipMoved_)
        return;
    tipMoved_ = false;
    const std::vector<Transaction> returned = disconnected_.takeAll();
    if (listener_)
        listener_->tipChanged(store_.tip(), returned);
}

void Blockchain::connectFailed(const BlockRecord& rec, const Failure& failure) {
    connectFailures_[rec.hash] = failure;
    if (condemnsBlockHash(rejectKind(failure.code))) {
        rejects_.add(rec.hash, failure);
        store_.markInvalid(rec.hash);
        records_.clear(); // descendants changed status too
    } else {
        dropBranch(rec.hash);
    }
}

void Blockchain::dropBranch(const Hash256& hash) {
    const std::vector<Bytes> descendants = store_.removeBranch(hash, limits_.maxOrphans);
    records_.clear();
    for (const Bytes& bytes : descendants)
        if (auto block = decodeBlock(bytes))
            orphans_.add(blockHash(block->header), std::move(block).value(), bytes.size());
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

std::optional<Failure> Blockchain::connect(const BlockRecord& rec) {
    // The block being submitted is at hand; others come from the store, where a body that no
    // longer decodes is not this block's (and is dropped like any other wrong body).
    const bool arrived = arriving_ && arriving_->hash == rec.hash;
    Block loaded;
    if (!arrived) {
        const auto bytes = store_.blockBytes(rec.hash);
        if (!bytes)
            throw std::logic_error("block " + rec.hash.hex() + " is missing from the store");
        auto decoded = decodeBlock(*bytes);
        if (!decoded)
            return fail(decoded.failure().code,
                        "the stored body does not decode: " + decoded.failure().message);
        loaded = std::move(decoded).value();
    }
    const Block& block = arrived ? *arriving_->block : loaded;
    const std::optional<BlockRecord> parent =
        rec.header.isGenesis() ? std::nullopt : record(rec.header.prevHash);
    const BlockContext ctx = contextAfter(parent);

    std::vector<OutPoint> spent;
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        for (const TxIn& in : block.transactions[i].inputs)
            spent.push_back(in.prevout);
    std::vector<Hash256> computed;
    if (!arrived)
        computed = computeTxids(block);
    const std::span<const Hash256> txids = arrived ? arriving_->txids : computed;
    const PrefetchedCoins coins(store_.unspentCoins(spent));
    const PrefetchedTxids known(store_.txidsInChain(txids));
    // Decided here, before anything is written: a repeated txid must be refused by its rule,
    // not by the outputs table's key.
    if (Status s = checkTxidsNotInChain(txids, known); !s)
        return s.failure();
    // The block's changes are written to the store first, uncommitted, while the pool's
    // workers check its signatures early (an arriving block's); validation then takes the
    // workers over, and the writes are kept only if the block is valid.
    const auto pending = store_.stageConnectTip(block, rec, txids);
    auto changes = validateBlock(block, ctx, coins, known, params_, pool_);
    if (!changes)
        return changes.failure(); // `pending` rolls back
    pending->commit();
    tipMoved_ = true;
    disconnected_.removeConfirmed(changes->txids);
    BlockRecord valid = rec;
    valid.status = BlockStatus::Valid;
    remember(valid);
    if (listener_)
        listener_->blockConnected(block, valid, *changes);
    return std::nullopt;
}

void Blockchain::disconnectTip() {
    const ChainTip t = store_.tip();
    const std::optional<BlockRecord> rec = record(*t.hash);
    if (!rec)
        throw std::logic_error("the tip block is missing from the store");
    const Block block = loadBlock(rec->hash);
    store_.disconnectTip(block, *rec);
    tipMoved_ = true;
    if (listener_)
        listener_->blockDisconnected(block, *rec);
    disconnected_.addBlock(block);
}

} // namespace mbc
