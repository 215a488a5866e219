#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/rule_trace.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/rules/state_views.h"

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <vector>

namespace mbc {

// A node's choices about which unconfirmed transactions to keep (not consensus).
struct MempoolPolicy {
    std::size_t maxBytes = 32'000'000; // the pool's bound; the lowest fee rates go first
    std::size_t maxTxSize = 100'000;   // larger txs are refused (tx-size)
    Amount minFeePerByte = 1;          // min-relay-fee-not-met below this
};

struct MempoolEntry {
    Transaction tx;
    Hash256 txid;
    Amount fee = 0;
    std::size_t size = 0; // full binary size
    std::int64_t receivedAt = 0;
    std::uint64_t sequence = 0; // arrival order
};

// fee1/size1 < fee2/size2, exactly.
bool lowerFeeRate(Amount fee1, std::size_t size1, Amount fee2, std::size_t size2);

// `a` ranks below `b`: a lower fee rate, or the same and a later arrival. The lowest is evicted
// first and mined last.
bool ranksBelow(const MempoolEntry* a, const MempoolEntry* b);

struct AcceptedTx {
    Hash256 txid;
    Amount fee = 0;
    std::vector<Hash256> evicted; // txs pushed out to make room
};

// Unconfirmed transactions, valid against the active chain plus each other (a tx may spend
// another's outputs). Single-threaded, like the chain.
class Mempool : public MempoolSpends {
public:
    // Valid signatures of accepted txs go into `signatures` when given, so their block does
    // not verify them again.
    explicit Mempool(MempoolPolicy policy = {}, SignatureCache* signatures = nullptr);

    // Validates `tx` against `chainCoins` (the active chain's UTXO set; a view that at least
    // covers tx's inputs) plus the pool, applies the policy, and adds it.
    Result<AcceptedTx> accept(const Transaction& tx, const UtxoView& chainCoins,
                              const ChainTxIndex& confirmed, std::int64_t now);

    // A dry run of `tx` against the chain and the pool, as accept() would validate it, every
    // rule reported to `trace`; nothing changes. A tx already in the pool is checked as if it
    // were not (its own spends are no conflict).
    Result<Amount> check(const Transaction& tx, const UtxoView& chainCoins, RuleTrace& trace) const;

    // A block joined the chain: drops its txs and every tx that conflicts with it (with the
    // txs that depend on those). `txids` are the block's, in block order: validation has
    // computed them, and hashing each tx again cost as much as that. Returns the txids dropped.
    std::vector<Hash256> removeForBlock(const Block& block, std::span<const Hash256> txids);

    // After a reorg: `returned` (txs of disconnected blocks, oldest first) are validated in
    // full and added first; then every earlier entry stays only if its inputs are still
    // available (signatures cannot have changed). `chainCoins` must cover the inputs of all of
    // them. Returns the txids that left the pool.
    std::vector<Hash256> reorganize(const std::vector<Transaction>& returned,
                                    const UtxoView& chainCoins, const ChainTxIndex& confirmed,
                                    std::int64_t now);

    // Every outpoint spent by `returned` and the current entries (what reorganize needs).
    std::vector<OutPoint> inputsOf(const std::vector<Transaction>& returned) const;

    // MempoolSpends
    std::optional<Hash256> spenderOf(const OutPoint& outpoint) const override;

    const MempoolEntry* find(const Hash256& txid) const;
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return bytes_; }
    // Every entry in arrival order.
    std::vector<const MempoolEntry*> entries() const;
    // The same as an index by sequence, to page through without copying (lower_bound).
    const std::map<std::uint64_t, const MempoolEntry*>& byArrival() const { return byArrival_; }
    // Fee rates (units per byte, rounded down) of all entries, highest first.
    std::vector<Amount> feeRatesDescending() const;
    const MempoolPolicy& policy() const { return policy_; }
    // Rises with every tx added or removed: what was computed from the pool at one revision
    // (a block plan) holds while it stays.
    std::uint64_t revision() const { return revision_; }

private:
    struct ByFeeRate {
        bool operator()(const MempoolEntry* a, const MempoolEntry* b) const {
            return ranksBelow(a, b);
        }
    };

    void insert(MempoolEntry entry);
    void removeOne(const Hash256& txid);
    // The tx and everything that (transitively) spends its outputs.
    std::set<Hash256> withDescendants(const Hash256& txid) const;
    std::set<Hash256> ancestorsOf(const Transaction& tx) const;
    // Makes room for `size` bytes at `fee` by evicting lower fee rates (never `keep`).
    Result<std::vector<Hash256>> makeRoom(std::size_t size, Amount fee,
                                          const std::set<Hash256>& keep);

    MempoolPolicy policy_;
    SignatureCache* signatures_;
    std::map<Hash256, MempoolEntry> entries_;
    std::map<OutPoint, Hash256> spends_;                 // outpoint -> spending mempool tx
    std::set<const MempoolEntry*, ByFeeRate> byFeeRate_; // lowest first
    std::map<std::uint64_t, const MempoolEntry*> byArrival_;
    std::size_t bytes_ = 0;
    std::uint64_t revision_ = 0;
    // Sequences go on rising across restarts (they start from the clock, in microseconds), so
    // a client's paging cursor never skips what a restarted node received since.
    std::uint64_t nextSequence_;
};

} // namespace mbc
