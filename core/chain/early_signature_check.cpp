#include "chain/early_signature_check.h"

namespace mbc {

EarlySignatureCheck::EarlySignatureCheck(const Block& block, SignatureCheckPool& pool)
    : pool_(pool) {
    pool_.startEarlyChecks(block);
}

EarlySignatureCheck::~EarlySignatureCheck() {
    stop();
}

void EarlySignatureCheck::stop() {
    pool_.stopEarlyChecks();
}

} // namespace mbc
