// The portable header kernel: the reference the SHA-NI kernel is tested against, and the one
// used on CPUs without SHA extensions.
#include "consensus/crypto/header_hash_kernels.h"

namespace mbc {

void hashPairPortable(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out) {
    for (std::size_t lane = 0; lane < 2; ++lane) {
        sha2::Block second = job.secondBlock;
        second[kNonceWord] = headerFieldWord(nonce + std::uint32_t(lane));
        const sha2::State inner =
            sha2::finishCompression(job.afterFixedRounds, second, kRoundsBeforeNonce, job.midstate);
        // The outer hash's one block: the 32-byte inner hash, then padding for 256 bits.
        sha2::Block outer{};
        for (std::size_t i = 0; i < 8; ++i)
            outer[i] = inner[i];
        outer[8] = 0x80000000;
        outer[15] = 256;
        out[lane] = sha2::compress(sha2::kInitialState, outer);
    }
}

} // namespace mbc
