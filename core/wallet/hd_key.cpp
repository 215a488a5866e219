#include "wallet/hd_key.h"

#include "consensus/crypto/hashes.h"
#include "wallet/passphrase_seal.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace mbc::wallet {
namespace {

constexpr std::uint32_t kXprvVersion = 0x0488ADE4;
constexpr std::uint32_t kXpubVersion = 0x0488B21E;

// HMAC-SHA512 split into its two halves: IL (key material) and IR (chain code).
struct Hmac512 {
    std::array<std::uint8_t, 64> out{};
    Hmac512(ByteSpan key, ByteSpan data) {
        unsigned int len = 0;
        if (!HMAC(EVP_sha512(), key.data(), int(key.size()), data.data(), data.size(), out.data(),
                  &len) ||
            len != out.size())
            throw std::runtime_error("HMAC-SHA512 failed");
    }
    ~Hmac512() { wipe(out); }
    std::span<const std::uint8_t, 32> left() const { return std::span(out).first<32>(); }
    std::span<const std::uint8_t, 32> right() const { return std::span(out).last<32>(); }
};

void putU32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(std::uint8_t(v >> shift));
}

} // namespace

std::optional<DerivationPath> parseDerivationPath(std::string_view text) {
    if (text.empty() || text[0] != 'm')
        return std::nullopt;
    text.remove_prefix(1);
    DerivationPath path;
    while (!text.empty()) {
        if (text[0] != '/' || path.size() == 255) // depth is one byte
            return std::nullopt;
        text.remove_prefix(1);
        std::uint32_t index = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
        if (ec != std::errc() || end == text.data() || index >= kHardened ||
            (text[0] == '0' && end - text.data() > 1))
            return std::nullopt;
        text.remove_prefix(std::size_t(end - text.data()));
        if (!text.empty() && (text[0] == '\'' || text[0] == 'h' || text[0] == 'H')) {
            index |= kHardened;
            text.remove_prefix(1);
        }
        path.push_back(index);
    }
    return path;
}

std::string formatDerivationPath(std::span<const std::uint32_t> path) {
    std::string out = "m";
    for (const std::uint32_t index : path)
        out += "/" + std::to_string(index & ~kHardened) + (index & kHardened ? "'" : "");
    return out;
}

ExtendedKey::ExtendedKey(PrivateKey key, std::span<const std::uint8_t, 32> chainCode)
    : key_(std::move(key)) {
    std::copy(chainCode.begin(), chainCode.end(), chainCode_.begin());
}

ExtendedKey::~ExtendedKey() {
    wipe(chainCode_);
}

std::optional<ExtendedKey> ExtendedKey::fromSeed(ByteSpan seed) {
    if (seed.size() < 16 || seed.size() > 64)
        throw std::invalid_argument("a BIP32 seed is 16 to 64 bytes");
    static constexpr std::string_view kDomain = "Bitcoin seed";
    const Hmac512 h(ByteSpan(reinterpret_cast<const std::uint8_t*>(kDomain.data()), kDomain.size()),
                    seed);
    auto key = PrivateKey::fromBytes(h.left());
    if (!key)
        return std::nullopt;
    return ExtendedKey(*key, h.right());
}

std::optional<ExtendedKey> ExtendedKey::child(std::uint32_t index) const {
    if (depth_ == 255)
        return std::nullopt;
    Bytes data;
    data.reserve(37);
    if (index & kHardened) {
        data.push_back(0);
        data.insert(data.end(), key_.bytes().begin(), key_.bytes().end());
    } else {
        const PublicKey pub = key_.publicKey();
        data.insert(data.end(), pub.begin(), pub.end());
    }
    putU32(data, index);
    const Hmac512 h(chainCode_, data);
    wipe(data);
    auto childKey = key_.plus(h.left());
    if (!childKey)
        return std::nullopt;
    ExtendedKey child(*childKey, h.right());
    child.depth_ = std::uint8_t(depth_ + 1);
    const PubKeyHash parentId = key_.address(); // hash160 of the compressed public key
    std::copy_n(parentId.begin(), 4, child.parentFingerprint_.begin());
    child.childNumber_ = index;
    return child;
}

std::optional<ExtendedKey> ExtendedKey::derive(std::span<const std::uint32_t> path) const {
    std::optional<ExtendedKey> at = *this;
    for (const std::uint32_t index : path) {
        at = at->child(index);
        if (!at)
            return std::nullopt;
    }
    return at;
}

Bytes ExtendedKey::serialize(std::uint32_t version, bool privateKey) const {
    Bytes out;
    out.reserve(78);
    putU32(out, version);
    out.push_back(depth_);
    out.insert(out.end(), parentFingerprint_.begin(), parentFingerprint_.end());
    putU32(out, childNumber_);
    out.insert(out.end(), chainCode_.begin(), chainCode_.end());
    if (privateKey) {
        out.push_back(0);
        out.insert(out.end(), key_.bytes().begin(), key_.bytes().end());
    } else {
        const PublicKey pub = key_.publicKey();
        out.insert(out.end(), pub.begin(), pub.end());
    }
    return out;
}

std::string ExtendedKey::xprv() const {
    Bytes raw = serialize(kXprvVersion, true);
    std::string text = base58CheckEncode(raw);
    wipe(raw);
    return text;
}

std::string ExtendedKey::xpub() const {
    return base58CheckEncode(serialize(kXpubVersion, false));
}

std::string base58CheckEncode(ByteSpan payload) {
    static constexpr std::string_view kAlphabet =
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    Bytes data(payload.begin(), payload.end());
    const Hash256 check = sha256d(payload);
    data.insert(data.end(), check.begin(), check.begin() + 4);
    // Repeated division of the big-endian number by 58; each leading zero byte is a '1'.
    std::string digits;
    std::vector<std::uint8_t> number(data.begin(), data.end());
    std::size_t start = 0;
    while (start < number.size() && number[start] == 0)
        ++start;
    const std::size_t zeros = start;
    while (start < number.size()) {
        int remainder = 0;
        for (std::size_t i = start; i < number.size(); ++i) {
            const int value = remainder * 256 + number[i];
            number[i] = std::uint8_t(value / 58);
            remainder = value % 58;
        }
        digits.push_back(kAlphabet[std::size_t(remainder)]);
        while (start < number.size() && number[start] == 0)
            ++start;
    }
    wipe(number);
    wipe(data);
    digits.append(zeros, '1');
    std::reverse(digits.begin(), digits.end());
    return digits;
}

} // namespace mbc::wallet
