#include "wallet/mnemonic.h"

#include "consensus/crypto/hashes.h"
#include "wallet/bip39_wordlist.h"
#include "wallet/passphrase_seal.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>
#include <vector>

namespace mbc::wallet {
namespace {

constexpr int kBitsPerWord = 11;

bool validEntropySize(std::size_t bytes) {
    return bytes >= 16 && bytes <= 32 && bytes % 4 == 0;
}

// The typed words, lower-cased, split on any whitespace.
std::vector<std::string> splitWords(std::string_view typed) {
    std::vector<std::string> words;
    std::string current;
    for (const char c : typed) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty())
                words.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(char(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

MnemonicError wordCountError(std::size_t count) {
    return {MnemonicError::Kind::WordCount,
            "recovery words come in 12, 15, 18, 21 or 24; these are " + std::to_string(count),
            0,
            {},
            int(count)};
}

} // namespace

std::string mnemonicFromEntropy(ByteSpan entropy) {
    if (!validEntropySize(entropy.size()))
        throw std::invalid_argument("BIP39 entropy is 16 to 32 bytes, a multiple of 4");
    const Hash256 checksum = sha256(entropy);
    const std::size_t checksumBits = entropy.size() / 4;
    const std::size_t wordCount = (entropy.size() * 8 + checksumBits) / kBitsPerWord;
    const auto bit = [&](std::size_t i) {
        const std::uint8_t byte =
            i < entropy.size() * 8 ? entropy[i / 8] : checksum.bytes[i / 8 - entropy.size()];
        return (byte >> (7 - i % 8)) & 1;
    };
    const auto words = bip39EnglishWords();
    std::string out;
    out.reserve(wordCount * 9); // the longest word has 8 letters: no reallocation leaves a copy
    for (std::size_t w = 0; w < wordCount; ++w) {
        int index = 0;
        for (int b = 0; b < kBitsPerWord; ++b)
            index = (index << 1) | bit(w * kBitsPerWord + std::size_t(b));
        if (w > 0)
            out += ' ';
        out += words[std::size_t(index)];
    }
    return out;
}

std::string generateMnemonic(int wordCount) {
    const int bytes = wordCount * kBitsPerWord * 32 / 33 / 8;
    if (wordCount % 3 != 0 || !validEntropySize(std::size_t(bytes)))
        throw std::invalid_argument("recovery words come in 12, 15, 18, 21 or 24");
    std::array<std::uint8_t, 32> entropy{};
    if (RAND_priv_bytes(entropy.data(), bytes) != 1)
        throw std::runtime_error("the operating system's random number generator failed");
    std::string words = mnemonicFromEntropy(ByteSpan(entropy.data(), std::size_t(bytes)));
    wipe(entropy);
    return words;
}

std::variant<Bytes, MnemonicError> mnemonicEntropy(std::string_view typed) {
    std::vector<std::string> words = splitWords(typed);
    const std::size_t totalBits = words.size() * kBitsPerWord;
    if (words.size() < 12 || words.size() > 24 || words.size() % 3 != 0)
        return wordCountError(words.size());
    std::vector<bool> bits;
    bits.reserve(totalBits);
    for (std::size_t w = 0; w < words.size(); ++w) {
        const auto index = bip39WordIndex(words[w]);
        if (!index)
            return MnemonicError{MnemonicError::Kind::UnknownWord,
                                 "word " + std::to_string(w + 1) + ", \"" + words[w] +
                                     "\", is not in the BIP39 English list",
                                 int(w + 1), words[w], 0};
        for (int b = kBitsPerWord - 1; b >= 0; --b)
            bits.push_back((*index >> b) & 1);
    }
    const std::size_t checksumBits = totalBits / 33;
    Bytes entropy((totalBits - checksumBits) / 8);
    for (std::size_t i = 0; i < entropy.size() * 8; ++i)
        entropy[i / 8] = std::uint8_t(entropy[i / 8] | (bits[i] << (7 - i % 8)));
    const Hash256 checksum = sha256(entropy);
    const auto forget = [&] { // the words and their bits are the secret too
        std::fill(bits.begin(), bits.end(), false);
        for (std::string& w : words)
            wipe(std::span(reinterpret_cast<std::uint8_t*>(w.data()), w.size()));
    };
    for (std::size_t i = 0; i < checksumBits; ++i)
        if (bits[entropy.size() * 8 + i] != bool((checksum.bytes[i / 8] >> (7 - i % 8)) & 1)) {
            forget();
            wipe(entropy);
            return MnemonicError{MnemonicError::Kind::Checksum,
                                 "these words are all in the list, but their checksum does not "
                                 "match: a word is wrong or out of order",
                                 0,
                                 {},
                                 0};
        }
    forget();
    return entropy;
}

std::variant<std::string, MnemonicError> normalizeMnemonic(std::string_view typed) {
    auto entropy = mnemonicEntropy(typed);
    if (auto* e = std::get_if<MnemonicError>(&entropy))
        return *e;
    Bytes& bytes = std::get<Bytes>(entropy);
    std::string words = mnemonicFromEntropy(bytes);
    wipe(bytes);
    return words;
}

Seed seedFromMnemonic(std::string_view normalizedWords, std::string_view passphrase) {
    std::string salt = "mnemonic";
    salt += passphrase;
    Seed seed{};
    const int ok =
        PKCS5_PBKDF2_HMAC(normalizedWords.data(), int(normalizedWords.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), int(salt.size()),
                          2048, EVP_sha512(), int(seed.size()), seed.data());
    wipe(std::span(reinterpret_cast<std::uint8_t*>(salt.data()), salt.size()));
    if (ok != 1)
        throw std::runtime_error("PBKDF2-HMAC-SHA512 failed");
    return seed;
}

} // namespace mbc::wallet
