// OpenSSL 3 marks the SHA256_Init/Update/Final family (and RIPEMD160) deprecated in favour of
// EVP. We keep them here (and only here) on purpose: EVP fetches an implementation per one-shot
// call and has no allocation-free context copy, which made header hashing ~6x slower in the
// one-shot case and ~1.5x slower with a midstate (measured on the development machine). Same
// assembly inside.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "consensus/crypto/hashes.h"

#include <openssl/ripemd.h>

#include <stdexcept>

namespace mbc {

Sha256::Sha256() {
    SHA256_Init(&ctx_);
}

Sha256 Sha256::resume(const std::array<std::uint32_t, 8>& state, std::uint64_t blocks) {
    // SHA256_CTX is a public struct: h is the state, Nl/Nh the bit count, num the bytes
    // buffered (none between whole blocks).
    Sha256 s;
    for (std::size_t i = 0; i < 8; ++i)
        s.ctx_.h[i] = state[i];
    const std::uint64_t bits = blocks * 512;
    s.ctx_.Nl = static_cast<SHA_LONG>(bits & 0xffffffffu);
    s.ctx_.Nh = static_cast<SHA_LONG>(bits >> 32);
    s.ctx_.num = 0;
    return s;
}

Sha256& Sha256::write(ByteSpan data) {
    SHA256_Update(&ctx_, data.data(), data.size());
    return *this;
}

Hash256 Sha256::finalize() {
    Hash256 out;
    SHA256_Final(out.data(), &ctx_);
    return out;
}

Hash256 sha256(ByteSpan data) {
    return Sha256().write(data).finalize();
}

Hash256 sha256d(ByteSpan data) {
    const Hash256 once = sha256(data);
    return sha256(once.span());
}

PubKeyHash hash160(ByteSpan data) {
    // The one-shot RIPEMD160 (deprecated like SHA256_Init, above) hashes on the stack; EVP_Digest
    // allocated and freed a context each call, which cost more than the hashing: every input's
    // pubkey is hashed when its signature is checked and again when its coin is matched.
    const Hash256 inner = sha256(data);
    PubKeyHash out;
    if (RIPEMD160(inner.data(), inner.size(), out.data()) != out.data())
        throw std::runtime_error("RIPEMD160 digest failed");
    return out;
}

} // namespace mbc
