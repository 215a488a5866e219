#include "wallet/passphrase_seal.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace mbc::wallet {
namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

CipherCtx newContext() {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        throw std::bad_alloc();
    return ctx;
}

template <std::size_t N>
void fillRandom(std::array<std::uint8_t, N>& out) {
    if (RAND_bytes(out.data(), int(N)) != 1)
        throw std::runtime_error("the system's random number generator failed");
}

constexpr std::uint64_t kMaxScryptMemory = std::uint64_t(1) << 28; // 128 x n x r
constexpr std::uint64_t kMaxScryptWork = std::uint64_t(1) << 22;   // n x r x p

} // namespace

bool acceptableCost(const KdfCost& c) {
    const bool powerOfTwo = c.n != 0 && (c.n & (c.n - 1)) == 0;
    return powerOfTwo && c.n >= (1u << 10) && c.n <= (1u << 20) && c.r >= 1 && c.r <= 16 &&
           c.p >= 1 && c.p <= 16 && 128 * c.n * c.r <= kMaxScryptMemory &&
           c.n * c.r * c.p <= kMaxScryptWork;
}

void wipe(std::span<std::uint8_t> bytes) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
}

std::optional<SealKey> SealKey::derive(std::string_view passphrase, const Salt& salt,
                                       const KdfCost& cost) {
    if (!acceptableCost(cost))
        return std::nullopt;
    SealKey k;
    k.salt_ = salt;
    k.cost_ = cost;
    const std::uint64_t memory = 128 * cost.n * cost.r * cost.p + (1u << 20);
    if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), salt.data(), salt.size(), cost.n,
                       cost.r, cost.p, memory, k.key_.data(), k.key_.size()) != 1)
        throw std::runtime_error("scrypt failed (out of memory?)");
    return k;
}

SealKey::Salt SealKey::randomSalt() {
    Salt s;
    fillRandom(s);
    return s;
}

SealKey::SealKey(const SealKey& other) = default;
SealKey& SealKey::operator=(const SealKey& other) = default;

SealKey::~SealKey() {
    wipe(key_);
}

Sealed Sealed::seal(const SealKey& key, ByteSpan plaintext, ByteSpan context) {
    Sealed s;
    fillRandom(s.nonce);
    s.ciphertext.resize(plaintext.size());
    CipherCtx ctx = newContext();
    int len = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.key_.data(),
                           s.nonce.data()) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, context.data(), int(context.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), s.ciphertext.data(), &len, plaintext.data(),
                          int(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), s.ciphertext.data() + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(s.tag.size()), s.tag.data()) != 1)
        throw std::runtime_error("AES-256-GCM encryption failed");
    return s;
}

std::optional<Bytes> Sealed::open(const SealKey& key, ByteSpan context) const {
    Bytes plain(ciphertext.size());
    CipherCtx ctx = newContext();
    int len = 0;
    std::array<std::uint8_t, 16> expectedTag = tag;
    const bool ok =
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.key_.data(), nonce.data()) ==
            1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, context.data(), int(context.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), plain.data(), &len, ciphertext.data(),
                          int(ciphertext.size())) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(expectedTag.size()),
                            expectedTag.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), plain.data() + len, &len) == 1;
    if (!ok) {
        wipe(plain);
        return std::nullopt;
    }
    return plain;
}

} // namespace mbc::wallet
