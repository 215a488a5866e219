#include "consensus/crypto/public_key.h"

#include "consensus/crypto/hashes.h"

#include <secp256k1.h>

#include <algorithm>

namespace mbc {
namespace {

// Verification needs no secret and no signing tables: the library's built-in read-only context
// serves every thread. The library asks for its self-test before that context is used (it
// aborts the process if the build is broken).
const secp256k1_context* verificationContext() {
    static const secp256k1_context* const context = [] {
        secp256k1_selftest();
        return secp256k1_context_static;
    }();
    return context;
}

} // namespace

PubKeyHash addressOf(const PublicKey& pubkey) {
    return hash160(pubkey.span());
}

bool isCompressedPubkeyEncoding(ByteSpan pubkey) {
    return pubkey.size() == PublicKey::size() && (pubkey[0] == 0x02 || pubkey[0] == 0x03);
}

SignatureCheck verifySignature(ByteSpan pubkey, ByteSpan derSignature, const Hash256& digest) {
    const secp256k1_context* ctx = verificationContext();
    secp256k1_pubkey pk;
    if (!isCompressedPubkeyEncoding(pubkey) ||
        secp256k1_ec_pubkey_parse(ctx, &pk, pubkey.data(), pubkey.size()) != 1)
        return SignatureCheck::BadPublicKey;

    secp256k1_ecdsa_signature sig;
    if (derSignature.empty() || derSignature.size() > 72 ||
        secp256k1_ecdsa_signature_parse_der(ctx, &sig, derSignature.data(), derSignature.size()) !=
            1)
        return SignatureCheck::BadSignature;
    // The parser accepts out-of-range or negative integers by mapping them to zero; requiring
    // that the signature re-encode to exactly the given bytes leaves only canonical DER.
    std::array<std::uint8_t, 72> canonical{};
    std::size_t len = canonical.size();
    secp256k1_ecdsa_signature_serialize_der(ctx, canonical.data(), &len, &sig);
    if (len != derSignature.size() ||
        !std::equal(derSignature.begin(), derSignature.end(), canonical.begin()))
        return SignatureCheck::BadSignature;
    // secp256k1_ecdsa_verify rejects high-S signatures itself.
    if (secp256k1_ecdsa_verify(ctx, &sig, digest.data(), &pk) != 1)
        return SignatureCheck::BadSignature;
    return SignatureCheck::Valid;
}

} // namespace mbc
