// Signed messages: the digest is the documented one, a signature verifies against its address
// only, and anything that is not one canonical 65-byte signature is refused as malformed.
#include <QByteArray>
#include <QTest>

#include "support/test_chain.h"
#include "wallet/message_signature.h"

using namespace mbc;
using namespace mbc::wallet;

class TestMessageSignature : public QObject {
    Q_OBJECT

private slots:
    void theDigestIsTheDocumentedOne() {
        // Computed with Python's hashlib from the format in message_signature.h.
        QCOMPARE(messageDigest("Pay Bob 5 coins on Friday").hex(),
                 std::string("dce79d15d2aca31da8735b2898eaa617b945fe13166ddceb469633bb4b2e0e68"));
        QCOMPARE(messageDigest(std::string(300, 'x')).hex(), // a 3-byte length
                 std::string("3067fb2bcd86d13eeaf4bb3f5d73fcfd483ba9cef586558b44181ada82a8a6d9"));
    }

    void aSignatureVerifiesForItsAddressAndMessageOnly() {
        const PrivateKey alice = test::aliceKey();
        const PrivateKey bob = test::bobKey();
        for (const std::string& message :
             std::vector<std::string>{"", "hello", "Grüße, 🌍", std::string(5000, 'm')}) {
            const std::string sig = signMessage(alice, message);
            QCOMPARE(sig.size(), std::size_t(88));
            QCOMPARE(signMessage(alice, message), sig); // RFC 6979: deterministic
            QCOMPARE(verifyMessage(alice.address(), message, sig), MessageCheck::Valid);
            QCOMPARE(verifyMessage(bob.address(), message, sig), MessageCheck::WrongSigner);
            QCOMPARE(verifyMessage(alice.address(), message + ".", sig), MessageCheck::WrongSigner);
        }
    }

    void malformedSignaturesAreNamedSo() {
        const PrivateKey alice = test::aliceKey();
        const std::string sig = signMessage(alice, "hello");
        QByteArray raw = QByteArray::fromBase64(QByteArray::fromStdString(sig));
        QCOMPARE(raw.size(), 65);
        const auto withHeader = [&](char header) {
            QByteArray copy = raw;
            copy[0] = header;
            return copy.toBase64().toStdString();
        };
        const std::vector<std::string> bad = {
            "",
            "not base64 at all",
            sig.substr(0, 87),   // one character short
            sig + "=",           // one too many
            " " + sig.substr(1), // a space instead of a character
            withHeader(27),      // Bitcoin's header for an uncompressed key
            withHeader(35),      // beyond the four recovery ids
            QByteArray(65, '\0').toBase64().toStdString(),
            QByteArray(64, 'a').toBase64().toStdString(),
        };
        for (const std::string& s : bad)
            QVERIFY2(verifyMessage(alice.address(), "hello", s) == MessageCheck::Malformed,
                     s.c_str());
        // The padding's unused bits set: the same bytes, another text.
        std::string stray = sig;
        QCOMPARE(stray.back(), '=');
        const char last = stray[86];
        const std::string alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        stray[86] = alphabet[alphabet.find(last) ^ 1];
        QCOMPARE(verifyMessage(alice.address(), "hello", stray), MessageCheck::Malformed);
    }

    void anotherRecoveryIdIsAnotherSigner() {
        const PrivateKey alice = test::aliceKey();
        QByteArray raw =
            QByteArray::fromBase64(QByteArray::fromStdString(signMessage(alice, "hi")));
        raw[0] = char(31 + ((raw[0] - 31) ^ 1));
        QCOMPARE(verifyMessage(alice.address(), "hi", raw.toBase64().toStdString()),
                 MessageCheck::WrongSigner);
    }
};

QTEST_GUILESS_MAIN(TestMessageSignature)
#include "tst_message_signature.moc"
