#pragma once

#include "consensus/result.h"
#include "consensus/rules/rule_trace.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/rules/state_views.h"
#include "consensus/serialize/tx_serialize.h"

#include <cstddef>
#include <span>
#include <vector>

namespace mbc {

struct SignatureJob;

// consensus/PROTOCOL.md §5 "Transaction": the rules that look at the outputs a transaction spends.
// Each reports itself to `trace` when one is given.

// txn-mempool-conflict: no input spends an output that another mempool tx already spends.
Status checkNoMempoolConflict(const Transaction& tx, const MempoolSpends& spends,
                              RuleTrace* trace = nullptr);
// bad-txns-inputs-missingorspent: the input spends an existing unspent output.
Result<Coin> findSpentCoin(const Transaction& tx, std::size_t input, const UtxoView& coins,
                           RuleTrace* trace = nullptr);
// bad-txns-pubkey-invalid: the input's pubkey is a 33-byte compressed key.
Status checkPubkeyEncoding(const Transaction& tx, std::size_t input, RuleTrace* trace = nullptr);
// bad-txns-pubkey-hash-mismatch: hash160(pubkey) is the spent output's pubkey_hash.
Status checkPubkeyMatchesCoin(const Transaction& tx, std::size_t input, const Coin& coin,
                              RuleTrace* trace = nullptr);
// bad-txns-signature-invalid (or bad-txns-pubkey-invalid for a key off the curve): the
// signature is valid over the input's sighash. With a cache, a signature found valid before
// is not verified again.
Status checkInputSignature(const Transaction& tx, const TxPreimage& preimage, std::size_t input,
                           const PubKeyHash& spentPubkeyHash, SignatureCache* cache = nullptr,
                           SignatureCacheUse use = SignatureCacheUse::Remember,
                           RuleTrace* trace = nullptr);
// bad-txns-inputvalues-outofrange: each spent amount and their sum in [0, MAX_MONEY].
Result<Amount> sumInputValues(std::span<const Coin> spent, RuleTrace* trace = nullptr);
// bad-txns-in-belowout: inputs cover outputs; returns the fee.
Result<Amount> checkFee(Amount inputSum, const Transaction& tx, RuleTrace* trace = nullptr);

// Runs the rules above, in order, over every input of a non-coinbase transaction:
// for each input: spendable, pubkey encoding, pubkey hash, signature; then values and fee.
// Appends the spent coins to `spent`. With `deferredSignatures`, signature checks are
// queued there (for a block's parallel pass) instead of run inline; otherwise they run inline
// and valid ones are remembered in `cache` when given.
Result<Amount> checkTxInputs(const Transaction& tx, const TxPreimage& preimage,
                             const UtxoView& coins, std::vector<Coin>& spent,
                             std::vector<SignatureJob>* deferredSignatures = nullptr,
                             std::size_t txIndex = 0, SignatureCache* cache = nullptr,
                             RuleTrace* trace = nullptr);

} // namespace mbc
