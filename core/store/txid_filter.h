#pragma once

#include "consensus/primitives/fixed_bytes.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mbc::store {

// The txids a table may hold, in memory: a Bloom filter that says "no" only for a txid it was
// never given, and "maybe" for a few others in a hundred. Staging a synced block asks the table
// only about its txids the filter may hold, where it asked about every one (a probe of the
// table's key each, most of them for txids no block has). It grows with what it is given, in
// parts that double (12 bits a txid each, about 1% "maybe" once full, one word read a part: a
// million txids take five parts, 3 MB, and about 5% "maybe"); nothing leaves it, so a txid that
// leaves the table only costs a probe.
//
// The bits a txid sets depend on a random key of each filter, so that no one can make txids
// that set the same bits as others on purpose (which would only bring the probes back).
class TxidFilter {
public:
    TxidFilter();
    void add(const Hash256& txid);
    // False only if `txid` was never added.
    bool mayHold(const Hash256& txid) const;
    std::size_t added() const { return added_; }
    std::size_t bytes() const;

private:
    // A Bloom filter of one 64-bit word per txid (4 bits of it); when it holds what it was made
    // for, a part twice its size takes the next ones.
    struct Part {
        std::vector<std::uint64_t> words;
        std::size_t capacity = 0;
        std::size_t count = 0;
        std::uint64_t salt = 0;
    };
    static std::size_t wordOf(const Part& part, const Hash256& txid);
    std::uint64_t bitsOf(const Hash256& txid) const;

    std::vector<Part> parts_;
    std::array<std::uint64_t, 2> key_{};
    std::size_t added_ = 0;
};

} // namespace mbc::store
