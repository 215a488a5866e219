#include "consensus/primitives/uint256.h"

#include <algorithm>

namespace mbc {

// GCC and Clang provide 128-bit integers on 64-bit targets; __extension__ marks the use as
// intended.
__extension__ typedef unsigned __int128 u128;

UInt256 UInt256::fromBigEndian(std::span<const std::uint8_t, 32> bytes) {
    UInt256 v;
    for (std::size_t i = 0; i < 32; ++i) {
        const std::size_t fromLsb = 31 - i;
        v.limbs_[fromLsb / 8] |= static_cast<std::uint64_t>(bytes[i]) << (8 * (fromLsb % 8));
    }
    return v;
}

std::array<std::uint8_t, 32> UInt256::toBigEndian() const {
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) {
        const std::size_t fromLsb = 31 - i;
        out[i] = static_cast<std::uint8_t>(limbs_[fromLsb / 8] >> (8 * (fromLsb % 8)));
    }
    return out;
}

std::optional<UInt256> UInt256::fromHexQuantity(std::string_view text) {
    if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        return std::nullopt;
    std::string_view digits = text.substr(2);
    UInt256 v;
    for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return std::nullopt;
        if (v.limbs_[3] >> 60)
            return std::nullopt; // a further digit would overflow 256 bits
        v = v << 4;
        v.limbs_[0] |= static_cast<std::uint64_t>(d);
    }
    return v;
}

std::string UInt256::toHexQuantity() const {
    static constexpr char hexDigits[] = "0123456789abcdef";
    std::string digits;
    UInt256 v = *this;
    do {
        digits.push_back(hexDigits[v.limbs_[0] & 0xf]);
        v = v >> 4;
    } while (!v.isZero());
    std::reverse(digits.begin(), digits.end());
    return "0x" + digits;
}

std::optional<UInt256> UInt256::fromDecimal(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    UInt256 v;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        // v = v * 10 + d, refusing overflow
        u128 carry = static_cast<std::uint64_t>(c - '0');
        for (auto& limb : v.limbs_) {
            const u128 t = static_cast<u128>(limb) * 10 + carry;
            limb = static_cast<std::uint64_t>(t);
            carry = t >> 64;
        }
        if (carry != 0)
            return std::nullopt;
    }
    return v;
}

std::string UInt256::toDecimal() const {
    std::string digits;
    UInt256 v = *this;
    do {
        std::uint64_t rem = 0;
        v = v.divideBy(10, &rem);
        digits.push_back(static_cast<char>('0' + rem));
    } while (!v.isZero());
    std::reverse(digits.begin(), digits.end());
    return digits;
}

int UInt256::bitLength() const {
    for (int i = 3; i >= 0; --i) {
        const std::uint64_t limb = limbs_[static_cast<std::size_t>(i)];
        if (limb != 0)
            return i * 64 + (64 - __builtin_clzll(limb));
    }
    return 0;
}

UInt256 UInt256::operator~() const {
    UInt256 r;
    for (std::size_t i = 0; i < 4; ++i)
        r.limbs_[i] = ~limbs_[i];
    return r;
}

UInt256 UInt256::operator+(const UInt256& other) const {
    UInt256 r;
    u128 carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const u128 t = static_cast<u128>(limbs_[i]) + other.limbs_[i] + carry;
        r.limbs_[i] = static_cast<std::uint64_t>(t);
        carry = t >> 64;
    }
    return r;
}

UInt256 UInt256::operator-(const UInt256& other) const {
    return *this + (~other + UInt256(1));
}

UInt256 UInt256::saturatingAdd(const UInt256& other) const {
    const UInt256 sum = *this + other;
    return sum < *this ? max() : sum;
}

UInt256 UInt256::operator<<(unsigned shift) const {
    UInt256 r;
    if (shift >= 256)
        return r;
    const unsigned limbShift = shift / 64, bitShift = shift % 64;
    for (unsigned i = 3 + 1; i-- > limbShift;) {
        std::uint64_t v = limbs_[i - limbShift] << bitShift;
        if (bitShift != 0 && i - limbShift > 0)
            v |= limbs_[i - limbShift - 1] >> (64 - bitShift);
        r.limbs_[i] = v;
    }
    return r;
}

UInt256 UInt256::operator>>(unsigned shift) const {
    UInt256 r;
    if (shift >= 256)
        return r;
    const unsigned limbShift = shift / 64, bitShift = shift % 64;
    for (unsigned i = 0; i + limbShift < 4; ++i) {
        std::uint64_t v = limbs_[i + limbShift] >> bitShift;
        if (bitShift != 0 && i + limbShift + 1 < 4)
            v |= limbs_[i + limbShift + 1] << (64 - bitShift);
        r.limbs_[i] = v;
    }
    return r;
}

UInt256 UInt256::operator/(const UInt256& divisor) const {
    if (divisor.isZero())
        return max();
    if (divisor > *this)
        return UInt256();
    // Schoolbook binary long division: 256 steps at most, only used for work values.
    UInt256 quotient, remainder;
    for (int i = bitLength() - 1; i >= 0; --i) {
        remainder = remainder << 1;
        remainder.limbs_[0] |= bit(i) ? 1 : 0;
        if (remainder >= divisor) {
            remainder = remainder - divisor;
            quotient.limbs_[static_cast<std::size_t>(i / 64)] |= 1ull << (i % 64);
        }
    }
    return quotient;
}

UInt256 UInt256::divideBy(std::uint64_t div, std::uint64_t* remainder) const {
    UInt256 q;
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
        const auto idx = static_cast<std::size_t>(i);
        const u128 cur = (rem << 64) | limbs_[idx];
        q.limbs_[idx] = static_cast<std::uint64_t>(cur / div);
        rem = cur % div;
    }
    if (remainder)
        *remainder = static_cast<std::uint64_t>(rem);
    return q;
}

UInt256 UInt256::mulDivSaturating(std::uint64_t mul, std::uint64_t div) const {
    // 320-bit product, then long division by a 64-bit divisor, most significant limb first.
    std::array<std::uint64_t, 5> product{};
    u128 carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const u128 t = static_cast<u128>(limbs_[i]) * mul + carry;
        product[i] = static_cast<std::uint64_t>(t);
        carry = t >> 64;
    }
    product[4] = static_cast<std::uint64_t>(carry);

    std::array<std::uint64_t, 5> quotient{};
    u128 rem = 0;
    for (int i = 4; i >= 0; --i) {
        const auto idx = static_cast<std::size_t>(i);
        const u128 cur = (rem << 64) | product[idx];
        quotient[idx] = static_cast<std::uint64_t>(cur / div);
        rem = cur % div;
    }
    if (quotient[4] != 0)
        return max();
    UInt256 r;
    std::copy(quotient.begin(), quotient.begin() + 4, r.limbs_.begin());
    return r;
}

double UInt256::toDouble() const {
    double d = 0;
    for (int i = 3; i >= 0; --i)
        d = d * 18446744073709551616.0 + double(limb(i)); // 2^64
    return d;
}

} // namespace mbc
