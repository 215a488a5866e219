#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"

#include <openssl/sha.h>

#include <array>
#include <cstdint>

namespace mbc {

// Incremental SHA-256 (OpenSSL). Copyable: a copy continues from the same state, which is
// how a midstate is reused.
class Sha256 {
public:
    Sha256();
    // Continues a hash from its state after `blocks` whole 64-byte blocks: a midstate that
    // was computed elsewhere (the mining kernels' words, a..h).
    static Sha256 resume(const std::array<std::uint32_t, 8>& state, std::uint64_t blocks);
    Sha256& write(ByteSpan data);
    Hash256 finalize(); // the object must not be written to afterwards

private:
    SHA256_CTX ctx_;
};

Hash256 sha256(ByteSpan data);
// SHA256(SHA256(x)): txids, block hashes, merkle nodes, sighashes.
Hash256 sha256d(ByteSpan data);
// RIPEMD160(SHA256(x)): addresses.
PubKeyHash hash160(ByteSpan data);

} // namespace mbc
