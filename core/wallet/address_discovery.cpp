#include "wallet/address_discovery.h"

#include <algorithm>

namespace mbc::wallet {

std::variant<std::uint32_t, KeystoreError> usedKeyCount(const Keystore& keystore, KeyChain chain,
                                                        const UsedAddresses& used,
                                                        std::uint32_t gap) {
    std::uint32_t needed = 0; // one past the last used index seen
    std::uint32_t checked = 0;
    while (checked < needed + gap) {
        if (needed > kMaxRestoredKeys)
            return KeystoreError{KeystoreError::Kind::TooManyKeys,
                                 "the node says more than " + std::to_string(kMaxRestoredKeys) +
                                     " addresses of these words were used; not believing it"};
        auto batch = keystore.peekAddresses(chain, checked, needed + gap - checked);
        if (auto* e = std::get_if<KeystoreError>(&batch))
            return *e;
        const auto& addresses = std::get<std::vector<PubKeyHash>>(batch);
        if (addresses.empty())
            break;
        const std::vector<bool> answers = used(addresses);
        for (std::size_t i = 0; i < addresses.size() && i < answers.size(); ++i)
            if (answers[i])
                needed = checked + std::uint32_t(i) + 1;
        checked += std::uint32_t(addresses.size());
    }
    return needed;
}

std::variant<Keystore, KeystoreError> restoreKeystore(std::string_view passphrase,
                                                      std::string_view mnemonic,
                                                      const UsedAddresses& used,
                                                      const KdfCost& cost) {
    Keystore keystore = Keystore::createHierarchical(passphrase, mnemonic, cost);
    for (const KeyChain chain : {KeyChain::Receive, KeyChain::Change}) {
        auto count = usedKeyCount(keystore, chain, used);
        if (auto* e = std::get_if<KeystoreError>(&count))
            return *e;
        std::uint32_t wanted = std::get<std::uint32_t>(count);
        if (chain == KeyChain::Receive)
            wanted = std::max<std::uint32_t>(wanted, 1);
        if (auto failed =
                keystore.deriveUpTo(chain, wanted, chain == KeyChain::Receive ? "" : "change"))
            return *failed;
    }
    return keystore;
}

} // namespace mbc::wallet
