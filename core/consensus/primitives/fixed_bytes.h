#pragma once

#include "consensus/primitives/bytes.h"

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace mbc {

// A byte string of fixed length N: hashes, pubkey hashes, compressed public keys.
// Compared and printed in serialized byte order.
template <std::size_t N>
struct FixedBytes {
    std::array<std::uint8_t, N> bytes{};

    static constexpr std::size_t size() { return N; }
    std::uint8_t* data() { return bytes.data(); }
    const std::uint8_t* data() const { return bytes.data(); }
    auto begin() const { return bytes.begin(); }
    auto end() const { return bytes.end(); }
    ByteSpan span() const { return ByteSpan(bytes.data(), N); }

    bool isZero() const {
        for (auto b : bytes)
            if (b != 0)
                return false;
        return true;
    }

    std::string hex() const { return toHex(span()); }

    static std::optional<FixedBytes> fromHex(std::string_view hex) {
        FixedBytes out;
        if (!fromHexInto(hex, out.bytes))
            return std::nullopt;
        return out;
    }

    static FixedBytes fromSpan(std::span<const std::uint8_t, N> in) {
        FixedBytes out;
        std::copy(in.begin(), in.end(), out.bytes.begin());
        return out;
    }

    // Byte by byte, as memcmp orders them, but eight bytes at a time and inline: these are the
    // keys of the maps and sets that a block's checks and a sync batch's held outputs search,
    // where the out-of-line memcmp of the defaulted comparison took 3% of a sync's CPU.
    friend std::strong_ordering operator<=>(const FixedBytes& a, const FixedBytes& b) {
        std::size_t i = 0;
        for (; i + 8 <= N; i += 8)
            if (const std::uint64_t x = bigEndianWordAt(a, i), y = bigEndianWordAt(b, i); x != y)
                return x <=> y;
        for (; i < N; ++i)
            if (a.bytes[i] != b.bytes[i])
                return a.bytes[i] <=> b.bytes[i];
        return std::strong_ordering::equal;
    }
    friend bool operator==(const FixedBytes& a, const FixedBytes& b) {
        return std::memcmp(a.bytes.data(), b.bytes.data(), N) == 0; // (inlined: N is known)
    }

private:
    // Eight bytes from `at` as a number that orders as the bytes do.
    static std::uint64_t bigEndianWordAt(const FixedBytes& f, std::size_t at) {
        std::uint64_t word;
        std::memcpy(&word, f.bytes.data() + at, sizeof word);
        if constexpr (std::endian::native == std::endian::little)
            word = __builtin_bswap64(word);
        return word;
    }
};

using Hash256 = FixedBytes<32>;
// hash160 of a compressed public key: what an output is locked to, and a user's address.
using PubKeyHash = FixedBytes<20>;

} // namespace mbc
