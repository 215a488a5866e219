#include "store/held_outputs.h"

namespace mbc::store {

bool HeldOutputs::holdsTxid(const Hash256& txid) const {
    const auto it = held_.outputs.lower_bound(OutPoint{txid, 0});
    return it != held_.outputs.end() && it->first.txid == txid;
}

bool HeldOutputs::add(const OutPoint& outpoint, const Coin& coin) {
    if (!held_.outputs.try_emplace(outpoint, Output{coin, std::nullopt, 0}).second)
        return false;
    addedByOpenBlock_.push_back(outpoint);
    return true;
}

HeldOutputs::Spend HeldOutputs::spend(const OutPoint& outpoint, const Hash256& spender,
                                      std::uint32_t height, Coin* coin) {
    const auto it = held_.outputs.find(outpoint);
    if (it == held_.outputs.end())
        return Spend::NotHeld;
    if (it->second.spender)
        return Spend::AlreadySpent;
    it->second.spender = spender;
    it->second.spentHeight = height;
    spentByOpenBlock_.push_back(outpoint);
    *coin = it->second.coin;
    return Spend::Spent;
}

void HeldOutputs::spendFromTable(const OutPoint& outpoint, const Hash256& spender,
                                 std::uint32_t height) {
    if (held_.tableSpends.try_emplace(outpoint, TableSpend{spender, height}).second)
        tableSpentByOpenBlock_.push_back(outpoint);
}

void HeldOutputs::keepBlock() {
    blockOpen_ = false;
    addedByOpenBlock_.clear();
    spentByOpenBlock_.clear();
    tableSpentByOpenBlock_.clear();
    heldBeforeOpenBlock_.reset();
}

void HeldOutputs::revertOpenBlock(Held& held) const {
    for (const OutPoint& op : spentByOpenBlock_)
        if (const auto it = held.outputs.find(op); it != held.outputs.end())
            it->second.spender.reset();
    for (const OutPoint& op : addedByOpenBlock_)
        held.outputs.erase(op);
    for (const OutPoint& op : tableSpentByOpenBlock_)
        held.tableSpends.erase(op);
}

void HeldOutputs::undoBlock() {
    if (heldBeforeOpenBlock_)
        held_ = std::move(*heldBeforeOpenBlock_);
    else
        revertOpenBlock(held_);
    keepBlock();
}

void HeldOutputs::written() {
    if (blockOpen_) {
        if (!heldBeforeOpenBlock_) {
            revertOpenBlock(held_);
            heldBeforeOpenBlock_ = std::move(held_);
        }
        // What the open block itself held went into its savepoint with the rest.
        addedByOpenBlock_.clear();
        spentByOpenBlock_.clear();
        tableSpentByOpenBlock_.clear();
    }
    held_ = Held();
}

void HeldOutputs::drop() {
    held_ = Held();
    keepBlock();
}

} // namespace mbc::store
