#pragma once

#include "consensus/rules/state_views.h"

#include <map>
#include <set>

namespace mbc {

// A UTXO view over coins fetched in bulk before validating a block (one query instead of one
// per input).
class PrefetchedCoins final : public UtxoView {
public:
    explicit PrefetchedCoins(std::map<OutPoint, Coin> coins)
        : coins_(std::move(coins)) {}
    std::optional<Coin> coin(const OutPoint& op) const override {
        auto it = coins_.find(op);
        if (it == coins_.end())
            return std::nullopt;
        return it->second;
    }

private:
    std::map<OutPoint, Coin> coins_;
};

// The chain's txids, as far as one block's txids are concerned.
class PrefetchedTxids final : public ChainTxIndex {
public:
    explicit PrefetchedTxids(std::set<Hash256> present)
        : present_(std::move(present)) {}
    bool containsTx(const Hash256& txid) const override { return present_.count(txid) != 0; }

private:
    std::set<Hash256> present_;
};

} // namespace mbc
