#include "chain/signature_precheck.h"

#include "consensus/crypto/hashes.h"
#include "consensus/rules/input_rules.h"
#include "consensus/rules/signature_jobs.h"
#include "consensus/serialize/tx_serialize.h"

namespace mbc {
namespace {

// Input `i`'s signature over the sighash that hash160 of its own pubkey gives (the header says
// why that is the one validation checks).
bool signatureValidAhead(const Transaction& tx, const TxPreimage& preimage, std::size_t i,
                         SignatureCache& cache, SignatureCacheUse use) {
    return bool(checkInputSignature(tx, preimage, i, hash160(tx.inputs[i].pubkey), &cache, use));
}

} // namespace

void precheckTxSignatures(const Transaction& tx, SignatureCache& cache) {
    const TxPreimage preimage(tx);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        (void)signatureValidAhead(tx, preimage, i, cache, SignatureCacheUse::Remember);
}

void rememberVerifiedSignatures(const Transaction& tx, SignatureCache& cache) {
    const TxPreimage preimage(tx);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        cache.insert(signatureKeyOf(cache, tx, preimage, i, hash160(tx.inputs[i].pubkey)));
}

bool verifyBlockSignatures(const Block& block, SignatureCache& cache) {
    for (std::size_t t = 1; t < block.transactions.size(); ++t) {
        const Transaction& tx = block.transactions[t];
        const TxPreimage preimage(tx);
        for (std::size_t i = 0; i < tx.inputs.size(); ++i)
            if (!signatureValidAhead(tx, preimage, i, cache, SignatureCacheUse::Consult))
                return false;
    }
    return true;
}

} // namespace mbc
