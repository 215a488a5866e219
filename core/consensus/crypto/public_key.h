#pragma once

#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"

namespace mbc {

// A 33-byte compressed secp256k1 public key (consensus/PROTOCOL.md §2).
using PublicKey = FixedBytes<33>;

// A key's address: hash160 of its compressed encoding (consensus/PROTOCOL.md §2), the 20 bytes
// outputs pay to and that are written as 40 hex digits.
PubKeyHash addressOf(const PublicKey& pubkey);

// 33 bytes starting with 0x02 or 0x03: the only key form a spend may use.
bool isCompressedPubkeyEncoding(ByteSpan pubkey);

enum class SignatureCheck { Valid, BadPublicKey, BadSignature };

// Verifies `derSignature` over `digest`. Valid only for a compressed key on the curve and a
// strict-DER, low-S signature with no trailing bytes (what libsecp256k1 verifies).
SignatureCheck verifySignature(ByteSpan pubkey, ByteSpan derSignature, const Hash256& digest);

} // namespace mbc
