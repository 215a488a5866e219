#include "wallet/private_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <stdexcept>

namespace mbc {
namespace {

void randomBytes(std::span<std::uint8_t> out) {
    if (RAND_priv_bytes(out.data(), static_cast<int>(out.size())) != 1)
        throw std::runtime_error("the operating system's random number generator failed");
}

// One context for the whole process, created and randomized (side-channel blinding) once.
// After creation it is only read, which libsecp256k1 allows from any number of threads.
const secp256k1_context* context() {
    static const secp256k1_context* const ctx = [] {
        secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        std::array<std::uint8_t, 32> seed{};
        randomBytes(seed);
        if (c == nullptr || secp256k1_context_randomize(c, seed.data()) != 1)
            throw std::runtime_error("could not create the secp256k1 context");
        OPENSSL_cleanse(seed.data(), seed.size());
        return c;
    }();
    return ctx;
}

} // namespace

PrivateKey PrivateKey::generate() {
    PrivateKey key;
    do {
        randomBytes(key.secret_);
    } while (secp256k1_ec_seckey_verify(context(), key.secret_.data()) != 1);
    return key;
}

std::optional<PrivateKey> PrivateKey::fromBytes(std::span<const std::uint8_t, 32> bytes) {
    PrivateKey key;
    std::copy(bytes.begin(), bytes.end(), key.secret_.begin());
    if (secp256k1_ec_seckey_verify(context(), key.secret_.data()) != 1)
        return std::nullopt;
    return key;
}

std::optional<PrivateKey> PrivateKey::fromHex(std::string_view hex) {
    std::array<std::uint8_t, 32> bytes{};
    if (!fromHexInto(hex, bytes))
        return std::nullopt;
    auto key = fromBytes(bytes);
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return key;
}

PrivateKey::PrivateKey(const PrivateKey& other)
    : secret_(other.secret_) {}

PrivateKey& PrivateKey::operator=(const PrivateKey& other) {
    secret_ = other.secret_;
    return *this;
}

PrivateKey::~PrivateKey() {
    OPENSSL_cleanse(secret_.data(), secret_.size());
}

PublicKey PrivateKey::publicKey() const {
    secp256k1_pubkey pk;
    if (secp256k1_ec_pubkey_create(context(), &pk, secret_.data()) != 1)
        throw std::logic_error("a validated secret key has no public key");
    PublicKey out;
    std::size_t len = out.size();
    secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
    return out;
}

PubKeyHash PrivateKey::address() const {
    return addressOf(publicKey());
}

Bytes PrivateKey::sign(const Hash256& digest) const {
    secp256k1_ecdsa_signature sig;
    // A null nonce function selects RFC 6979; libsecp256k1 always produces low-S.
    if (secp256k1_ecdsa_sign(context(), &sig, digest.data(), secret_.data(), nullptr, nullptr) != 1)
        throw std::logic_error("signing with a validated secret key failed");
    Bytes der(72);
    std::size_t len = der.size();
    secp256k1_ecdsa_signature_serialize_der(context(), der.data(), &len, &sig);
    der.resize(len);
    return der;
}

PrivateKey::Recoverable PrivateKey::signRecoverable(const Hash256& digest) const {
    secp256k1_ecdsa_recoverable_signature sig;
    if (secp256k1_ecdsa_sign_recoverable(context(), &sig, digest.data(), secret_.data(), nullptr,
                                         nullptr) != 1)
        throw std::logic_error("signing with a validated secret key failed");
    Recoverable out;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.compact.data(),
                                                            &out.recoveryId, &sig);
    return out;
}

std::optional<PrivateKey> PrivateKey::plus(std::span<const std::uint8_t, 32> tweak) const {
    PrivateKey sum(*this);
    if (secp256k1_ec_seckey_tweak_add(context(), sum.secret_.data(), tweak.data()) != 1)
        return std::nullopt;
    return sum;
}

} // namespace mbc
