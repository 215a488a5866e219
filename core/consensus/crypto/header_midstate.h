#pragma once

#include "consensus/crypto/hashes.h"

#include <array>
#include <cstdint>

namespace mbc {

// sha256d of a 108-byte header whose first 64 bytes (version, prev_hash, most of merkle_root)
// stay fixed while a miner varies the nonce (and, when the nonces run out, the timestamp).
// The first 64-byte block is compressed once; each nonce then costs two compressions: the
// 44-byte tail with padding, and the outer hash of 32 bytes.
class HeaderMidstate {
public:
    explicit HeaderMidstate(const std::array<std::uint8_t, 108>& header);

    void setTimestamp(std::uint32_t timestamp);
    Hash256 hashWithNonce(std::uint32_t nonce) const;

private:
    Sha256 midstate_;                   // state after the first 64 bytes
    std::array<std::uint8_t, 44> tail_; // bytes 64..107: merkle_root end, timestamp, target, nonce
};

} // namespace mbc
