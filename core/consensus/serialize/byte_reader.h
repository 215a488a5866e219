#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/result.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace mbc {

// Strict reader over untrusted bytes. The first error sticks: later reads return zeros and
// change nothing, so a decoder can read a whole structure and check failed() once per loop.
// Each read names the field it reads, so errors say where the input went wrong.
class ByteReader {
public:
    explicit ByteReader(ByteSpan data)
        : data_(data) {}

    std::uint8_t u8(std::string_view field);
    std::uint16_t u16(std::string_view field) { return static_cast<std::uint16_t>(le(2, field)); }
    std::uint32_t u32(std::string_view field) { return static_cast<std::uint32_t>(le(4, field)); }
    std::int32_t i32(std::string_view field) { return static_cast<std::int32_t>(u32(field)); }
    std::uint64_t u64(std::string_view field) { return le(8, field); }
    std::int64_t i64(std::string_view field) { return static_cast<std::int64_t>(u64(field)); }
    // CompactSize; refuses non-minimal encodings so every value has exactly one encoding.
    std::uint64_t varint(std::string_view field);
    // Copies exactly out.size() bytes.
    void bytes(std::span<std::uint8_t> out, std::string_view field);
    // varint(len) then len bytes; refuses a length beyond the remaining input.
    Bytes lengthPrefixed(std::string_view field);
    // A varint element count, refused if `count * minElementSize` exceeds the remaining input,
    // so a hostile count can never make the decoder reserve more than the input's size.
    std::size_t count(std::size_t minElementSize, std::string_view field);

    std::size_t remaining() const { return data_.size() - pos_; }
    std::size_t position() const { return pos_; }
    bool failed() const { return failure_.has_value(); }
    const Failure& failure() const { return *failure_; }
    // Fails unless every byte was consumed.
    void expectEnd(std::string_view what);

private:
    bool take(std::size_t n, std::string_view field);
    std::uint64_t le(int width, std::string_view field);
    void setFailure(RejectCode code, std::string message);

    ByteSpan data_;
    std::size_t pos_ = 0;
    std::optional<Failure> failure_;
};

} // namespace mbc
