#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mbc {

// Unsigned 256-bit integer with the arithmetic that targets, work and chain work need.
// Operators wrap modulo 2^256 unless their name says otherwise.
class UInt256 {
public:
    constexpr UInt256() = default;
    constexpr explicit UInt256(std::uint64_t value)
        : limbs_{value, 0, 0, 0} {}

    static constexpr UInt256 max() {
        UInt256 v;
        v.limbs_ = {~0ull, ~0ull, ~0ull, ~0ull};
        return v;
    }

    // 32 bytes, most significant first (how a hash is read for proof of work, and how the
    // header stores its target).
    static UInt256 fromBigEndian(std::span<const std::uint8_t, 32> bytes);
    std::array<std::uint8_t, 32> toBigEndian() const;

    // "0x" followed by 1..64 hex digits in either case (leading zeros allowed).
    static std::optional<UInt256> fromHexQuantity(std::string_view text);
    // "0x" + lowercase digits without leading zeros ("0x0" for zero).
    std::string toHexQuantity() const;

    static std::optional<UInt256> fromDecimal(std::string_view text);
    std::string toDecimal() const;
    // The nearest double (for charts and rates; never for rules).
    double toDouble() const;

    bool isZero() const { return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
    // Number of significant bits (0 for zero).
    int bitLength() const;
    std::uint64_t limb(int i) const { return limbs_[static_cast<std::size_t>(i)]; }

    UInt256 operator~() const;
    UInt256 operator+(const UInt256& other) const;
    UInt256 operator-(const UInt256& other) const;
    UInt256 operator<<(unsigned shift) const;
    UInt256 operator>>(unsigned shift) const;
    // Floor division; division by zero yields max() (callers never divide by zero).
    UInt256 operator/(const UInt256& divisor) const;

    // Sum clamped to max() instead of wrapping.
    UInt256 saturatingAdd(const UInt256& other) const;
    // floor(this * mul / div) computed exactly in 320 bits, clamped to max(). div must be > 0.
    UInt256 mulDivSaturating(std::uint64_t mul, std::uint64_t div) const;

    // Quotient and remainder of a division by a 64-bit value (div > 0).
    UInt256 divideBy(std::uint64_t div, std::uint64_t* remainder) const;

    friend bool operator==(const UInt256&, const UInt256&) = default;
    friend std::strong_ordering operator<=>(const UInt256& a, const UInt256& b) {
        for (int i = 3; i >= 0; --i) {
            const auto idx = static_cast<std::size_t>(i);
            if (a.limbs_[idx] != b.limbs_[idx])
                return a.limbs_[idx] <=> b.limbs_[idx];
        }
        return std::strong_ordering::equal;
    }

private:
    bool bit(int i) const { return (limbs_[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1; }

    std::array<std::uint64_t, 4> limbs_{}; // least significant limb first
};

} // namespace mbc
