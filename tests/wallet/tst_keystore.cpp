// The wallet's keystore: private keys sealed with a passphrase (scrypt + AES-256-GCM), readable
// addresses and labels, and refusal of wrong passphrases, tampered files and bad keys.
#include <QTest>

#include "support/test_chain.h"
#include "support/wallet_test_values.h"
#include "wallet/keystore.h"

using namespace mbc;
using namespace mbc::wallet;
using test::errorKind;
using test::ok;

namespace {

const KdfCost kCheap{1u << 10, 8, 1}; // the tests' cost; the default is tested once

Keystore reopened(const Keystore& k) {
    return ok(Keystore::fromJson(k.toJson()));
}

} // namespace

class TestKeystore : public QObject {
    Q_OBJECT

private slots:
    void keysSurviveAndNeedThePassphrase() {
        Keystore k = Keystore::create("correct horse", kCheap);
        QVERIFY(!k.locked());
        const KeyEntry fresh = ok(k.newKey("savings"));
        const KeyEntry alice = ok(k.importKey(test::aliceKey().hex(), "alice"));
        QCOMPARE(alice.address, test::aliceKey().address());

        Keystore loaded = reopened(k);
        QVERIFY(loaded.locked());
        QCOMPARE(loaded.keys().size(), std::size_t(2));
        QCOMPARE(loaded.keys()[0].label, std::string("savings"));
        QCOMPARE(loaded.keys()[0].address, fresh.address);
        QVERIFY(loaded.find(alice.address));
        QCOMPARE(errorKind(loaded.privateKey(alice.address)), KeystoreError::Kind::Locked);
        QCOMPARE(errorKind(loaded.newKey("x")), KeystoreError::Kind::Locked);

        const auto wrong = loaded.unlock("wrong horse");
        QVERIFY(wrong && wrong->kind == KeystoreError::Kind::WrongPassphrase);
        QVERIFY(loaded.locked());
        QVERIFY(!loaded.unlock("correct horse"));
        QCOMPARE(ok(loaded.privateKey(alice.address)).hex(), test::aliceKey().hex());
        QCOMPARE(ok(loaded.privateKey(fresh.address)).address(), fresh.address);
        loaded.lock();
        QCOMPARE(errorKind(loaded.privateKey(alice.address)), KeystoreError::Kind::Locked);
    }

    void theFileHoldsNoSecretInTheClear() {
        Keystore k = Keystore::create("pass", kCheap);
        ok(k.importKey(test::aliceKey().hex(), "alice"));
        const std::string text = k.toJson();
        QVERIFY(text.find(test::aliceKey().hex()) == std::string::npos);
        QVERIFY(text.find(test::aliceKey().address().hex()) != std::string::npos);
        QVERIFY(text.find("\"scrypt\"") != std::string::npos);
        QVERIFY(text.find("aes-256-gcm") != std::string::npos);
    }

    void aTamperedFileDoesNotUnlock() {
        Keystore k = Keystore::create("pass", kCheap);
        ok(k.importKey(test::aliceKey().hex(), "alice"));
        const std::string text = k.toJson();

        // One bit of the sealed keys changed.
        std::string flipped = text;
        const std::size_t at = flipped.find("\"ciphertext\": \"") + 15;
        flipped[at] = flipped[at] == '0' ? '1' : '0';
        Keystore a = ok(Keystore::fromJson(flipped));
        const auto e = a.unlock("pass");
        QVERIFY(e && e->kind == KeystoreError::Kind::WrongPassphrase);

        // The shown address swapped for another (valid) key's: funds would go elsewhere.
        std::string swapped = text;
        auto replace = [&](const std::string& from, const std::string& to) {
            swapped.replace(swapped.find(from), from.size(), to);
        };
        replace(test::aliceKey().address().hex(), test::bobKey().address().hex());
        replace(test::aliceKey().publicKey().hex(), test::bobKey().publicKey().hex());
        Keystore b = ok(Keystore::fromJson(swapped));
        QVERIFY(b.unlock("pass").has_value());
        QVERIFY(b.locked());
    }

    void badInputIsRefusedWithAReason() {
        Keystore k = Keystore::create("pass", kCheap);
        ok(k.importKey(test::aliceKey().hex(), "alice"));
        QCOMPARE(errorKind(k.importKey(test::aliceKey().hex(), "again")),
                 KeystoreError::Kind::Duplicate);
        QCOMPARE(errorKind(k.importKey("xyz", "bad")), KeystoreError::Kind::InvalidKey);
        QCOMPARE(errorKind(k.importKey(std::string(64, '0'), "zero")),
                 KeystoreError::Kind::InvalidKey);
        QCOMPARE(errorKind(k.privateKey(test::bobKey().address())),
                 KeystoreError::Kind::UnknownAddress);
        QCOMPARE(k.keys().size(), std::size_t(1));

        for (const char* text : {"", "{}", "[1,2]", "{\"format\": \"minibitcoin-keystore\"}"}) {
            const auto r = Keystore::fromJson(text);
            QVERIFY2(std::holds_alternative<KeystoreError>(r), text);
            QCOMPARE(std::get<KeystoreError>(r).kind, KeystoreError::Kind::Corrupt);
        }
        std::string newer = k.toJson();
        newer.replace(newer.find("\"version\": 1"), 12, "\"version\": 3");
        const auto r = Keystore::fromJson(newer);
        QVERIFY(std::holds_alternative<KeystoreError>(r));
        QVERIFY(std::get<KeystoreError>(r).message.find("version 3") != std::string::npos);
    }

    void thePassphraseCanChange() {
        Keystore k = Keystore::create("old", kCheap);
        ok(k.importKey(test::aliceKey().hex(), "alice"));
        const auto refused = k.changePassphrase("not it", "new");
        QVERIFY(refused && refused->kind == KeystoreError::Kind::WrongPassphrase);
        QVERIFY(!k.changePassphrase("old", "new"));
        Keystore loaded = reopened(k);
        QVERIFY(loaded.unlock("old").has_value());
        QVERIFY(!loaded.unlock("new"));
        QCOMPARE(ok(loaded.privateKey(test::aliceKey().address())).hex(), test::aliceKey().hex());
        loaded.lock();
        QVERIFY(!loaded.changePassphrase("new", "newer")); // locked: unlocks to check, relocks
        QVERIFY(loaded.locked());
        QVERIFY(!reopened(loaded).unlock("newer"));
    }

    void labelsChangeWhileLocked() {
        Keystore k = Keystore::create("pass", kCheap);
        ok(k.importKey(test::aliceKey().hex(), "alice"));
        Keystore loaded = reopened(k);
        QVERIFY(!loaded.setLabel(test::aliceKey().address(), "Alice's savings"));
        QVERIFY(loaded.setLabel(test::bobKey().address(), "nobody").has_value());
        Keystore again = reopened(loaded);
        QCOMPARE(again.keys()[0].label, std::string("Alice's savings"));
        QVERIFY(!again.unlock("pass"));
    }

    void theDefaultCostIsMemoryHardScrypt() {
        const KdfCost defaults;
        QCOMPARE(defaults.n, std::uint64_t(1) << 15); // 32 MiB per guess
        Keystore k = Keystore::create("pass");
        ok(k.newKey("a"));
        QVERIFY(k.toJson().find("\"n\": 32768") != std::string::npos);
        Keystore loaded = reopened(k);
        QVERIFY(!loaded.unlock("pass"));
        // A cost outside the sane range in a file is refused as it loads, not run: n beyond
        // 2^20, or in range but 2 GiB of memory (n 2^20, r 16), or 32 times the usual work.
        for (const auto& [from, to] :
             std::vector<std::pair<std::string, std::string>>{{"\"n\": 32768", "\"n\": 1073741824"},
                                                              {"\"n\": 32768", "\"n\": 1048576"},
                                                              {"\"p\": 1", "\"p\": 8"}}) {
            std::string text = k.toJson();
            text.replace(text.find(from), from.size(), to);
            if (to == "\"n\": 1048576") // 2 GiB
                text.replace(text.find("\"r\": 8"), 6, "\"r\": 16");
            if (to == "\"p\": 8") // 128 MiB, but 2^23 rounds of work
                text.replace(text.find("\"n\": 32768"), 10, "\"n\": 131072");
            const auto loaded = Keystore::fromJson(text);
            const auto* e = std::get_if<KeystoreError>(&loaded);
            QVERIFY2(e && e->kind == KeystoreError::Kind::Corrupt, to.c_str());
            QVERIFY2(e->message.find("scrypt cost") != std::string::npos, e->message.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestKeystore)
#include "tst_keystore.moc"
