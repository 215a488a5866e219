#pragma once

#include "wallet/private_key.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Hierarchical deterministic keys (BIP32): one seed, a tree of keys, each found again from the
// seed and its path.
namespace mbc::wallet {

constexpr std::uint32_t kHardened = 0x80000000u;

using DerivationPath = std::vector<std::uint32_t>;

// "m/44'/1'/0'/0/7" ("h" or "H" for hardened accepted too); nullopt if it is not a path.
std::optional<DerivationPath> parseDerivationPath(std::string_view text);
std::string formatDerivationPath(std::span<const std::uint32_t> path); // with '

// An extended private key: a key, its chain code and where it sits in the tree.
class ExtendedKey {
public:
    // The tree's root for a seed (16 to 64 bytes). nullopt if HMAC-SHA512 gives a key out of
    // range (probability below 2^-127), as BIP32 says.
    static std::optional<ExtendedKey> fromSeed(ByteSpan seed);

    // CKDpriv: child `index` (hardened at kHardened and above). nullopt for the rare index
    // whose key is out of range: BIP32 says to go on with the next index.
    std::optional<ExtendedKey> child(std::uint32_t index) const;
    std::optional<ExtendedKey> derive(std::span<const std::uint32_t> path) const;

    const PrivateKey& key() const { return key_; }
    std::uint8_t depth() const { return depth_; }
    std::uint32_t childNumber() const { return childNumber_; }

    // The Base58Check forms with Bitcoin's main-network version bytes (xprv..., xpub...), as
    // the BIP32 vectors write them.
    std::string xprv() const;
    std::string xpub() const;

    ~ExtendedKey();
    ExtendedKey(const ExtendedKey&) = default;
    ExtendedKey& operator=(const ExtendedKey&) = default;

private:
    ExtendedKey(PrivateKey key, std::span<const std::uint8_t, 32> chainCode);
    Bytes serialize(std::uint32_t version, bool privateKey) const;

    PrivateKey key_;
    std::array<std::uint8_t, 32> chainCode_{};
    std::uint8_t depth_ = 0;
    std::array<std::uint8_t, 4> parentFingerprint_{};
    std::uint32_t childNumber_ = 0;
};

// Base58 with a 4-byte sha256d checksum, as Bitcoin writes extended keys.
std::string base58CheckEncode(ByteSpan payload);

} // namespace mbc::wallet
