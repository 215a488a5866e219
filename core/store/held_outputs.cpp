#include "store/held_outputs.h"

namespace mbc::store {

bool HeldOutputs::holdsTxid(const Hash256& txid) const {
    const auto it = outputs_.lower_bound(OutPoint{txid, 0});
    return it != outputs_.end() && it->first.txid == txid;
}

bool HeldOutputs::add(const OutPoint& outpoint, const Coin& coin) {
    if (!outputs_.try_emplace(outpoint, Output{coin, std::nullopt, 0}).second)
        return false;
    addedByOpenBlock_.push_back(outpoint);
    return true;
}

HeldOutputs::Spend HeldOutputs::spend(const OutPoint& outpoint, const Hash256& spender,
                                      std::uint32_t height, Coin* coin) {
    const auto it = outputs_.find(outpoint);
    if (it == outputs_.end())
        return Spend::NotHeld;
    if (it->second.spender)
        return Spend::AlreadySpent;
    it->second.spender = spender;
    it->second.spentHeight = height;
    spentByOpenBlock_.push_back(outpoint);
    *coin = it->second.coin;
    return Spend::Spent;
}

void HeldOutputs::keepBlock() {
    blockOpen_ = false;
    addedByOpenBlock_.clear();
    spentByOpenBlock_.clear();
    heldBeforeOpenBlock_.reset();
}

void HeldOutputs::revertOpenBlock(std::map<OutPoint, Output>& outputs) const {
    for (const OutPoint& op : spentByOpenBlock_)
        if (const auto it = outputs.find(op); it != outputs.end())
            it->second.spender.reset();
    for (const OutPoint& op : addedByOpenBlock_)
        outputs.erase(op);
}

void HeldOutputs::undoBlock() {
    if (heldBeforeOpenBlock_)
        outputs_ = std::move(*heldBeforeOpenBlock_);
    else
        revertOpenBlock(outputs_);
    keepBlock();
}

void HeldOutputs::written() {
    if (blockOpen_) {
        if (!heldBeforeOpenBlock_) {
            revertOpenBlock(outputs_);
            heldBeforeOpenBlock_ = std::move(outputs_);
        }
        // What the open block itself held went into its savepoint with the rest.
        addedByOpenBlock_.clear();
        spentByOpenBlock_.clear();
    }
    outputs_.clear();
}

void HeldOutputs::drop() {
    outputs_.clear();
    keepBlock();
}

} // namespace mbc::store
