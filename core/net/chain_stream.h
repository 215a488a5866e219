#pragma once

#include "net/chunked_answer.h"

#include <cstdint>

namespace mbc::net {

// GET /chain's answer, {height, tip_hash, blocks: [...]}, made a slice of blocks at a time:
// MiniBitcoinPy peers sync by taking the whole chain, and no request may make the node hold it
// whole. With `page`, only heights [from, from + limit) and "from" and "next_from" besides. A
// chain that changes under the answer (a reorg) cuts it: the client asks again.
struct ChainPage {
    std::int64_t from = 0;
    std::int64_t limit = 0;
};
ApiStream activeChainStream(std::optional<ChainPage> page);

} // namespace mbc::net
