#include "support/signature_tweaks.h"

#include "consensus/primitives/uint256.h"
#include "consensus/serialize/byte_writer.h"

#include <secp256k1.h>

#include <stdexcept>

namespace mbc::test {
namespace {

// DER INTEGER body for a non-negative value: minimal big-endian, 0x00 prefix if the top bit is set.
Bytes derInteger(const UInt256& v) {
    const auto be = v.toBigEndian();
    std::size_t first = 0;
    while (first < 31 && be[first] == 0)
        ++first;
    Bytes out(be.begin() + long(first), be.end());
    if (out[0] & 0x80)
        out.insert(out.begin(), 0x00);
    return out;
}

UInt256 readInteger(const Bytes& der, std::size_t pos, std::size_t len) {
    std::array<std::uint8_t, 32> be{};
    std::size_t skip = len > 32 ? len - 32 : 0;
    for (std::size_t i = skip; i < len; ++i)
        be[32 - (len - i)] = der[pos + i];
    return UInt256::fromBigEndian(be);
}

} // namespace

Bytes toHighS(const Bytes& der) {
    const UInt256 n = *UInt256::fromHexQuantity(
        "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    if (der.size() < 8 || der[0] != 0x30 || der[2] != 0x02)
        throw std::invalid_argument("not a DER signature");
    const std::size_t rLen = der[3];
    const std::size_t sTag = 4 + rLen;
    const std::size_t sLen = der[sTag + 1];
    const Bytes r(der.begin() + 4, der.begin() + long(4 + rLen));
    const UInt256 s = readInteger(der, sTag + 2, sLen);
    const Bytes highS = derInteger(n - s);
    Bytes out;
    ByteWriter w(out);
    w.u8(0x30);
    w.u8(std::uint8_t(2 + r.size() + 2 + highS.size()));
    w.u8(0x02);
    w.u8(std::uint8_t(r.size()));
    w.bytes(r);
    w.u8(0x02);
    w.u8(std::uint8_t(highS.size()));
    w.bytes(highS);
    return out;
}

Bytes uncompressedPublicKey(const PrivateKey& key) {
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_pubkey pk;
    const PublicKey compressed = key.publicKey();
    Bytes out(65);
    std::size_t len = out.size();
    const bool ok =
        secp256k1_ec_pubkey_parse(ctx, &pk, compressed.data(), compressed.size()) == 1 &&
        secp256k1_ec_pubkey_serialize(ctx, out.data(), &len, &pk, SECP256K1_EC_UNCOMPRESSED) == 1;
    secp256k1_context_destroy(ctx);
    if (!ok || len != 65)
        throw std::runtime_error("could not serialize an uncompressed key");
    return out;
}

} // namespace mbc::test
