#pragma once

#include "chain/block_record.h"
#include "store/database.h"

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace mbc::store {

// The body of stored block `hash`, decoded; throws StoreError if it no longer decodes.
Block decodeStoredBlock(const Hash256& hash, ByteSpan bytes);

// Read-only questions about the active chain for the REST API, the CLI and the explorer,
// answered from the same tables the chain writes (the outputs table is the address index).
class SqlChainQueries {
public:
    explicit SqlChainQueries(Database& db)
        : db_(db) {}

    struct StoredBlock {
        BlockRecord record;
        Bytes bytes; // full binary block
    };

    // Active-chain records with heights in [from, from + count), ascending.
    std::vector<BlockRecord> activeRecords(std::uint32_t from, std::uint32_t count);
    // Stored blocks of any branch from `fromHeight` to `toHeight`, the highest first (then as
    // stored), at most `limit`.
    std::vector<BlockRecord> recordsBetween(std::uint32_t fromHeight, std::uint32_t toHeight,
                                            std::size_t limit);
    // The same with each block's bytes, as many as fit in `maxBytes` (one at least): only
    // those are loaded.
    std::vector<StoredBlock> activeBlocks(std::uint32_t from, std::uint32_t count,
                                          std::uint64_t maxBytes);
    // Any stored block (active or not) with its record.
    std::optional<StoredBlock> storedBlock(const Hash256& hash);
    // A stored block's body decoded, with its txids. Throws StoreError if the body no longer
    // decodes (the store is corrupt).
    struct DecodedBlock {
        BlockRecord record;
        Block block;
        std::vector<Hash256> txids;
    };
    std::optional<DecodedBlock> decodedBlock(const Hash256& hash);
    // The hash of the active block at `height`.
    std::optional<Hash256> activeHashAt(std::uint32_t height);
    // True if the block is on the active chain.
    bool isActive(const Hash256& hash);
    // Its height if it is on the active chain.
    std::optional<std::uint32_t> activeHeightOf(const Hash256& hash);
    // The active chain's tip as this connection sees it (hash and height only).
    ChainTip activeTip();

    // The ends of every stored branch (stored blocks no other builds on), most work first, at
    // most `limit`, each with the height of the active block its branch leaves from: -1 for a
    // branch from another genesis block, nothing when walking back (a lookup a block, at most
    // `maxWalk` in all) did not reach it.
    struct ChainTipRow {
        BlockRecord record;
        std::optional<std::int64_t> forkHeight;
    };
    std::vector<ChainTipRow> chainTips(std::size_t limit, std::size_t maxWalk);

    struct TxLocation {
        Hash256 blockHash;
        std::uint32_t height = 0;
    };
    // The active-chain block holding the tx, if any.
    std::optional<TxLocation> txLocation(const Hash256& txid);
    // A tx of the active chain with the block that holds it (for a merkle proof). Throws
    // StoreError if the tx index and the stored block disagree. With `decoded`, a block
    // already there is not read again, and one read is kept there.
    struct ConfirmedTx {
        std::shared_ptr<const DecodedBlock> block;
        std::size_t position = 0; // in the block
        const Transaction& tx() const { return block->block.transactions[position]; }
    };
    using DecodedBlocks = std::map<Hash256, std::shared_ptr<const DecodedBlock>>;
    std::optional<ConfirmedTx> confirmedTx(const Hash256& txid, DecodedBlocks* decoded = nullptr);

    struct AddressSummary {
        Amount balance = 0; // unspent
        std::uint64_t utxoCount = 0;
        Amount received = 0;       // all outputs ever paid to it
        Amount sent = 0;           // of those, spent
        std::uint64_t txCount = 0; // transactions that paid it or spent from it
    };
    AddressSummary addressSummary(const PubKeyHash& address);

    struct Utxo {
        OutPoint outpoint;
        Amount amount = 0;
        std::uint32_t height = 0;
        bool coinbase = false;
    };
    // Oldest first (by height, txid, vout).
    std::vector<Utxo> unspentOf(const PubKeyHash& address);
    // A page of the same: at most `limit`, after `after` if given.
    std::vector<Utxo> unspentOf(const PubKeyHash& address, const std::optional<Utxo>& after,
                                std::uint32_t limit);

    struct HistoryItem {
        Hash256 txid;
        std::uint32_t height = 0;
        Amount received = 0; // paid to the address by this tx
        Amount spent = 0;    // spent from the address by this tx
    };
    // Newest first, `limit` items from `offset`.
    std::vector<HistoryItem> history(const PubKeyHash& address, std::uint64_t offset,
                                     std::uint64_t limit);

private:
    // A statement that reads the outputs table, prepared once the outputs a sync batch holds in
    // memory are written (Database::writeDeferred), so that it sees them.
    QSqlQuery& prepareOnOutputs(const QString& sql);
    std::vector<Utxo> readUtxos(QSqlQuery& q);
    std::vector<StoredBlock> activeRows(std::uint32_t from, std::uint32_t count, bool withData);

    Database& db_;
};

} // namespace mbc::store
