// sha256, sha256d, hash160, block hashes (vectors/headers.json), the mining midstate and the
// header kernels.
#include <QTest>

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/header_midstate.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "support/kernel_rows.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

using namespace mbc;
using namespace mbc::test;

namespace {
Bytes ascii(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

BlockHeader sampleMiningHeader() {
    BlockHeader h;
    h.version = 1;
    h.prevHash.bytes.fill(0x42);
    for (std::size_t i = 0; i < 32; ++i)
        h.merkleRoot.bytes[i] = static_cast<std::uint8_t>(i * 37 + 5); // bytes 64..67 vary
    h.timestamp = 1'700'000'123;
    h.target = UInt256(1) << 240;
    return h;
}

Hash256 hashOfWords(const HashWords& words) {
    Hash256 h;
    for (std::size_t i = 0; i < 32; ++i)
        h.bytes[i] = static_cast<std::uint8_t>(words[i / 4] >> (24 - 8 * (i % 4)));
    return h;
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

    // Each kernel against OpenSSL's one-shot sha256d: both lanes of a pair, over a run of
    // nonces, at the top of the nonce space (where nonce + 1 wraps), and across timestamp rolls.
    void kernelsMatchOneShot_data() { addKernelRows(); }
    void kernelsMatchOneShot() {
        QFETCH(HeaderHashKernel, kernel);
        BlockHeader header = sampleMiningHeader();
        HeaderHashJob job = makeHeaderHashJob(headerBytes(header));
        const HashPairFunction hashPair = kernelFunction(kernel);
        auto expected = [&](std::uint32_t nonce) {
            header.nonce = nonce;
            return blockHash(header);
        };
        for (std::uint32_t roll = 0; roll < 4; ++roll) {
            std::vector<std::uint32_t> firsts;
            for (std::uint32_t n = 0; n < 4000; n += 2)
                firsts.push_back(n + roll); // odd starts after odd rolls
            for (std::uint32_t n : {0x7FFFFFFFu, 0xFFFFFFF0u, 0xFFFFFFFEu, 0xFFFFFFFFu})
                firsts.push_back(n);
            for (std::uint32_t first : firsts) {
                HashWordsPair out;
                hashPair(job, first, out);
                QCOMPARE(hashOfWords(out[0]), expected(first));
                QCOMPARE(hashOfWords(out[1]), expected(first + 1));
            }
            header.timestamp += 1 + roll * 977; // a miner's roll, and larger jumps
            setJobTimestamp(job, header.timestamp);
        }
    }

    // Every kernel gives the portable kernel's hashes for any header: random headers, every
    // byte varied. Without SHA-NI its kernel must fall back to the portable one, not crash.
    void kernelsAgreeOnEveryHeaderByte() {
        if (!kernelSupported(HeaderHashKernel::ShaNi)) {
            QVERIFY(kernelFunction(HeaderHashKernel::ShaNi) == &hashPairPortable);
            QCOMPARE(fastestSupportedKernel(), HeaderHashKernel::OpenSsl);
        }
        std::array<std::uint8_t, 108> bytes{};
        std::uint32_t seed = 12345;
        for (int trial = 0; trial < 2000; ++trial) {
            for (auto& b : bytes) {
                seed = seed * 1103515245u + 12345u;
                b = static_cast<std::uint8_t>(seed >> 16);
            }
            const HeaderHashJob job = makeHeaderHashJob(bytes);
            HashWordsPair portable;
            hashPairPortable(job, seed, portable);
            for (HeaderHashKernel k : kAllKernels) {
                HashWordsPair other;
                kernelFunction(k)(job, seed, other);
                QVERIFY2(other == portable, kernelName(k).data());
            }
        }
    }

    // search() returns the first nonce at most the target, checked against a scan of one-shot
    // hashes, for ranges of each parity, one nonce, the top of the space, and an empty range.
    void searchFindsTheFirstSolution_data() { addKernelRows(); }
    void searchFindsTheFirstSolution() {
        QFETCH(HeaderHashKernel, kernel);
        BlockHeader header = sampleMiningHeader();
        header.target = UInt256(1) << 252; // about one hash in 16
        const auto target = header.target.toBigEndian();
        const HeaderMidstate midstate(headerBytes(header), kernel);
        auto scan = [&](std::uint32_t first, std::uint32_t last) -> std::optional<std::uint32_t> {
            for (std::uint64_t n = first; n <= last; ++n) {
                header.nonce = std::uint32_t(n);
                if (UInt256::fromBigEndian(blockHash(header).bytes) <= header.target)
                    return std::uint32_t(n);
            }
            return std::nullopt;
        };
        int found = 0, notFound = 0;
        for (std::uint32_t first = 0; first < 400; first += 7)
            for (std::uint32_t length : {1u, 2u, 3u, 10u, 41u}) {
                const std::uint32_t last = first + length - 1;
                const auto expected = scan(first, last);
                QCOMPARE(midstate.search(first, last, target), expected);
                (expected ? found : notFound) += 1;
            }
        QVERIFY2(found > 30 && notFound > 30,
                 qPrintable(QString("%1 found, %2 not")
                                .arg(found)
                                .arg(notFound))); // both outcomes were exercised
        for (std::uint32_t first : {0xFFFFFF00u, 0xFFFFFF01u, 0xFFFFFFFFu})
            QCOMPARE(midstate.search(first, 0xFFFFFFFFu, target), scan(first, 0xFFFFFFFFu));
        QCOMPARE(midstate.search(10, 9, target), std::nullopt);
    }

    void kernelNames() {
        for (HeaderHashKernel k : kAllKernels)
            QCOMPARE(kernelFromName(kernelName(k)), k);
        QCOMPARE(kernelFromName("sha-ni"), HeaderHashKernel::ShaNi);
        QCOMPARE(kernelFromName("SHA-NI"), std::nullopt);
        QCOMPARE(kernelFromName(""), std::nullopt);
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
