#include "consensus/crypto/header_midstate.h"

#include <algorithm>

namespace mbc {
namespace {
constexpr std::size_t kFirstBlock = 64;
constexpr std::size_t kTimestampInTail = 68 - kFirstBlock;
constexpr std::size_t kNonceInTail = 104 - kFirstBlock;

void putLe32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
} // namespace

HeaderMidstate::HeaderMidstate(const std::array<std::uint8_t, 108>& header) {
    midstate_.write(ByteSpan(header.data(), kFirstBlock));
    std::copy(header.begin() + kFirstBlock, header.end(), tail_.begin());
}

void HeaderMidstate::setTimestamp(std::uint32_t timestamp) {
    putLe32(tail_.data() + kTimestampInTail, timestamp);
}

Hash256 HeaderMidstate::hashWithNonce(std::uint32_t nonce) const {
    std::array<std::uint8_t, 44> tail = tail_;
    putLe32(tail.data() + kNonceInTail, nonce);
    Sha256 inner = midstate_;
    const Hash256 once = inner.write(tail).finalize();
    return Sha256().write(once.span()).finalize();
}

} // namespace mbc
