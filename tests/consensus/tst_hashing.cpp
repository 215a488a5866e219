// sha256, sha256d, hash160, block hashes (vectors/headers.json) and the mining midstate.
#include <QTest>

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/header_midstate.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

using namespace mbc;
using namespace mbc::test;

namespace {
Bytes ascii(const std::string& s) {
    return Bytes(s.begin(), s.end());
}
} // namespace

class TestHashing : public QObject {
    Q_OBJECT
private slots:
    void knownDigests() {
        // FIPS 180-2 and the RIPEMD-160 reference values.
        QCOMPARE(sha256(ascii("abc")).hex(),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256(Bytes{}).hex(),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256d(ascii("hello")).hex(),
                 std::string("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50"));
        QCOMPARE(hash160(Bytes{}).hex(), std::string("b472a266d0bd89c13706a4132ccfb16f7c3b9fcb"));
    }

    void incrementalEqualsOneShot() {
        Bytes data(1000);
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = std::uint8_t(i * 7);
        for (std::size_t split : {0u, 1u, 63u, 64u, 65u, 500u, 1000u}) {
            Sha256 h;
            h.write(ByteSpan(data).first(split)).write(ByteSpan(data).subspan(split));
            QCOMPARE(h.finalize(), sha256(data));
        }
    }

    void blockHashVectors_data() { addVectorRows("headers.json"); }
    void blockHashVectors() {
        const json::Value v = vectorEntry("headers.json");
        const BlockHeader header = headerFromJson(field(v, "header")).value();
        QCOMPARE(QString::fromStdString(blockHash(header).hex()),
                 QString::fromStdString(stringField(v, "hash")));
    }

    void midstateMatchesOneShot() {
        const auto v = loadVectorEntries("headers.json").at(0);
        BlockHeader header = headerFromJson(field(v, "header")).value();
        HeaderMidstate midstate(headerBytes(header));
        for (std::uint32_t nonce : {0u, 1u, 968822770u, 0xFFFFFFFFu, 123456u}) {
            header.nonce = nonce;
            QCOMPARE(midstate.hashWithNonce(nonce), blockHash(header));
        }
        header.timestamp += 1000;
        midstate.setTimestamp(header.timestamp);
        for (std::uint32_t nonce = 0; nonce < 100; ++nonce) {
            header.nonce = nonce;
            QCOMPARE(midstate.hashWithNonce(nonce), blockHash(header));
        }
    }
};

QTEST_APPLESS_MAIN(TestHashing)
#include "tst_hashing.moc"
