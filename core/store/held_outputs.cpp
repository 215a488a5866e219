#include "store/held_outputs.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace mbc::store {
namespace {

// SplitMix64's finaliser: every input bit moves about half the output bits.
std::uint64_t mixed(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

template <typename Row>
std::vector<const Row*> inKeyOrder(const auto& table) {
    std::vector<const Row*> rows;
    rows.reserve(table.size());
    for (const Row& row : table)
        rows.push_back(&row);
    std::sort(rows.begin(), rows.end(),
              [](const Row* a, const Row* b) { return a->first < b->first; });
    return rows;
}

} // namespace

HeldOutputs::OutPointHash::OutPointHash() {
    std::random_device entropy; // (the kernel's random source on Linux)
    for (std::uint64_t& word : key_)
        word = (std::uint64_t(entropy()) << 32) ^ entropy();
}

std::size_t HeldOutputs::OutPointHash::operator()(const OutPoint& outpoint) const {
    std::uint64_t first = 0, second = 0;
    std::memcpy(&first, outpoint.txid.bytes.data(), sizeof first);
    std::memcpy(&second, outpoint.txid.bytes.data() + sizeof first, sizeof second);
    return mixed(mixed(first ^ key_[0]) + (second ^ key_[1]) + outpoint.index);
}

HeldOutputs::HeldOutputs()
    : held_(hash_) {}

bool HeldOutputs::holdsTxid(const Hash256& txid) const {
    // A tx's outputs are held from index 0 up.
    return held_.outputs.contains(OutPoint{txid, 0});
}

std::vector<const HeldOutputs::OutputRow*> HeldOutputs::outputsInKeyOrder() const {
    return inKeyOrder<OutputRow>(held_.outputs);
}

std::vector<const HeldOutputs::TableSpendRow*> HeldOutputs::tableSpendsInKeyOrder() const {
    return inKeyOrder<TableSpendRow>(held_.tableSpends);
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
    held_ = Held(hash_);
}

void HeldOutputs::drop() {
    held_ = Held(hash_);
    keepBlock();
}

} // namespace mbc::store
