#pragma once

#include "consensus/primitives/bytes.h"

#include <cstdint>

namespace mbc {

// Appends little-endian integers, CompactSize varints and raw bytes (consensus/PROTOCOL.md §1).
class ByteWriter {
public:
    explicit ByteWriter(Bytes& out)
        : out_(out) {}

    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v) { putLe(v, 2); }
    void u32(std::uint32_t v) { putLe(v, 4); }
    void i32(std::int32_t v) { putLe(static_cast<std::uint32_t>(v), 4); }
    void u64(std::uint64_t v) { putLe(v, 8); }
    void i64(std::int64_t v) { putLe(static_cast<std::uint64_t>(v), 8); }
    void varint(std::uint64_t v);
    void bytes(ByteSpan data) { out_.insert(out_.end(), data.begin(), data.end()); }
    // varint(length) followed by the bytes.
    void lengthPrefixed(ByteSpan data) {
        varint(data.size());
        bytes(data);
    }

    // Bytes written so far (including what the buffer held before).
    std::size_t size() const { return out_.size(); }

    static std::size_t varintSize(std::uint64_t v) {
        return v < 0xFD ? 1 : v <= 0xFFFF ? 3 : v <= 0xFFFFFFFF ? 5 : 9;
    }

private:
    void putLe(std::uint64_t v, int width) {
        for (int i = 0; i < width; ++i)
            out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    Bytes& out_;
};

inline void ByteWriter::varint(std::uint64_t v) {
    if (v < 0xFD) {
        u8(static_cast<std::uint8_t>(v));
    } else if (v <= 0xFFFF) {
        u8(0xFD);
        u16(static_cast<std::uint16_t>(v));
    } else if (v <= 0xFFFFFFFF) {
        u8(0xFE);
        u32(static_cast<std::uint32_t>(v));
    } else {
        u8(0xFF);
        u64(v);
    }
}

} // namespace mbc
