#pragma once

#include "chain/block_assembler.h"
#include "chain/block_plan.h"
#include "chain/blockchain.h"
#include "chain/fee_estimator.h"
#include "chain/mempool.h"
#include "chain/signature_check_pool.h"
#include "node/log_throttle.h"
#include "node/mining_controller.h"
#include "node/node_config.h"
#include "node/validation_report.h"
#include "store/database.h"
#include "store/sql_chain_queries.h"
#include "store/sql_chain_store.h"
#include "store/sql_mempool_store.h"
#include "store/sql_peer_store.h"
#include "wallet/wallet_accounting.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QObject>
#include <QScopeGuard>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>

namespace mbc::node {

// DATABASE_URL does not name a database.
// Another process (a daemon, the app) holds the data directory.
class DataDirInUse : public std::runtime_error {
public:
    DataDirInUse(const std::string& what, qint64 pid)
        : std::runtime_error(what)
        , pid(pid) {}
    qint64 pid;
};

class BadDatabaseUrl : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One full node: chain, storage, mempool and miner, all used from the thread it lives on.
// The REST server and the GUI reach the chain only through it.
class Node : public QObject, private ChainListener {
    Q_OBJECT
public:
    explicit Node(NodeConfig config, QObject* parent = nullptr);
    ~Node() override;

    // Opens (creating if needed) the data directory and the store, applies migrations, checks
    // the store belongs to this network. Throws store::StoreError, BadDatabaseUrl or
    // std::runtime_error (the data directory) with a message for the user.
    void open();
    // Work that may take a while, done after the REST server is up: finishes a reorg that a
    // crash interrupted and offers the saved mempool again.
    void resumeBackgroundWork();

    const NodeConfig& config() const { return config_; }
    const NetworkParams& params() const { return params_; }
    std::int64_t now() const;

    // Chain
    ChainTip tip() { return chain_->tip(); }
    // The target the next block on the tip must meet.
    UInt256 nextTarget();
    SubmitOutcome submitBlock(const Block& block, const QString& source,
                              SignatureChecks signatures = SignatureChecks::Early,
                              BodyOrigin origin = BodyOrigin::Offered); // see Blockchain
    std::optional<BlockRecord> blockRecord(const Hash256& hash) { return chain_->record(hash); }
    std::optional<Block> block(const Hash256& hash);
    // One of the last blocks refused as invalid (the app's Log opens them in the X-ray).
    std::optional<Block> refusedBlock(const Hash256& hash) const;
    std::optional<Hash256> activeHashAt(std::uint32_t height) {
        return store_->activeHashAt(height);
    }
    store::SqlChainQueries& queries() { return *queries_; }
    // Where the store lives: other threads open connections of their own there. Set by open()
    // from the settings, also when opening it then failed (its name for the failure).
    const store::DatabaseLocation& databaseLocation() const { return location_; }
    const OrphanPool& orphans() const { return chain_->orphans(); }
    BlockPhaseTimings& blockPhaseTimings() { return chain_->phaseTimings(); }

    // Dry runs (node_dry_run.cpp): the block or tx checked as the node would check it, rule by
    // rule, storing and relaying nothing. A block goes against the state after its parent; a
    // tx against the tip and the mempool, or, if confirmed, as part of its block.
    ValidationReport checkBlock(const Block& block);
    ValidationReport checkTransaction(const Transaction& tx);

    // Transactions
    Result<AcceptedTx> submitTransaction(const Transaction& tx, const QString& source);
    const Mempool& mempool() const { return mempool_; }
    // An unspent output of `owner` as a wallet counts it: marked if the mempool spends it.
    wallet::OwnedCoin ownedCoin(const store::SqlChainQueries::Utxo& utxo,
                                const PubKeyHash& owner) const {
        return {utxo.outpoint, owner,         utxo.amount,
                utxo.height,   utxo.coinbase, mempool_.spenderOf(utxo.outpoint).has_value()};
    }
    FeeEstimate feeEstimate() const;

    // The last reorg since the node started, if any (the app's fork tree highlights it).
    struct LastReorg {
        static constexpr std::size_t kListed = 100;
        std::int64_t forkHeight = -1;
        int disconnected = 0;
        int connected = 0;
        std::vector<Hash256> disconnectedHashes; // at most kListed, the old tip first
        std::vector<Hash256> connectedHashes;    // the last kListed (near the tip), lowest first
        std::vector<Hash256> returnedTxids;      // back to the mempool, at most kListed
        std::size_t returnedCount = 0;
        std::int64_t at = 0; // seconds since the epoch
    };
    const std::optional<LastReorg>& lastReorg() const { return lastReorg_; }

    // Mining
    MiningController& mining() { return *mining_; }
    BlockTemplate blockTemplate(const PubKeyHash& payee) {
        return nextBlock(payee, ListWaiting::No).block;
    }
    // The block the node would mine now paying `payee`, and the mempool's plan for it (with
    // ListWaiting::Yes, why each other tx waits). The plan is made again only once the mempool
    // changes (node_next_block.cpp); it is valid until then.
    struct NextBlock {
        BlockTemplate block;
        const BlockPlan& plan;
    };
    NextBlock nextBlock(const PubKeyHash& payee, ListWaiting listWaiting);

    // Connecting many blocks in a row (sync): their store writes become durable together when
    // the batch commits, saving a disk flush per block. Until then a crash loses the whole
    // batch, never part of a block: the store stays at its last committed tip. A batch dropped
    // uncommitted rolls all of it back, and the chain forgets what it had cached of it.
    class StoreBatch {
    public:
        enum class State { Open, Committed, Lost };
        explicit StoreBatch(Node& node)
            : tx_(std::in_place, *node.db_)
            , node_(node) {}
        ~StoreBatch() {
            if (held_)
                node_.db_->resumeHeld(); // nobody is left to settle it
            if (state_ != State::Open)
                return;
            tx_.reset(); // rolled back first, so that the node catches up with what stays
            node_.storeBatchRolledBack();
        }
        void commit() {
            const State was = resume();
            if (was == State::Lost) // (the node is catching up with the store)
                throw store::StoreError("the blocks connected last could not be committed");
            if (was == State::Committed)
                return; // by whoever used the store first while it was held
            tx_->commit();
            state_ = State::Committed;
        }
        // The node's thread serves others while the batch stays open: the first of them to use
        // the store commits it first (store::Database::holdOpen), so their writes never join
        // it. If that commit fails, the batch is rolled back, and the store refuses all use
        // until the node has caught up with it (on its next turn of the event loop).
        void holdOpen() {
            held_ = true;
            ++holds_;
            node_.db_->holdOpen([this] { settle(); });
        }
        // Goes on with the batch (Open), or says that someone else's use ended it meanwhile.
        State resume() {
            if (held_)
                node_.db_->resumeHeld();
            held_ = false;
            return state_;
        }

    private:
        void settle() {
            held_ = false;
            // The sync's commit, whoever's work set it off (a block arriving meanwhile does not
            // count it in its own step: PhaseTimer).
            const PhaseTimer timer(node_.blockPhaseTimings(), BlockPhase::Commit);
            QElapsedTimer took;
            took.start();
            const auto counted = qScopeGuard([&] {
                const std::int64_t ns = took.nsecsElapsed();
                node_.heldCommits_.ns += ns;
                node_.heldCommits_.forgivenNs += ns - ns / holds_;
            });
            try {
                tx_->commit();
                state_ = State::Committed;
            } catch (const store::StoreError& e) {
                state_ = State::Lost; // rolled back as the commit failed
                node_.storeBatchLost(e);
                throw;
            }
        }

        std::optional<store::Database::Transaction> tx_;
        Node& node_;
        State state_ = State::Open;
        bool held_ = false;
        int holds_ = 0; // the slices it was held open after
    };
    std::unique_ptr<StoreBatch> beginStoreBatch() { return std::make_unique<StoreBatch>(*this); }
    // Time spent so far committing held batches for whoever used the store next (StoreBatch::
    // holdOpen), and the part of it that user is forgiven: all but 1/k of the commit of a batch
    // held open after k slices. The sync would have committed those anyway; what the user's
    // early end of the batch costs is about one slice's commit (at worst a commit each slice
    // instead of one each k), which is theirs to pay.
    struct HeldCommits {
        std::int64_t ns = 0;
        std::int64_t forgivenNs = 0;
    };
    const HeldCommits& heldBatchCommits() const { return heldCommits_; }
    // A sync's batch is held open between its slices: whoever uses the store now ends it.
    bool syncBatchHeld() const { return db_->holdingOpen(); }
    // A branch's headers ahead of its bodies (sync): see Blockchain::admitHeaders.
    Result<UInt256> admitHeaders(std::span<const BlockHeader> headers) {
        return chain_->admitHeaders(headers);
    }
    void forgetAdmittedHeaders() { chain_->forgetAdmittedHeaders(); }
    // A reorg is under way (it goes on a slice at a time).
    bool reorganizing() const { return chain_->activationPending(); }
    // The mempool lags the chain: blocks were disconnected and their txs have not come back
    // yet (they do when the tip settles).
    bool mempoolAwaitsReorg() const { return disconnectedSinceTipChange_; }

    // Signatures found valid and not yet used by a block (the network layer checks downloaded
    // blocks' signatures into it ahead of connecting them). Thread-safe.
    SignatureCache& signatureCache() { return signatureCache_; }

    // Peers (kept in the store; the network layer uses them)
    store::SqlPeerStore& peers() { return *peerStore_; }
    // Finds out whether the store answers (store::Database::probe), throwing if it does not:
    // for what reports the node's health and would otherwise read nothing from the store.
    void probeStore() { db_->probe(); }

    // What the network layer is doing, for /health, /metrics and the GUI.
    struct SyncState {
        bool syncing = false;
        QString peer;                     // the peer being synced from
        std::int64_t bestPeerHeight = -1; // the highest tip a peer reported
    };
    const SyncState& syncState() const { return syncState_; }
    void setSyncState(const SyncState& state);

    // Whether the store works, as far as the node knows. When it stops working (the database
    // server went away, the disk is full) writes answer 503, mining and sync wait, the mempool
    // stays in memory, and the node retries (1 s, doubling to 30 s) until it works again.
    bool storeAvailable() const { return !storeTrouble_.has_value(); }
    std::optional<store::StoreError::Kind> storeTrouble() const { return storeTrouble_; }
    // What is wrong with the store, in a sentence for the user; empty when nothing is.
    QString storeTroubleText() const;

signals:
    // Named apart from the ChainListener callbacks below, which they report.
    void chainBlockConnected(const QString& hash, quint32 height);
    void chainBlockDisconnected(const QString& hash, quint32 height);
    void chainTipChanged(qint64 height, const QString& hash);
    void transactionAccepted(const QString& txid, qint64 fee);
    void syncStateChanged();
    // The store stopped or started working again (see storeAvailable()).
    void storeAvailabilityChanged(bool available);

private:
    void lockDataDir();
    ValidationReport checkBlockWith(const Block& block, RuleTrace& trace);
    // ChainListener
    void blockConnected(const Block& block, const BlockRecord& record,
                        const BlockUtxoChanges& changes) override;
    void blockDisconnected(const Block& block, const BlockRecord& record) override;
    void tipChanged(const ChainTip& tip, const std::vector<Transaction>& returnedTxs) override;

    void reloadMempool();
    // Brings the mempool in line with the store's chain: `returning_` (txs of disconnected
    // blocks) comes back, entries whose inputs are gone leave. Everything is read from the
    // store before the pool changes, so a store failure leaves the pool as it was and the txs
    // to return for the next try. Returns the txids that left.
    std::vector<Hash256> reconcileMempool();
    void reconcileMempoolLater();
    void storeTroubleSeen(std::optional<store::StoreError::Kind> trouble);
    void retryStoreLater();
    void retryStore();
    // The store may hold more or less than the node's memory says (a commit whose outcome is
    // unknown, a batch rolled back): the chain forgets its caches, the mempool is checked.
    void catchUpWithStore(const char* why);
    void continueActivation();
    void continueActivationLater();
    // A batch's writes were undone: the chain forgets what it cached, the mempool is checked
    // against the store again, the miner starts over. Throws nothing.
    void storeBatchRolledBack() noexcept;
    // A batch held open failed to commit when someone else came to use the store: the store
    // refuses all use until, on the event loop's next turn, the node catches up with it.
    void storeBatchLost(const store::StoreError& why) noexcept;

    NodeConfig config_;
    NetworkParams params_;
    std::unique_ptr<QLockFile> dataDirLock_; // held while open: one process per data directory
    store::DatabaseLocation location_;
    std::unique_ptr<store::Database> db_;
    HeldCommits heldCommits_;
    std::unique_ptr<store::SqlChainStore> store_;
    std::unique_ptr<store::SqlChainQueries> queries_;
    std::unique_ptr<store::SqlMempoolStore> mempoolStore_;
    std::unique_ptr<store::SqlPeerStore> peerStore_;
    SignatureCache signatureCache_; // filled by the mempool, used up by blocks
    LogThrottle refusalLog_{60};    // anyone may post invalid blocks: a line a second at most
    SignatureCheckPool signatureChecks_;
    std::unique_ptr<Blockchain> chain_;
    Mempool mempool_;
    struct CachedPlan {
        std::uint64_t mempoolRevision = 0;
        ListWaiting listed = ListWaiting::No;
        BlockPlan plan;
    };
    std::optional<CachedPlan> plan_;
    bool disconnectedSinceTipChange_ = false;
    // What the chain did since the last tip change, for the log's one line per reorg.
    struct ReorgTally {
        int disconnected = 0;
        int connected = 0;
        std::int64_t forkHeight = -1;            // the highest block both branches share
        Hash256 tipBefore;                       // the tip when the first block was disconnected
        std::vector<Hash256> disconnectedHashes; // the first kListed, tip first
        std::vector<Hash256> connectedHashes;    // the last kListed, lowest first
    };
    ReorgTally reorg_;
    std::optional<LastReorg> lastReorg_;
    // The last invalid blocks, newest last: anyone may send them, so a few and few bytes.
    static constexpr std::size_t kRefusedKept = 8;
    static constexpr std::size_t kRefusedBytes = 4'000'000;
    struct RefusedBlock {
        Hash256 hash;
        Block block;
        std::size_t size = 0; // encoded
    };
    std::deque<RefusedBlock> refused_;
    std::size_t refusedBytes_ = 0;
    void rememberRefused(const Hash256& hash, const Block& block);
    std::vector<Transaction> returning_; // to the mempool, from disconnected blocks
    bool reconcileScheduled_ = false;
    int reconcileRetryMs_ = 0;
    std::optional<store::StoreError::Kind> storeTrouble_;
    QTimer storeRetry_;
    int storeRetryMs_ = 0;
    QElapsedTimer sinceStoreRecovered_;
    bool activationScheduled_ = false;
    int activationRetryMs_ = 0; // after a store error
    SyncState syncState_;
    std::unique_ptr<MiningController> mining_;
};

} // namespace mbc::node
