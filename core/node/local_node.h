#pragma once

#include "node/node_interface.h"

#include <QTimer>

#include <memory>

namespace mbc::node {

class NodeServices;

// Opens the store, listens and joins the network (NodeServices), or says why not: the app's
// NodeInterface::Starter.
NodeInterface::Started startLocalNode(const NodeConfig& config);

// NodeInterface over a node running in this process (NodeServices): the app's node. Lives on
// the node's thread; status is published after each change (at most ten times a second:
// regtest mines hundreds of blocks a second, and the GUI needs what a person can see) and
// every second.
class LocalNode : public NodeInterface {
    Q_OBJECT
public:
    explicit LocalNode(std::unique_ptr<NodeServices> services);
    ~LocalNode() override; // stops mining first

    QString restUrl() const override;
    std::vector<RestRoute> restRoutes() const override;
    NodeStatus status() override;
    std::vector<PeerView> peers() override;
    std::vector<MempoolView> mempool() override;
    std::vector<BlockSummary> blocks(std::uint32_t fromHeight, std::uint32_t count) override;
    std::optional<Hash256> activeHashAt(std::uint32_t height) override;
    std::optional<BlockView> block(const Hash256& hash) override;
    std::optional<TxView> transaction(const Hash256& txid) override;
    AddressView address(const PubKeyHash& address) override;
    wallet::WalletView wallet(const std::vector<PubKeyHash>& addresses, WalletQuery query) override;
    FeeQuote feeQuote() override;
    NextBlockView nextBlock() override;
    DifficultyView difficulty() override;
    ForkTreeView forkTree() override;
    ValidationReport checkBlock(const Block& block) override;
    ValidationReport checkTransaction(const Transaction& tx) override;
    std::optional<Block> blockBody(const Hash256& hash) override;
    std::optional<Block> refusedBlock(const Hash256& hash) override;
    Result<Hash256> submitTransaction(const Transaction& tx) override;
    void submitBlock(const Block& block) override;
    void mineOne(const PubKeyHash& to, MineDone done) override;
    void startMining(const PubKeyHash& to, unsigned threads) override;
    void stopMining() override;
    std::optional<PeerRefusal> addPeer(const QString& url) override;
    bool removePeer(const QString& url) override;
    void syncWith(const QString& url, std::function<void(const SyncResult&)> done) override;

private:
    void publishStatus();
    void readStatus(NodeStatus& s);

    std::unique_ptr<NodeServices> services_;
    NodeStatus last_; // what the store let the node read last
    quint64 disconnected_ = 0;
    QTimer soon_;  // after a change
    QTimer every_; // every second
};

} // namespace mbc::node
