#include "chain/fee_estimator.h"

#include "consensus/serialize/tx_serialize.h"

namespace mbc {
namespace {

std::size_t typicalPaymentSize() {
    Transaction tx;
    tx.inputs.push_back(TxIn{OutPoint{}, Bytes(72), Bytes(33)}); // largest DER signature
    tx.outputs.resize(2);
    return encodedTxSize(tx);
}

} // namespace

FeeEstimate estimateFee(const Mempool& mempool, std::size_t maxBlockTxs) {
    FeeEstimate e;
    e.typicalTxSize = typicalPaymentSize();
    const std::vector<Amount> rates = mempool.feeRatesDescending();
    if (maxBlockTxs == 0 || rates.size() < maxBlockTxs) {
        e.feePerByte = mempool.policy().minFeePerByte;
        e.basis = "the next block has room for every waiting transaction: the minimum relay "
                  "fee rate is enough";
    } else {
        e.feePerByte = std::max(mempool.policy().minFeePerByte, rates[maxBlockTxs - 1] + 1);
        e.basis = std::to_string(rates.size()) + " transactions wait for " +
                  std::to_string(maxBlockTxs) +
                  " places: this rate outbids the lowest that "
                  "would be mined next";
    }
    e.typicalTxFee = e.feePerByte * static_cast<Amount>(e.typicalTxSize);
    return e;
}

} // namespace mbc
