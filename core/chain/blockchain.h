#pragma once

#include "chain/block_phase_timings.h"
#include "chain/block_record.h"
#include "chain/chain_limits.h"
#include "chain/chain_listener.h"
#include "chain/chain_store.h"
#include "chain/disconnected_transactions.h"
#include "chain/orphan_pool.h"
#include "chain/recent_rejects.h"
#include "consensus/pow/network_params.h"
#include "consensus/rules/block_context.h"

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace mbc {

class SignatureCheckPool;

// Where a block's body comes from, as far as the chain cares: a body a sync downloads from a
// peer whose headers carried the branch's work goes before bodies anyone else offered for the
// same block (an attacker can offer as many forged copies as he likes).
enum class BodyOrigin { Offered, Synced };

// How a submitted block's signatures are checked.
enum class SignatureChecks {
    Early,         // on the pool's workers from the moment its header passes (EarlySignatureCheck)
    InValidation,  // by its validation, which uses up what the cache holds
    VerifiedAhead, // every one found valid on this very object (verifyBlockSignatures, as sync
                   // checks a page): its validation skips them
};

// What became of a block handed to the chain.
struct SubmitOutcome {
    enum class Kind {
        Connected, // on the active chain now
        SideChain, // stored on a branch with less work (or one the chain is still moving to)
        Orphan,    // parent unknown; held until it arrives
        Duplicate, // already stored
        Invalid,   // refused: `failure` says why, and its rejectKind() whether it is invalid
    };
    Kind kind = Kind::Invalid;
    Hash256 hash;
    std::int64_t height = -1; // once stored
    std::optional<Failure> failure;
};

// The block index, fork choice and the active chain. Single-threaded: every call comes from
// the node's thread.
//
// A block is stored once its header and structure are valid against its parent and its branch
// is worth keeping (ChainLimits); its transactions are validated when it joins the active
// chain. The active chain is always the valid chain with the most work (the first seen on
// ties): a reorg disconnects blocks down to the fork point and connects the other branch, one
// atomic store step per block, so a crash leaves a consistent chain that the next start
// continues from.
//
// Only failures the block hash commits to condemn the hash (RejectKind): a body that fails for
// anything else (a signature, a pubkey, its size) is dropped, never remembered, so that the
// block's real body can still be accepted from anyone. Other bodies offered for a stored block
// that is not validated yet are kept (bounded) and tried before the block is dropped.
class Blockchain {
public:
    using Clock = std::function<std::int64_t()>;

    Blockchain(ChainStore& store, NetworkParams params, SignatureCheckPool* pool, Clock clock,
               ChainLimits limits = {});

    void setListener(ChainListener* listener) { listener_ = listener; }
    // How much of a reorg one submitBlock() may do; continueActivation() does the rest.
    void setActivationBudget(ActivationBudget budget) { budget_ = budget; }

    // Checks and stores the block, moves the active chain toward the most work (within the
    // activation budget), then does the same for any orphans that were waiting for it.
    // `signatures`: how its signatures are checked (a sync checks a page's ahead).
    // Store failures are thrown (store::StoreError) after the block they concern is dropped.
    SubmitOutcome submitBlock(const Block& block,
                              SignatureChecks signatures = SignatureChecks::Early,
                              BodyOrigin origin = BodyOrigin::Offered);

    // Moves the active chain toward the best stored candidate: finishes a reorg that the budget
    // or a crash interrupted. True when the chain is there, false when `budget` ran out first.
    bool activateBestChain(const ActivationBudget& budget = ActivationBudget::unlimited());
    bool continueActivation() { return activateBestChain(budget_); }
    bool activationPending() const { return activationPending_; }

    // Headers of a branch a peer offers, in order, the first building on a stored block or on
    // headers admitted before. Checks that they link up and carry their proof of work, and
    // returns the branch's chain work. If that is more than the active chain's, the bodies of
    // these blocks are stored however far behind the tip the branch starts (ChainLimits).
    Result<UInt256> admitHeaders(std::span<const BlockHeader> headers);
    void forgetAdmittedHeaders() { offeredHeaders_.clear(); }

    // The store rolled back writes the chain made (an outer transaction was dropped): what the
    // chain cached of them is forgotten.
    void storeRolledBack();

    ChainTip tip() { return store_.tip(); }
    const NetworkParams& params() const { return params_; }
    const ChainLimits& limits() const { return limits_; }
    std::optional<BlockRecord> record(const Hash256& hash);
    // The context a block built on the current tip is checked in.
    BlockContext tipContext();
    // The context a child of `parent` (none: a genesis block) is checked in.
    BlockContext contextAfter(const std::optional<BlockRecord>& parent);
    const OrphanPool& orphans() const { return orphans_; }
    const DisconnectedTransactions& disconnected() const { return disconnected_; }
    // Where the blocks' time went (the REST route adds its decoding).
    BlockPhaseTimings& phaseTimings() { return timings_; }
    const BlockPhaseTimings& phaseTimings() const { return timings_; }

private:
    // The phases of accepting one block, in order (each returns a refusal or nothing).
    // `activate`: move the chain now (an orphan cascade moves it once, after its last block).
    SubmitOutcome accept(const Block& block, const Hash256& hash, SignatureChecks signatures,
                         BodyOrigin origin, bool activate = true);
    std::optional<SubmitOutcome> knownAlready(const Hash256& hash, const Block& block,
                                              BodyOrigin origin);
    void offerAlternateBody(const BlockRecord& record, const Block& block, BodyOrigin origin);
    SubmitOutcome holdAsOrphan(const Block& block, const Hash256& hash, std::size_t size);
    Status checkBody(const Block& block, std::span<const Hash256> txids);
    Status checkWorthStoring(const Hash256& hash, const UInt256& chainWork);
    SubmitOutcome storeAndActivate(const Block& block, const Hash256& hash,
                                   std::span<const Hash256> txids, const BlockRecord& record,
                                   bool signaturesVerified, bool activate);
    // A refusal; remembers the hash as invalid if the failure condemns it.
    SubmitOutcome refuse(const Hash256& hash, Failure failure);

    // The way from the active chain to the best candidate, kept between slices of a reorg.
    struct ActivationPlan {
        Hash256 best;
        std::int64_t forkHeight = -1; // -1: the whole active chain goes (a competing genesis)
        std::optional<Hash256> forkHash;
        std::vector<BlockRecord> branch; // from the fork (exclusive) up to `best`
    };
    // Null when the store's records of the branch cannot be a chain (a parent missing, or a
    // record that does not follow on from its parent: damaged rows, which could loop for ever):
    // the branch from there is dropped then.
    const ActivationPlan* planFor(const BlockRecord& best);
    // Whether the tip lies on the plan's way; if so, `next` is the branch block to connect.
    bool onPlannedPath(const ActivationPlan& plan, const ChainTip& tip, std::size_t& next) const;

    // Validates and connects a child of the tip. A store error rolls the block back, drops it
    // and is rethrown.
    std::optional<Failure> connect(const BlockRecord& record);
    // After a failed connect: condemns the block, or tries another body offered for it, or
    // drops its body.
    void connectFailed(const BlockRecord& record, const Failure& failure);
    bool swapInAlternateBody(const BlockRecord& record);
    void dropBranch(const Hash256& hash);
    void disconnectTip();
    void finishActivation(bool resumed);
    Block loadBlock(const Hash256& hash);
    void remember(const BlockRecord& record);

    ChainStore& store_;
    NetworkParams params_;
    SignatureCheckPool* pool_;
    Clock clock_;
    ChainLimits limits_;
    ActivationBudget budget_;
    ChainListener* listener_ = nullptr;
    BlockPhaseTimings timings_;

    OrphanPool orphans_;
    OrphanPool alternates_; // other bodies offered for stored blocks not yet validated
    RecentRejects rejects_; // why recent blocks were found invalid
    std::map<Hash256, BlockRecord> records_; // cache of store_.blockRecord
    // Headers given to admitHeaders: the chain work through each, and the most work of a
    // branch through it that beat the active chain (zero if none did).
    struct OfferedHeader {
        Hash256 prev;
        UInt256 work;
        UInt256 branchWork;
        UInt256 target; // (what its children's targets are checked against)
        std::uint32_t height = 0;
    };
    std::map<Hash256, OfferedHeader> offeredHeaders_;

    // A reorg in progress: what it disconnected, whether the tip moved, and why blocks it
    // tried failed (for the caller that submitted them).
    DisconnectedTransactions disconnected_;
    bool tipMoved_ = false;
    bool activationPending_ = false;
    std::optional<ActivationPlan> plan_;
    std::map<Hash256, Failure> connectFailures_;

    // The block being accepted, while accept() runs.
    struct Arrival {
        Hash256 hash;
        const Block* block;
        std::span<const Hash256> txids;
        bool signaturesVerified; // SignatureChecks::VerifiedAhead
    };
    std::optional<Arrival> arriving_;
};

} // namespace mbc
