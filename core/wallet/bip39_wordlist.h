#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace mbc::wallet {

constexpr std::size_t kBip39WordCount = 2048;

// BIP39's English word list, in its order (built in from resources/wallet/bip39-english.txt,
// whose SHA-256 tests/wallet/tst_mnemonic.cpp checks against the published list's).
std::span<const std::string_view, kBip39WordCount> bip39EnglishWords();

// The word's place in the list (the list is sorted), or nullopt.
std::optional<int> bip39WordIndex(std::string_view word);

} // namespace mbc::wallet
