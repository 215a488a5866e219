// The OpenSSL header kernel: for CPUs without SHA extensions, where OpenSSL's own vector code
// (AVX2, SSSE3, ARMv8 crypto) beats the portable kernel. Two compressions per nonce, from the
// job's midstate.
#include "consensus/crypto/hashes.h"
#include "consensus/crypto/header_hash_kernels.h"

namespace mbc {

void hashPairOpenSsl(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out) {
    std::array<std::uint8_t, 44> tail{}; // header bytes 64..107
    for (std::size_t i = 0; i < kNonceWord; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            tail[4 * i + j] = static_cast<std::uint8_t>(job.secondBlock[i] >> (24 - 8 * j));
    for (std::size_t lane = 0; lane < 2; ++lane) {
        const std::uint32_t n = nonce + std::uint32_t(lane);
        for (std::size_t j = 0; j < 4; ++j) // the nonce is stored little-endian
            tail[40 + j] = static_cast<std::uint8_t>(n >> (8 * j));
        const Hash256 once = Sha256::resume(job.midstate, 1).write(tail).finalize();
        const Hash256 twice = sha256(once.span());
        for (std::size_t i = 0; i < 8; ++i)
            out[lane][i] = (std::uint32_t(twice.bytes[4 * i]) << 24) |
                           (std::uint32_t(twice.bytes[4 * i + 1]) << 16) |
                           (std::uint32_t(twice.bytes[4 * i + 2]) << 8) |
                           std::uint32_t(twice.bytes[4 * i + 3]);
    }
}

} // namespace mbc
