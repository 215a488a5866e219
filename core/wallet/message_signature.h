#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "wallet/private_key.h"

#include <string>
#include <string_view>

// Signed messages: proof that whoever holds an address's key wrote a text, checked with only the
// address. The format is Bitcoin Core's signmessage with MiniBitcoin's own prefix:
//   digest    = sha256d(varint(28) "MiniBitcoin Signed Message:\n" varint(len) message)
//   signature = base64 of 65 bytes: 31 + recovery id, then r and s (32 bytes each)
// (31 to 34: Bitcoin's 27 + 4 for a compressed key, the only kind MiniBitcoin has). A verifier
// recovers the public key from the signature and compares its hash160 to the address.
namespace mbc::wallet {

inline constexpr std::string_view kMessagePrefix = "MiniBitcoin Signed Message:\n";

Hash256 messageDigest(std::string_view message);

std::string signMessage(const PrivateKey& key, std::string_view message);

enum class MessageCheck {
    Valid,
    Malformed,   // not base64 of 65 bytes with a header byte of 31 to 34
    WrongSigner, // a signature, but by another key or of another message
};
MessageCheck verifyMessage(const PubKeyHash& address, std::string_view message,
                           std::string_view signatureBase64);

} // namespace mbc::wallet
