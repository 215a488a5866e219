#pragma once

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

// One key of the wallet as anyone may see it, locked or not.
struct KeyEntry {
    std::string label;
    PubKeyHash address;
    PublicKey publicKey;
};

struct KeystoreError {
    enum class Kind { WrongPassphrase, Locked, Duplicate, InvalidKey, UnknownAddress, Corrupt };
    Kind kind;
    std::string message;
};

// The wallet's keys, in memory. Addresses, public keys and labels are readable while locked;
// the private keys are sealed with a passphrase (scrypt, then AES-256-GCM) and held in memory
// only while unlocked. Serialized as a JSON document (toJson / fromJson); reading and writing
// the file is the caller's business. Not thread-safe.
class Keystore {
public:
    // A new, empty keystore, unlocked.
    static Keystore create(std::string_view passphrase, const KdfCost& cost = {});
    // A keystore as toJson wrote it, locked; Corrupt if it is not one.
    static std::variant<Keystore, KeystoreError> fromJson(std::string_view text);
    std::string toJson() const;

    bool locked() const { return !key_; }
    // WrongPassphrase, or Corrupt if the sealed keys do not match the addresses.
    std::optional<KeystoreError> unlock(std::string_view passphrase);
    void lock(); // the private keys leave memory

    const std::vector<KeyEntry>& keys() const { return keys_; }
    const KeyEntry* find(const PubKeyHash& address) const;

    // Need the keystore unlocked.
    std::variant<KeyEntry, KeystoreError> newKey(std::string label);
    std::variant<KeyEntry, KeystoreError> importKey(std::string_view privateKeyHex,
                                                    std::string label);
    std::variant<PrivateKey, KeystoreError> privateKey(const PubKeyHash& address) const;
    std::optional<KeystoreError> changePassphrase(std::string_view current, std::string_view fresh);
    // Works locked too (labels are not secret).
    std::optional<KeystoreError> setLabel(const PubKeyHash& address, std::string label);

private:
    Keystore() = default;
    std::variant<KeyEntry, KeystoreError> add(const PrivateKey& key, std::string label);
    void reseal();         // seals secrets_ under key_ again
    Bytes context() const; // what the seal binds besides the keys: format, cost, salt, addresses

    KdfCost cost_;
    SealKey::Salt salt_{};
    std::vector<KeyEntry> keys_;
    Sealed sealed_;
    std::optional<SealKey> key_;               // while unlocked
    std::map<PubKeyHash, PrivateKey> secrets_; // while unlocked
};

// Overwrites every string of a parsed document (one that held secrets) in place.
void wipeStrings(json::Value& document);

} // namespace mbc::wallet
