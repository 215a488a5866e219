#include "consensus/crypto/header_midstate.h"

namespace mbc {
namespace {

HashWords wordsOf(const std::array<std::uint8_t, 32>& bigEndian) {
    HashWords w{};
    for (std::size_t i = 0; i < 8; ++i)
        w[i] = (std::uint32_t(bigEndian[4 * i]) << 24) |
               (std::uint32_t(bigEndian[4 * i + 1]) << 16) |
               (std::uint32_t(bigEndian[4 * i + 2]) << 8) | std::uint32_t(bigEndian[4 * i + 3]);
    return w;
}

// Word by word from the most significant: the comparison of the two 256-bit numbers.
bool atMost(const HashWords& hash, const HashWords& target) {
    for (std::size_t i = 0; i < 8; ++i)
        if (hash[i] != target[i])
            return hash[i] < target[i];
    return true;
}

} // namespace

HeaderMidstate::HeaderMidstate(const std::array<std::uint8_t, 108>& header, HeaderHashKernel kernel)
    : job_(makeHeaderHashJob(header))
    , hashPair_(kernelFunction(kernel)) {}

void HeaderMidstate::setTimestamp(std::uint32_t timestamp) {
    setJobTimestamp(job_, timestamp);
}

Hash256 HeaderMidstate::hashWithNonce(std::uint32_t nonce) const {
    HashWordsPair words;
    hashPair_(job_, nonce, words);
    Hash256 out;
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            out.bytes[4 * i + j] = static_cast<std::uint8_t>(words[0][i] >> (24 - 8 * j));
    return out;
}

std::optional<std::uint32_t>
HeaderMidstate::search(std::uint32_t first, std::uint32_t last,
                       const std::array<std::uint8_t, 32>& target) const {
    if (first > last)
        return std::nullopt;
    const HashWords targetWords = wordsOf(target);
    HashWordsPair words;
    for (std::uint32_t n = first;; n += 2) {
        hashPair_(job_, n, words);
        if (atMost(words[0], targetWords))
            return n;
        if (n == last)
            return std::nullopt;
        if (atMost(words[1], targetWords))
            return n + 1;
        if (n + 1 == last)
            return std::nullopt;
    }
}

} // namespace mbc
