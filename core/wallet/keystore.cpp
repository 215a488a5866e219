#include "wallet/keystore.h"

#include "wallet/mnemonic.h"
#include "json/json_value.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mbc::wallet {
namespace {

constexpr const char* kFormat = "minibitcoin-keystore";
constexpr const char* kMnemonicSecret = "mnemonic"; // beside the keys, in the sealed secrets

KeystoreError error(KeystoreError::Kind kind, std::string message) {
    return {kind, std::move(message)};
}

KeystoreError corrupt(const std::string& what) {
    return error(KeystoreError::Kind::Corrupt, "not a MiniBitcoin keystore: " + what);
}

const KeystoreError kLocked{KeystoreError::Kind::Locked, "the wallet is locked: unlock it first"};

std::string textOf(ByteSpan bytes) {
    return std::string(bytes.begin(), bytes.end());
}

void wipeText(std::string& text) {
    wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
}

// The secrets: {"<address>":"<private key>",...} (and "mnemonic":"<words>" for a
// hierarchical wallet), written straight into one buffer reserved whole (so no copy is left
// behind by a reallocation) for the caller to wipe after use.
Bytes encodeSecrets(const std::map<PubKeyHash, PrivateKey>& secrets, const std::string& mnemonic) {
    Bytes out;
    out.reserve(2 + secrets.size() * (2 * 20 + 2 * 32 + 6) + mnemonic.size() + 16);
    const auto put = [&out](std::string_view s) { out.insert(out.end(), s.begin(), s.end()); };
    put("{");
    if (!mnemonic.empty()) { // the words are lower-case letters and spaces: nothing to escape
        put("\"");
        put(kMnemonicSecret);
        put("\":\"");
        put(mnemonic);
        put("\"");
    }
    for (const auto& [address, key] : secrets) {
        put(out.size() > 1 ? ",\"" : "\"");
        put(address.hex());
        put("\":\"");
        std::string hex = key.hex();
        put(hex);
        wipeText(hex);
        put("\"");
    }
    put("}");
    return out;
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixedFromHex(const json::Value* v) {
    if (!v || !v->isString())
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    if (!fromHexInto(v->asString(), out))
        return std::nullopt;
    return out;
}

} // namespace

void wipeStrings(json::Value& v) {
    if (v.isString())
        wipeText(const_cast<std::string&>(v.asString())); // v itself is not const
    else if (v.isArray())
        for (json::Value& e : v.asArray())
            wipeStrings(e);
    else if (v.isObject())
        for (auto& member : v.asObject())
            wipeStrings(member.second);
}

Keystore Keystore::createHierarchical(std::string_view passphrase, std::string_view mnemonic,
                                      const KdfCost& cost) {
    Keystore k = create(passphrase, cost);
    k.hierarchical_ = true;
    if (auto failed = k.takeRecoveryWords(std::string(mnemonic)))
        throw std::invalid_argument(failed->message);
    k.reseal();
    return k;
}

Keystore Keystore::create(std::string_view passphrase, const KdfCost& cost) {
    Keystore k;
    k.cost_ = cost;
    k.salt_ = SealKey::randomSalt();
    auto key = SealKey::derive(passphrase, k.salt_, cost);
    if (!key)
        throw std::invalid_argument("scrypt cost out of range");
    k.key_ = std::move(*key);
    k.reseal();
    return k;
}

bool KeyEntry::isChange() const {
    const auto parsed = parseDerivationPath(path);
    return parsed && parsed->size() >= 2 &&
           (*parsed)[parsed->size() - 2] == std::uint32_t(KeyChain::Change);
}

Bytes Keystore::context() const {
    std::string c = std::string(kFormat) + "/" + std::to_string(version()) + "/scrypt/" +
                    std::to_string(cost_.n) + "/" + std::to_string(cost_.r) + "/" +
                    std::to_string(cost_.p) + "/" + toHex(salt_);
    for (const KeyEntry& e : keys_)
        c += "/" + e.address.hex() + (e.path.empty() ? "" : ":" + e.path);
    if (hierarchical_) // version 1 files were sealed without this: their context is unchanged
        c += "/hd:" + std::string(kAccountPath) + ":" + std::to_string(next_[0]) + ":" +
             std::to_string(next_[1]);
    return Bytes(c.begin(), c.end());
}

void Keystore::reseal() {
    Bytes plain = encodeSecrets(secrets_, mnemonic_);
    sealed_ = Sealed::seal(*key_, plain, context());
    wipe(plain);
}

std::string Keystore::toJson() const {
    json::Value kdf;
    kdf.set("name", "scrypt");
    kdf.set("n", std::uint64_t(cost_.n));
    kdf.set("r", std::uint32_t(cost_.r));
    kdf.set("p", std::uint32_t(cost_.p));
    kdf.set("salt", toHex(salt_));
    json::Value keys{json::Value::Array{}};
    for (const KeyEntry& e : keys_) {
        json::Value k;
        k.set("label", e.label);
        k.set("address", e.address.hex());
        k.set("public_key", e.publicKey.hex());
        if (!e.path.empty())
            k.set("path", e.path);
        keys.asArray().push_back(std::move(k));
    }
    json::Value secrets;
    secrets.set("cipher", "aes-256-gcm");
    secrets.set("nonce", toHex(sealed_.nonce));
    secrets.set("ciphertext", toHex(sealed_.ciphertext));
    secrets.set("tag", toHex(sealed_.tag));
    json::Value v;
    v.set("format", kFormat);
    v.set("version", version());
    v.set("kdf", std::move(kdf));
    if (hierarchical_) {
        json::Value hd;
        hd.set("words", "bip39-english");
        hd.set("account", std::string(kAccountPath));
        hd.set("receive_keys", next_[0]);
        hd.set("change_keys", next_[1]);
        v.set("hd", std::move(hd));
    }
    v.set("keys", std::move(keys));
    v.set("secrets", std::move(secrets));
    return json::write(v, 2);
}

std::variant<Keystore, KeystoreError> Keystore::fromJson(std::string_view text) {
    const auto parsed = json::parse(text);
    const json::Value* v = std::get_if<json::Value>(&parsed);
    if (!v)
        return corrupt("it is not JSON");
    return fromDocument(*v);
}

std::variant<Keystore, KeystoreError> Keystore::fromDocument(const json::Value& document) {
    const json::Value* v = &document;
    const json::Value* format = v->find("format");
    const json::Value* version = v->find("version");
    if (!format || !format->isString() || format->asString() != kFormat)
        return corrupt("no \"format\": \"minibitcoin-keystore\"");
    if (!version || (version->asInt64() != 1 && version->asInt64() != 2))
        return error(KeystoreError::Kind::Corrupt, "keystore version " +
                                                       (version ? json::write(*version) : "?") +
                                                       " is not one this MiniBitcoin reads (1, 2)");
    Keystore k;
    if (version->asInt64() == 2) {
        const json::Value* hd = v->find("hd");
        const json::Value* account = hd ? hd->find("account") : nullptr;
        const json::Value* receive = hd ? hd->find("receive_keys") : nullptr;
        const json::Value* change = hd ? hd->find("change_keys") : nullptr;
        const auto count = [](const json::Value* c) {
            return c && c->asInt64() && *c->asInt64() >= 0 && *c->asInt64() < kHardened;
        };
        if (!account || !account->isString() || account->asString() != kAccountPath ||
            !count(receive) || !count(change))
            return corrupt("bad \"hd\" (this MiniBitcoin derives keys under " +
                           std::string(kAccountPath) + ")");
        k.hierarchical_ = true;
        k.next_ = {std::uint32_t(*receive->asInt64()), std::uint32_t(*change->asInt64())};
    }
    const json::Value* kdf = v->find("kdf");
    const json::Value* name = kdf ? kdf->find("name") : nullptr;
    const json::Value* n = kdf ? kdf->find("n") : nullptr;
    const json::Value* r = kdf ? kdf->find("r") : nullptr;
    const json::Value* p = kdf ? kdf->find("p") : nullptr;
    const auto salt = fixedFromHex<SealKey::kSaltBytes>(kdf ? kdf->find("salt") : nullptr);
    if (!name || !name->isString() || name->asString() != "scrypt" || !n || !n->asInt64() || !r ||
        !r->asInt64() || !p || !p->asInt64() || !salt)
        return corrupt("bad \"kdf\"");
    const auto inRange = [](std::int64_t v) { return v >= 1 && v <= (1 << 20); };
    if (!inRange(*n->asInt64()) || !inRange(*r->asInt64()) || !inRange(*p->asInt64()))
        return corrupt("its scrypt cost is out of range");
    k.cost_ = {std::uint64_t(*n->asInt64()), std::uint32_t(*r->asInt64()),
               std::uint32_t(*p->asInt64())};
    if (!acceptableCost(k.cost_))
        return corrupt("its scrypt cost (n " + std::to_string(k.cost_.n) + ", r " +
                       std::to_string(k.cost_.r) + ", p " + std::to_string(k.cost_.p) +
                       ") asks for more than 256 MiB of memory or 16 times the usual work");
    k.salt_ = *salt;

    const json::Value* keys = v->find("keys");
    if (!keys || !keys->isArray())
        return corrupt("no \"keys\" list");
    for (const json::Value& e : keys->asArray()) {
        const json::Value* label = e.find("label");
        const json::Value* address = e.find("address");
        const json::Value* pub = e.find("public_key");
        const auto hash = address && address->isString() ? PubKeyHash::fromHex(address->asString())
                                                         : std::nullopt;
        const auto key =
            pub && pub->isString() ? PublicKey::fromHex(pub->asString()) : std::nullopt;
        if (!label || !label->isString() || !hash || !key || addressOf(*key) != *hash)
            return corrupt("a key entry is incomplete or its address does not match its key");
        const json::Value* path = e.find("path");
        if (path &&
            (!k.hierarchical_ || !path->isString() || !parseDerivationPath(path->asString())))
            return corrupt("a key entry has a bad \"path\"");
        k.keys_.push_back({label->asString(), *hash, *key, path ? path->asString() : ""});
    }

    const json::Value* secrets = v->find("secrets");
    const json::Value* cipher = secrets ? secrets->find("cipher") : nullptr;
    const json::Value* ciphertext = secrets ? secrets->find("ciphertext") : nullptr;
    const auto nonce = fixedFromHex<12>(secrets ? secrets->find("nonce") : nullptr);
    const auto tag = fixedFromHex<16>(secrets ? secrets->find("tag") : nullptr);
    auto bytes =
        ciphertext && ciphertext->isString() ? mbc::fromHex(ciphertext->asString()) : std::nullopt;
    if (!cipher || !cipher->isString() || cipher->asString() != "aes-256-gcm" || !nonce || !tag ||
        !bytes)
        return corrupt("bad \"secrets\"");
    k.sealed_ = {*nonce, std::move(*bytes), *tag};
    return k;
}

std::optional<KeystoreError> Keystore::unlock(std::string_view passphrase) {
    if (!locked())
        return std::nullopt;
    auto key = SealKey::derive(passphrase, salt_, cost_);
    if (!key)
        return corrupt("its scrypt cost is out of range");
    auto plain = sealed_.open(*key, context());
    if (!plain)
        return error(KeystoreError::Kind::WrongPassphrase,
                     "wrong passphrase (or the keystore file was changed)");
    std::string text = textOf(*plain);
    wipe(*plain);
    auto parsed = json::parse(text);
    wipeText(text);
    json::Value* v = std::get_if<json::Value>(&parsed);
    struct WipeOnExit {
        json::Value* v;
        ~WipeOnExit() {
            if (v)
                wipeStrings(*v);
        }
    } wipeParsed{v};
    std::map<PubKeyHash, PrivateKey> secrets;
    for (const KeyEntry& e : keys_) {
        const json::Value* hex = v ? v->find(e.address.hex()) : nullptr;
        auto key = hex && hex->isString() ? PrivateKey::fromHex(hex->asString()) : std::nullopt;
        if (!key || key->address() != e.address)
            return corrupt("the private key of " + e.address.hex() + " is missing or wrong");
        secrets.emplace(e.address, *key);
    }
    if (hierarchical_) {
        const json::Value* words = v ? v->find(kMnemonicSecret) : nullptr;
        if (!words || !words->isString())
            return corrupt("its recovery words are missing");
        if (auto failed = takeRecoveryWords(words->asString()))
            return failed;
    }
    key_ = std::move(*key);
    secrets_ = std::move(secrets);
    return std::nullopt;
}

Keystore::~Keystore() {
    lock();
}

void Keystore::lock() {
    key_.reset();
    secrets_.clear(); // PrivateKey wipes itself
    wipeText(mnemonic_);
    mnemonic_.clear();
    accountKey_.reset();
}

std::optional<KeystoreError> Keystore::takeRecoveryWords(std::string words) {
    auto normalized = normalizeMnemonic(words);
    wipeText(words);
    if (auto* e = std::get_if<MnemonicError>(&normalized))
        return corrupt("its recovery words are not valid: " + e->message);
    std::string& canonical = std::get<std::string>(normalized);
    Seed seed = seedFromMnemonic(canonical);
    const auto master = ExtendedKey::fromSeed(seed);
    wipe(seed);
    auto account = master ? master->derive(*parseDerivationPath(kAccountPath)) : std::nullopt;
    if (!account) { // probability below 2^-127; such words cannot be used
        wipeText(canonical);
        return error(KeystoreError::Kind::InvalidKey, "these recovery words give no valid key");
    }
    mnemonic_ = std::move(canonical);
    accountKey_ = std::move(account);
    return std::nullopt;
}

std::optional<PrivateKey> Keystore::derivedKey(KeyChain chain, std::uint32_t& index) const {
    const auto branch = accountKey_->child(std::uint32_t(chain));
    for (; branch && index < kHardened; ++index) // BIP32: skip the rare index with no key
        if (auto child = branch->child(index))
            return child->key();
    return std::nullopt;
}

std::variant<std::vector<PubKeyHash>, KeystoreError>
Keystore::peekAddresses(KeyChain chain, std::uint32_t from, std::uint32_t count) const {
    if (locked())
        return kLocked;
    if (!hierarchical_)
        return error(KeystoreError::Kind::NoRecoveryWords, "this wallet has no recovery words");
    std::vector<PubKeyHash> out;
    for (std::uint32_t index = from; out.size() < count; ++index) {
        const auto key = derivedKey(chain, index);
        if (!key)
            break;
        out.push_back(key->address());
    }
    return out;
}

std::variant<std::string, KeystoreError>
Keystore::recoveryWords(std::string_view passphrase) const {
    if (!hierarchical_)
        return error(KeystoreError::Kind::NoRecoveryWords,
                     "this wallet was made of random keys, before recovery words: back up its "
                     "file instead");
    Keystore check = *this;
    check.lock();
    if (auto failed = check.unlock(passphrase))
        return *failed;
    return check.mnemonic_;
}

const KeyEntry* Keystore::find(const PubKeyHash& address) const {
    const auto it = std::find_if(keys_.begin(), keys_.end(),
                                 [&](const KeyEntry& e) { return e.address == address; });
    return it == keys_.end() ? nullptr : &*it;
}

std::variant<KeyEntry, KeystoreError> Keystore::add(const PrivateKey& key, std::string label,
                                                    std::string path, bool seal) {
    if (locked())
        return kLocked;
    const PubKeyHash address = key.address();
    if (find(address))
        return error(KeystoreError::Kind::Duplicate,
                     "the wallet already has the key of " + address.hex());
    keys_.push_back({std::move(label), address, key.publicKey(), std::move(path)});
    secrets_.emplace(address, key);
    if (seal)
        reseal();
    return keys_.back();
}

std::variant<KeyEntry, KeystoreError> Keystore::newKey(std::string label, KeyChain chain) {
    if (locked())
        return kLocked;
    if (!hierarchical_)
        return add(PrivateKey::generate(), std::move(label));
    return deriveNext(chain, std::move(label), true);
}

std::variant<KeyEntry, KeystoreError> Keystore::deriveNext(KeyChain chain, std::string label,
                                                           bool seal) {
    std::uint32_t index = next_[std::size_t(chain)];
    for (;;) {
        const auto key = derivedKey(chain, index);
        if (!key)
            return error(KeystoreError::Kind::InvalidKey, "no keys are left on this chain");
        const std::string path = std::string(kAccountPath) + "/" +
                                 std::to_string(std::uint32_t(chain)) + "/" + std::to_string(index);
        next_[std::size_t(chain)] = ++index; // before add(): its seal binds the counts
        if (find(key->address()))            // imported before: that index is skipped
            continue;
        return add(*key, std::move(label), path, seal);
    }
}

std::optional<KeystoreError> Keystore::deriveUpTo(KeyChain chain, std::uint32_t count,
                                                  const std::string& label) {
    if (locked())
        return kLocked;
    if (!hierarchical_)
        return error(KeystoreError::Kind::NoRecoveryWords, "this wallet has no recovery words");
    std::optional<KeystoreError> failed;
    while (!failed && next_[std::size_t(chain)] < count) {
        auto added = deriveNext(chain, label, false);
        if (auto* e = std::get_if<KeystoreError>(&added))
            failed = *e;
    }
    reseal();
    return failed;
}

std::variant<KeyEntry, KeystoreError> Keystore::importKey(std::string_view privateKeyHex,
                                                          std::string label) {
    if (locked())
        return kLocked;
    std::string trimmed(privateKeyHex);
    trimmed.erase(std::remove_if(trimmed.begin(), trimmed.end(), ::isspace), trimmed.end());
    const auto key = PrivateKey::fromHex(trimmed);
    wipe(std::span(reinterpret_cast<std::uint8_t*>(trimmed.data()), trimmed.size()));
    if (!key)
        return error(KeystoreError::Kind::InvalidKey,
                     "a private key is 64 hex digits, a number between 1 and the curve order");
    return add(*key, std::move(label));
}

std::variant<PrivateKey, KeystoreError> Keystore::privateKey(const PubKeyHash& address) const {
    if (locked())
        return kLocked;
    const auto it = secrets_.find(address);
    if (it == secrets_.end())
        return error(KeystoreError::Kind::UnknownAddress,
                     "the wallet has no key for " + address.hex());
    return it->second;
}

std::optional<KeystoreError> Keystore::changePassphrase(std::string_view current,
                                                        std::string_view fresh) {
    const bool wasLocked = locked();
    if (!wasLocked) {
        // Checked even when unlocked: whoever sits at an unlocked wallet must still know it.
        auto check = SealKey::derive(current, salt_, cost_);
        auto opened = check ? sealed_.open(*check, context()) : std::nullopt;
        if (!opened)
            return error(KeystoreError::Kind::WrongPassphrase, "wrong current passphrase");
        wipe(*opened);
    } else if (auto failed = unlock(current)) {
        return failed;
    }
    salt_ = SealKey::randomSalt();
    key_ = SealKey::derive(fresh, salt_, cost_);
    reseal();
    if (wasLocked)
        lock();
    return std::nullopt;
}

std::optional<KeystoreError> Keystore::setLabel(const PubKeyHash& address, std::string label) {
    for (KeyEntry& e : keys_)
        if (e.address == address) {
            e.label = std::move(label);
            return std::nullopt;
        }
    return error(KeystoreError::Kind::UnknownAddress, "the wallet has no key for " + address.hex());
}

} // namespace mbc::wallet
