#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/serialize/tx_serialize.h"

#include <cstddef>
#include <optional>
#include <span>

namespace mbc {

// One input's signature check, queued while a block's transactions are checked in order.
struct SignatureJob {
    const Transaction* tx;
    const TxPreimage* preimage;
    std::uint32_t input;
    PubKeyHash spentPubkeyHash;
    std::size_t txIndex; // position in the block, for messages
};

struct SignatureFailure {
    std::size_t jobIndex;
    Failure failure;
};

// Runs a block's signature checks and names the lowest-index failing job, if any: the same
// answer however it schedules them (chain/signature_check_pool.h runs them on several threads).
class SignatureJobRunner {
public:
    virtual ~SignatureJobRunner() = default;
    virtual std::optional<SignatureFailure> firstFailure(std::span<const SignatureJob> jobs) = 0;
};

// One job: the input's signature over its sighash, by its pubkey (checkInputSignature), using
// up a cached result.
Status checkSignatureJob(const SignatureJob& job, SignatureCache* cache);

// The cache's key for input `input` of `tx` spending an output locked to `spentPubkeyHash`.
SignatureCache::Key signatureKeyOf(const SignatureCache& cache, const Transaction& tx,
                                   const TxPreimage& preimage, std::size_t input,
                                   const PubKeyHash& spentPubkeyHash);

// Uses up the job's cached result: true if this very check passed before (and is removed from
// the cache), false if it must be verified.
bool takeCachedSignature(const SignatureJob& job, SignatureCache& cache);

// Runs jobs one by one on the calling thread. A block's checks use cached results up (a block
// is not validated twice).
std::optional<SignatureFailure> firstSignatureFailure(std::span<const SignatureJob> jobs,
                                                      SignatureCache* cache = nullptr);

} // namespace mbc
