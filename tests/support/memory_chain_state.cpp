#include "support/memory_chain_state.h"

namespace mbc::test {

std::optional<Coin> MemoryChainState::coin(const OutPoint& op) const {
    auto it = utxos_.find(op);
    if (it == utxos_.end())
        return std::nullopt;
    return it->second;
}

std::optional<Hash256> MemoryChainState::spenderOf(const OutPoint& op) const {
    auto it = mempoolSpends_.find(op);
    if (it == mempoolSpends_.end())
        return std::nullopt;
    return it->second;
}

void MemoryChainState::apply(const BlockUtxoChanges& changes) {
    for (const auto& [op, coin] : changes.spent)
        utxos_.erase(op);
    for (const auto& [op, coin] : changes.created)
        utxos_[op] = coin;
    txids_.insert(changes.txids.begin(), changes.txids.end());
}

std::map<PubKeyHash, Amount> MemoryChainState::balances() const {
    std::map<PubKeyHash, Amount> out;
    for (const auto& [op, coin] : utxos_)
        out[coin.output.pubkeyHash] += coin.output.amount;
    return out;
}

} // namespace mbc::test
