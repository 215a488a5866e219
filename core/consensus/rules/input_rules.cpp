#include "consensus/rules/input_rules.h"

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/public_key.h"
#include "consensus/rules/signature_jobs.h"

#include <string>

namespace mbc {
namespace {

std::string inputLabel(std::size_t input) {
    return "input " + std::to_string(input);
}

std::string outpointText(const OutPoint& op) {
    return op.txid.hex() + ":" + std::to_string(op.index);
}

} // namespace

Status checkNoMempoolConflict(const Transaction& tx, const MempoolSpends& spends) {
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        if (auto spender = spends.spenderOf(tx.inputs[i].prevout))
            return fail(RejectCode::TxMempoolConflict,
                        inputLabel(i) + " spends " + outpointText(tx.inputs[i].prevout) +
                            ", already spent by mempool transaction " + spender->hex());
    return {};
}

Result<Coin> findSpentCoin(const Transaction& tx, std::size_t input, const UtxoView& coins) {
    const OutPoint& op = tx.inputs[input].prevout;
    if (auto coin = coins.coin(op))
        return *coin;
    return fail(RejectCode::TxInputMissingOrSpent,
                inputLabel(input) + " spends " + outpointText(op) +
                    ", which does not exist or is already spent");
}

Status checkPubkeyEncoding(const Transaction& tx, std::size_t input) {
    const Bytes& pk = tx.inputs[input].pubkey;
    if (!isCompressedPubkeyEncoding(pk))
        return fail(RejectCode::TxPubkeyInvalid,
                    inputLabel(input) + " has a " + std::to_string(pk.size()) +
                        "-byte pubkey; a 33-byte compressed key (02 or 03 prefix) is required");
    return {};
}

Status checkPubkeyMatchesCoin(const Transaction& tx, std::size_t input, const Coin& coin) {
    const PubKeyHash actual = hash160(tx.inputs[input].pubkey);
    if (actual != coin.output.pubkeyHash)
        return fail(RejectCode::TxPubkeyHashMismatch,
                    inputLabel(input) + " pubkey hashes to " + actual.hex() +
                        " but the spent output is locked to " + coin.output.pubkeyHash.hex());
    return {};
}

Status checkInputSignature(const Transaction& tx, const TxPreimage& preimage, std::size_t input,
                           const PubKeyHash& spentPubkeyHash, SignatureCache* cache,
                           SignatureCacheUse use) {
    const TxIn& in = tx.inputs[input];
    const Hash256 sighash = preimage.sighash(input, spentPubkeyHash);
    SignatureCache::Key key;
    if (cache) {
        key = cache->keyOf(sighash, in.pubkey, in.signature);
        if (use == SignatureCacheUse::Consume ? cache->take(key) : cache->contains(key))
            return {};
    }
    switch (verifySignature(in.pubkey, in.signature, sighash)) {
    case SignatureCheck::Valid:
        if (cache && use == SignatureCacheUse::Remember)
            cache->insert(key);
        return {};
    case SignatureCheck::BadPublicKey:
        return fail(RejectCode::TxPubkeyInvalid,
                    inputLabel(input) + " pubkey is not a point on secp256k1");
    case SignatureCheck::BadSignature:
        break;
    }
    return fail(RejectCode::TxSignatureInvalid,
                inputLabel(input) +
                    " signature is not a valid low-S DER signature of the sighash by its pubkey");
}

Result<Amount> sumInputValues(std::span<const Coin> spent) {
    Amount total = 0;
    for (const Coin& c : spent) {
        const auto sum = addMoney(total, c.output.amount);
        if (!sum)
            return fail(RejectCode::TxInputValuesOutOfRange,
                        "spent amounts are out of range or add up to more than MAX_MONEY");
        total = *sum;
    }
    return total;
}

Result<Amount> checkFee(Amount inputSum, const Transaction& tx) {
    Amount outputSum = 0;
    for (const TxOut& o : tx.outputs)
        outputSum += o.amount; // in range: checkOutputAmounts ran first
    if (inputSum < outputSum)
        return fail(RejectCode::TxInBelowOut, "inputs total " + std::to_string(inputSum) +
                                                  " but outputs total " +
                                                  std::to_string(outputSum));
    return inputSum - outputSum;
}

Result<Amount> checkTxInputs(const Transaction& tx, const TxPreimage& preimage,
                             const UtxoView& coins, std::vector<Coin>& spent,
                             std::vector<SignatureJob>* deferredSignatures, std::size_t txIndex,
                             SignatureCache* cache) {
    const std::size_t firstSpent = spent.size();
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        auto coin = findSpentCoin(tx, i, coins);
        if (!coin)
            return coin.failure();
        if (Status s = checkPubkeyEncoding(tx, i); !s)
            return s.failure();
        if (Status s = checkPubkeyMatchesCoin(tx, i, *coin); !s)
            return s.failure();
        if (deferredSignatures) {
            deferredSignatures->push_back(SignatureJob{
                &tx, &preimage, static_cast<std::uint32_t>(i), coin->output.pubkeyHash, txIndex});
        } else if (Status s = checkInputSignature(tx, preimage, i, coin->output.pubkeyHash, cache);
                   !s) {
            return s.failure();
        }
        spent.push_back(*coin);
    }
    auto inputSum = sumInputValues(std::span<const Coin>(spent).subspan(firstSpent));
    if (!inputSum)
        return inputSum.failure();
    return checkFee(*inputSum, tx);
}

} // namespace mbc
