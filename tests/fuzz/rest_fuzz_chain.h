#pragma once

#include "consensus/primitives/block.h"

#include <vector>

namespace mbc::test {

// The chain the REST fuzz target's node holds (genesis to alice, three blocks to bob), so that
// its seeds can name real blocks and build on the tip.
std::vector<Block> restFuzzChain();
// Alice pays bob from the genesis coinbase: waiting in that node's mempool.
Transaction restFuzzPayment(const std::vector<Block>& chain);

} // namespace mbc::test
