// The binary page GET /blocks/after answers: round trip, and refusal of malformed pages (a
// syncing node decodes pages from peers it does not trust).
#include <QTest>

#include "net/block_page.h"

using namespace mbc;
using namespace mbc::net;

class TestBlockPage : public QObject {
    Q_OBJECT

    static BlockPage sample() {
        BlockPage p;
        p.forkHeight = 3;
        p.tipHeight = 9;
        p.blocks = {Bytes{1, 2, 3}, Bytes(300, 7)};
        return p;
    }

    static std::string refusal(const Bytes& bytes) {
        const auto r = decodeBlockPage(bytes);
        return r ? std::string("accepted") : r.failure().toString();
    }

private slots:
    void roundTrip() {
        const auto decoded = decodeBlockPage(encodeBlockPage(sample()));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->forkHeight, 3);
        QCOMPARE(decoded->tipHeight, 9);
        QCOMPARE(decoded->blocks, sample().blocks);
        BlockPage empty;
        QVERIFY(decodeBlockPage(encodeBlockPage(empty)).ok());
    }

    void truncatedOrTrailingBytesAreRefused() {
        Bytes bytes = encodeBlockPage(sample());
        for (std::size_t cut : {std::size_t(0), std::size_t(5), std::size_t(17), bytes.size() - 1})
            QVERIFY2(refusal(Bytes(bytes.begin(), bytes.begin() + cut)).rfind("decode-", 0) == 0,
                     refusal(Bytes(bytes.begin(), bytes.begin() + cut)).c_str());
        bytes.push_back(0);
        QVERIFY(refusal(bytes).rfind("decode-trailing-bytes", 0) == 0);
    }

    void aHugeCountIsRefusedBeforeAllocating() {
        BlockPage p;
        Bytes bytes = encodeBlockPage(p);
        bytes.back() = 0xFF; // count becomes a 9-byte varint ...
        for (int i = 0; i < 8; ++i)
            bytes.push_back(0xFF); // ... of 2^64 - 1
        QVERIFY2(refusal(bytes).rfind("decode-count-too-large", 0) == 0, refusal(bytes).c_str());
    }

    void heightsThatDoNotFitAreRefused() {
        BlockPage p = sample();
        p.forkHeight = 8; // 8 + 2 blocks > tip 9
        QVERIFY(refusal(encodeBlockPage(p)).rfind("bad-field", 0) == 0);
        p.forkHeight = -2;
        QVERIFY(refusal(encodeBlockPage(p)).rfind("bad-field", 0) == 0);
    }
};

QTEST_APPLESS_MAIN(TestBlockPage)
#include "tst_block_page.moc"
