#pragma once

#include "consensus/primitives/block.h"

#include <cstddef>
#include <list>
#include <map>
#include <span>
#include <vector>

namespace mbc {

// The transactions of blocks a reorg disconnects, held until the other branch is connected and
// then offered back to the mempool (Bitcoin Core's DisconnectedBlockTransactions). Bounded in
// bytes: past the bound, the transactions of the highest blocks (disconnected first) go first,
// last in block order first, so what stays is a prefix of the chain's order and never lacks a
// parent it could have had.
class DisconnectedTransactions {
public:
    explicit DisconnectedTransactions(std::size_t maxBytes)
        : maxBytes_(maxBytes) {}

    // The non-coinbase transactions of the block just disconnected (blocks come tip first).
    void addBlock(const Block& block);
    // Drops those the new branch confirms again.
    void removeConfirmed(std::span<const Hash256> txids);
    // Everything held, oldest block first and in block order; empties the pool.
    std::vector<Transaction> takeAll();

    std::size_t size() const { return byTxid_.size(); }
    std::size_t bytes() const { return bytes_; }
    // Transactions dropped to stay within the bound since the last takeAll().
    std::size_t evicted() const { return evicted_; }

private:
    struct Entry {
        Hash256 txid;
        Transaction tx;
        std::size_t bytes;
    };
    void erase(std::list<Entry>::iterator it);

    std::size_t maxBytes_;
    std::size_t bytes_ = 0;
    std::size_t evicted_ = 0;
    std::list<Entry> chainOrder_; // lowest block first
    std::map<Hash256, std::list<Entry>::iterator> byTxid_;
};

} // namespace mbc
