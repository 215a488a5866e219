#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mbc {

// A 33-byte compressed secp256k1 public key (PROTOCOL.md §2).
using PublicKey = FixedBytes<33>;

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
    // hex(hash160(compressed public key)): the key's address.
    PubKeyHash address() const;
    // Deterministic (RFC 6979) low-S ECDSA signature of a 32-byte digest, strict DER.
    Bytes sign(const Hash256& digest) const;

    const std::array<std::uint8_t, 32>& bytes() const { return secret_; }
    std::string hex() const { return toHex(secret_); }

private:
    PrivateKey() = default;
    std::array<std::uint8_t, 32> secret_{};
};

PubKeyHash addressOf(const PublicKey& pubkey);

// 33 bytes starting with 0x02 or 0x03: the only key form a spend may use.
bool isCompressedPubkeyEncoding(ByteSpan pubkey);

enum class SignatureCheck { Valid, BadPublicKey, BadSignature };

// Verifies `derSignature` over `digest`. Valid only for a compressed key on the curve and a
// strict-DER, low-S signature with no trailing bytes (what libsecp256k1 verifies).
SignatureCheck verifySignature(ByteSpan pubkey, ByteSpan derSignature, const Hash256& digest);

} // namespace mbc
