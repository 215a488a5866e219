#pragma once

#include "consensus/crypto/header_hash_job.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mbc {

// The miner's inner loop: sha256d of a header for consecutive nonces, from a HeaderHashJob.
// Each kernel hashes two nonces per call (the SHA-NI one interleaves them to hide the latency
// of its round instructions); all give the same hashes, which tests check.
enum class HeaderHashKernel {
    Portable, // plain C++, any CPU: the reference
    OpenSsl,  // OpenSSL's SHA-256 from the midstate: its best code for CPUs without SHA-NI
    ShaNi,    // x86 SHA extensions, 2 nonces interleaved
};
inline constexpr HeaderHashKernel kAllKernels[] = {
    HeaderHashKernel::Portable, HeaderHashKernel::OpenSsl, HeaderHashKernel::ShaNi};

// A header hash as 8 big-endian words: word i is bytes 4i..4i+3 of the hash.
using HashWords = std::array<std::uint32_t, 8>;
using HashWordsPair = std::array<HashWords, 2>;

// sha256d of the header with `nonce` and with `nonce + 1` (wrapping), into out[0] and out[1].
using HashPairFunction = void (*)(const HeaderHashJob& job, std::uint32_t nonce,
                                  HashWordsPair& out);

bool kernelSupported(HeaderHashKernel kernel); // by this CPU (and build)
HeaderHashKernel fastestSupportedKernel();
// The kernel itself; an unsupported one gives the portable kernel, never a crash.
HashPairFunction kernelFunction(HeaderHashKernel kernel);
std::string_view kernelName(HeaderHashKernel kernel); // "portable", "openssl", "sha-ni"
std::optional<HeaderHashKernel> kernelFromName(std::string_view name);

void hashPairPortable(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out);
void hashPairOpenSsl(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out);
#if defined(__x86_64__)
void hashPairShaNi(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out);
#endif

} // namespace mbc
