// Varints (vectors/varint.json), header bytes (vectors/headers.json), the full binary form,
// and every error of the strict decoder.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/byte_reader.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

#include <cstring>

using namespace mbc;
using namespace mbc::test;

namespace {

Transaction sampleTx() {
    Transaction tx;
    tx.version = -7;
    tx.inputs.push_back(TxIn{OutPoint{*Hash256::fromHex(std::string(64, 'a')), 3}, Bytes(71, 0x30),
                             Bytes(33, 0x02)});
    tx.inputs.push_back(TxIn{OutPoint{*Hash256::fromHex(std::string(64, 'b')), 0}, {}, {}});
    tx.outputs.push_back(TxOut{12345, *PubKeyHash::fromHex(std::string(40, 'c'))});
    tx.locktime = 0xFFFFFFFF;
    return tx;
}

Failure decodeTxFailure(const Bytes& bytes) {
    auto r = decodeTx(bytes);
    if (r.ok())
        return Failure{RejectCode::BadJson, "unexpectedly decoded"};
    return r.failure();
}

// Every pair of `FixedBytes<N>` it builds compares as its bytes do (memcmp's order), through
// <=>, <, == and the OutPoint comparison built on them; false at the first pair that does not.
template <std::size_t N>
bool fixedBytesOrderAsTheirBytes(QString* why) {
    std::vector<std::pair<FixedBytes<N>, FixedBytes<N>>> pairs;
    // One byte apart, at each position in turn, by values at the edges of a signed byte.
    constexpr std::pair<std::uint8_t, std::uint8_t> kApart[] = {
        {0x00, 0x01}, {0x7f, 0x80}, {0x00, 0xff}, {0xfe, 0xff}, {0x80, 0x81}};
    for (std::size_t at = 0; at < N; ++at)
        for (const auto& [low, high] : kApart) {
            FixedBytes<N> a, b;
            a.bytes.fill(0x5a);
            b = a;
            a.bytes[at] = low;
            b.bytes[at] = high;
            // A later byte that would decide the other way, were the order read wrongly.
            if (at + 1 < N)
                a.bytes[N - 1] = 0xff, b.bytes[N - 1] = 0x00;
            pairs.push_back({a, b});
            pairs.push_back({b, a});
        }
    std::uint32_t seed = 12345;
    for (int i = 0; i < 2000; ++i) {
        FixedBytes<N> a, b;
        for (std::size_t k = 0; k < N; ++k) {
            seed = seed * 1103515245u + 12345u;
            a.bytes[k] = std::uint8_t(seed >> 16);
            // Mostly equal prefixes, so that later words decide.
            b.bytes[k] = (seed >> 8) % 7 == 0 ? std::uint8_t(seed >> 24) : a.bytes[k];
        }
        pairs.push_back({a, b});
        pairs.push_back({a, a});
    }
    for (const auto& [a, b] : pairs) {
        const int bytesSay = std::memcmp(a.bytes.data(), b.bytes.data(), N);
        const auto order = a <=> b;
        bool agrees = (bytesSay < 0) == (order < 0) && (bytesSay == 0) == (order == 0) &&
                      (bytesSay < 0) == (a < b) && (bytesSay == 0) == (a == b);
        if constexpr (N == 32) // the txid decides before the index
            agrees = agrees && (bytesSay < 0) == (OutPoint{a, 1} < OutPoint{b, 0});
        if (!agrees) {
            *why = QStringLiteral("%1 and %2")
                       .arg(QString::fromStdString(a.hex()), QString::fromStdString(b.hex()));
            return false;
        }
    }
    return true;
}

} // namespace

class TestEncoding : public QObject {
    Q_OBJECT
private slots:
    void varintVectors_data() {
        QTest::addColumn<quint64>("value");
        QTest::addColumn<QString>("hex");
        for (const auto& v : loadVectorEntries("varint.json"))
            QTest::newRow(std::to_string(uintField(v, "value")).c_str())
                << quint64(uintField(v, "value"))
                << QString::fromStdString(stringField(v, "bytes"));
    }
    void varintVectors() {
        QFETCH(quint64, value);
        QFETCH(QString, hex);
        Bytes out;
        ByteWriter(out).varint(value);
        QCOMPARE(QString::fromStdString(toHex(out)), hex);
        QCOMPARE(ByteWriter::varintSize(value), out.size());
        ByteReader r(out);
        QCOMPARE(quint64(r.varint("value")), value);
        r.expectEnd("varint");
        QVERIFY(!r.failed());
    }

    void nonCanonicalVarintsAreRefused_data() {
        QTest::addColumn<QString>("hex");
        QTest::newRow("fd for 0") << "fd0000";
        QTest::newRow("fd for 252") << "fdfc00";
        QTest::newRow("fe for 65535") << "feffff0000";
        QTest::newRow("ff for 2^32-1") << "ffffffffff00000000";
    }
    void nonCanonicalVarintsAreRefused() {
        QFETCH(QString, hex);
        const Bytes bytes = *fromHex(hex.toStdString());
        ByteReader r(bytes);
        (void)r.varint("count");
        QVERIFY(r.failed());
        QCOMPARE(r.failure().code, RejectCode::DecodeNonCanonicalVarint);
    }

    void headerVectors_data() { addVectorRows("headers.json"); }
    void headerVectors() {
        const json::Value v = vectorEntry("headers.json");
        const auto header = headerFromJson(field(v, "header"));
        QVERIFY2(header.ok(), header.ok() ? "" : header.failure().toString().c_str());
        const auto bytes = headerBytes(*header);
        QCOMPARE(QString::fromStdString(toHex(bytes)),
                 QString::fromStdString(stringField(v, "bytes")));
        auto decoded = decodeHeader(bytes);
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == *header);
    }

    void txRoundTripsThroughBinary() {
        const Transaction tx = sampleTx();
        const Bytes bytes = encodeTx(tx);
        QCOMPARE(bytes.size(), encodedTxSize(tx));
        auto back = decodeTx(bytes);
        QVERIFY(back.ok());
        QVERIFY(*back == tx);
    }

    void blockRoundTripsThroughBinary() {
        TestChain chain;
        chain.mineTo(aliceKey().address());
        const Block block = chain.buildBlock({sampleTx()}, bobKey().address());
        const Bytes bytes = encodeBlock(block);
        QCOMPARE(bytes.size(), encodedBlockSize(block));
        auto back = decodeBlock(bytes);
        QVERIFY2(back.ok(), back.ok() ? "" : back.failure().toString().c_str());
        QVERIFY(*back == block);
    }

    void truncatedInputIsRefusedAtEveryLength() {
        const Bytes bytes = encodeTx(sampleTx());
        for (std::size_t len = 0; len < bytes.size(); ++len) {
            const Failure f = decodeTxFailure(Bytes(bytes.begin(), bytes.begin() + long(len)));
            QVERIFY2(f.code == RejectCode::DecodeTruncated ||
                         f.code == RejectCode::DecodeCountTooLarge,
                     ("length " + std::to_string(len) + ": " + f.toString()).c_str());
        }
    }

    void trailingBytesAreRefused() {
        Bytes bytes = encodeTx(sampleTx());
        bytes.push_back(0);
        QCOMPARE(decodeTxFailure(bytes).code, RejectCode::DecodeTrailingBytes);

        TestChain chain;
        Bytes block = encodeBlock(chain.buildBlock({}, aliceKey().address()));
        block.push_back(0x42);
        auto r = decodeBlock(block);
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::DecodeTrailingBytes);

        Bytes header(HEADER_SIZE + 1, 0);
        auto h = decodeHeader(header);
        QVERIFY(!h.ok());
        QCOMPARE(h.failure().code, RejectCode::DecodeTrailingBytes);
    }

    void hostileCountsAreRefusedBeforeAllocating() {
        // version, then an input count of 2^64 - 1 with only a few bytes behind it.
        Bytes bytes = *fromHex("01000000ffffffffffffffffff00000000");
        const Failure f = decodeTxFailure(bytes);
        QCOMPARE(f.code, RejectCode::DecodeCountTooLarge);
        QVERIFY2(f.message.find("inputs") != std::string::npos, f.message.c_str());

        // A block claiming 2^32 transactions.
        Bytes block(HEADER_SIZE, 0);
        const Bytes count = *fromHex("ff0000000001000000");
        block.insert(block.end(), count.begin(), count.end());
        auto r = decodeBlock(block);
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::DecodeCountTooLarge);

        // A signature length larger than what remains.
        Bytes tx = *fromHex("0100000001");
        tx.insert(tx.end(), 36, 0x11);
        const Bytes sigLen = *fromHex("fe00000001");
        tx.insert(tx.end(), sigLen.begin(), sigLen.end());
        QCOMPARE(decodeTxFailure(tx).code, RejectCode::DecodeTruncated);
    }

    void oversizeBlocksAreRefusedUnread() {
        Bytes huge(MAX_BLOCK_SIZE + 1, 0);
        auto r = decodeBlock(huge);
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::BlockOversize);
        QCOMPARE(decodeTxFailure(huge).code, RejectCode::TxOversize);
    }

    // Hashes are the keys of the maps a block's checks and a sync batch go through, and held
    // outputs are written in the order of the table's key: their order is their bytes'.
    void fixedBytesOrderAsTheirBytes() {
        QString why;
        QVERIFY2(::fixedBytesOrderAsTheirBytes<32>(&why), qPrintable(why));
        QVERIFY2(::fixedBytesOrderAsTheirBytes<20>(&why), qPrintable(why));
        QVERIFY2(::fixedBytesOrderAsTheirBytes<33>(&why), qPrintable(why));
        const Hash256 low = *Hash256::fromHex("00" + std::string(62, 'f'));
        const Hash256 high = *Hash256::fromHex("01" + std::string(62, '0'));
        QVERIFY((OutPoint{low, 7} < OutPoint{high, 0}));
        QVERIFY((OutPoint{high, 0} < OutPoint{high, 1}));
    }

    void errorsNameTheField() {
        Bytes bytes = encodeTx(sampleTx());
        // version, input count, the whole first input (outpoint, 71-byte signature, 33-byte
        // pubkey), then 34 bytes of the second: it ends inside the second prev_index.
        bytes.resize(4 + 1 + (36 + 1 + 71 + 1 + 33) + 32 + 2);
        const Failure f = decodeTxFailure(bytes);
        QCOMPARE(f.code, RejectCode::DecodeTruncated);
        QVERIFY2(f.message.find("prev_index") != std::string::npos, f.message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestEncoding)
#include "tst_encoding.moc"
