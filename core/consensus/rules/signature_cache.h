#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"

#include <array>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <unordered_set>

namespace mbc {

// Signatures already found valid, so that none is verified twice: a tx's signatures are
// checked when it enters the mempool and again when its block arrives, and a block's are
// checked early (while its spent outputs are read from the store) and again in block order.
// The key is a salted hash of everything a verification reads (sighash, pubkey, signature),
// so a hit means this very check passed before; the secret salt keeps peers from choosing
// keys that collide in the table. Bounded, and safe to use from several threads.
class SignatureCache {
public:
    using Key = Hash256;
    static constexpr std::size_t kDefaultCapacity = 200'000; // about 10 MB

    explicit SignatureCache(std::size_t capacity = kDefaultCapacity);

    Key keyOf(const Hash256& sighash, ByteSpan pubkey, ByteSpan signature) const;
    bool contains(const Key& key) const;
    // A hit is removed: for block validation, after which nothing asks for it again.
    bool take(const Key& key);
    // Past the capacity, the older half of the entries is dropped.
    void insert(const Key& key);
    std::size_t size() const;

private:
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::size_t h;
            std::memcpy(&h, k.bytes.data(), sizeof h); // uniform: the key is a salted SHA-256
            return h;
        }
    };
    using Set = std::unordered_set<Key, KeyHash>;

    std::array<std::uint8_t, 32> salt_{};
    std::size_t generationCapacity_;
    mutable std::mutex mutex_;
    Set newer_; // entries are inserted here
    Set older_; // the previous generation, dropped when `newer_` fills up
};

// How a signature check uses the cache.
enum class SignatureCacheUse {
    Remember, // a hit counts as valid; a valid result is stored (mempool, early block checks)
    Consume,  // a hit counts as valid and is removed; results are not stored (block order)
    Consult,  // a hit counts as valid; nothing is stored or removed (a synced page's checks,
              // whose blocks' validation then skips the signatures)
};

} // namespace mbc
