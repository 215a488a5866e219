#pragma once

#include "consensus/primitives/bytes.h"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
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

    auto operator<=>(const FixedBytes&) const = default;
};

using Hash256 = FixedBytes<32>;
// hash160 of a compressed public key: what an output is locked to, and a user's address.
using PubKeyHash = FixedBytes<20>;

} // namespace mbc
