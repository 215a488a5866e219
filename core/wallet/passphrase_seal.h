#pragma once

#include "consensus/primitives/bytes.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mbc::wallet {

// scrypt's cost: memory = 128 x n x r bytes (32 MiB with the defaults), and as much work.
struct KdfCost {
    std::uint64_t n = 1u << 15;
    std::uint32_t r = 8;
    std::uint32_t p = 1;
    bool operator==(const KdfCost&) const = default;
};

// Whether a cost is one this build accepts: n a power of two from 2^10 to 2^20, r and p from
// 1 to 16, at most 256 MiB of memory and 16 times the default's work (a wallet file names its
// own cost, and a hostile file must not make opening it take gigabytes or minutes).
bool acceptableCost(const KdfCost& cost);

// A key derived from a passphrase with scrypt (memory-hard, so guessing passphrases on many
// cores at once is expensive), wiped when it goes away.
class SealKey {
public:
    static constexpr std::size_t kSaltBytes = 16;
    using Salt = std::array<std::uint8_t, kSaltBytes>;

    // nullopt if the cost is not acceptableCost().
    static std::optional<SealKey> derive(std::string_view passphrase, const Salt& salt,
                                         const KdfCost& cost);
    static Salt randomSalt();

    SealKey(const SealKey& other);
    SealKey& operator=(const SealKey& other);
    ~SealKey();

    const Salt& salt() const { return salt_; }
    const KdfCost& cost() const { return cost_; }

private:
    friend struct Sealed;
    SealKey() = default;
    std::array<std::uint8_t, 32> key_{};
    Salt salt_{};
    KdfCost cost_;
};

// Bytes encrypted and authenticated with AES-256-GCM under a SealKey. `context` (bound as
// associated data: the file's header) must be the same to open them again.
struct Sealed {
    std::array<std::uint8_t, 12> nonce{};
    Bytes ciphertext;
    std::array<std::uint8_t, 16> tag{};

    static Sealed seal(const SealKey& key, ByteSpan plaintext, ByteSpan context);
    // nullopt for a wrong key (a wrong passphrase) or bytes changed since sealing.
    std::optional<Bytes> open(const SealKey& key, ByteSpan context) const;
};

// Overwrites `bytes` with zeros in a way the compiler cannot skip.
void wipe(std::span<std::uint8_t> bytes);

} // namespace mbc::wallet
