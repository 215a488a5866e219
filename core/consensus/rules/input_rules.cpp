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

std::optional<std::uint32_t> inputIndex(std::size_t input) {
    return static_cast<std::uint32_t>(input);
}

Status signatureOutcome(const TxIn& in, const Hash256& sighash, std::size_t input,
                        SignatureCache* cache, SignatureCacheUse use) {
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

} // namespace

Status checkNoMempoolConflict(const Transaction& tx, const MempoolSpends& spends,
                              RuleTrace* trace) {
    Status s;
    for (std::size_t i = 0; s && i < tx.inputs.size(); ++i)
        if (auto spender = spends.spenderOf(tx.inputs[i].prevout))
            s = fail(RejectCode::TxMempoolConflict,
                     inputLabel(i) + " spends " + outpointText(tx.inputs[i].prevout) +
                         ", already spent by mempool transaction " + spender->hex());
    return traced(trace, RuleId::NoMempoolConflict, s, [&] {
        return RuleFacts{RuleFact::countOf("inputs", static_cast<std::int64_t>(tx.inputs.size()))};
    });
}

Result<Coin> findSpentCoin(const Transaction& tx, std::size_t input, const UtxoView& coins,
                           RuleTrace* trace) {
    const OutPoint& op = tx.inputs[input].prevout;
    const std::optional<Coin> coin = coins.coin(op);
    Status s;
    if (!coin)
        s = fail(RejectCode::TxInputMissingOrSpent,
                 inputLabel(input) + " spends " + outpointText(op) +
                     ", which does not exist or is already spent");
    report(
        trace, RuleId::InputSpendable, s,
        [&] {
            RuleFacts facts{RuleFact::textOf("outpoint", outpointText(op))};
            if (coin) {
                facts.push_back(RuleFact::amountOf("amount", coin->output.amount));
                facts.push_back(RuleFact::hexOf("locked_to", coin->output.pubkeyHash.hex()));
                facts.push_back(RuleFact::countOf("created_at_height", coin->height));
                facts.push_back(RuleFact::textOf("coinbase", coin->coinbase ? "yes" : "no"));
            }
            return facts;
        },
        inputIndex(input));
    if (!coin)
        return s.failure();
    return *coin;
}

Status checkPubkeyEncoding(const Transaction& tx, std::size_t input, RuleTrace* trace) {
    const Bytes& pk = tx.inputs[input].pubkey;
    Status s;
    if (!isCompressedPubkeyEncoding(pk))
        s = fail(RejectCode::TxPubkeyInvalid,
                 inputLabel(input) + " has a " + std::to_string(pk.size()) +
                     "-byte pubkey; a 33-byte compressed key (02 or 03 prefix) is required");
    return traced(
        trace, RuleId::PubkeyEncoding, s,
        [&] {
            return RuleFacts{
                RuleFact::hexOf("pubkey", toHex(pk)),
                RuleFact::countOf("pubkey_bytes", static_cast<std::int64_t>(pk.size()))};
        },
        inputIndex(input));
}

Status checkPubkeyMatchesCoin(const Transaction& tx, std::size_t input, const Coin& coin,
                              RuleTrace* trace) {
    const PubKeyHash actual = hash160(tx.inputs[input].pubkey);
    Status s;
    if (actual != coin.output.pubkeyHash)
        s = fail(RejectCode::TxPubkeyHashMismatch,
                 inputLabel(input) + " pubkey hashes to " + actual.hex() +
                     " but the spent output is locked to " + coin.output.pubkeyHash.hex());
    return traced(
        trace, RuleId::PubkeyMatchesCoin, s,
        [&] {
            return RuleFacts{RuleFact::hexOf("pubkey_hash", actual.hex()),
                             RuleFact::hexOf("locked_to", coin.output.pubkeyHash.hex())};
        },
        inputIndex(input));
}

Status checkInputSignature(const Transaction& tx, const TxPreimage& preimage, std::size_t input,
                           const PubKeyHash& spentPubkeyHash, SignatureCache* cache,
                           SignatureCacheUse use, RuleTrace* trace) {
    const TxIn& in = tx.inputs[input];
    const Hash256 sighash = preimage.sighash(input, spentPubkeyHash);
    return traced(
        trace, RuleId::InputSignature, signatureOutcome(in, sighash, input, cache, use),
        [&] {
            return RuleFacts{RuleFact::hexOf("sighash", sighash.hex()),
                             RuleFact::hexOf("signature", toHex(in.signature)),
                             RuleFact::hexOf("pubkey", toHex(in.pubkey))};
        },
        inputIndex(input));
}

Result<Amount> sumInputValues(std::span<const Coin> spent, RuleTrace* trace) {
    Amount total = 0;
    Status s;
    for (const Coin& c : spent) {
        const auto sum = addMoney(total, c.output.amount);
        if (!sum) {
            s = fail(RejectCode::TxInputValuesOutOfRange,
                     "spent amounts are out of range or add up to more than MAX_MONEY");
            break;
        }
        total = *sum;
    }
    report(trace, RuleId::InputValues, s, [&] {
        RuleFacts facts{RuleFact::countOf("inputs", static_cast<std::int64_t>(spent.size()))};
        if (s)
            facts.push_back(RuleFact::amountOf("inputs_total", total));
        facts.push_back(RuleFact::amountOf("max_money", MAX_MONEY));
        return facts;
    });
    if (!s)
        return s.failure();
    return total;
}

Result<Amount> checkFee(Amount inputSum, const Transaction& tx, RuleTrace* trace) {
    Amount outputSum = 0;
    for (const TxOut& o : tx.outputs)
        outputSum += o.amount; // in range: checkOutputAmounts ran first
    Status s;
    if (inputSum < outputSum)
        s = fail(RejectCode::TxInBelowOut, "inputs total " + std::to_string(inputSum) +
                                               " but outputs total " + std::to_string(outputSum));
    report(trace, RuleId::Fee, s, [&] {
        RuleFacts facts{RuleFact::amountOf("inputs_total", inputSum),
                        RuleFact::amountOf("outputs_total", outputSum)};
        if (s)
            facts.push_back(RuleFact::amountOf("fee", inputSum - outputSum));
        return facts;
    });
    if (!s)
        return s.failure();
    return inputSum - outputSum;
}

Result<Amount> checkTxInputs(const Transaction& tx, const TxPreimage& preimage,
                             const UtxoView& coins, std::vector<Coin>& spent,
                             std::vector<SignatureJob>* deferredSignatures, std::size_t txIndex,
                             SignatureCache* cache, RuleTrace* trace) {
    const std::size_t firstSpent = spent.size();
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        auto coin = findSpentCoin(tx, i, coins, trace);
        if (!coin)
            return coin.failure();
        if (Status s = checkPubkeyEncoding(tx, i, trace); !s)
            return s.failure();
        if (Status s = checkPubkeyMatchesCoin(tx, i, *coin, trace); !s)
            return s.failure();
        // A job only after the pubkey hash matched: a block whose signatures were verified
        // ahead, each with hash160 of its pubkey as the spent pubkey hash, skips its jobs
        // (chain/signature_precheck.h verifyBlockSignatures).
        if (deferredSignatures) {
            deferredSignatures->push_back(SignatureJob{
                &tx, &preimage, static_cast<std::uint32_t>(i), coin->output.pubkeyHash, txIndex});
        } else if (Status s = checkInputSignature(tx, preimage, i, coin->output.pubkeyHash, cache,
                                                  SignatureCacheUse::Remember, trace);
                   !s) {
            return s.failure();
        }
        spent.push_back(*coin);
    }
    auto inputSum = sumInputValues(std::span<const Coin>(spent).subspan(firstSpent), trace);
    if (!inputSum)
        return inputSum.failure();
    return checkFee(*inputSum, tx, trace);
}

} // namespace mbc
