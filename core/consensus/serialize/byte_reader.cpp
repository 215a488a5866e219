#include "consensus/serialize/byte_reader.h"

#include <algorithm>
#include <string>

namespace mbc {

void ByteReader::setFailure(RejectCode code, std::string message) {
    if (!failure_)
        failure_ = Failure{code, std::move(message)};
}

bool ByteReader::take(std::size_t n, std::string_view field) {
    if (failed())
        return false;
    if (n > remaining()) {
        setFailure(RejectCode::DecodeTruncated, "input ends inside " + std::string(field) +
                                                    " at byte " + std::to_string(pos_) +
                                                    " (needs " + std::to_string(n) + ", has " +
                                                    std::to_string(remaining()) + ")");
        return false;
    }
    return true;
}

std::uint64_t ByteReader::le(int width, std::string_view field) {
    const auto n = static_cast<std::size_t>(width);
    if (!take(n, field))
        return 0;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= static_cast<std::uint64_t>(data_[pos_ + i]) << (8 * i);
    pos_ += n;
    return v;
}

std::uint8_t ByteReader::u8(std::string_view field) {
    return static_cast<std::uint8_t>(le(1, field));
}

std::uint64_t ByteReader::varint(std::string_view field) {
    const std::size_t start = pos_;
    const std::uint8_t first = u8(field);
    std::uint64_t v = first;
    std::uint64_t minimum = 0;
    if (first == 0xFD) {
        v = u16(field);
        minimum = 0xFD;
    } else if (first == 0xFE) {
        v = u32(field);
        minimum = 0x10000;
    } else if (first == 0xFF) {
        v = u64(field);
        minimum = 0x100000000ull;
    }
    if (failed())
        return 0;
    if (v < minimum) {
        setFailure(RejectCode::DecodeNonCanonicalVarint,
                   std::string(field) + " at byte " + std::to_string(start) +
                       " uses a longer varint encoding than its value " + std::to_string(v) +
                       " needs");
        return 0;
    }
    return v;
}

void ByteReader::bytes(std::span<std::uint8_t> out, std::string_view field) {
    if (!take(out.size(), field))
        return;
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), out.size(), out.begin());
    pos_ += out.size();
}

Bytes ByteReader::lengthPrefixed(std::string_view field) {
    const std::uint64_t len = varint(field);
    if (failed())
        return {};
    if (len > remaining()) {
        setFailure(RejectCode::DecodeTruncated, std::string(field) + " claims " +
                                                    std::to_string(len) + " bytes but only " +
                                                    std::to_string(remaining()) + " remain");
        return {};
    }
    Bytes out(static_cast<std::size_t>(len));
    bytes(out, field);
    return out;
}

std::size_t ByteReader::count(std::size_t minElementSize, std::string_view field) {
    const std::uint64_t n = varint(field);
    if (failed())
        return 0;
    if (n > remaining() / minElementSize) {
        setFailure(RejectCode::DecodeCountTooLarge,
                   std::string(field) + " count " + std::to_string(n) + " cannot fit in the " +
                       std::to_string(remaining()) + " bytes that remain");
        return 0;
    }
    return static_cast<std::size_t>(n);
}

void ByteReader::expectEnd(std::string_view what) {
    if (!failed() && remaining() != 0)
        setFailure(RejectCode::DecodeTrailingBytes, std::to_string(remaining()) +
                                                        " unexpected bytes after the " +
                                                        std::string(what));
}

} // namespace mbc
