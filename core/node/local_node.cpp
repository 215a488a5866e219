#include "node/local_node.h"

#include "consensus/pow/work.h"
#include "net/node_api.h"
#include "node/chain_view_builders.h"
#include "node/logging.h"
#include "node/node_services.h"

#include <QDateTime>

#include <algorithm>
#include <map>
#include <memory>

namespace mbc::node {
namespace {

NodeStatus::Store storeState(std::optional<store::StoreError::Kind> trouble) {
    if (!trouble)
        return NodeStatus::Store::Working;
    switch (*trouble) {
    case store::StoreError::Kind::Full:
        return NodeStatus::Store::Full;
    case store::StoreError::Kind::Unwritable:
        return NodeStatus::Store::Unwritable;
    default:
        return NodeStatus::Store::Unreachable;
    }
}

BlockSummary summaryOf(const BlockRecord& r) {
    return {r.hash, r.height, r.header.timestamp, r.txCount, r.size, r.chainWork};
}

// Transactions of the active chain looked up for one page: each block is read and decoded once
// however many of the page's transactions it holds.
class ConfirmedTxs {
public:
    explicit ConfirmedTxs(store::SqlChainQueries& queries)
        : queries_(queries) {}

    // nullopt if the active chain does not hold it, or if the tx index and the stored block
    // disagree (logged; a store in trouble throws as ever).
    std::optional<store::SqlChainQueries::ConfirmedTx> find(const Hash256& txid) {
        try {
            return queries_.confirmedTx(txid, &blocks_);
        } catch (const store::StoreError& e) {
            if (e.storeInTrouble())
                throw;
            qCWarning(lcNode) << "the explorer skips transaction" << txid.hex().c_str() << ":"
                              << e.what();
            return std::nullopt;
        }
    }

private:
    store::SqlChainQueries& queries_;
    store::SqlChainQueries::DecodedBlocks blocks_;
};

} // namespace

NodeInterface::Started startLocalNode(const NodeConfig& config) {
    auto outcome = NodeServices::start(config);
    if (auto* why = std::get_if<StartFailure>(&outcome))
        return std::move(*why);
    return std::make_unique<LocalNode>(std::move(std::get<std::unique_ptr<NodeServices>>(outcome)));
}

LocalNode::LocalNode(std::unique_ptr<NodeServices> services)
    : services_(std::move(services)) {
    Node& n = services_->node();
    soon_.setSingleShot(true);
    soon_.setInterval(100);
    connect(&soon_, &QTimer::timeout, this, &LocalNode::publishStatus);
    const auto changed = [this] {
        if (!soon_.isActive())
            soon_.start();
    };
    connect(&n, &Node::chainTipChanged, this, changed);
    connect(&n, &Node::chainBlockDisconnected, this, [this] { ++disconnected_; });
    connect(&n, &Node::syncStateChanged, this, changed);
    connect(&n.mining(), &MiningController::stateChanged, this, changed);
    connect(&n, &Node::transactionAccepted, this, changed);
    connect(&n, &Node::storeAvailabilityChanged, this, changed);
    connect(&every_, &QTimer::timeout, this, &LocalNode::publishStatus);
    every_.start(1000);
}

LocalNode::~LocalNode() {
    services_.reset(); // first: stopping it signals changes, which the timers still take
}

QString LocalNode::restUrl() const {
    return services_->url();
}

void LocalNode::publishStatus() {
    emit statusChanged(status());
}

std::vector<RestRoute> LocalNode::restRoutes() const {
    std::vector<RestRoute> out;
    for (const net::ApiRoute& r : net::nodeApiRoutes())
        out.push_back({QString::fromLatin1(r.method), QString::fromLatin1(r.path),
                       r.access == net::Access::Admin});
    out.push_back({QStringLiteral("GET"), QStringLiteral("/events"), false});
    return out;
}

NodeStatus LocalNode::status() {
    NodeStatus s = last_;
    s.store = storeState(services_->node().storeTrouble());
    try {
        readStatus(s);
    } catch (const std::exception& e) { // the last figures stay; the node says why soon
        qCDebug(lcNode) << "the status could not be read:" << e.what();
    }
    last_ = s;
    return s;
}

void LocalNode::readStatus(NodeStatus& s) {
    Node& n = services_->node();
    s.network = QString::fromStdString(n.params().name);
    s.restUrl = services_->url();
    s.mempoolTxs = int(n.mempool().size());
    const MiningController& m = n.mining();
    s.mining = m.active() && !m.paused();
    s.continuous = m.continuous();
    s.miningThreads = s.mining ? m.threads() : 0;
    s.defaultMiningThreads = m.defaultThreads();
    s.hashRate = m.hashRate();
    s.blocksFound = m.blocksFound();
    const ChainTip tip = n.tip();
    s.height = tip.height;
    s.tipHash = tip.hash ? QString::fromStdString(tip.hash->hex()) : QString();
    s.blocksDisconnected = disconnected_;
    const Node::SyncState& sync = n.syncState();
    s.syncing = sync.syncing;
    s.syncPeer = sync.peer;
    s.bestPeerHeight = sync.bestPeerHeight;
    s.peers = int(n.peers().all().size());
    n.probeStore(); // a database gone shows in the status bar even when nothing else asks
    const UInt256 target = n.nextTarget();
    s.nextTarget = QString::fromStdString(target.toHexQuantity());
    s.hashesPerBlock = blockWork(target).toDouble();
}

std::vector<PeerView> LocalNode::peers() {
    const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<PeerView> out;
    for (const store::PeerRow& p : services_->node().peers().all()) {
        const net::PeerHealth::State h = services_->network().health(p.url);
        PeerView v{p.url,
                   p.lastSeen > 0 ? PeerView::Health::Active : PeerView::Health::NotReachedYet, 0,
                   p.failures, p.lastSeen};
        if (h.bannedUntilMs > nowMs)
            v.health = PeerView::Health::Banned, v.untilMs = h.bannedUntilMs;
        else if (h.retryAtMs > nowMs)
            v.health = PeerView::Health::RetryLater, v.untilMs = h.retryAtMs;
        else if (h.failuresInRow > 0)
            v.health = PeerView::Health::Retrying;
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<MempoolView> LocalNode::mempool() {
    std::vector<MempoolView> out;
    for (const MempoolEntry* e : services_->node().mempool().entries())
        out.push_back({e->txid, e->fee, e->size, e->receivedAt});
    return out;
}

std::vector<BlockSummary> LocalNode::blocks(std::uint32_t fromHeight, std::uint32_t count) {
    std::vector<BlockSummary> out;
    for (const BlockRecord& r : services_->node().queries().activeRecords(fromHeight, count))
        out.push_back(summaryOf(r));
    return out;
}

std::optional<Hash256> LocalNode::activeHashAt(std::uint32_t height) {
    return services_->node().activeHashAt(height);
}

std::optional<BlockView> LocalNode::block(const Hash256& hash) {
    Node& n = services_->node();
    auto decoded = n.queries().decodedBlock(hash);
    if (!decoded)
        return std::nullopt;
    BlockView v;
    v.summary = summaryOf(decoded->record);
    v.header = decoded->record.header;
    const auto active = n.activeHashAt(decoded->record.height);
    v.onActiveChain = active && *active == hash;
    v.tipHeight = n.tip().height;
    v.txids = std::move(decoded->txids);
    for (const Transaction& tx : decoded->block.transactions) {
        Amount out = 0;
        for (const TxOut& o : tx.outputs)
            out += o.amount;
        v.outputTotals.push_back(out);
    }
    return v;
}

ValidationReport LocalNode::checkBlock(const Block& block) {
    return services_->node().checkBlock(block);
}

ValidationReport LocalNode::checkTransaction(const Transaction& tx) {
    return services_->node().checkTransaction(tx);
}

std::optional<Block> LocalNode::blockBody(const Hash256& hash) {
    return services_->node().block(hash);
}

std::optional<Block> LocalNode::refusedBlock(const Hash256& hash) {
    return services_->node().refusedBlock(hash);
}

std::optional<TxView> LocalNode::transaction(const Hash256& txid) {
    Node& n = services_->node();
    ConfirmedTxs confirmed(n.queries());
    TxView v;
    v.txid = txid;
    v.tipHeight = n.tip().height;
    if (const auto found = confirmed.find(txid)) {
        const BlockRecord& r = found->block->record;
        v.tx = found->tx();
        v.block = TxView::Place{r.hash, r.height, r.header.merkleRoot, found->position,
                                found->block->txids};
    } else if (const MempoolEntry* e = n.mempool().find(txid)) {
        v.tx = e->tx;
    } else {
        return std::nullopt;
    }
    if (v.tx.isCoinbase())
        return v;
    for (const TxIn& in : v.tx.inputs) {
        if (v.spentOutputs.size() == TxView::kLookedUpInputs)
            break;
        const Transaction* prev = nullptr;
        const auto found = confirmed.find(in.prevout.txid);
        if (found)
            prev = &found->tx();
        else if (const MempoolEntry* e = n.mempool().find(in.prevout.txid))
            prev = &e->tx;
        if (prev && in.prevout.index < prev->outputs.size())
            v.spentOutputs.push_back(prev->outputs[in.prevout.index]);
        else
            v.spentOutputs.push_back(std::nullopt);
    }
    return v;
}

AddressView LocalNode::address(const PubKeyHash& address) {
    Node& n = services_->node();
    store::SqlChainQueries& queries = n.queries();
    const auto summary = queries.addressSummary(address);
    AddressView v{address,
                  summary.balance,
                  summary.utxoCount,
                  summary.received,
                  summary.sent,
                  summary.txCount,
                  {},
                  {}};
    for (const auto& u : queries.unspentOf(address))
        v.unspent.push_back(n.ownedCoin(u, address));
    for (const auto& h : queries.history(address, 0, AddressView::kHistoryItems))
        v.history.push_back({h.txid, h.height, address, h.received, h.spent});
    return v;
}

wallet::WalletView LocalNode::wallet(const std::vector<PubKeyHash>& addresses, WalletQuery query) {
    constexpr std::uint64_t kHistoryPerAddress = 200;
    Node& n = services_->node();
    store::SqlChainQueries& queries = n.queries();
    wallet::WalletChainData data;
    data.tipHeight = n.tip().height;
    for (const PubKeyHash& a : addresses) {
        for (const auto& u : queries.unspentOf(a)) // one query per address
            data.unspent.push_back(n.ownedCoin(u, a));
        if (query == WalletQuery::WithHistory)
            for (const auto& h : queries.history(a, 0, kHistoryPerAddress))
                data.confirmed.push_back({h.txid, h.height, a, h.received, h.spent});
    }
    for (const MempoolEntry* e : n.mempool().entries()) {
        data.mempool.push_back(&e->tx);
        data.mempoolTxids.push_back(e->txid);
    }
    return wallet::accountFor(addresses, data);
}

FeeQuote LocalNode::feeQuote() {
    const FeeEstimate e = services_->node().feeEstimate();
    return {e.typicalTxFee, e.basis, e.feePerByte};
}

NextBlockView LocalNode::nextBlock() {
    return nextBlockView(services_->node());
}

DifficultyView LocalNode::difficulty() {
    return difficultyView(services_->node());
}

ForkTreeView LocalNode::forkTree() {
    return forkTreeView(services_->node());
}

Result<Hash256> LocalNode::submitTransaction(const Transaction& tx) {
    auto accepted = services_->node().submitTransaction(tx, QStringLiteral("wallet")); // relayed
    if (!accepted)
        return accepted.failure();
    return accepted->txid;
}

void LocalNode::submitBlock(const Block& block) {
    services_->node().submitBlock(block, QStringLiteral("app"));
}

void LocalNode::mineOne(const PubKeyHash& to, MineDone done) {
    services_->node().mining().mineOne(to, std::move(done));
}

void LocalNode::startMining(const PubKeyHash& to, unsigned threads) {
    services_->node().mining().startContinuous(to, threads);
    publishStatus();
}

void LocalNode::stopMining() {
    services_->node().mining().stop();
    publishStatus();
}

std::optional<PeerRefusal> LocalNode::addPeer(const QString& url) {
    return services_->network().addPeer(url);
}

bool LocalNode::removePeer(const QString& url) {
    return services_->network().removePeer(url);
}

void LocalNode::syncWith(const QString& url, std::function<void(const SyncResult&)> done) {
    services_->network().syncWith(url, std::move(done));
}

} // namespace mbc::node
