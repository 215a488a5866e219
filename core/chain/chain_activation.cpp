// Blockchain: moving the active chain to the best candidate (connect, disconnect, reorgs).
#include "chain/blockchain.h"

#include "chain/block_condemnation.h"
#include "chain/prefetched_views.h"
#include "chain/signature_check_pool.h"
#include "consensus/pow/work.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>

namespace mbc {
namespace {

// For a block whose signatures were all found valid on the very object being connected
// (SignatureChecks::VerifiedAhead): each job validation queues is a check made there already
// (verifyBlockSignatures says why).
class SignaturesVerifiedAhead : public SignatureJobRunner {
public:
    std::optional<SignatureFailure> firstFailure(std::span<const SignatureJob>) override {
        return std::nullopt;
    }
};

SignatureJobRunner& signaturesVerifiedAhead() {
    static SignaturesVerifiedAhead runner;
    return runner;
}

// Whether the stored record `child` can come right after `parent`: its header hashes to its
// hash, its parent is one height below, and its work is the parent's and its own (as accept()
// computed them). A damaged row that does not could loop for ever, make the node follow work
// no chain has, or condemn an honest block for a header that is not its own.
bool followsOn(const BlockRecord& parent, const BlockRecord& child) {
    return blockHash(child.header) == child.hash && child.header.prevHash == parent.hash &&
           std::int64_t(parent.height) + 1 == std::int64_t(child.height) &&
           child.chainWork == parent.chainWork.saturatingAdd(blockWork(child.header.target));
}

// The input a block failed for as spending an output that is not there
// (bad-txns-inputs-missingorspent): as validation goes, the first in block order that neither
// the UTXO set before the block (`coins`) nor an earlier tx of the block provides. nullopt
// when the output named is one of the block's own txs' (the block alone is at fault).
std::optional<OutPoint> missingInputOf(const Block& block, std::span<const Hash256> txids,
                                       const UtxoView& coins) {
    std::set<OutPoint> created;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        for (const TxIn& in : i == 0 ? std::span<const TxIn>() : std::span(tx.inputs))
            if (!created.count(in.prevout) && !coins.coin(in.prevout))
                return std::find(txids.begin(), txids.end(), in.prevout.txid) == txids.end()
                           ? std::optional(in.prevout)
                           : std::nullopt;
        for (std::uint32_t vout = 0; vout < tx.outputs.size(); ++vout)
            created.insert(OutPoint{txids[i], vout});
    }
    return std::nullopt;
}

// The coins from the store (`coins`) that a refusal for their values rests on, in block order:
// those of the first tx whose inputs do not add up to its outputs, for the codes of one tx;
// all of them, for the block's fees and coinbase. Empty for any other code.
std::vector<std::pair<OutPoint, Coin>> coinsBehind(RejectCode code, const Block& block,
                                                   std::span<const Hash256> txids,
                                                   const UtxoView& coins) {
    const bool oneTx =
        code == RejectCode::TxInBelowOut || code == RejectCode::TxInputValuesOutOfRange;
    if (!oneTx && code != RejectCode::BlockFeesOutOfRange &&
        code != RejectCode::BlockCoinbaseAmount)
        return {};
    std::vector<std::pair<OutPoint, Coin>> all;
    std::optional<std::vector<std::pair<OutPoint, Coin>>> first; // the failing tx's, once found
    std::map<OutPoint, Amount> created;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        std::vector<std::pair<OutPoint, Coin>> stored;
        std::optional<Amount> in = 0;
        for (const TxIn& input : i == 0 ? std::span<const TxIn>() : std::span(tx.inputs)) {
            std::optional<Amount> value;
            if (const auto it = created.find(input.prevout); it != created.end())
                value = it->second;
            else if (const auto coin = coins.coin(input.prevout)) {
                stored.emplace_back(input.prevout, *coin);
                value = coin->output.amount;
            }
            in = in && value ? addMoney(*in, *value) : std::nullopt;
        }
        std::optional<Amount> out = 0;
        for (std::uint32_t vout = 0; vout < tx.outputs.size(); ++vout) {
            created.emplace(OutPoint{txids[i], vout}, tx.outputs[vout].amount);
            out = out ? addMoney(*out, tx.outputs[vout].amount) : std::nullopt;
        }
        if (oneTx && !first && i > 0 && (!in || !out || *in < *out))
            first = stored; // none, if it spends only the block's own outputs
        all.insert(all.end(), stored.begin(), stored.end());
    }
    if (oneTx) // not found: the failure is not one these values explain, and nothing is asked
        return first ? std::move(*first) : std::vector<std::pair<OutPoint, Coin>>{};
    return all;
}

} // namespace

bool Blockchain::activateBestChain(const ActivationBudget& budget) {
    const auto started = std::chrono::steady_clock::now();
    std::size_t steps = 0;
    const auto mayGoOn = [&] {
        return steps == 0 || (steps < budget.maxSteps &&
                              std::chrono::steady_clock::now() - started < budget.maxTime);
    };
    const bool resumed = activationPending_; // an earlier call ran out of budget
    activationPending_ = true;               // until the chain is where it should be
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
        if (!mayGoOn())
            return false;
        ++steps;
        // One block a step: down to the fork point, then up the branch.
        const ActivationPlan* plan = planFor(*bestRec);
        if (!plan)
            continue; // its branch was dropped: choose again
        std::size_t next = 0;
        if (!onPlannedPath(*plan, current, next)) {
            disconnectTip();
            continue;
        }
        const BlockRecord target = plan->branch.at(next);
        if (const auto failure = connect(target))
            connectFailed(target, *failure); // then choose again: the best may be another
    }
    finishActivation(resumed);
    return true;
}

// Walking from the best block down to the active chain costs a lookup per block, so the way
// is kept between slices, and a best block that extends it (the next block of a sync) only
// lengthens it.
const Blockchain::ActivationPlan* Blockchain::planFor(const BlockRecord& best) {
    const auto forkStillActive = [this](const ActivationPlan& p) {
        return p.forkHeight < 0 || store_.activeHashAt(std::uint32_t(p.forkHeight)) == p.forkHash;
    };
    if (plan_ && forkStillActive(*plan_)) {
        if (plan_->best == best.hash)
            return &*plan_;
        if (!plan_->branch.empty() && best.header.prevHash == plan_->best &&
            !best.header.isGenesis() && followsOn(plan_->branch.back(), best)) {
            plan_->branch.push_back(best);
            plan_->best = best.hash;
            return &*plan_;
        }
    }
    ActivationPlan plan;
    plan.best = best.hash;
    for (std::optional<BlockRecord> cur = best;;) {
        const auto active = store_.activeHashAt(cur->height);
        if (active && *active == cur->hash) {
            plan.forkHeight = cur->height;
            plan.forkHash = cur->hash;
            break;
        }
        plan.branch.push_back(*cur);
        if (cur->header.isGenesis()) {
            if (blockHash(cur->header) != cur->hash || cur->height != 0) {
                dropBranch(cur->hash);
                return nullptr;
            }
            break; // a competing genesis: the whole active chain goes
        }
        cur = record(cur->header.prevHash);
        // Each step goes one height down, to less work: rows that do not could go round for
        // ever (damaged, or written by someone else).
        if (!cur) { // (whatever is left of the parent, a body, goes with the branch)
            dropBranch(plan.branch.back().header.prevHash);
            return nullptr;
        }
        if (!followsOn(*cur, plan.branch.back())) {
            dropBranch(plan.branch.back().hash);
            return nullptr;
        }
    }
    std::reverse(plan.branch.begin(), plan.branch.end());
    plan_ = std::move(plan);
    return &*plan_;
}

bool Blockchain::onPlannedPath(const ActivationPlan& plan, const ChainTip& tip,
                               std::size_t& next) const {
    if (tip.empty()) {
        next = 0;
        return plan.forkHeight < 0;
    }
    if (tip.height == plan.forkHeight && tip.hash == plan.forkHash) {
        next = 0;
        return true;
    }
    const std::int64_t onBranch = tip.height - plan.forkHeight - 1;
    if (onBranch < 0 || std::size_t(onBranch) + 1 >= plan.branch.size() ||
        plan.branch[std::size_t(onBranch)].hash != *tip.hash)
        return false;
    next = std::size_t(onBranch) + 1;
    return true;
}

void Blockchain::storeRolledBack() {
    records_.clear();
    plan_.reset();
}

// The listener hears of the end of every activation that moved the tip, and of every one that
// took more than one call even if it did not (what waited for it, such as mining, goes on).
void Blockchain::finishActivation(bool resumed) {
    activationPending_ = false;
    if (!tipMoved_ && !resumed)
        return;
    tipMoved_ = false;
    const std::vector<Transaction> returned = disconnected_.takeAll();
    if (listener_) {
        const PhaseTimer timer(timings_, BlockPhase::Announce);
        listener_->tipChanged(store_.tip(), returned);
    }
}

void Blockchain::connectFailed(const BlockRecord& rec, const Failure& failure) {
    plan_.reset();
    if (condemnsBlockHash(rejectKind(failure.code))) {
        connectFailures_[rec.hash] = failure;
        rejects_.add(rec.hash, failure);
        store_.markInvalid(rec.hash);
        records_.clear();                         // descendants changed status too
        (void)alternates_.takeBodiesOf(rec.hash); // no body of it can be valid
        return;
    }
    if (swapInAlternateBody(rec))
        return; // the activation loop tries the block again
    connectFailures_[rec.hash] = failure;
    dropBranch(rec.hash);
}

// Another body offered for the block (a synced one first, then the oldest) takes the failed
// one's place in the store.
bool Blockchain::swapInAlternateBody(const BlockRecord& rec) {
    const std::optional<Block> chosen = alternates_.takeFirstBodyOf(rec.hash);
    if (!chosen)
        return false;
    store_.replaceBody(rec.hash, encodeBlock(*chosen), std::uint32_t(chosen->transactions.size()));
    if (arriving_ && arriving_->hash == rec.hash)
        arriving_.reset(); // read the block from the store from now on
    records_.erase(rec.hash);
    return true;
}

void Blockchain::dropBranch(const Hash256& hash) {
    const std::vector<Bytes> descendants =
        store_.removeBranch(hash, limits_.maxOrphans, limits_.maxOrphanBytes);
    records_.clear();
    plan_.reset();
    (void)alternates_.takeBodiesOf(hash);
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
        // (A body missing, or another block's, is dropped like one that does not decode.)
        const auto bytes = store_.blockBytes(rec.hash);
        if (!bytes)
            return fail(RejectCode::DecodeTruncated, "the store holds no body for the block");
        auto decoded = decodeBlock(*bytes);
        if (!decoded)
            return fail(decoded.failure().code,
                        "the stored body does not decode: " + decoded.failure().message);
        loaded = std::move(decoded).value();
        if (blockHash(loaded.header) != rec.hash || loaded.header != rec.header)
            return fail(RejectCode::BadField,
                        "the stored body is block " + blockHash(loaded.header).hex() + "'s");
    }
    const Block& block = arrived ? *arriving_->block : loaded;
    const std::optional<BlockRecord> parent =
        rec.header.isGenesis() ? std::nullopt : record(rec.header.prevHash);
    const BlockContext ctx = contextAfter(parent);

    std::vector<OutPoint> spent;
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        appendPrevouts(block.transactions[i], spent);
    std::vector<Hash256> computed;
    if (!arrived) {
        const PhaseTimer timer(timings_, BlockPhase::Txids);
        computed = computeTxids(block);
    }
    const std::span<const Hash256> txids = arrived ? arriving_->txids : computed;
    // The block's changes are written to the store first, uncommitted, while the pool's
    // workers check its signatures early (an arriving block's); the writes bring back the
    // coins it spends and any of its txids the chain had. Validation then takes the workers
    // over, and the writes are kept only if the block is valid.
    std::optional<Result<BlockUtxoChanges>> validated;
    try {
        PhaseTimer stageTimer(timings_, BlockPhase::Stage);
        ChainStore::StagedConnect staged = store_.stageConnectTip(block, rec, txids);
        stageTimer.stop();
        const PrefetchedCoins coins(std::move(staged.spentCoins));
        const PrefetchedTxids known(std::move(staged.txidsInChainBefore));
        if (Status s = checkTxidsNotInChain(txids, known); !s)
            return s.failure(); // `staged.pending` rolls back
        PhaseTimer validateTimer(timings_, BlockPhase::Validate);
        validated.emplace(validateBlock(block, ctx, coins, known, params_,
                                        arrived && arriving_->signaturesVerified
                                            ? &signaturesVerifiedAhead()
                                            : static_cast<SignatureJobRunner*>(pool_)));
        validateTimer.stop();
        if (!*validated) {
            // A refusal that rests on what the store says of the coins spent is checked
            // against its other records first, with the block's writes undone.
            const RejectCode code = validated->failure().code;
            if (rejectKind(code) == RejectKind::MissingInputs) {
                if (const auto missing = missingInputOf(block, txids, coins)) {
                    staged.pending.reset();
                    store_.confirmMissing(*missing);
                }
            } else if (const auto spentCoins = coinsBehind(code, block, txids, coins);
                       !spentCoins.empty()) {
                staged.pending.reset();
                store_.confirmCoins(spentCoins);
            }
            return validated->failure();
        }
        const PhaseTimer commitTimer(timings_, BlockPhase::Commit);
        staged.pending->commit();
    } catch (const std::exception&) {
        // Nothing of the block was written. Whether the store or the block is at fault, it
        // must not stay the candidate that fails again at every start; but a store in
        // trouble (a lost connection, a full disk) says nothing of the block, which is tried
        // again once the store works.
        if (!store_.inTrouble())
            dropBranch(rec.hash);
        throw;
    }
    const BlockUtxoChanges& changes = validated->value();
    tipMoved_ = true;
    disconnected_.removeConfirmed(changes.txids);
    (void)alternates_.takeBodiesOf(rec.hash); // its body is settled
    connectFailures_.erase(rec.hash);
    BlockRecord valid = rec;
    valid.status = BlockStatus::Valid;
    remember(valid);
    if (listener_) {
        const PhaseTimer timer(timings_, BlockPhase::Announce);
        listener_->blockConnected(block, valid, changes);
    }
    return std::nullopt;
}

void Blockchain::disconnectTip() {
    const ChainTip t = store_.tip();
    if (!t.hash)
        throw std::logic_error("the active chain has no tip to disconnect: the store is corrupt");
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
