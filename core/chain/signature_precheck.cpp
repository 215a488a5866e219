#include "chain/signature_precheck.h"

#include "consensus/crypto/hashes.h"
#include "consensus/rules/input_rules.h"
#include "consensus/rules/signature_jobs.h"
#include "consensus/serialize/tx_serialize.h"

namespace mbc {

void precheckTxSignatures(const Transaction& tx, SignatureCache& cache) {
    const TxPreimage preimage(tx);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        (void)checkInputSignature(tx, preimage, i, hash160(tx.inputs[i].pubkey), &cache,
                                  SignatureCacheUse::Remember);
}

void rememberVerifiedSignatures(const Transaction& tx, SignatureCache& cache) {
    const TxPreimage preimage(tx);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        cache.insert(signatureKeyOf(cache, tx, preimage, i, hash160(tx.inputs[i].pubkey)));
}

void precheckBlockSignatures(const Block& block, SignatureCache& cache) {
    for (std::size_t t = 1; t < block.transactions.size(); ++t)
        precheckTxSignatures(block.transactions[t], cache);
}

bool verifyBlockSignatures(const Block& block, SignatureCache& cache) {
    for (std::size_t t = 1; t < block.transactions.size(); ++t) {
        const Transaction& tx = block.transactions[t];
        const TxPreimage preimage(tx);
        for (std::size_t i = 0; i < tx.inputs.size(); ++i)
            if (!checkInputSignature(tx, preimage, i, hash160(tx.inputs[i].pubkey), &cache,
                                     SignatureCacheUse::Consult))
                return false;
    }
    return true;
}

} // namespace mbc
