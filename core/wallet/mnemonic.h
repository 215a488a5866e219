#pragma once

#include "consensus/primitives/bytes.h"

#include <array>
#include <string>
#include <string_view>
#include <variant>

// Recovery words (BIP39, English list): entropy and its checksum written as words, and the
// seed they stand for.
namespace mbc::wallet {

struct MnemonicError {
    enum class Kind { WordCount, UnknownWord, Checksum };
    Kind kind;
    std::string message; // "word 5, "abandn", is not in the BIP39 English list"
    int position = 0;    // for UnknownWord: which word (from 1)
    std::string word;    // for UnknownWord
    int count = 0;       // for WordCount: how many words there were
};

// 12, 15, 18, 21 or 24 words for 16, 20, 24, 28 or 32 bytes of entropy (std::invalid_argument
// for any other size), separated by single spaces.
std::string mnemonicFromEntropy(ByteSpan entropy);

// A new mnemonic of `wordCount` words (12 or 24, or the sizes above) from the operating system's
// randomness.
std::string generateMnemonic(int wordCount = 12);

// The words as the user typed them (any case, any whitespace between them) in their one
// canonical form, if they are a mnemonic: known words, a valid count and a matching checksum.
std::variant<std::string, MnemonicError> normalizeMnemonic(std::string_view typed);

// The entropy the words encode (normalized or as typed).
std::variant<Bytes, MnemonicError> mnemonicEntropy(std::string_view typed);

// BIP39's seed: PBKDF2-HMAC-SHA512 of the normalized words with salt "mnemonic" + passphrase,
// 2048 rounds. MiniBitcoin's wallets use an empty passphrase; the vectors use "TREZOR". Both
// must already be in Unicode NFKD form (ASCII always is).
using Seed = std::array<std::uint8_t, 64>;
Seed seedFromMnemonic(std::string_view normalizedWords, std::string_view passphrase = {});

} // namespace mbc::wallet
