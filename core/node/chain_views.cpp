#include "node/chain_views.h"

namespace mbc::node {

const std::vector<Amount>& feeRateBandEdges() {
    // Roughly doubling, as fee-rate charts show them: the low bands tell a small network's
    // txs apart, the high ones a busy mempool's.
    static const std::vector<Amount> edges{0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000};
    return edges;
}

} // namespace mbc::node
