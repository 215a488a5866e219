#pragma once

// The SHA-256 compression function in plain C++ (FIPS 180-4 §6.2), for the mining kernels:
// they need the state between rounds, which a hashing library does not expose.
#include <array>
#include <cstdint>

namespace mbc::sha2 {

using State = std::array<std::uint32_t, 8>;  // a..h
using Block = std::array<std::uint32_t, 16>; // one 64-byte block as big-endian words

inline constexpr State kInitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

inline constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}
constexpr std::uint32_t smallSigma0(std::uint32_t x) {
    return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}
constexpr std::uint32_t smallSigma1(std::uint32_t x) {
    return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

// One round on `s` with message word `w` (round constant included by the caller).
constexpr void round(State& s, std::uint32_t wPlusK) {
    const auto [a, b, c, d, e, f, g, h] = s;
    const std::uint32_t t1 =
        h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + wPlusK;
    const std::uint32_t t2 =
        (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    s = {t1 + t2, a, b, c, d + t1, e, f, g};
}

// Rounds [first, 64) of the compression of `block`, from `s` (the state after rounds
// [0, first)); then adds `chaining` (the state before the block) as the last step does.
constexpr State finishCompression(State s, const Block& block, int first, const State& chaining) {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i)
        w[std::size_t(i)] = block[std::size_t(i)];
    for (std::size_t i = 16; i < 64; ++i)
        w[i] = smallSigma1(w[i - 2]) + w[i - 7] + smallSigma0(w[i - 15]) + w[i - 16];
    for (std::size_t i = std::size_t(first); i < 64; ++i)
        round(s, w[i] + kRoundConstants[i]);
    for (std::size_t i = 0; i < 8; ++i)
        s[i] += chaining[i];
    return s;
}

constexpr State compress(const State& chaining, const Block& block) {
    return finishCompression(chaining, block, 0, chaining);
}

} // namespace mbc::sha2
