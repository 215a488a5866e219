// Recovery words: the built-in BIP39 English list is the published one, and words, entropy and
// seeds match the BIP39 reference vectors (their BIP32 root keys too); typos are named.
#include <QCryptographicHash>
#include <QFile>
#include <QTest>

#include "support/test_data.h"
#include "wallet/bip39_wordlist.h"
#include "wallet/hd_key.h"
#include "wallet/mnemonic.h"

#include <set>

using namespace mbc;
using namespace mbc::wallet;

namespace {

// The SHA-256 of english.txt as BIP39 publishes it (bitcoin/bips, bip-0039/english.txt).
constexpr const char* kEnglishListSha256 =
    "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";

MnemonicError failure(const std::variant<Bytes, MnemonicError>& v) {
    if (!std::holds_alternative<MnemonicError>(v))
        qFatal("the words were accepted");
    return std::get<MnemonicError>(v);
}

} // namespace

class TestMnemonic : public QObject {
    Q_OBJECT

private slots:
    void theShippedWordListIsBip39s() {
        QFile file(MBC_BIP39_LIST);
        QVERIFY2(file.open(QIODevice::ReadOnly), MBC_BIP39_LIST);
        QCOMPARE(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex(),
                 QByteArray(kEnglishListSha256));
    }

    void theBuiltInListIsTheShippedOne() {
        QByteArray joined;
        for (const std::string_view word : bip39EnglishWords())
            joined += QByteArray(word.data(), qsizetype(word.size())) + "\n";
        QCOMPARE(QCryptographicHash::hash(joined, QCryptographicHash::Sha256).toHex(),
                 QByteArray(kEnglishListSha256));
        QCOMPARE(bip39WordIndex("abandon"), std::optional<int>(0));
        QCOMPARE(bip39WordIndex("zoo"), std::optional<int>(2047));
        QCOMPARE(bip39WordIndex("bitcoin"), std::nullopt);
    }

    void theReferenceVectorsHold() {
        const json::Value vectors = test::loadJsonFile("wallet/bip39-vectors.json");
        const std::string passphrase = vectors.find("passphrase")->asString();
        const auto& entries = vectors.find("english")->asArray();
        QCOMPARE(entries.size(), std::size_t(24));
        for (const json::Value& v : entries) {
            const auto& f = v.asArray();
            const Bytes entropy = *fromHex(f[0].asString());
            const std::string& words = f[1].asString();
            QCOMPARE(mnemonicFromEntropy(entropy), words);
            const auto decoded = mnemonicEntropy(words);
            QVERIFY2(std::holds_alternative<Bytes>(decoded), words.c_str());
            QCOMPARE(toHex(std::get<Bytes>(decoded)), f[0].asString());
            const Seed seed = seedFromMnemonic(words, passphrase);
            QCOMPARE(toHex(seed), f[2].asString());
            const auto root = ExtendedKey::fromSeed(seed);
            QVERIFY(root);
            QCOMPARE(root->xprv(), f[3].asString());
        }
    }

    void typedWordsAreNormalized() {
        const auto n = normalizeMnemonic("  Legal WINNER thank year\twave sausage worth useful\n"
                                         "legal winner   thank yellow ");
        QVERIFY(std::holds_alternative<std::string>(n));
        QCOMPARE(std::get<std::string>(n),
                 std::string("legal winner thank year wave sausage worth useful legal winner "
                             "thank yellow"));
    }

    void mistakesAreNamed() {
        const MnemonicError count = failure(mnemonicEntropy("abandon abandon abandon"));
        QCOMPARE(count.kind, MnemonicError::Kind::WordCount);
        QVERIFY2(count.message.find("3") != std::string::npos, count.message.c_str());
        QCOMPARE(failure(mnemonicEntropy("")).kind, MnemonicError::Kind::WordCount);

        const MnemonicError typo = failure(mnemonicEntropy(
            "abandon abandon abandon abandon abandn abandon abandon abandon abandon abandon "
            "abandon about"));
        QCOMPARE(typo.kind, MnemonicError::Kind::UnknownWord);
        QCOMPARE(typo.position, 5);
        QCOMPARE(typo.word, std::string("abandn"));
        QVERIFY2(typo.message.find("word 5") != std::string::npos, typo.message.c_str());

        // Every word known, but the last one does not carry the checksum of the others.
        const MnemonicError swapped = failure(mnemonicEntropy(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            "abandon abandon"));
        QCOMPARE(swapped.kind, MnemonicError::Kind::Checksum);
    }

    void newWordsAreRandomAndValid() {
        std::set<std::string> seen;
        for (const int count : {12, 24}) {
            for (int i = 0; i < 4; ++i) {
                const std::string words = generateMnemonic(count);
                QCOMPARE(int(std::count(words.begin(), words.end(), ' ')) + 1, count);
                const auto normalized = normalizeMnemonic(words);
                QVERIFY(std::holds_alternative<std::string>(normalized));
                QCOMPARE(std::get<std::string>(normalized), words);
                seen.insert(words);
            }
        }
        QCOMPARE(seen.size(), std::size_t(8));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateMnemonic(13));
    }
};

QTEST_GUILESS_MAIN(TestMnemonic)
#include "tst_mnemonic.moc"
