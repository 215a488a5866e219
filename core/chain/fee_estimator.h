#pragma once

#include "chain/mempool.h"

#include <string>

namespace mbc {

struct FeeEstimate {
    Amount feePerByte = 0;
    std::size_t typicalTxSize = 0; // one input, two outputs (a payment with change)
    Amount typicalTxFee = 0;       // feePerByte x typicalTxSize
    std::string basis;             // why this rate
};

// The fee rate that should get a tx into the next block: the minimum relay rate while the
// next block (at most `maxBlockTxs` txs) has room, otherwise one unit per byte above the
// lowest rate that would still be mined.
FeeEstimate estimateFee(const Mempool& mempool, std::size_t maxBlockTxs);

} // namespace mbc
