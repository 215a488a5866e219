#pragma once

#include "consensus/primitives/block.h"
#include "consensus/rules/signature_cache.h"

#include <atomic>
#include <thread>

namespace mbc {

// Verifies a new block's signatures on a helper thread, last transaction first, from the
// moment its header is known good until its validation starts: that time is spent on one
// core computing txids, the merkle root, reading coins and writing the block, while the other
// core would idle. Validation then goes first transaction first and finds the helper's work
// in the cache (precheckTxSignatures), so the two meet without checking anything twice.
class EarlySignatureCheck {
public:
    EarlySignatureCheck(const Block& block, SignatureCache& cache);
    ~EarlySignatureCheck(); // stop()
    EarlySignatureCheck(const EarlySignatureCheck&) = delete;
    EarlySignatureCheck& operator=(const EarlySignatureCheck&) = delete;

    // Returns once the helper has finished the transaction it was on.
    void stop();

private:
    std::atomic<bool> stop_{false};
    std::thread helper_;
};

} // namespace mbc
