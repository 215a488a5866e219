#pragma once

#include "chain/chain_store.h"
#include "store/chain_state_cache.h"
#include "store/database.h"
#include "store/held_outputs.h"
#include "store/stored_values.h"
#include "store/txid_filter.h"

#include <QVariant>

#include <span>
#include <string_view>

namespace mbc::store {

// The chain's storage in SQL tables anyone can query (see migrations.cpp): blocks, the active
// chain, its transactions and outputs (the UTXO set and the address index), and the tip.
// Connecting or disconnecting a block is one SQL transaction. Inside a batch of blocks (a sync:
// a transaction the blocks' own are savepoints of), the outputs the blocks create and their
// spends are held in memory (HeldOutputs) and written when the batch commits, or before
// anything else reads the outputs table.
// One SqlChainStore connects blocks on a connection: another would not see what this one holds.
class SqlChainStore final : public ChainStore, private Database::DeferredWrites {
public:
    explicit SqlChainStore(Database& db);
    ~SqlChainStore() override;
    SqlChainStore(const SqlChainStore&) = delete;
    SqlChainStore& operator=(const SqlChainStore&) = delete;

    ChainTip tip() override;
    bool inTrouble() const override { return db_.trouble().has_value(); }
    std::optional<BlockRecord> blockRecord(const Hash256& hash) override;
    std::optional<Bytes> blockBytes(const Hash256& hash) override;
    std::optional<Hash256> activeHashAt(std::uint32_t height) override;
    void addBlock(BlockRecord& record, ByteSpan bytes) override;
    std::optional<Hash256> bestCandidate() override;
    void markInvalid(const Hash256& hash) override;
    std::vector<Bytes> removeBranch(const Hash256& hash, std::size_t keepAtMost,
                                    std::size_t keepBytes) override;
    void replaceBody(const Hash256& hash, ByteSpan bytes, std::uint32_t txCount) override;
    std::map<OutPoint, Coin> unspentCoins(std::span<const OutPoint> outpoints) override;
    std::set<Hash256> txidsInChain(std::span<const Hash256> txids) override;
    void confirmMissing(const OutPoint& outpoint) override;
    void confirmCoins(std::span<const std::pair<OutPoint, Coin>> spent) override;
    // As the active chain was before the block at `height` (for a dry run of that block):
    // of `outpoints`, those created below `height` and not spent below it, with their coins;
    // of `txids`, those in blocks below `height`.
    std::map<OutPoint, Coin> coinsBefore(std::span<const OutPoint> outpoints, std::uint32_t height);
    std::set<Hash256> txidsInChainBefore(std::span<const Hash256> txids, std::uint32_t height);
    StagedConnect stageConnectTip(const Block& block, const BlockRecord& record,
                                  std::span<const Hash256> txids) override;
    void disconnectTip(const Block& block, const BlockRecord& record) override;

    // An input of a block: the output it spends, and the spending tx.
    struct Spend {
        const OutPoint* prevout;
        const Hash256* spender;
    };
    // Every input of the block's non-coinbase txs, in block order (`txids` are the block's).
    static std::vector<Spend> spendsOf(const Block& block, std::span<const Hash256> txids);

    // Writes the tip's row again, unchanged, and commits: a write that needs room on the disk
    // and a server that answers, to learn whether a store in trouble works again. Throws
    // StoreError if not.
    void probeWrite();

private:
    std::map<OutPoint, Coin> coinsWhere(std::span<const OutPoint> outpoints, const char* condition,
                                        std::optional<std::uint32_t> height);
    std::set<Hash256> txidsWhere(std::span<const Hash256> txids, const char* condition,
                                 std::optional<std::uint32_t> height);
    // Why the store should hold `outpoint` unspent, if its records say so (confirmMissing).
    std::optional<std::string> whyShouldHold(const OutPoint& outpoint);
    // The height the outputs table puts tx `txid` at, if it holds an output of it.
    std::optional<std::uint32_t> heightOfTx(const Hash256& txid);
    // The active chain's block at a height, decoded (no hash above the tip; no block if its
    // body is missing or does not decode). `last`, the one read before, is read again only for
    // another height: one decoded block at a time, a few MB at most.
    struct ActiveBody {
        std::uint32_t height = 0;
        std::optional<Hash256> hash;
        std::optional<Block> block;
        std::vector<Hash256> txids;
    };
    const ActiveBody& activeBodyAt(std::uint32_t height, std::optional<ActiveBody>& last);
    // Tx `txid` from the body of the active chain's block at the height heightOfTx gives; no
    // tx if the table has no output of it; or why the store is corrupt, if it is.
    struct ChainTx {
        std::optional<Transaction> tx;
        std::uint32_t height = 0;
        bool coinbase = false;
        std::optional<std::string> damage;
    };
    ChainTx txOfActiveChain(const Hash256& txid, std::optional<ActiveBody>& last);
    // Runs a prepared query and reads a hash from the first column of its first row.
    std::optional<Hash256> firstHash(QSqlQuery& q);
    // Inserts the block's outputs but those whose txid the table holds already; returns
    // whether every one went in. With `noneThere` (the filter says the table has none of the
    // txids), PostgreSQL inserts without ON CONFLICT, whose check of the key before each row
    // took 9% of the server's work for a block, and a row already there is an inconsistent store.
    bool insertOutputs(const Block& block, std::uint32_t height, std::span<const Hash256> txids,
                       bool noneThere);
    // Marks the outputs `spends` name spent at `height`; returns how many it found unspent, and
    // puts in `coinsBefore` those of them that blocks below `height` created.
    std::size_t markSpent(std::span<const Spend> spends, std::uint32_t height,
                          std::map<OutPoint, Coin>& coinsBefore);
    std::size_t markSpentOneByOne(std::span<const Spend> spends, std::uint32_t height,
                                  std::map<OutPoint, Coin>& coinsBefore);
    // Marks each of the held spends of table outputs spent; returns how many it found unspent.
    std::size_t writeTableSpends(std::span<const HeldOutputs::TableSpendRow* const> spends);
    // Of `txids`, those the outputs table has: asked of the table only for those the filter
    // may hold, once it holds the whole table (until then, for all of them).
    std::set<Hash256> txidsInTable(std::span<const Hash256> txids);
    // Reads up to `rows` more of the outputs table's txids, in the key's order, into the filter.
    void fillTxidFilter(std::size_t rows);
    // Whether the filter holds the whole table, after reading up to `rows` more of it if it
    // did not (and after starting it again if the connection was made again meanwhile).
    bool txidFilterReady(std::size_t rows);
    // After a reconnect the filter starts empty again: the table may have changed meanwhile
    // (another node may have claimed the store while the connection was away).
    void startTxidFilterAgainAfterReconnect();
    // True if the filter, filled, holds none of `txids`: the table has none of them. (Not
    // filled yet, it reads a slice more first.)
    bool noneInTableForCertain(std::span<const Hash256> txids);
    // Txids of outputs that go into the table (or are held to be written to it), or leave it
    // in a transaction that may yet be undone.
    void txidsEnterTable(std::span<const Hash256> txids);
    // Of the outputs `spends` spend, those the table has unspent, with their coins (read only).
    std::map<OutPoint, Coin> unspentInTable(std::span<const Spend> spends);
    // Stage the block's outputs and spends in the table, or (in a batch) its outputs in memory
    // and each spend where the output it spends is.
    StagedConnect stageInTable(const Block& block, const BlockRecord& r,
                               std::span<const Hash256> txids, std::size_t* spentFound,
                               std::size_t* spentExpected);
    StagedConnect stageHeld(const Block& block, const BlockRecord& r,
                            std::span<const Hash256> txids, std::size_t* spentFound,
                            std::size_t* spentExpected);
    // Database::DeferredWrites: the held outputs.
    // (After a failed write, until the batch is rolled back: its commit must fail.)
    bool pending() const override { return !held_.empty() || heldWriteFailed_; }
    void write() override;
    void drop() noexcept override {
        held_.drop();
        heldWriteFailed_ = false;
    }
    // Inserts the held outputs, spent ones with their spender, and marks the held spends of
    // the table's outputs; throws StoreError if the table held any of the outputs already, or
    // had any of those spent.
    void writeHeldOutputs();
    // Rows a statement writes at most (PostgreSQL: each statement's text).
    static constexpr std::size_t kHeldRowsPerStatement = 10'000;
    void setTip(const std::optional<Hash256>& hash, std::int64_t height, const UInt256& work,
                std::int64_t utxoDelta);
    // Binds the tip row's values last, in setTip's order, runs the statement, and tells the
    // cache where the tip went.
    void runTipUpdate(QSqlQuery& q, const std::optional<Hash256>& hash, std::int64_t height,
                      const UInt256& work, std::int64_t utxoDelta);
    // Connects `r`, a child of the tip: its height in the active chain, its status, the tip.
    void makeTip(const BlockRecord& r, std::int64_t utxoDelta);

    // The cache, emptied first if the connection undid anything since.
    ChainStateCache& cache();

    Database& db_;
    std::int64_t nextSeq_ = -1; // read from the table on first use
    ChainStateCache cache_;
    HeldOutputs held_;
    // Every txid the outputs table holds, once filled: read from the table a slice of its key
    // at a time, and told of every txid a block writes there or deletes from it (a rollback
    // brings those back, perhaps behind the slices read). A txid the table no longer has, or
    // never got, stays in it: that costs a probe, where a txid missing from it would let a
    // repeated one through to the insert of its outputs, which then fails the block or the
    // batch as an inconsistent store instead of refusing the block by its rule.
    TxidFilter txidFilter_;
    bool txidFilterFilled_ = false;
    std::optional<Bytes> txidFilterReadTo_;  // the last key read from the table (any bytes)
    std::uint64_t txidFilterReconnects_ = 0; // the connection's reconnects when it began
    bool heldWriteFailed_ = false; // a write of them failed: only a rollback of the batch is left
};

// The record of stored block `hash`, on any branch.
std::optional<BlockRecord> storedBlockRecord(Database& db, const Hash256& hash);

// Runs `insert`, an INSERT into the outputs table of rows whose keys were found nowhere in it,
// and returns what it returns (the rows inserted): a key error (23505 on PostgreSQL) then means
// an inconsistent store, and says so of `what`, keeping the statement error's kind, place,
// detail and code.
std::int64_t runInsertOfNewKeys(const std::function<std::int64_t()>& insert,
                                const std::string& what);

} // namespace mbc::store
