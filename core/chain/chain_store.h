#pragma once

#include "chain/block_record.h"
#include "consensus/rules/state_views.h"

#include <map>
#include <memory>
#include <set>
#include <span>
#include <vector>

namespace mbc {

// What the chain needs from storage. The chain decides; the store remembers. Every method
// that changes state is atomic: a crash leaves either all of it or none of it. Failures of
// the storage itself are thrown (store::StoreError).
class ChainStore {
public:
    virtual ~ChainStore() = default;

    virtual ChainTip tip() = 0;
    // The storage itself is in trouble (its server away, its disk full): what failed says
    // nothing about the data, and nothing should be undone on the strength of it.
    virtual bool inTrouble() const { return false; }

    virtual std::optional<BlockRecord> blockRecord(const Hash256& hash) = 0;
    virtual std::optional<Bytes> blockBytes(const Hash256& hash) = 0;
    // The active chain's block at `height`.
    virtual std::optional<Hash256> activeHashAt(std::uint32_t height) = 0;

    // Stores a block not seen before; assigns record.seq (first-seen order).
    virtual void addBlock(BlockRecord& record, ByteSpan bytes) = 0;
    // The stored block with the most chain work (first seen on ties) that is not invalid.
    virtual std::optional<Hash256> bestCandidate() = 0;
    // Marks a block invalid and every stored descendant invalid-parent.
    virtual void markInvalid(const Hash256& hash) = 0;
    // Forgets a block that is not on the active chain, and every stored descendant: its body
    // turned out not to be the block's (RejectKind::BodyMutated), and the right one may come
    // later. Returns the bodies of descendants, parents first, up to `keepAtMost` of them and
    // `keepBytes` bytes, so that the chain can hold them until it has the block again.
    virtual std::vector<Bytes> removeBranch(const Hash256& hash, std::size_t keepAtMost,
                                            std::size_t keepBytes) = 0;
    // Puts another body in place of a stored block's, while it has not been validated (a
    // body of the same hash the block's first one turned out not to be).
    virtual void replaceBody(const Hash256& hash, ByteSpan bytes, std::uint32_t txCount) = 0;

    // Of `outpoints`, those unspent in the active chain, with their coins.
    virtual std::map<OutPoint, Coin> unspentCoins(std::span<const OutPoint> outpoints) = 0;
    // Of `txids`, those already in the active chain.
    virtual std::set<Hash256> txidsInChain(std::span<const Hash256> txids) = 0;
    // For a block refused for spending `outpoint`, which the UTXO set lacks: throws
    // (store::StoreError, the store is corrupt) if the store's other records say it should be
    // there: an output of a tx on the active chain with no row, one marked spent by a tx that
    // is not on the chain or does not spend it, or one unspent above the tip. The block is then
    // not blamed for it (THREATS.md 2).
    virtual void confirmMissing(const OutPoint& outpoint) = 0;
    // For a block refused for the values of coins it spends (`spent`, in block order): throws
    // (store::StoreError, the store is corrupt) if one differs from the output its tx made, as
    // the active chain's blocks hold it (amount, address, height, coinbase). The outputs of the
    // first kMostTxsConfirmed txs named are compared.
    static constexpr std::size_t kMostTxsConfirmed = 32;
    virtual void confirmCoins(std::span<const std::pair<OutPoint, Coin>> spent) = 0;

    // Writes what making `block` (a child of the tip) the new tip changes: its outputs, spends,
    // txids, the tip row, `record.status` = Valid. Nothing is visible until the returned
    // object's commit(); dropping it uncommitted undoes all of it. So the writes can go on
    // while the block is still being validated, and be kept only if it is valid.
    class PendingConnect {
    public:
        virtual ~PendingConnect() = default;
        // Throws (store::StoreError) if the store did not hold every output the block spends:
        // a valid block that does not fit its own store means the store is inconsistent.
        virtual void commit() = 0;
    };
    // What staging found in the store, so that validation needs no reads of its own: the
    // coins the block's inputs spend that were unspent before it (not those it creates
    // itself), and which of its txids were in the chain before it.
    struct StagedConnect {
        std::unique_ptr<PendingConnect> pending;
        std::map<OutPoint, Coin> spentCoins;
        std::set<Hash256> txidsInChainBefore;
    };
    virtual StagedConnect stageConnectTip(const Block& block, const BlockRecord& record,
                                          std::span<const Hash256> txids) = 0;
    // Undoes connectTip for the tip block; its parent becomes the tip.
    virtual void disconnectTip(const Block& block, const BlockRecord& record) = 0;
};

} // namespace mbc
