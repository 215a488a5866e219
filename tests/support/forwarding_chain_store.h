#pragma once

#include "chain/chain_store.h"

#include <memory>

namespace mbc::test {

// A chain store that passes every call to another: the base of the tests' decorators, which
// override the calls they watch or break.
class ForwardingChainStore : public ChainStore {
public:
    explicit ForwardingChainStore(std::unique_ptr<ChainStore> real)
        : real_(std::move(real)) {}

    ChainTip tip() override { return real_->tip(); }
    bool inTrouble() const override { return real_->inTrouble(); }
    std::optional<BlockRecord> blockRecord(const Hash256& h) override {
        return real_->blockRecord(h);
    }
    std::optional<Bytes> blockBytes(const Hash256& h) override { return real_->blockBytes(h); }
    std::optional<Hash256> activeHashAt(std::uint32_t height) override {
        return real_->activeHashAt(height);
    }
    void addBlock(BlockRecord& r, ByteSpan bytes) override { real_->addBlock(r, bytes); }
    std::optional<Hash256> bestCandidate() override { return real_->bestCandidate(); }
    void markInvalid(const Hash256& h) override { real_->markInvalid(h); }
    std::vector<Bytes> removeBranch(const Hash256& h, std::size_t keep,
                                    std::size_t bytes) override {
        return real_->removeBranch(h, keep, bytes);
    }
    void replaceBody(const Hash256& h, ByteSpan bytes, std::uint32_t txCount) override {
        real_->replaceBody(h, bytes, txCount);
    }
    std::map<OutPoint, Coin> unspentCoins(std::span<const OutPoint> ops) override {
        return real_->unspentCoins(ops);
    }
    std::set<Hash256> txidsInChain(std::span<const Hash256> txids) override {
        return real_->txidsInChain(txids);
    }
    void confirmMissing(const OutPoint& op) override { real_->confirmMissing(op); }
    void confirmCoins(std::span<const std::pair<OutPoint, Coin>> spent) override {
        real_->confirmCoins(spent);
    }
    StagedConnect stageConnectTip(const Block& b, const BlockRecord& r,
                                  std::span<const Hash256> txids) override {
        return real_->stageConnectTip(b, r, txids);
    }
    void disconnectTip(const Block& b, const BlockRecord& r) override {
        real_->disconnectTip(b, r);
    }

protected:
    std::unique_ptr<ChainStore> real_;
};

} // namespace mbc::test
