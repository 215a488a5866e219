#include "node/node.h"

#include "chain/stored_tip_check.h"
#include "node/data_dir.h"

#include "chain/prefetched_views.h"
#include "chain/signature_precheck.h"
#include "consensus/pow/target_rule.h"
#include "consensus/serialize/block_serialize.h"
#include "node/logging.h"
#include "store/migrations.h"
#include "store/store_claim.h"
#include "store/store_identity.h"

#include <QDateTime>
#include <QDir>
#include <QScopeGuard>
#include <QTimer>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mbc::node {
namespace {

// How much of a reorg the node's thread does between serving other work.
constexpr ActivationBudget kReorgSlice{32, std::chrono::milliseconds(100)};

QString hexOf(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

std::vector<OutPoint> inputsOf(const Transaction& tx) {
    std::vector<OutPoint> out;
    appendPrevouts(tx, out);
    return out;
}

// The chain's txid index as the mempool asks it: one txid at a time.
class StoreTxIndex final : public ChainTxIndex {
public:
    explicit StoreTxIndex(ChainStore& store)
        : store_(store) {}
    bool containsTx(const Hash256& txid) const override {
        return !store_.txidsInChain(std::vector<Hash256>{txid}).empty();
    }

private:
    ChainStore& store_;
};

} // namespace

Node::Node(NodeConfig config, QObject* parent)
    : QObject(parent)
    , config_(std::move(config))
    , params_(config_.params())
    , signatureChecks_(0, &signatureCache_)
    , mempool_(MempoolPolicy{}, &signatureCache_) {}

Node::~Node() {
    if (mining_)
        mining_->stop(MiningStop::ShuttingDown);
}

std::int64_t Node::now() const {
    return QDateTime::currentSecsSinceEpoch();
}

// Two processes on one data directory would write one store and one wallet.json. A lock left
// by a process that died (kill -9, a crash) is taken over: QLockFile checks whether its owner
// still runs. A live owner's lock never goes stale, however long it is held.
void Node::lockDataDir() {
    auto lock = std::make_unique<QLockFile>(QDir(config_.dataDir).filePath("minibitcoin.lock"));
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        dataDirLock_ = std::move(lock);
        return;
    }
    const std::string dir = QDir::toNativeSeparators(config_.dataDir).toStdString();
    qint64 pid = 0;
    QString host, app;
    if (lock->error() == QLockFile::LockFailedError && lock->getLockInfo(&pid, &host, &app))
        throw DataDirInUse("data directory " + dir + " is in use by process " +
                               std::to_string(pid) +
                               (host.isEmpty() ? "" : " on " + host.toStdString()) +
                               "; stop it, or use another data directory (--datadir)",
                           pid);
    throw std::runtime_error("cannot lock the data directory " + dir +
                             ": its lock file cannot be written");
}

void Node::open() {
    if (!makeDataDir(config_.dataDir))
        throw std::runtime_error("cannot create the data directory " +
                                 config_.dataDir.toStdString());
    lockDataDir();
    if (config_.databaseUrl.isEmpty()) {
        location_ = store::DatabaseLocation::sqliteFile(config_.sqlitePath());
    } else {
        const auto parsed = store::DatabaseLocation::fromUrl(config_.databaseUrl);
        if (const auto* why = std::get_if<QString>(&parsed))
            throw BadDatabaseUrl("DATABASE_URL: " + why->toStdString());
        location_ = std::get<store::DatabaseLocation>(parsed);
    }
    db_ = store::Database::open(location_);
    // Heard while a store call fails: acted on once that call has unwound.
    db_->setTroubleListener([this](std::optional<store::StoreError::Kind> trouble) {
        QMetaObject::invokeMethod(
            this, [this, trouble] { storeTroubleSeen(trouble); }, Qt::QueuedConnection);
    });
    db_->setReconnectCheck([this](store::Database& db) {
        store::claimStore(db); // another node may have taken it while the connection was away
        store::checkStoreIdentity(db, params_);
    });
    storeRetry_.setSingleShot(true);
    connect(&storeRetry_, &QTimer::timeout, this, &Node::retryStore);
    store::claimStore(*db_);
    store::migrate(*db_);
    store::checkStoreIdentity(*db_, params_);
    store_ = std::make_unique<store::SqlChainStore>(*db_);
    if (const auto disagreement = storedTipDisagreement(*store_))
        throw store::StoreError("the store is corrupt: " + *disagreement,
                                store::StoreError::Kind::Corrupt);
    queries_ = std::make_unique<store::SqlChainQueries>(*db_);
    mempoolStore_ = std::make_unique<store::SqlMempoolStore>(*db_);
    static_assert(store::kMostPeerRows >= kMaxPeersCeiling &&
                  store::kMostPeerUrlLength >= kMaxPeerUrlLength);
    peerStore_ = std::make_unique<store::SqlPeerStore>(*db_);
    chain_ = std::make_unique<Blockchain>(
        *store_, params_, &signatureChecks_, [this] { return now(); }, config_.chainLimits);
    chain_->setActivationBudget(kReorgSlice);
    chain_->setListener(this);
    mining_ = std::make_unique<MiningController>(
        *this, static_cast<unsigned>(config_.miningThreads),
        config_.miningKernel && kernelSupported(*config_.miningKernel) ? *config_.miningKernel
                                                                       : fastestSupportedKernel());
    const ChainTip t = chain_->tip();
    qCInfo(lcNode).noquote() << "opened" << location_.describe() << "for network"
                             << QString::fromStdString(params_.name) << "- tip height" << t.height
                             << (t.hash ? hexOf(*t.hash) : QStringLiteral("(empty)"))
                             << "- mining kernel" << kernelLabel(mining_->kernel());
}

void Node::resumeBackgroundWork() {
    QTimer::singleShot(0, this, [this] {
        continueActivation();
        try {
            reloadMempool();
        } catch (const std::exception& e) { // on the event loop: nothing may escape
            qCCritical(lcMempool) << "could not offer the saved mempool again:" << e.what();
        }
    });
}

// A deep reorg goes on a slice at a time, so that requests and relays are served in between;
// after a store error it is tried again later, less and less often.
void Node::continueActivation() {
    try {
        chain_->continueActivation();
        activationRetryMs_ = 0;
        continueActivationLater();
    } catch (const std::exception& e) {
        activationRetryMs_ = std::clamp(activationRetryMs_ * 2, 1000, 60'000);
        qCCritical(lcChain) << "could not go on moving to the chain with the most work:" << e.what()
                            << "- trying again in" << activationRetryMs_ / 1000 << "s";
        continueActivationLater();
    }
}

void Node::continueActivationLater() {
    if (activationScheduled_ || !chain_->activationPending())
        return;
    activationScheduled_ = true;
    QTimer::singleShot(activationRetryMs_, this, [this] {
        activationScheduled_ = false;
        continueActivation();
    });
}

void Node::storeBatchRolledBack() noexcept {
    catchUpWithStore("a batch of blocks was rolled back");
}

// Not at once: the commit failed inside someone else's work, which must not find the chain
// changing under it. Until then the store refuses all use, as it is in (the kind of trouble
// the commit met), so that nothing is written on top of blocks it no longer has; the chain's
// caches, which still hold them, catch up then.
void Node::storeBatchLost(const store::StoreError& why) noexcept {
    qCCritical(lcChain) << "the blocks connected last could not be committed:" << why.what();
    db_->refuse(QStringLiteral("the store is catching up after the blocks connected last could "
                               "not be committed"),
                why.kind());
    QTimer::singleShot(0, this, [this] {
        db_->allow();
        storeBatchRolledBack();
    });
}

void Node::catchUpWithStore(const char* why) {
    chain_->storeRolledBack();
    // Mid-reorg the chain still holds the disconnected blocks' txs: the pool catches up when
    // the reorg ends (tipChanged), not against a tip on the way.
    if (chain_->activationPending()) {
        continueActivationLater();
        return;
    }
    reorg_ = {}; // what was tallied was rolled back with the batch
    try {
        const auto left = reconcileMempool();
        if (!left.empty())
            qCWarning(lcChain) << why << "-" << left.size() << "txs left the mempool";
        if (mining_)
            mining_->tipChanged();
        const ChainTip t = chain_->tip();
        emit chainTipChanged(t.height, t.hash ? hexOf(*t.hash) : QString());
    } catch (const std::exception& e) {
        qCCritical(lcChain) << why << "- the mempool could not be checked:" << e.what();
        reconcileMempoolLater();
    }
}

std::vector<Hash256> Node::reconcileMempool() {
    std::vector<Hash256> txids;
    for (const Transaction& tx : returning_)
        txids.push_back(computeTxid(tx));
    for (const MempoolEntry* e : mempool_.entries())
        txids.push_back(e->txid);
    const PrefetchedCoins coins(store_->unspentCoins(mempool_.inputsOf(returning_)));
    const PrefetchedTxids confirmed(store_->txidsInChain(txids));
    const auto left = mempool_.reorganize(returning_, coins, confirmed, now());
    returning_.clear();
    disconnectedSinceTipChange_ = false; // the pool has caught up with the chain
    mempoolStore_->replaceAll(mempool_.entries());
    return left;
}

QString Node::storeTroubleText() const {
    if (!storeTrouble_)
        return {};
    switch (*storeTrouble_) {
    case store::StoreError::Kind::Full:
        return QStringLiteral("the disk holding the database is full");
    case store::StoreError::Kind::Unwritable:
        return QStringLiteral("the database cannot be written");
    default:
        return QStringLiteral("the database cannot be reached");
    }
}

void Node::storeTroubleSeen(std::optional<store::StoreError::Kind> trouble) {
    if (trouble && !storeTrouble_) {
        storeTrouble_ = trouble;
        // Trouble soon after the last recovery: wait longer before the next try.
        const bool again =
            sinceStoreRecovered_.isValid() && sinceStoreRecovered_.elapsed() < 60'000;
        storeRetryMs_ = again ? std::min(storeRetryMs_ * 2, 30'000) : 1000;
        qCCritical(lcStore).noquote()
            << QStringLiteral("%1 (%2: %3) - requests that need it answer 503, mining and sync "
                              "wait, and the node retries every few seconds")
                   .arg(storeTroubleText(), db_->location().describe(),
                        db_->troubleDetail().simplified());
        if (mining_)
            mining_->setPaused(true);
        emit storeAvailabilityChanged(false);
        retryStoreLater();
    } else if (trouble) {
        storeTrouble_ = trouble;
    } else if (storeTrouble_) {
        storeTrouble_.reset();
        storeRetry_.stop();
        sinceStoreRecovered_.start();
        qCInfo(lcStore).noquote() << "the database works again; mining and sync go on";
        // A commit lost with the connection may or may not have happened.
        catchUpWithStore("the database is back");
        continueActivationLater();
        if (mining_)
            mining_->setPaused(false);
        emit storeAvailabilityChanged(true);
    }
}

void Node::retryStoreLater() {
    storeRetry_.start(storeRetryMs_);
}

// Reconnects if the connection was lost, then tries a write: a commit that goes through ends
// the trouble (the database tells storeTroubleSeen, which catches up with the store).
void Node::retryStore() {
    if (!storeTrouble_)
        return;
    try {
        if (db_->reconnect()) {
            store_->probeWrite(); // a commit that goes through ends the trouble
            return;
        }
    } catch (const std::exception& e) {
        qCDebug(lcStore) << "the store is still in trouble:" << e.what();
    }
    storeRetryMs_ = std::clamp(storeRetryMs_ * 2, 1000, 30'000);
    retryStoreLater();
}

void Node::reloadMempool() {
    std::size_t corrupt = 0;
    // (Twice the pool's bound: some saved txs are stale, and the pool evicts by fee rate.)
    const MempoolPolicy& policy = mempool_.policy();
    const auto saved = mempoolStore_->load(policy.maxTxSize, 2 * policy.maxBytes, &corrupt);
    std::vector<Hash256> stale;
    std::size_t kept = 0;
    for (const auto& s : saved) {
        const PrefetchedCoins coins(store_->unspentCoins(inputsOf(s.tx)));
        const auto r = mempool_.accept(s.tx, coins, StoreTxIndex(*store_), s.receivedAt);
        if (r)
            ++kept;
        else if (r.failure().code != RejectCode::TxAlreadyInMempool)
            stale.push_back(computeTxid(s.tx));
    }
    mempoolStore_->remove(stale);
    if (!saved.empty() || corrupt)
        qCInfo(lcMempool) << "restored" << kept << "of" << saved.size() << "saved transactions;"
                          << stale.size() << "no longer valid," << corrupt << "unreadable";
}

std::optional<Block> Node::block(const Hash256& hash) {
    const auto bytes = store_->blockBytes(hash);
    if (!bytes)
        return std::nullopt;
    return store::decodeStoredBlock(hash, *bytes);
}

std::optional<Block> Node::refusedBlock(const Hash256& hash) const {
    for (auto it = refused_.rbegin(); it != refused_.rend(); ++it)
        if (it->hash == hash)
            return it->block;
    return std::nullopt;
}

// The same block sent again moves to the end rather than pushing the others out. The bound is
// on encoded bytes; decoded blocks take a few times that in memory, still a few MB.
void Node::rememberRefused(const Hash256& hash, const Block& block) {
    const std::size_t size = encodedBlockSize(block);
    if (size > kRefusedBytes)
        return;
    std::erase_if(refused_, [&](const RefusedBlock& r) {
        if (r.hash != hash)
            return false;
        refusedBytes_ -= r.size;
        return true;
    });
    refused_.push_back({hash, block, size});
    refusedBytes_ += size;
    while (refused_.size() > kRefusedKept || refusedBytes_ > kRefusedBytes) {
        refusedBytes_ -= refused_.front().size;
        refused_.pop_front();
    }
}

SubmitOutcome Node::submitBlock(const Block& block, const QString& source,
                                SignatureChecks signatures, BodyOrigin origin) {
    // Whatever happens, a reorg left pending goes on later.
    const auto goOn = qScopeGuard([this] { continueActivationLater(); });
    const SubmitOutcome outcome = chain_->submitBlock(block, signatures, origin);
    const QString hash = hexOf(outcome.hash);
    switch (outcome.kind) {
    case SubmitOutcome::Kind::Connected:
    case SubmitOutcome::Kind::SideChain:
    case SubmitOutcome::Kind::Orphan:
        qCDebug(lcChain).noquote()
            << "block" << hash << "from" << source << "->" << static_cast<int>(outcome.kind);
        break;
    case SubmitOutcome::Kind::Duplicate:
        break;
    case SubmitOutcome::Kind::Invalid:
        rememberRefused(outcome.hash, block);
        if (std::uint64_t leftOut = 0; refusalLog_.allow(leftOut))
            qCInfo(lcChain).noquote()
                << "refused block" << hash << "from" << source << ":"
                << QString::fromStdString(outcome.failure->toString()) << leftOutNote(leftOut);
        break;
    }
    return outcome;
}

Result<AcceptedTx> Node::submitTransaction(const Transaction& tx, const QString& source) {
    const PrefetchedCoins coins(store_->unspentCoins(inputsOf(tx)));
    auto r = mempool_.accept(tx, coins, StoreTxIndex(*store_), now());
    if (!r) {
        qCDebug(lcMempool).noquote()
            << "refused tx from" << source << ":" << QString::fromStdString(r.failure().toString());
        return r;
    }
    try {
        mempoolStore_->add(*mempool_.find(r->txid));
        mempoolStore_->remove(r->evicted);
    } catch (const store::StoreError& e) {
        // Accepted all the same: the pool is in memory, and is saved whole once the store
        // works again (catchUpWithStore); the sender is not told 503 for a tx that is in.
        qCWarning(lcMempool) << "tx accepted, but the mempool could not be saved yet:" << e.what();
        if (!e.storeInTrouble())
            reconcileMempoolLater();
    }
    qCInfo(lcMempool).noquote() << "accepted tx" << hexOf(r->txid) << "fee" << r->fee << "from"
                                << source;
    emit transactionAccepted(hexOf(r->txid), r->fee);
    return r;
}

void Node::setSyncState(const SyncState& state) {
    syncState_ = state;
    emit syncStateChanged();
}

UInt256 Node::nextTarget() {
    const BlockContext ctx = chain_->tipContext();
    if (!ctx.parent)
        return params_.genesisTarget;
    return expectedTarget(params_, ctx.height(), ctx.parent->target, ctx.parent->recentTimestamps);
}

FeeEstimate Node::feeEstimate() const {
    return estimateFee(mempool_, static_cast<std::size_t>(config_.maxBlockTxs));
}

void Node::blockConnected(const Block& block, const BlockRecord& record,
                          const BlockUtxoChanges& changes) {
    const std::vector<Hash256> leftThePool = mempool_.removeForBlock(block, changes.txids);
    try {
        mempoolStore_->remove(leftThePool);
    } catch (const store::StoreError& e) {
        // The block is committed, and its txs have left the pool in memory: the saved pool
        // catches up once the store works (catchUpWithStore), as for a tx accepted meanwhile.
        // Thrown from here, the error told the sender a connected block had failed.
        qCWarning(lcMempool) << "block connected, but the saved mempool could not drop its txs yet:"
                             << e.what();
        if (!e.storeInTrouble())
            reconcileMempoolLater();
    }
    qCInfo(lcChain).noquote() << "connected block" << record.height << hexOf(record.hash)
                              << block.transactions.size() << "txs";
    if (reorg_.disconnected > 0) {
        ++reorg_.connected;
        reorg_.connectedHashes.push_back(record.hash); // the last kListed: those near the tip
        if (reorg_.connectedHashes.size() > LastReorg::kListed)
            reorg_.connectedHashes.erase(reorg_.connectedHashes.begin());
    }
    emit chainBlockConnected(hexOf(record.hash), record.height);
}

void Node::blockDisconnected(const Block& block, const BlockRecord& record) {
    disconnectedSinceTipChange_ = true;
    // Its txs go back to the mempool when the reorg ends: their signatures passed when the
    // block connected, so they need not be verified again (a deep reorg returns many).
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        rememberVerifiedSignatures(block.transactions[i], signatureCache_);
    qCInfo(lcChain).noquote() << "disconnected block" << record.height << hexOf(record.hash);
    if (reorg_.disconnected == 0)
        reorg_.tipBefore = record.hash; // disconnects start at the tip
    ++reorg_.disconnected;
    reorg_.forkHeight = std::int64_t(record.height) - 1; // disconnects go down
    if (reorg_.disconnectedHashes.size() < LastReorg::kListed)
        reorg_.disconnectedHashes.push_back(record.hash);
    emit chainBlockDisconnected(hexOf(record.hash), record.height);
}

void Node::tipChanged(const ChainTip& tip, const std::vector<Transaction>& returnedTxs) {
    if (reorg_.disconnected > 0) {
        // One line a reorg, which the app's Log marks.
        qCInfo(lcChain).noquote() << "reorg:" << reorg_.disconnected << "blocks disconnected and"
                                  << reorg_.connected << "connected above height"
                                  << reorg_.forkHeight << "- tip now" << tip.height
                                  << (tip.hash ? hexOf(*tip.hash) : QString()) << "-"
                                  << returnedTxs.size() << "txs back to the mempool";
        // The node may have tried a heavier branch, found it invalid and come back: then the
        // tip did not move and there was no reorg to show. Blocks disconnected and connected
        // again are neither.
        if (!tip.hash || *tip.hash != reorg_.tipBefore) {
            const std::set<Hash256> both = [&] {
                std::set<Hash256> out;
                const std::set<Hash256> left(reorg_.disconnectedHashes.begin(),
                                             reorg_.disconnectedHashes.end());
                for (const Hash256& h : reorg_.connectedHashes)
                    if (left.count(h))
                        out.insert(h);
                return out;
            }();
            const auto without = [&both](std::vector<Hash256> hashes) {
                std::erase_if(hashes, [&both](const Hash256& h) { return both.count(h) > 0; });
                return hashes;
            };
            LastReorg last{reorg_.forkHeight,
                           reorg_.disconnected,
                           reorg_.connected,
                           without(std::move(reorg_.disconnectedHashes)),
                           without(std::move(reorg_.connectedHashes)),
                           {},
                           returnedTxs.size(),
                           now()};
            for (std::size_t i = 0; i < returnedTxs.size() && i < LastReorg::kListed; ++i)
                last.returnedTxids.push_back(computeTxid(returnedTxs[i]));
            lastReorg_ = std::move(last);
        }
        reorg_ = {};
    }
    plan_.reset(); // the mempool's revision says when a plan is stale; this is for certain
    if (disconnectedSinceTipChange_ || !returnedTxs.empty()) {
        // A reorg: txs of disconnected blocks come back, and pool txs that spent outputs of
        // disconnected blocks (coinbases included) may have lost their inputs. If the store
        // fails meanwhile, they wait in returning_ for the next try (the chain has handed
        // them over and will not again).
        returning_.insert(returning_.end(), returnedTxs.begin(), returnedTxs.end());
        try {
            const auto left = reconcileMempool();
            qCInfo(lcMempool) << "reorg returned" << returnedTxs.size() << "txs;" << left.size()
                              << "left the pool, which now holds" << mempool_.size();
        } catch (const std::exception& e) {
            qCCritical(lcMempool) << "after a reorg, the mempool could not be brought up to date"
                                  << "or saved yet:" << e.what();
            reconcileMempoolLater();
        }
        // The losing side's txs are unconfirmed again: announced as newly accepted (peers on
        // the other side may never have seen them).
        for (const Transaction& tx : returnedTxs)
            if (const MempoolEntry* e = mempool_.find(computeTxid(tx)))
                emit transactionAccepted(hexOf(e->txid), e->fee);
    }
    emit chainTipChanged(tip.height, tip.hash ? hexOf(*tip.hash) : QString());
    // A pool that has not caught up could put spent coins into a candidate.
    if (mining_ && !disconnectedSinceTipChange_)
        mining_->tipChanged();
}

// Until the pool has caught up with a reorg and is saved, the node tries again, less and less
// often; a store in trouble does it when it is back (catchUpWithStore).
void Node::reconcileMempoolLater() {
    if (reconcileScheduled_)
        return;
    reconcileScheduled_ = true;
    reconcileRetryMs_ = std::clamp(reconcileRetryMs_ * 2, 1000, 30'000);
    QTimer::singleShot(reconcileRetryMs_, this, [this] {
        reconcileScheduled_ = false;
        if (storeTrouble_)
            return; // the store's recovery catches the pool up
        if (chain_->activationPending())
            return reconcileMempoolLater(); // after the reorg, against its final tip
        try {
            (void)reconcileMempool();
            reconcileRetryMs_ = 0;
            qCInfo(lcMempool) << "the mempool caught up with the chain and is saved";
            if (mining_)
                mining_->tipChanged();
        } catch (const std::exception& e) {
            qCWarning(lcMempool) << "the mempool still cannot catch up:" << e.what();
            reconcileMempoolLater();
        }
    });
}

} // namespace mbc::node
