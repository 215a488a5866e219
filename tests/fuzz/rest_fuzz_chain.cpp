#include "rest_fuzz_chain.h"

#include "consensus/serialize/tx_serialize.h"
#include "support/block_factory.h"
#include "support/test_chain.h"

namespace mbc::test {

std::vector<Block> restFuzzChain() {
    BlockFactory make;
    std::vector<Block> chain{make.genesis(aliceKey().address())};
    for (Block& b : make.chain(chain[0], 3, bobKey().address()))
        chain.push_back(std::move(b));
    return chain;
}

Transaction restFuzzPayment(const std::vector<Block>& chain) {
    const Transaction& coinbase = chain.front().transactions[0];
    return makeSignedSpend({{{computeTxid(coinbase), 0}, coinbase.outputs[0]}}, aliceKey(),
                           {{COIN, bobKey().address()}, {48 * COIN, aliceKey().address()}});
}

} // namespace mbc::test
