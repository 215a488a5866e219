#pragma once

#include "consensus/crypto/public_key.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mbc {

// A secp256k1 secret key. The bytes are wiped when the object goes away.
class PrivateKey {
public:
    // A fresh key from the operating system's randomness (through OpenSSL).
    static PrivateKey generate();
    // nullopt unless 0 < key < the curve order.
    static std::optional<PrivateKey> fromBytes(std::span<const std::uint8_t, 32> bytes);
    static std::optional<PrivateKey> fromHex(std::string_view hex);

    PrivateKey(const PrivateKey& other);
    PrivateKey& operator=(const PrivateKey& other);
    ~PrivateKey();

    PublicKey publicKey() const;
    // The key's address: addressOf(publicKey()).
    PubKeyHash address() const;
    // Deterministic (RFC 6979) low-S ECDSA signature of a 32-byte digest, strict DER.
    Bytes sign(const Hash256& digest) const;
    // The same signature as r || s (64 bytes) with the recovery id (0-3) that lets a verifier
    // find the public key from the signature alone (signed messages, wallet/message_signature.h).
    struct Recoverable {
        std::array<std::uint8_t, 64> compact{};
        int recoveryId = 0;
    };
    Recoverable signRecoverable(const Hash256& digest) const;
    // (key + tweak) mod n, BIP32's child key; nullopt if tweak >= n or the sum is zero.
    std::optional<PrivateKey> plus(std::span<const std::uint8_t, 32> tweak) const;

    const std::array<std::uint8_t, 32>& bytes() const { return secret_; }
    std::string hex() const { return toHex(secret_); }

private:
    PrivateKey() = default;
    std::array<std::uint8_t, 32> secret_{};
};

} // namespace mbc
