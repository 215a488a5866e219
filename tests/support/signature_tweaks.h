#pragma once

#include "wallet/private_key.h"

namespace mbc::test {

// The same signature with s replaced by n - s: mathematically valid ECDSA, but high-S.
Bytes toHighS(const Bytes& lowSDer);

// The 65-byte uncompressed encoding (04 | X | Y) of a key's public point.
Bytes uncompressedPublicKey(const PrivateKey& key);

} // namespace mbc::test
