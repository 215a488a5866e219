#pragma once

#include "chain/signature_check_pool.h"
#include "consensus/primitives/block.h"

namespace mbc {

// Verifies a new block's signatures on the pool's workers, last transaction first, from the
// moment its header is known good until its validation starts: that time is spent on one
// core computing txids, the merkle root, reading coins and writing the block, while the other
// cores would idle. Validation then goes first transaction first and finds the workers' results
// in the pool's cache (precheckTxSignatures); its batch takes the workers over where they are,
// so no thread has to be woken and nothing is checked twice, but for the tx a worker is on.
// (Validation that finds its first job cached ends the early checks before it uses any up.)
class EarlySignatureCheck {
public:
    EarlySignatureCheck(const Block& block, SignatureCheckPool& pool);
    ~EarlySignatureCheck(); // stop()
    EarlySignatureCheck(const EarlySignatureCheck&) = delete;
    EarlySignatureCheck& operator=(const EarlySignatureCheck&) = delete;

    // Returns once no worker checks the block any more.
    void stop();

private:
    SignatureCheckPool& pool_;
};

} // namespace mbc
