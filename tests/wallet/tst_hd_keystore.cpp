// Wallets with recovery words: keys come from the words on the documented path, the words are
// sealed like the keys and shown only for the passphrase, restoring finds every used key, and
// wallets from before (random keys, file version 1) still open and work.
#include <QTest>

#include "support/test_chain.h"
#include "support/test_data.h"
#include "support/wallet_test_values.h"
#include "wallet/address_discovery.h"
#include "wallet/keystore.h"
#include "wallet/mnemonic.h"

#include <QFile>

#include <set>

using namespace mbc;
using namespace mbc::wallet;
using test::errorKind;
using test::ok;

namespace {

const KdfCost kCheap{1u << 10, 8, 1};
const std::string kWords =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
// hash160 of m/44'/1'/0'/0/0 for these words, as other BIP44 wallets show it on Bitcoin's test
// network (mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV, its base58 decoded).
const char* const kFirstReceive = "3a2d4145a4f098523b3e8127f1da87cfc55b8e79";

PubKeyHash derivedAddress(const std::string& words, const char* path) {
    const auto key =
        ExtendedKey::fromSeed(seedFromMnemonic(words))->derive(*parseDerivationPath(path));
    return key->key().address();
}

std::string readFixture(const char* name) {
    QFile f(QStringLiteral(MBC_TEST_DATA_DIR "/wallet/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return f.readAll().toStdString();
}

} // namespace

class TestHdKeystore : public QObject {
    Q_OBJECT

private slots:
    void keysComeFromTheWordsOnTheDocumentedPath() {
        Keystore k = Keystore::createHierarchical("pass", kWords, kCheap);
        QVERIFY(k.hierarchical());
        QVERIFY(k.keys().empty());
        const KeyEntry first = ok(k.newKey("first"));
        QCOMPARE(first.path, std::string("m/44'/1'/0'/0/0"));
        QCOMPARE(first.address.hex(), std::string(kFirstReceive));
        QVERIFY(!first.isChange());
        const KeyEntry second = ok(k.newKey(""));
        QCOMPARE(second.path, std::string("m/44'/1'/0'/0/1"));
        QCOMPARE(second.address, derivedAddress(kWords, "m/44'/1'/0'/0/1"));
        const KeyEntry change = ok(k.newKey("change", KeyChain::Change));
        QCOMPARE(change.path, std::string("m/44'/1'/0'/1/0"));
        QCOMPARE(change.address, derivedAddress(kWords, "m/44'/1'/0'/1/0"));
        QVERIFY(change.isChange());
        QCOMPARE(k.derivedCount(KeyChain::Receive), 2u);
        QCOMPARE(k.derivedCount(KeyChain::Change), 1u);
        QCOMPARE(ok(k.privateKey(first.address)).address(), first.address);
    }

    void theWordsAreSealedAndShownOnlyForThePassphrase() {
        Keystore k = Keystore::createHierarchical("pass", kWords, kCheap);
        ok(k.newKey("a"));
        const std::string text = k.toJson();
        QVERIFY2(text.find("abandon") == std::string::npos, text.c_str());
        QVERIFY(text.find("\"version\": 2") != std::string::npos);

        Keystore loaded = ok(Keystore::fromJson(text));
        QVERIFY(loaded.locked() && loaded.hierarchical());
        QCOMPARE(loaded.keys()[0].path, std::string("m/44'/1'/0'/0/0"));
        QCOMPARE(errorKind(loaded.recoveryWords("wrong")), KeystoreError::Kind::WrongPassphrase);
        QCOMPARE(ok(loaded.recoveryWords("pass")), kWords);
        QVERIFY(loaded.locked()); // showing the words does not unlock the wallet
        QVERIFY(!loaded.unlock("pass"));
        // Unlocked, the passphrase is still asked for.
        QCOMPARE(errorKind(loaded.recoveryWords("")), KeystoreError::Kind::WrongPassphrase);
        // Keys derived after reopening continue the chain.
        QCOMPARE(ok(loaded.newKey("b")).path, std::string("m/44'/1'/0'/0/1"));
        QVERIFY(!loaded.changePassphrase("pass", "new pass"));
        Keystore again = ok(Keystore::fromJson(loaded.toJson()));
        QCOMPARE(ok(again.recoveryWords("new pass")), kWords);
    }

    void aChangedPathOrCountDoesNotUnlock() {
        Keystore k = Keystore::createHierarchical("pass", kWords, kCheap);
        ok(k.newKey("a"));
        ok(k.newKey("b"));
        const std::string text = k.toJson();
        for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                 {"\"receive_keys\": 2", "\"receive_keys\": 0"},
                 {"m/44'/1'/0'/0/1\"", "m/44'/1'/0'/0/7\""}}) {
            std::string edited = text;
            QVERIFY2(edited.find(from) != std::string::npos, from.c_str());
            edited.replace(edited.find(from), from.size(), to);
            Keystore e = ok(Keystore::fromJson(edited));
            QVERIFY2(e.unlock("pass").has_value(), to.c_str());
        }
        std::string otherAccount = text;
        otherAccount.replace(otherAccount.find("\"m/44'/1'/0'\""), 13, "\"m/44'/0'/0'\"");
        QCOMPARE(errorKind(Keystore::fromJson(otherAccount)), KeystoreError::Kind::Corrupt);
    }

    void walletsFromBeforeRecoveryWordsStillWork() {
        // Written by an independent implementation of the version 1 format (Python), as every
        // wallet was before this one; its passphrase is "old wallet".
        Keystore old = ok(Keystore::fromJson(readFixture("v1-wallet.json")));
        QVERIFY(!old.hierarchical());
        QCOMPARE(old.keys().size(), std::size_t(1));
        QCOMPARE(old.keys()[0].address, test::aliceKey().address());
        QVERIFY(!old.unlock("old wallet"));
        QCOMPARE(ok(old.privateKey(test::aliceKey().address())).hex(), test::aliceKey().hex());
        QCOMPARE(errorKind(old.recoveryWords("old wallet")), KeystoreError::Kind::NoRecoveryWords);
        QCOMPARE(errorKind(old.peekAddresses(KeyChain::Receive, 0, 1)),
                 KeystoreError::Kind::NoRecoveryWords);
        const KeyEntry fresh = ok(old.newKey("new"));
        QVERIFY(fresh.path.empty());
        ok(old.importKey(test::bobKey().hex(), "bob"));
        const std::string text = old.toJson();
        QVERIFY(text.find("\"version\": 1") != std::string::npos);
        Keystore reread = ok(Keystore::fromJson(text));
        QVERIFY(!reread.unlock("old wallet"));
        QCOMPARE(reread.keys().size(), std::size_t(3));
    }

    void aHierarchicalWalletImportsKeysToo() {
        Keystore k = Keystore::createHierarchical("pass", kWords, kCheap);
        const KeyEntry imported = ok(k.importKey(test::carolKey().hex(), "carol"));
        QVERIFY(imported.path.empty());
        Keystore loaded = ok(Keystore::fromJson(k.toJson()));
        QVERIFY(!loaded.unlock("pass"));
        QCOMPARE(ok(loaded.privateKey(imported.address)).hex(), test::carolKey().hex());
    }

    void restoringFindsEveryUsedKeyUpToTheGap() {
        Keystore source = Keystore::createHierarchical("p", kWords, kCheap);
        const auto receive = ok(source.peekAddresses(KeyChain::Receive, 0, 60));
        const auto change = ok(source.peekAddresses(KeyChain::Change, 0, 60));
        QCOMPARE(receive.size(), std::size_t(60));
        // Used: receive 0, 3 and 22 (19 unused between 3 and 22: within the gap), and 45 (beyond
        // a gap of 22 after 22: a restore does not look that far); change 0 and 1.
        const std::set<PubKeyHash> used{receive[0],  receive[3], receive[22],
                                        receive[45], change[0],  change[1]};
        int asked = 0;
        const UsedAddresses lookup = [&](const std::vector<PubKeyHash>& addresses) {
            asked += int(addresses.size());
            std::vector<bool> out;
            for (const PubKeyHash& a : addresses)
                out.push_back(used.count(a) > 0);
            return out;
        };
        Keystore restored = ok(restoreKeystore("new", kWords, lookup, kCheap));
        QCOMPARE(restored.derivedCount(KeyChain::Receive), 23u);
        QCOMPARE(restored.derivedCount(KeyChain::Change), 2u);
        QCOMPARE(asked, 23 + 20 + 2 + 20);
        QVERIFY(restored.find(receive[22]));
        QVERIFY(!restored.find(receive[45]));
        QVERIFY(restored.find(change[1]));
        QCOMPARE(ok(restored.privateKey(receive[22])).address(), receive[22]);

        // Words never used still give a wallet with one address to receive on.
        Keystore empty = ok(restoreKeystore(
            "new", kWords, [](const auto& a) { return std::vector<bool>(a.size(), false); },
            kCheap));
        QCOMPARE(empty.keys().size(), std::size_t(1));
        QCOMPARE(empty.keys()[0].address.hex(), std::string(kFirstReceive));

        // A node that calls every address used is not followed to the end of the chain.
        int lookedAt = 0;
        const auto everything = restoreKeystore(
            "new", kWords,
            [&](const std::vector<PubKeyHash>& a) {
                lookedAt += int(a.size());
                return std::vector<bool>(a.size(), true);
            },
            kCheap);
        QCOMPARE(errorKind(everything), KeystoreError::Kind::TooManyKeys);
        QVERIFY(lookedAt <= int(kMaxRestoredKeys) + 2 * int(kAddressGap));
    }
};

QTEST_GUILESS_MAIN(TestHdKeystore)
#include "tst_hd_keystore.moc"
