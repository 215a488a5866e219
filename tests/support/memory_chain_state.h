#pragma once

#include "consensus/rules/block_validation.h"
#include "consensus/rules/state_views.h"

#include <map>
#include <set>

namespace mbc::test {

// The state validation reads, held in memory: the UTXO set, the chain's txids, and which
// mempool transaction spends what. Enough to run the consensus rules without a node.
class MemoryChainState : public UtxoView, public ChainTxIndex, public MempoolSpends {
public:
    std::optional<Coin> coin(const OutPoint& op) const override;
    bool containsTx(const Hash256& txid) const override { return txids_.count(txid) != 0; }
    std::optional<Hash256> spenderOf(const OutPoint& op) const override;

    void apply(const BlockUtxoChanges& changes);
    void addCoin(const OutPoint& op, const Coin& coin) { utxos_[op] = coin; }
    void removeCoin(const OutPoint& op) { utxos_.erase(op); }
    void markMempoolSpend(const OutPoint& op, const Hash256& spender) {
        mempoolSpends_[op] = spender;
    }

    std::size_t utxoCount() const { return utxos_.size(); }
    // Sum of unspent amounts per pubkey hash.
    std::map<PubKeyHash, Amount> balances() const;
    const std::map<OutPoint, Coin>& utxos() const { return utxos_; }

private:
    std::map<OutPoint, Coin> utxos_;
    std::set<Hash256> txids_;
    std::map<OutPoint, Hash256> mempoolSpends_;
};

} // namespace mbc::test
