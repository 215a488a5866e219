#pragma once

#include "consensus/rules/state_views.h"

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mbc::store {

// What a batch's blocks did to the outputs table, kept in memory until the batch is written
// (SqlChainStore::writeHeldOutputs): the outputs they created, and their spends of outputs
// already in the table. A synced block mostly spends outputs of the blocks just before it:
// held here, such an output is written once, already spent, instead of inserted by one block
// and updated by the next (on PostgreSQL an update writes a new row version and an entry in
// each index it touches). A spend of a table's output is read at staging (the coin validation
// needs) and written with the rest, so that a block's staging only reads the table. Blocks are
// staged one at a time: the open block's changes are kept with its savepoint's release
// (keepBlock) or undone with its rollback (undoBlock).
//
// Kept in hash tables: staging looks up every txid, input and output of a block in them, and a
// tree of tens of thousands of outpoints cost a cache miss at each of its levels. The hash is
// keyed with a secret drawn for each instance, so that txids a peer ground to share a bucket
// share one only by chance. Rows are put in the table's key order when they are written.
class HeldOutputs {
public:
    struct Output {
        Coin coin;
        std::optional<Hash256> spender; // the spending txid, once spent
        std::uint32_t spentHeight = 0;
    };
    struct TableSpend {
        Hash256 spender;
        std::uint32_t height = 0;
    };
    enum class Spend { NotHeld, Spent, AlreadySpent };
    using OutputRow = std::pair<const OutPoint, Output>;
    using TableSpendRow = std::pair<const OutPoint, TableSpend>;

    HeldOutputs();

    bool empty() const { return held_.outputs.empty() && held_.tableSpends.empty(); }
    // Rows to write: outputs and spends.
    std::size_t size() const { return held_.outputs.size() + held_.tableSpends.size(); }
    // Whether a held output is of `txid` (every tx has an output, so this is whether a block of
    // the batch holds the tx).
    bool holdsTxid(const Hash256& txid) const;
    // Whether a block of the batch spent the table's output at `outpoint`.
    bool spendsFromTable(const OutPoint& outpoint) const {
        return held_.tableSpends.contains(outpoint);
    }

    // A block's staging begins (it has a savepoint of its own, inside the batch's transaction).
    void beginBlock() { blockOpen_ = true; }
    bool blockOpen() const { return blockOpen_; }
    // The open block created `coin` at `outpoint`; false (and nothing held) if an output is
    // held there already: a txid the batch has, which the rules refuse.
    bool add(const OutPoint& outpoint, const Coin& coin);
    // The open block's `spender` spends `outpoint` at `height`: Spent (and `*coin` set) if it
    // was held unspent, AlreadySpent if it was held spent, NotHeld if it is the table's.
    Spend spend(const OutPoint& outpoint, const Hash256& spender, std::uint32_t height, Coin* coin);
    // The open block's `spender` spends the table's unspent output at `outpoint`, unless a
    // block of the batch did (spendsFromTable).
    void spendFromTable(const OutPoint& outpoint, const Hash256& spender, std::uint32_t height);
    void keepBlock();
    void undoBlock();

    std::size_t tableSpendCount() const { return held_.tableSpends.size(); }
    // In the outputs table's key order (txid, vout), so that neighbours in the table are written
    // one after another; valid until the next change.
    std::vector<const OutputRow*> outputsInKeyOrder() const;
    std::vector<const TableSpendRow*> tableSpendsInKeyOrder() const;
    // All of them were written: none is held now. If a block is open, its savepoint holds the
    // rows written, and undoBlock then holds again what the blocks before it did.
    void written();
    // The batch was rolled back.
    void drop();

private:
    class OutPointHash {
    public:
        OutPointHash();
        std::size_t operator()(const OutPoint& outpoint) const;

    private:
        std::array<std::uint64_t, 2> key_{};
    };
    struct Held {
        explicit Held(const OutPointHash& hash)
            : outputs(0, hash)
            , tableSpends(0, hash) {}
        std::unordered_map<OutPoint, Output, OutPointHash> outputs;
        std::unordered_map<OutPoint, TableSpend, OutPointHash> tableSpends;
    };
    void revertOpenBlock(Held& held) const;

    OutPointHash hash_;
    Held held_;
    bool blockOpen_ = false;
    std::vector<OutPoint> addedByOpenBlock_;
    std::vector<OutPoint> spentByOpenBlock_;
    std::vector<OutPoint> tableSpentByOpenBlock_;
    // Written while a block was open: what was held before it.
    std::optional<Held> heldBeforeOpenBlock_;
};

} // namespace mbc::store
