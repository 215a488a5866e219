#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "consensus/result.h"

#include <cstddef>
#include <deque>
#include <map>

namespace mbc {

// Hashes of blocks found invalid that were never stored (bad header, bad structure), with
// why, so a resubmission is refused at once without validating again. Bounded: the oldest
// are forgotten first.
class RecentRejects {
public:
    explicit RecentRejects(std::size_t capacity = 10'000)
        : capacity_(capacity) {}

    void add(const Hash256& hash, const Failure& why);
    const Failure* find(const Hash256& hash) const;
    std::size_t size() const { return reasons_.size(); }

private:
    std::size_t capacity_;
    std::map<Hash256, Failure> reasons_;
    std::deque<Hash256> order_;
};

} // namespace mbc
