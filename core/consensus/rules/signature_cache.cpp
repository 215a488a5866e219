#include "consensus/rules/signature_cache.h"

#include "consensus/crypto/hashes.h"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace mbc {

SignatureCache::SignatureCache(std::size_t capacity)
    : generationCapacity_(std::max<std::size_t>(1, capacity / 2)) {
    if (RAND_bytes(salt_.data(), static_cast<int>(salt_.size())) != 1)
        throw std::runtime_error("the operating system's random number generator failed");
}

SignatureCache::Key SignatureCache::keyOf(const Hash256& sighash, ByteSpan pubkey,
                                          ByteSpan signature) const {
    // The pubkey's length first, so no two different (pubkey, signature) splits hash alike.
    const auto n = static_cast<std::uint32_t>(pubkey.size());
    const std::array<std::uint8_t, 4> length{
        static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
        static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 24)};
    return Sha256()
        .write(salt_)
        .write(sighash.bytes)
        .write(length)
        .write(pubkey)
        .write(signature)
        .finalize();
}

bool SignatureCache::contains(const Key& key) const {
    std::lock_guard lock(mutex_);
    return newer_.count(key) != 0 || older_.count(key) != 0;
}

bool SignatureCache::take(const Key& key) {
    std::lock_guard lock(mutex_);
    return newer_.erase(key) != 0 || older_.erase(key) != 0;
}

void SignatureCache::insert(const Key& key) {
    std::lock_guard lock(mutex_);
    if (older_.count(key))
        return;
    if (newer_.size() >= generationCapacity_) {
        older_ = std::move(newer_);
        newer_ = Set();
    }
    newer_.insert(key);
}

std::size_t SignatureCache::size() const {
    std::lock_guard lock(mutex_);
    return newer_.size() + older_.size();
}

} // namespace mbc
