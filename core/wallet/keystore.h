#pragma once

#include "wallet/hd_key.h"
#include "wallet/passphrase_seal.h"
#include "wallet/private_key.h"
#include "json/json_value.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mbc::wallet {

// Where a hierarchical wallet's keys come from (BIP44's layout, coin type 1 as test networks
// use): m/44'/1'/0' is the account; /0/i are receive addresses, /1/i change addresses.
inline constexpr std::string_view kAccountPath = "m/44'/1'/0'";
enum class KeyChain : std::uint32_t { Receive = 0, Change = 1 };

// One key of the wallet as anyone may see it, locked or not.
struct KeyEntry {
    std::string label;
    PubKeyHash address;
    PublicKey publicKey;
    std::string path; // "m/44'/1'/0'/0/3" for a key from the recovery words; empty if imported
    bool isChange() const;
};

struct KeystoreError {
    enum class Kind {
        WrongPassphrase,
        Locked,
        Duplicate,
        InvalidKey,
        UnknownAddress,
        Corrupt,
        NoRecoveryWords, // a wallet of random keys (made before recovery words existed)
        TooManyKeys,     // beyond what a restore derives (a node claiming every address used)
    };
    Kind kind;
    std::string message;
};

// The wallet's keys, in memory. Addresses, public keys and labels are readable while locked;
// the private keys (and the recovery words of a hierarchical wallet) are sealed with a
// passphrase (scrypt, then AES-256-GCM) and held in memory only while unlocked. Serialized as a
// JSON document (toJson / fromJson: version 1 for random keys only, 2 with recovery words);
// reading and writing the file is the caller's business. Not thread-safe.
class Keystore {
public:
    // A new, empty keystore of random keys, unlocked.
    static Keystore create(std::string_view passphrase, const KdfCost& cost = {});
    // A new hierarchical keystore for recovery words (normalizeMnemonic's form), unlocked, with
    // no keys yet: deriveNext() adds them.
    static Keystore createHierarchical(std::string_view passphrase, std::string_view mnemonic,
                                       const KdfCost& cost = {});
    // A keystore as toJson wrote it, locked; Corrupt if it is not one.
    static std::variant<Keystore, KeystoreError> fromJson(std::string_view text);
    // The same from the parsed document (the wallet file reads its book from it too).
    static std::variant<Keystore, KeystoreError> fromDocument(const json::Value& document);
    std::string toJson() const;

    // Copies are whole keystores (secrets too, while unlocked); each wipes its own on the way out.
    Keystore(const Keystore&) = default;
    Keystore& operator=(const Keystore&) = default;
    Keystore(Keystore&&) = default;
    Keystore& operator=(Keystore&&) = default;
    ~Keystore();

    bool locked() const { return !key_; }
    // WrongPassphrase, or Corrupt if the sealed keys do not match the addresses.
    std::optional<KeystoreError> unlock(std::string_view passphrase);
    void lock(); // the private keys leave memory

    const std::vector<KeyEntry>& keys() const { return keys_; }
    const KeyEntry* find(const PubKeyHash& address) const;

    bool hierarchical() const { return hierarchical_; }
    // How many keys of a chain have been derived (the next one's index).
    std::uint32_t derivedCount(KeyChain chain) const { return next_[std::size_t(chain)]; }

    // Need the keystore unlocked.
    // A hierarchical wallet derives its next key of the chain, other wallets make a random one.
    std::variant<KeyEntry, KeystoreError> newKey(std::string label,
                                                 KeyChain chain = KeyChain::Receive);
    // Derives keys of a hierarchical wallet's chain until it has `count`, sealing once.
    std::optional<KeystoreError> deriveUpTo(KeyChain chain, std::uint32_t count,
                                            const std::string& label);
    // The addresses at indexes [from, from + count) of a chain, without adding them (to look
    // for them on the chain when restoring).
    std::variant<std::vector<PubKeyHash>, KeystoreError>
    peekAddresses(KeyChain chain, std::uint32_t from, std::uint32_t count) const;
    // The recovery words, only for whoever knows the passphrase (asked again even when unlocked).
    std::variant<std::string, KeystoreError> recoveryWords(std::string_view passphrase) const;
    std::variant<KeyEntry, KeystoreError> importKey(std::string_view privateKeyHex,
                                                    std::string label);
    std::variant<PrivateKey, KeystoreError> privateKey(const PubKeyHash& address) const;
    std::optional<KeystoreError> changePassphrase(std::string_view current, std::string_view fresh);
    // Works locked too (labels are not secret).
    std::optional<KeystoreError> setLabel(const PubKeyHash& address, std::string label);

private:
    Keystore() = default;
    std::variant<KeyEntry, KeystoreError> add(const PrivateKey& key, std::string label,
                                              std::string path = {}, bool seal = true);
    std::variant<KeyEntry, KeystoreError> deriveNext(KeyChain chain, std::string label, bool seal);
    std::optional<PrivateKey> derivedKey(KeyChain chain, std::uint32_t& index) const;
    std::optional<KeystoreError> takeRecoveryWords(std::string words);
    void reseal();         // seals secrets_ under key_ again
    Bytes context() const; // what the seal binds besides the keys: format, cost, salt, addresses
    int version() const { return hierarchical_ ? 2 : 1; }

    KdfCost cost_;
    SealKey::Salt salt_{};
    std::vector<KeyEntry> keys_;
    Sealed sealed_;
    std::optional<SealKey> key_;               // while unlocked
    std::map<PubKeyHash, PrivateKey> secrets_; // while unlocked
    bool hierarchical_ = false;
    std::array<std::uint32_t, 2> next_{};   // per KeyChain
    std::string mnemonic_;                  // while unlocked
    std::optional<ExtendedKey> accountKey_; // while unlocked: kAccountPath's key
};

// Overwrites every string of a parsed document (one that held secrets) in place.
void wipeStrings(json::Value& document);

} // namespace mbc::wallet
