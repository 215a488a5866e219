#include "store/txid_filter.h"

#include <cstring>
#include <random>

namespace mbc::store {
namespace {

constexpr std::size_t kFirstCapacity = std::size_t(1) << 16; // txids; then twice the last's
constexpr std::size_t kBitsPerTxid = 12; // (4 bits of a word each: about 1% say "maybe")

// splitmix64's finalizer: every bit of the result depends on every bit of `z`.
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t wordAt(const Hash256& txid, std::size_t offset) {
    std::uint64_t w;
    std::memcpy(&w, txid.data() + offset, sizeof w);
    return w;
}

std::uint64_t randomWord() {
    std::random_device device;
    return (std::uint64_t(device()) << 32) ^ device();
}

} // namespace

TxidFilter::TxidFilter()
    : key_{randomWord(), randomWord()} {}

std::size_t TxidFilter::wordOf(const Part& part, const Hash256& txid) {
    return std::size_t(mix(wordAt(txid, 0) ^ part.salt) % part.words.size());
}

std::uint64_t TxidFilter::bitsOf(const Hash256& txid) const {
    const std::uint64_t g = mix(wordAt(txid, 8) ^ key_[1]);
    return (std::uint64_t(1) << (g & 63)) | (std::uint64_t(1) << ((g >> 6) & 63)) |
           (std::uint64_t(1) << ((g >> 12) & 63)) | (std::uint64_t(1) << ((g >> 18) & 63));
}

void TxidFilter::add(const Hash256& txid) {
    if (parts_.empty() || parts_.back().count >= parts_.back().capacity) {
        Part next;
        next.capacity = parts_.empty() ? kFirstCapacity : 2 * parts_.back().capacity;
        next.words.assign(next.capacity * kBitsPerTxid / 64, 0);
        next.salt = mix(key_[0] + parts_.size());
        parts_.push_back(std::move(next));
    }
    Part& part = parts_.back();
    part.words[wordOf(part, txid)] |= bitsOf(txid);
    ++part.count;
    ++added_;
}

bool TxidFilter::mayHold(const Hash256& txid) const {
    const std::uint64_t bits = bitsOf(txid);
    for (const Part& part : parts_)
        if ((part.words[wordOf(part, txid)] & bits) == bits)
            return true;
    return false;
}

std::size_t TxidFilter::bytes() const {
    std::size_t total = 0;
    for (const Part& part : parts_)
        total += part.words.size() * sizeof(std::uint64_t);
    return total;
}

} // namespace mbc::store
