#include "chain/disconnected_transactions.h"

#include "consensus/serialize/tx_serialize.h"

namespace mbc {
namespace {

// What an entry costs beyond its bytes: the list node, the map node and the vectors' headers.
constexpr std::size_t kEntryOverhead = 200;

} // namespace

void DisconnectedTransactions::addBlock(const Block& block) {
    // Blocks arrive tip first, so this block's transactions go before everything held.
    const auto first = chainOrder_.begin();
    for (std::size_t i = 1; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        const Hash256 txid = computeTxid(tx);
        if (byTxid_.count(txid))
            continue;
        const std::size_t bytes = encodedTxSize(tx) + kEntryOverhead;
        const auto it = chainOrder_.insert(first, Entry{txid, tx, bytes});
        byTxid_.emplace(txid, it);
        bytes_ += bytes;
    }
    while (bytes_ > maxBytes_ && !chainOrder_.empty()) {
        erase(std::prev(chainOrder_.end()));
        ++evicted_;
    }
}

void DisconnectedTransactions::removeConfirmed(std::span<const Hash256> txids) {
    for (const Hash256& txid : txids)
        if (auto found = byTxid_.find(txid); found != byTxid_.end())
            erase(found->second);
}

std::vector<Transaction> DisconnectedTransactions::takeAll() {
    std::vector<Transaction> out;
    out.reserve(chainOrder_.size());
    for (Entry& e : chainOrder_)
        out.push_back(std::move(e.tx));
    chainOrder_.clear();
    byTxid_.clear();
    bytes_ = 0;
    evicted_ = 0;
    return out;
}

void DisconnectedTransactions::erase(std::list<Entry>::iterator it) {
    bytes_ -= it->bytes;
    byTxid_.erase(it->txid);
    chainOrder_.erase(it);
}

} // namespace mbc
