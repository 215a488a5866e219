#include "consensus/rules/signature_jobs.h"

#include "consensus/rules/input_rules.h"

namespace mbc {

Status checkSignatureJob(const SignatureJob& job, SignatureCache* cache) {
    return checkInputSignature(*job.tx, *job.preimage, job.input, job.spentPubkeyHash, cache,
                               SignatureCacheUse::Consume);
}

SignatureCache::Key signatureKeyOf(const SignatureCache& cache, const Transaction& tx,
                                   const TxPreimage& preimage, std::size_t input,
                                   const PubKeyHash& spentPubkeyHash) {
    const TxIn& in = tx.inputs[input];
    return cache.keyOf(preimage.sighash(input, spentPubkeyHash), in.pubkey, in.signature);
}

bool takeCachedSignature(const SignatureJob& job, SignatureCache& cache) {
    return cache.take(
        signatureKeyOf(cache, *job.tx, *job.preimage, job.input, job.spentPubkeyHash));
}

std::optional<SignatureFailure> firstSignatureFailure(std::span<const SignatureJob> jobs,
                                                      SignatureCache* cache) {
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (Status s = checkSignatureJob(jobs[i], cache); !s)
            return SignatureFailure{i, s.failure()};
    return std::nullopt;
}

} // namespace mbc
