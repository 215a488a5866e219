#pragma once

#include "consensus/rules/state_views.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace mbc::store {

// The outputs a sync batch's blocks created, kept in memory until the batch is written
// (SqlChainStore::writeHeldOutputs). A synced block mostly spends outputs of the blocks just
// before it: held here, such an output is written once, already spent, instead of inserted by
// one block and updated by the next (on PostgreSQL an update writes a new row version and an
// entry in each index it touches). Blocks are staged one at a time: the open block's changes
// are kept with its savepoint's release (keepBlock) or undone with its rollback (undoBlock).
class HeldOutputs {
public:
    struct Output {
        Coin coin;
        std::optional<Hash256> spender; // the spending txid, once spent
        std::uint32_t spentHeight = 0;
    };
    enum class Spend { NotHeld, Spent, AlreadySpent };

    bool empty() const { return outputs_.empty(); }
    std::size_t size() const { return outputs_.size(); }
    // Whether a held output is of `txid` (every tx has an output, so this is whether a block of
    // the batch holds the tx).
    bool holdsTxid(const Hash256& txid) const;

    // A block's staging begins (it has a savepoint of its own, inside the batch's transaction).
    void beginBlock() { blockOpen_ = true; }
    // The open block created `coin` at `outpoint`; false (and nothing held) if an output is
    // held there already: a txid the batch has, which the rules refuse.
    bool add(const OutPoint& outpoint, const Coin& coin);
    // The open block's `spender` spends `outpoint` at `height`: Spent (and `*coin` set) if it
    // was held unspent.
    Spend spend(const OutPoint& outpoint, const Hash256& spender, std::uint32_t height, Coin* coin);
    void keepBlock();
    void undoBlock();

    const std::map<OutPoint, Output>& outputs() const { return outputs_; }
    // All of them were written: none is held now. If a block is open, its savepoint holds the
    // rows written, and undoBlock then holds again those the blocks before it made.
    void written();
    // The batch was rolled back.
    void drop();

private:
    void revertOpenBlock(std::map<OutPoint, Output>& outputs) const;

    std::map<OutPoint, Output> outputs_; // (in key order: written in the table's key order)
    bool blockOpen_ = false;
    std::vector<OutPoint> addedByOpenBlock_;
    std::vector<OutPoint> spentByOpenBlock_;
    // Written while a block was open: what was held before it.
    std::optional<std::map<OutPoint, Output>> heldBeforeOpenBlock_;
};

} // namespace mbc::store
