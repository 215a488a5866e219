#pragma once

#include "consensus/primitives/block.h"
#include "consensus/rules/signature_cache.h"

namespace mbc {

// Verifies a (non-coinbase) transaction's signatures before its spent outputs are known and
// remembers the valid ones in `cache`, so that validating its block later finds them done. An
// input's sighash covers the spent output's pubkey hash, and for a valid block that hash is
// hash160 of the input's own pubkey (checkPubkeyMatchesCoin): the tx alone gives every sighash.
// A wrong guess only means a cache miss; validity is still decided by validateBlock.
void precheckTxSignatures(const Transaction& tx, SignatureCache& cache);

// Verifies a block's signatures the same way, with the cache consulted (a hit counts as valid)
// and left as it is; true if every one is valid. Validation of this very block may then skip
// its signature checks (SignatureChecks::VerifiedAhead): each check it would make, over the
// spent output's pubkey hash, is one made here, since validation refuses an input whose pubkey
// does not hash to that (checkPubkeyMatchesCoin) before it checks a signature.
bool verifyBlockSignatures(const Block& block, SignatureCache& cache);

// Records a transaction's signatures as valid without verifying them, for a transaction whose
// signatures a validation already accepted (one of a block a reorg disconnects), so that the
// mempool takes it back without verifying them again. In a block that was valid, hash160 of
// each input's pubkey is the spent output's pubkey hash: the tx alone gives every sighash.
void rememberVerifiedSignatures(const Transaction& tx, SignatureCache& cache);

} // namespace mbc
