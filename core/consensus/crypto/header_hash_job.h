#pragma once

#include "consensus/crypto/sha256_rounds.h"

#include <array>
#include <cstdint>

namespace mbc {

// What stays fixed while a miner varies the nonce of a 108-byte header (computed once per
// header and timestamp): the SHA-256 state after the first 64 bytes; the second block's words,
// padding included (bytes 64..107 then 0x80 and the length 864 bits); and the state after the
// second block's first 10 rounds, which read only words 0-9, all before the nonce (word 10).
struct HeaderHashJob {
    sha2::State midstate{};
    sha2::Block secondBlock{}; // word 10, the nonce, is filled in per hash
    sha2::State afterFixedRounds{};
};

inline constexpr int kNonceWord = 10;         // the nonce's word in the second block
inline constexpr int kTimestampWord = 1;      // the timestamp's
inline constexpr int kRoundsBeforeNonce = 10; // rounds that read only words before the nonce

HeaderHashJob makeHeaderHashJob(const std::array<std::uint8_t, 108>& header);
void setJobTimestamp(HeaderHashJob& job, std::uint32_t timestamp);

// A header field (stored little-endian) as SHA-256 reads it: a big-endian word.
constexpr std::uint32_t headerFieldWord(std::uint32_t littleEndianField) {
    return (littleEndianField >> 24) | ((littleEndianField >> 8) & 0xff00) |
           ((littleEndianField << 8) & 0xff0000) | (littleEndianField << 24);
}

} // namespace mbc
