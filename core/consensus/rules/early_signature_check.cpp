#include "consensus/rules/early_signature_check.h"

#include "consensus/rules/signature_precheck.h"

namespace mbc {

EarlySignatureCheck::EarlySignatureCheck(const Block& block, SignatureCache& cache)
    : helper_([this, &block, &cache] {
        for (std::size_t t = block.transactions.size(); t > 1 && !stop_; --t)
            precheckTxSignatures(block.transactions[t - 1], cache);
    }) {}

EarlySignatureCheck::~EarlySignatureCheck() {
    stop();
}

void EarlySignatureCheck::stop() {
    stop_ = true;
    if (helper_.joinable())
        helper_.join();
}

} // namespace mbc
