#pragma once

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/header_hash_kernels.h"

#include <array>
#include <cstdint>
#include <optional>

namespace mbc {

// sha256d of a 108-byte header whose first 64 bytes (version, prev_hash, most of merkle_root)
// stay fixed while a miner varies the nonce (and, when the nonces run out, the timestamp).
// What does not depend on the nonce is computed once (HeaderHashJob); a kernel does the rest.
class HeaderMidstate {
public:
    explicit HeaderMidstate(const std::array<std::uint8_t, 108>& header,
                            HeaderHashKernel kernel = fastestSupportedKernel());

    void setTimestamp(std::uint32_t timestamp);
    Hash256 hashWithNonce(std::uint32_t nonce) const;

    // The first nonce in [first, last] whose hash, read as a big-endian number, is at most
    // `target` (big-endian bytes), if any.
    std::optional<std::uint32_t> search(std::uint32_t first, std::uint32_t last,
                                        const std::array<std::uint8_t, 32>& target) const;

private:
    HeaderHashJob job_;
    HashPairFunction hashPair_;
};

} // namespace mbc
