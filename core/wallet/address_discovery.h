#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "wallet/keystore.h"

#include <cstdint>
#include <functional>
#include <variant>
#include <vector>

// Finding a restored wallet's keys again: derive addresses in order and ask the chain which
// have been used, until a run of unused ones (the gap) says the user never went further.
namespace mbc::wallet {

// Electrum's and BIP44's gap limit: 20 unused addresses in a row end the search.
inline constexpr std::uint32_t kAddressGap = 20;
// No person's wallet has used more; a node that says so is not believed (TooManyKeys).
inline constexpr std::uint32_t kMaxRestoredKeys = 10'000;

// For each address, whether any transaction of the chain or the mempool pays or spends it.
using UsedAddresses = std::function<std::vector<bool>(const std::vector<PubKeyHash>&)>;

// How many keys of `chain` the restored wallet needs: one past the last used address, found by
// asking `used` about kAddressGap addresses at a time. Needs `keystore` unlocked and
// hierarchical.
std::variant<std::uint32_t, KeystoreError> usedKeyCount(const Keystore& keystore, KeyChain chain,
                                                        const UsedAddresses& used,
                                                        std::uint32_t gap = kAddressGap);

// A hierarchical keystore for the words, unlocked, holding every key the chain shows used (and
// at least one receive address).
std::variant<Keystore, KeystoreError> restoreKeystore(std::string_view passphrase,
                                                      std::string_view mnemonic,
                                                      const UsedAddresses& used,
                                                      const KdfCost& cost = {});

} // namespace mbc::wallet
