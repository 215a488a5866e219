#include "chain/mempool.h"

#include "consensus/rules/tx_validation.h"
#include "consensus/serialize/tx_serialize.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

namespace mbc {
namespace {

__extension__ typedef __int128 i128; // fee x size products exceed 64 bits

// The pool's view of coins: the chain's, plus the outputs of unconfirmed transactions.
class PoolCoins final : public UtxoView {
public:
    PoolCoins(const UtxoView& chain, const Mempool& pool)
        : chain_(chain)
        , pool_(pool) {}
    std::optional<Coin> coin(const OutPoint& op) const override {
        if (const MempoolEntry* parent = pool_.find(op.txid)) {
            if (op.index >= parent->tx.outputs.size())
                return std::nullopt;
            return Coin{parent->tx.outputs[op.index], 0, false};
        }
        return chain_.coin(op);
    }

private:
    const UtxoView& chain_;
    const Mempool& pool_;
};

// The pool's spends, but for those of one tx (a dry run of a tx already in the pool).
class SpendsOfOthers final : public MempoolSpends {
public:
    SpendsOfOthers(const MempoolSpends& all, const Hash256& self)
        : all_(all)
        , self_(self) {}
    std::optional<Hash256> spenderOf(const OutPoint& op) const override {
        auto spender = all_.spenderOf(op);
        if (spender && *spender == self_)
            return std::nullopt;
        return spender;
    }

private:
    const MempoolSpends& all_;
    const Hash256& self_;
};

std::string rateText(Amount fee, std::size_t size) {
    return std::to_string(fee) + " units for " + std::to_string(size) + " bytes";
}

} // namespace

bool lowerFeeRate(Amount fee1, std::size_t size1, Amount fee2, std::size_t size2) {
    return static_cast<i128>(fee1) * static_cast<i128>(size2) <
           static_cast<i128>(fee2) * static_cast<i128>(size1);
}

bool ranksBelow(const MempoolEntry* a, const MempoolEntry* b) {
    if (lowerFeeRate(a->fee, a->size, b->fee, b->size))
        return true;
    if (lowerFeeRate(b->fee, b->size, a->fee, a->size))
        return false;
    return a->sequence > b->sequence; // equal rates: the newest goes first
}

Mempool::Mempool(MempoolPolicy policy, SignatureCache* signatures)
    : policy_(policy)
    , signatures_(signatures)
    , nextSequence_(
          static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count())) {}

const MempoolEntry* Mempool::find(const Hash256& txid) const {
    auto it = entries_.find(txid);
    return it == entries_.end() ? nullptr : &it->second;
}

std::optional<Hash256> Mempool::spenderOf(const OutPoint& op) const {
    auto it = spends_.find(op);
    if (it == spends_.end())
        return std::nullopt;
    return it->second;
}

std::vector<const MempoolEntry*> Mempool::entries() const {
    std::vector<const MempoolEntry*> out;
    out.reserve(byArrival_.size());
    for (const auto& [sequence, e] : byArrival_)
        out.push_back(e);
    return out;
}

std::vector<Amount> Mempool::feeRatesDescending() const {
    std::vector<Amount> rates;
    rates.reserve(entries_.size());
    for (auto it = byFeeRate_.rbegin(); it != byFeeRate_.rend(); ++it)
        rates.push_back((*it)->fee / static_cast<Amount>((*it)->size));
    return rates;
}

void Mempool::insert(MempoolEntry entry) {
    ++revision_;
    entry.sequence = nextSequence_++;
    const Hash256 txid = entry.txid;
    auto [it, inserted] = entries_.emplace(txid, std::move(entry));
    if (!inserted)
        return;
    for (const TxIn& in : it->second.tx.inputs)
        spends_[in.prevout] = txid;
    byFeeRate_.insert(&it->second);
    byArrival_.emplace(it->second.sequence, &it->second);
    bytes_ += it->second.size;
}

void Mempool::removeOne(const Hash256& txid) {
    auto it = entries_.find(txid);
    if (it == entries_.end())
        return;
    ++revision_;
    byFeeRate_.erase(&it->second);
    byArrival_.erase(it->second.sequence);
    for (const TxIn& in : it->second.tx.inputs) {
        auto s = spends_.find(in.prevout);
        if (s != spends_.end() && s->second == txid)
            spends_.erase(s);
    }
    bytes_ -= it->second.size;
    entries_.erase(it);
}

std::set<Hash256> Mempool::withDescendants(const Hash256& txid) const {
    std::set<Hash256> found{txid};
    std::vector<Hash256> todo{txid};
    while (!todo.empty()) {
        const Hash256 cur = todo.back();
        todo.pop_back();
        const MempoolEntry* e = find(cur);
        if (!e)
            continue;
        for (std::uint32_t i = 0; i < e->tx.outputs.size(); ++i)
            if (auto child = spenderOf({cur, i}); child && found.insert(*child).second)
                todo.push_back(*child);
    }
    return found;
}

std::set<Hash256> Mempool::ancestorsOf(const Transaction& tx) const {
    std::set<Hash256> found;
    std::vector<const Transaction*> todo{&tx};
    while (!todo.empty()) {
        const Transaction* cur = todo.back();
        todo.pop_back();
        for (const TxIn& in : cur->inputs)
            if (const MempoolEntry* parent = find(in.prevout.txid);
                parent && found.insert(parent->txid).second)
                todo.push_back(&parent->tx);
    }
    return found;
}

Result<std::vector<Hash256>> Mempool::makeRoom(std::size_t size, Amount fee,
                                               const std::set<Hash256>& keep) {
    // Decide first, then evict, so a refusal changes nothing.
    std::set<Hash256> evict;
    std::size_t freed = 0;
    for (auto it = byFeeRate_.begin();
         bytes_ + size > policy_.maxBytes + freed && it != byFeeRate_.end(); ++it) {
        const MempoolEntry* lowest = *it;
        if (keep.count(lowest->txid) || evict.count(lowest->txid))
            continue;
        if (!lowerFeeRate(lowest->fee, lowest->size, fee, size))
            return fail(RejectCode::MempoolFull, "the mempool is full and its lowest fee rate (" +
                                                     rateText(lowest->fee, lowest->size) +
                                                     ") is not below this one (" +
                                                     rateText(fee, size) + ")");
        for (const Hash256& h : withDescendants(lowest->txid))
            if (evict.insert(h).second)
                freed += find(h)->size;
    }
    if (bytes_ + size > policy_.maxBytes + freed)
        return fail(RejectCode::MempoolFull, "the mempool is full of this transaction's ancestors");
    for (const Hash256& h : evict)
        removeOne(h);
    return std::vector<Hash256>(evict.begin(), evict.end());
}

Result<AcceptedTx> Mempool::accept(const Transaction& tx, const UtxoView& chainCoins,
                                   const ChainTxIndex& confirmed, std::int64_t now) {
    const Hash256 txid = computeTxid(tx);
    if (find(txid))
        return fail(RejectCode::TxAlreadyInMempool,
                    "transaction " + txid.hex() + " is already in the mempool");
    if (confirmed.containsTx(txid))
        return fail(RejectCode::TxAlreadyKnown,
                    "transaction " + txid.hex() + " is already confirmed in the chain");
    const std::size_t size = encodedTxSize(tx);
    if (size > policy_.maxTxSize)
        return fail(RejectCode::TxTooLarge, "transaction of " + std::to_string(size) +
                                                " bytes is larger than the mempool accepts (" +
                                                std::to_string(policy_.maxTxSize) + ")");
    const PoolCoins coins(chainCoins, *this);
    auto fee = validateTransaction(tx, coins, *this, signatures_);
    if (!fee)
        return fee.failure();
    if (static_cast<i128>(*fee) < static_cast<i128>(size) * policy_.minFeePerByte)
        return fail(RejectCode::TxFeeTooLow,
                    "fee " + std::to_string(*fee) + " is below the minimum of " +
                        std::to_string(policy_.minFeePerByte) + " per byte (" +
                        std::to_string(static_cast<Amount>(size) * policy_.minFeePerByte) +
                        " for " + std::to_string(size) + " bytes)");
    auto evicted = makeRoom(size, *fee, ancestorsOf(tx));
    if (!evicted)
        return evicted.failure();
    insert(MempoolEntry{tx, txid, *fee, size, now, 0});
    return AcceptedTx{txid, *fee, std::move(evicted).value()};
}

Result<Amount> Mempool::check(const Transaction& tx, const UtxoView& chainCoins,
                              RuleTrace& trace) const {
    const Hash256 txid = computeTxid(tx);
    const PoolCoins coins(chainCoins, *this);
    return validateTransaction(tx, coins, SpendsOfOthers(*this, txid), nullptr, &trace);
}

std::vector<Hash256> Mempool::removeForBlock(const Block& block, std::span<const Hash256> txids) {
    if (txids.size() != block.transactions.size())
        throw std::logic_error("removeForBlock: the txids are not the block's");
    std::vector<Hash256> removed;
    if (entries_.empty())
        return removed;
    for (std::size_t i = 1; i < block.transactions.size(); ++i) {
        const Hash256& txid = txids[i];
        if (find(txid)) {
            removeOne(txid); // its children stay: their inputs are confirmed now
            removed.push_back(txid);
        }
    }
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        for (const TxIn& in : block.transactions[i].inputs)
            if (auto rival = spenderOf(in.prevout))
                for (const Hash256& h : withDescendants(*rival)) {
                    removeOne(h);
                    removed.push_back(h);
                }
    return removed;
}

std::vector<OutPoint> Mempool::inputsOf(const std::vector<Transaction>& returned) const {
    std::vector<OutPoint> out;
    for (const Transaction& tx : returned)
        appendPrevouts(tx, out);
    for (const auto& [txid, e] : entries_)
        appendPrevouts(e.tx, out);
    return out;
}

std::vector<Hash256> Mempool::reorganize(const std::vector<Transaction>& returned,
                                         const UtxoView& chainCoins, const ChainTxIndex& confirmed,
                                         std::int64_t now) {
    std::vector<MempoolEntry> earlier;
    for (const MempoolEntry* e : entries())
        earlier.push_back(*e);
    entries_.clear();
    spends_.clear();
    byFeeRate_.clear();
    byArrival_.clear();
    bytes_ = 0;
    ++revision_; // every entry is gone, even if none comes back

    for (const Transaction& tx : returned)
        (void)accept(tx, chainCoins, confirmed, now); // what no longer fits the chain is dropped

    std::vector<Hash256> left;
    const PoolCoins coins(chainCoins, *this);
    for (MempoolEntry& e : earlier) {
        bool ok = !find(e.txid) && !confirmed.containsTx(e.txid);
        for (const TxIn& in : e.tx.inputs)
            ok = ok && !spenderOf(in.prevout) && coins.coin(in.prevout).has_value();
        if (ok)
            insert(std::move(e));
        else if (!find(e.txid))
            left.push_back(e.txid);
    }
    // The returned txs may have pushed the pool past its bound.
    while (bytes_ > policy_.maxBytes && !byFeeRate_.empty())
        for (const Hash256& h : withDescendants((*byFeeRate_.begin())->txid)) {
            removeOne(h);
            left.push_back(h);
        }
    return left;
}

} // namespace mbc
