// Keys and signatures: vectors/keys.json, every case of vectors/signatures.json, signing.
#include <QTest>

#include "support/test_data.h"
#include "support/vector_rows.h"
#include "wallet/private_key.h"

using namespace mbc;
using namespace mbc::test;

class TestKeys : public QObject {
    Q_OBJECT
private slots:
    void keyVectors_data() { addVectorRows("keys.json"); }
    void keyVectors() {
        const json::Value v = vectorEntry("keys.json");
        const auto key = PrivateKey::fromHex(stringField(v, "private_key"));
        QVERIFY(key.has_value());
        QCOMPARE(key->publicKey().hex(), stringField(v, "public_key"));
        QCOMPARE(key->address().hex(), stringField(v, "address"));
        QCOMPARE(addressOf(key->publicKey()).hex(), stringField(v, "address"));
        QCOMPARE(key->hex(), stringField(v, "private_key"));
    }

    void signatureVectors_data() {
        addVectorRows("signatures.json", [](const json::Value& entry, std::size_t i) {
            return std::to_string(i) + " " + stringField(entry, "case");
        });
    }
    void signatureVectors() {
        const json::Value v = vectorEntry("signatures.json");
        const Bytes pubkey = *fromHex(stringField(v, "public_key"));
        const Bytes sig = *fromHex(stringField(v, "signature"));
        const Hash256 digest = *Hash256::fromHex(stringField(v, "digest"));
        const bool expected = field(v, "valid").asBool();
        const SignatureCheck result = verifySignature(pubkey, sig, digest);
        QCOMPARE(result == SignatureCheck::Valid, expected);
        if (stringField(v, "case") == "not a compressed key")
            QCOMPARE(result, SignatureCheck::BadPublicKey);
    }

    void signingReproducesTheValidVectors() {
        // RFC 6979 makes signatures deterministic, so ours must equal the independent ones.
        int compared = 0;
        for (const auto& v : loadVectorEntries("signatures.json")) {
            if (!field(v, "valid").asBool())
                continue;
            const Bytes pubkey = *fromHex(stringField(v, "public_key"));
            for (const auto& k : loadVectorEntries("keys.json")) {
                const auto key = *PrivateKey::fromHex(stringField(k, "private_key"));
                if (key.publicKey().span().size() != pubkey.size() ||
                    !std::equal(pubkey.begin(), pubkey.end(), key.publicKey().begin()))
                    continue;
                const Bytes sig = key.sign(*Hash256::fromHex(stringField(v, "digest")));
                QCOMPARE(toHex(sig), stringField(v, "signature"));
                ++compared;
            }
        }
        QCOMPARE(compared, 2); // both valid vectors are signed by keys of keys.json
    }

    void signThenVerify() {
        const PrivateKey key = PrivateKey::generate();
        const Hash256 digest = *Hash256::fromHex(std::string(64, '7'));
        const Bytes sig = key.sign(digest);
        QCOMPARE(verifySignature(key.publicKey().span(), sig, digest), SignatureCheck::Valid);
        Hash256 other = digest;
        other.bytes[0] ^= 1;
        QCOMPARE(verifySignature(key.publicKey().span(), sig, other), SignatureCheck::BadSignature);
        QCOMPARE(verifySignature(key.publicKey().span(), Bytes{}, digest),
                 SignatureCheck::BadSignature);
    }

    void nonCanonicalDerIsRefused() {
        const PrivateKey key = PrivateKey::generate();
        const Hash256 digest = *Hash256::fromHex(std::string(64, '3'));
        const Bytes sig = key.sign(digest);
        // Long-form length byte for the sequence: 30 81 <len> ... is valid BER, not DER.
        Bytes longForm = sig;
        longForm.insert(longForm.begin() + 1, 0x81);
        QCOMPARE(verifySignature(key.publicKey().span(), longForm, digest),
                 SignatureCheck::BadSignature);
        // An extra zero of padding in front of R.
        Bytes padded = sig;
        padded[1] = std::uint8_t(padded[1] + 1);
        padded[3] = std::uint8_t(padded[3] + 1);
        padded.insert(padded.begin() + 4, 0x00);
        QCOMPARE(verifySignature(key.publicKey().span(), padded, digest),
                 SignatureCheck::BadSignature);
    }

    void offCurveKeysAreRefused() {
        Bytes notOnCurve(33, 0);
        notOnCurve[0] = 0x02;
        notOnCurve[32] = 0x07; // x = 7: no point with that x on secp256k1
        const Hash256 digest;
        QCOMPARE(verifySignature(notOnCurve, Bytes(70, 0x30), digest),
                 SignatureCheck::BadPublicKey);
    }

    void invalidPrivateKeys() {
        QVERIFY(!PrivateKey::fromHex(std::string(64, '0')).has_value());
        // the curve order n is not a valid key; n - 1 is
        QVERIFY(
            !PrivateKey::fromHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
                 .has_value());
        QVERIFY(
            PrivateKey::fromHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
                .has_value());
        QVERIFY(!PrivateKey::fromHex("abcd").has_value());
        QVERIFY(!PrivateKey::fromHex(std::string(63, '1') + "g").has_value());
    }

    void generatedKeysAreDistinct() {
        const PrivateKey a = PrivateKey::generate();
        const PrivateKey b = PrivateKey::generate();
        QVERIFY(a.bytes() != b.bytes());
        QVERIFY(isCompressedPubkeyEncoding(a.publicKey().span()));
    }
};

QTEST_APPLESS_MAIN(TestKeys)
#include "tst_keys.moc"
