#include "wallet/message_signature.h"

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/public_key.h"
#include "consensus/serialize/byte_writer.h"

#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <array>
#include <optional>

namespace mbc::wallet {
namespace {

constexpr std::size_t kSignatureBytes = 65;
constexpr std::size_t kSignatureBase64 = 88; // 4 * ceil(65 / 3)
constexpr int kCompressedHeader = 31;        // 27 + 4: recovery id 0 with a compressed key

ByteSpan bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string toBase64(const std::array<std::uint8_t, kSignatureBytes>& bytes) {
    std::array<unsigned char, kSignatureBase64 + 1> text{};
    const int n = EVP_EncodeBlock(text.data(), bytes.data(), int(bytes.size()));
    return std::string(reinterpret_cast<const char*>(text.data()), std::size_t(n));
}

// Only the one canonical base64 text of 65 bytes: decoding, then encoding again must give the
// text back (so padding, whitespace and stray bits cannot make two texts of one signature).
std::optional<std::array<std::uint8_t, kSignatureBytes>> fromBase64(std::string_view text) {
    if (text.size() != kSignatureBase64)
        return std::nullopt;
    std::array<unsigned char, kSignatureBase64> decoded{};
    if (EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(text.data()),
                        int(text.size())) != 66) // EVP_DecodeBlock counts the padding as a 0
        return std::nullopt;
    std::array<std::uint8_t, kSignatureBytes> bytes{};
    std::copy_n(decoded.begin(), kSignatureBytes, bytes.begin());
    if (toBase64(bytes) != text)
        return std::nullopt;
    return bytes;
}

} // namespace

Hash256 messageDigest(std::string_view message) {
    Bytes data;
    ByteWriter w(data);
    w.lengthPrefixed(bytesOf(kMessagePrefix));
    w.lengthPrefixed(bytesOf(message));
    return sha256d(data);
}

std::string signMessage(const PrivateKey& key, std::string_view message) {
    const PrivateKey::Recoverable sig = key.signRecoverable(messageDigest(message));
    std::array<std::uint8_t, kSignatureBytes> bytes{};
    bytes[0] = std::uint8_t(kCompressedHeader + sig.recoveryId);
    std::copy(sig.compact.begin(), sig.compact.end(), bytes.begin() + 1);
    return toBase64(bytes);
}

MessageCheck verifyMessage(const PubKeyHash& address, std::string_view message,
                           std::string_view signatureBase64) {
    const auto bytes = fromBase64(signatureBase64);
    if (!bytes || (*bytes)[0] < kCompressedHeader || (*bytes)[0] > kCompressedHeader + 3)
        return MessageCheck::Malformed;
    const secp256k1_context* ctx = secp256k1_context_static;
    secp256k1_ecdsa_recoverable_signature sig;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, bytes->data() + 1,
                                                            (*bytes)[0] - kCompressedHeader) != 1)
        return MessageCheck::Malformed;
    const Hash256 digest = messageDigest(message);
    secp256k1_pubkey recovered;
    if (secp256k1_ecdsa_recover(ctx, &recovered, &sig, digest.data()) != 1)
        return MessageCheck::WrongSigner;
    PublicKey pub;
    std::size_t len = pub.size();
    secp256k1_ec_pubkey_serialize(ctx, pub.data(), &len, &recovered, SECP256K1_EC_COMPRESSED);
    return addressOf(pub) == address ? MessageCheck::Valid : MessageCheck::WrongSigner;
}

} // namespace mbc::wallet
