#pragma once

#include "chain/block_record.h"
#include "chain/chain_listener.h"
#include "chain/chain_store.h"
#include "chain/orphan_pool.h"
#include "chain/recent_rejects.h"
#include "consensus/pow/network_params.h"
#include "consensus/rules/block_context.h"
#include "consensus/rules/early_signature_check.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace mbc {

class SignatureCheckPool;

// What became of a block handed to the chain.
struct SubmitOutcome {
    enum class Kind {
        Connected, // on the active chain now
        SideChain, // stored on a branch with less work
        Orphan,    // parent unknown; held until it arrives
        Duplicate, // already stored
        Invalid,   // refused (see failure)
    };
    Kind kind = Kind::Invalid;
    Hash256 hash;
    std::int64_t height = -1; // once stored
    std::optional<Failure> failure;
};

// The block index, fork choice and the active chain. Single-threaded: every call comes from
// the node's thread.
//
// A block is stored once its header and structure are valid against its parent; its
// transactions are validated when it joins the active chain. The active chain is always the
// valid chain with the most work (the first seen on ties): a reorg disconnects blocks down to
// the fork point and connects the other branch, one atomic store step per block, so a crash
// leaves a consistent chain that the next start continues from.
class Blockchain {
public:
    using Clock = std::function<std::int64_t()>;

    Blockchain(ChainStore& store, NetworkParams params, SignatureCheckPool* pool, Clock clock);

    void setListener(ChainListener* listener) { listener_ = listener; }

    // Checks and stores the block, moves the active chain if it now has the most work, then
    // does the same for any orphans that were waiting for it.
    // `checkSignaturesEarly`: verify its signatures on another core from the moment its header
    // passes (EarlySignatureCheck); off where they were checked already (sync does a page).
    SubmitOutcome submitBlock(const Block& block, bool checkSignaturesEarly = true);

    // Finishes a reorg that a crash interrupted (the best stored chain is not active yet).
    void activateBestChain();

    ChainTip tip() { return store_.tip(); }
    const NetworkParams& params() const { return params_; }
    std::optional<BlockRecord> record(const Hash256& hash);
    // The context a block built on the current tip is checked in.
    BlockContext tipContext();
    const OrphanPool& orphans() const { return orphans_; }

private:
    SubmitOutcome accept(const Block& block, const Hash256& hash, bool checkSignaturesEarly);
    BlockContext contextAfter(const std::optional<BlockRecord>& parent);
    // Validates and connects a child of the tip; adds its txids to `confirmed`.
    std::optional<Failure> connect(const BlockRecord& record, std::set<Hash256>& confirmed);
    // Disconnects the tip; appends its non-coinbase txs to `returned`.
    void disconnectTip(std::vector<std::vector<Transaction>>& returned);
    Block loadBlock(const Hash256& hash);
    void remember(const BlockRecord& record);

    ChainStore& store_;
    NetworkParams params_;
    SignatureCheckPool* pool_;
    Clock clock_;
    ChainListener* listener_ = nullptr;

    OrphanPool orphans_;
    RecentRejects rejects_;                  // why recent blocks were found invalid
    std::map<Hash256, BlockRecord> records_; // cache of store_.blockRecord

    // The block being accepted, while accept() runs.
    struct Arrival {
        Hash256 hash;
        const Block* block;
        const std::vector<Hash256>* txids;
    };
    std::optional<Arrival> arriving_;
};

} // namespace mbc
