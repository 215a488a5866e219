#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "node/chain_views.h"
#include "node/mining_outcome.h"
#include "node/node_config.h"
#include "node/node_status.h"
#include "node/node_views.h"
#include "node/peer_refusal.h"
#include "node/start_failure.h"
#include "node/sync_result.h"
#include "node/validation_report.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace mbc::node {

// The one door from the app into a running node (in the spirit of Bitcoin Core's
// interfaces::Node): what the GUI may ask and do, in plain values. It lives on the node's
// thread and every call is made there (NodeThread runs them); answers are copies, so the GUI
// never holds the node's chain, store or mempool. Changes arrive as statusChanged().
class NodeInterface : public QObject {
    Q_OBJECT
public:
    // A node started with a configuration, or why it did not start (the app passes
    // startLocalNode, node/local_node.h, to ui::NodeThread).
    using Started = std::variant<std::unique_ptr<NodeInterface>, StartFailure>;
    using Starter = std::function<Started(const NodeConfig& config)>;

    ~NodeInterface() override = default;

    // Where the node's REST API answers, e.g. http://127.0.0.1:8000, and its routes.
    virtual QString restUrl() const = 0;
    virtual std::vector<RestRoute> restRoutes() const = 0;
    // Tip, sync, mining, mempool, peers and store state now.
    virtual NodeStatus status() = 0;

    virtual std::vector<PeerView> peers() = 0;
    virtual std::vector<MempoolView> mempool() = 0;
    // Active-chain blocks from `fromHeight`, at most `count`, lowest first.
    virtual std::vector<BlockSummary> blocks(std::uint32_t fromHeight, std::uint32_t count) = 0;
    virtual std::optional<Hash256> activeHashAt(std::uint32_t height) = 0;
    // Any stored block, active or not.
    virtual std::optional<BlockView> block(const Hash256& hash) = 0;
    // A transaction of the active chain or the mempool.
    virtual std::optional<TxView> transaction(const Hash256& txid) = 0;
    virtual AddressView address(const PubKeyHash& address) = 0;
    // Balances and coins of a wallet's addresses, and with WithHistory its transactions too
    // (the history costs a query per address: balances alone are asked for far more often).
    enum class WalletQuery { Coins, WithHistory };
    virtual wallet::WalletView wallet(const std::vector<PubKeyHash>& addresses,
                                      WalletQuery query) = 0;
    virtual FeeQuote feeQuote() = 0;
    // How the chain works: the block the node would mine now (and why other txs wait), and
    // the difficulty over the chain with the next retarget.
    virtual NextBlockView nextBlock() = 0;
    virtual DifficultyView difficulty() = 0;
    // The block index near the tip: branches, orphans, the last reorg.
    virtual ForkTreeView forkTree() = 0;

    // The validation X-ray: dry runs, rule by rule, that store and relay nothing (see
    // Node::checkBlock and Node::checkTransaction).
    virtual ValidationReport checkBlock(const Block& block) = 0;
    virtual ValidationReport checkTransaction(const Transaction& tx) = 0;
    // A stored block whole (any branch), for the X-ray to show and to change a field of.
    virtual std::optional<Block> blockBody(const Hash256& hash) = 0;
    // One of the last blocks the node refused as invalid, as it was sent (the Log's refusals
    // open in the X-ray; a refused body may share its hash with a stored one).
    virtual std::optional<Block> refusedBlock(const Hash256& hash) = 0;

    // Into the mempool (and relayed): the txid, or why not.
    virtual Result<Hash256> submitTransaction(const Transaction& tx) = 0;
    // A block from elsewhere (a file, a test), as if a peer had sent it.
    virtual void submitBlock(const Block& block) = 0;

    // One block paying `to`; `done` hears how it ended (on the node's thread).
    using MineDone = std::function<void(const std::variant<MinedBlock, MiningStop>&)>;
    virtual void mineOne(const PubKeyHash& to, MineDone done) = 0;
    virtual void startMining(const PubKeyHash& to, unsigned threads) = 0;
    virtual void stopMining() = 0;

    // `url` normalized (normalizePeerUrl); nullopt once added.
    virtual std::optional<PeerRefusal> addPeer(const QString& url) = 0;
    virtual bool removePeer(const QString& url) = 0;
    // `done` hears the result on the node's thread.
    virtual void syncWith(const QString& url, std::function<void(const SyncResult&)> done) = 0;

signals:
    // After a change (at most ten a second) and every second.
    void statusChanged(const mbc::node::NodeStatus& status);

protected:
    NodeInterface() = default;
};

} // namespace mbc::node
