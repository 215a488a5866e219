#include "support/block_factory.h"

#include "consensus/crypto/merkle.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"

#include <stdexcept>

namespace mbc::test {

Block BlockFactory::seal(Block block, std::uint32_t height) {
    TestChain::reseal(block);
    heights_[blockHash(block.header)] = height;
    return block;
}

Block BlockFactory::genesis(const PubKeyHash& payee, std::uint32_t timestamp, std::uint32_t salt) {
    Block b;
    b.header.version = 1;
    b.header.timestamp = timestamp + salt;
    b.header.target = params_.genesisTarget;
    b.transactions.push_back(makeCoinbase(0, params_.blockReward, payee));
    return seal(std::move(b), 0);
}

Block BlockFactory::child(const Block& parent, const PubKeyHash& payee,
                          const std::vector<Transaction>& txs, Amount fees, std::uint32_t salt) {
    const std::uint32_t height = heightOf(parent) + 1;
    Block b;
    b.header.version = 1;
    b.header.prevHash = blockHash(parent.header);
    b.header.timestamp = parent.header.timestamp + 10 + salt;
    b.header.target = parent.header.target;
    // The salt goes into the coinbase amount (paying less is always allowed).
    b.transactions.push_back(makeCoinbase(height, params_.blockReward + fees - salt, payee));
    b.transactions.insert(b.transactions.end(), txs.begin(), txs.end());
    return seal(std::move(b), height);
}

std::vector<Block> BlockFactory::chain(const Block& parent, std::size_t count,
                                       const PubKeyHash& payee, std::uint32_t salt) {
    std::vector<Block> out;
    out.reserve(count); // `tip` points into it
    const Block* tip = &parent;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(child(*tip, payee, {}, 0, salt));
        tip = &out.back();
    }
    return out;
}

std::uint32_t BlockFactory::heightOf(const Block& block) const {
    auto it = heights_.find(blockHash(block.header));
    if (it == heights_.end())
        throw std::logic_error("BlockFactory: parent was not built by this factory");
    return it->second;
}

} // namespace mbc::test
