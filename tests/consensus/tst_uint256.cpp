// The 256-bit arithmetic behind targets and work.
#include <QTest>

#include "consensus/primitives/uint256.h"

using namespace mbc;

namespace {
UInt256 hexq(const char* s) {
    return *UInt256::fromHexQuantity(s);
}
UInt256 dec(const char* s) {
    return *UInt256::fromDecimal(s);
}
} // namespace

class TestUInt256 : public QObject {
    Q_OBJECT
private slots:
    void hexQuantityRoundTrip() {
        QCOMPARE(UInt256().toHexQuantity(), std::string("0x0"));
        QCOMPARE(UInt256(255).toHexQuantity(), std::string("0xff"));
        QCOMPARE(hexq("0x000ABC").toHexQuantity(), std::string("0xabc"));
        QCOMPARE(UInt256::max().toHexQuantity(), "0x" + std::string(64, 'f'));
        QVERIFY(UInt256::fromHexQuantity("0x" + std::string(64, 'f')).has_value());
        QVERIFY(UInt256::fromHexQuantity("0x0" + std::string(64, 'f')).has_value());
        QVERIFY(!UInt256::fromHexQuantity("0x1" + std::string(64, '0')).has_value());
        QVERIFY(!UInt256::fromHexQuantity("ff").has_value());
        QVERIFY(!UInt256::fromHexQuantity("0x").has_value());
        QVERIFY(!UInt256::fromHexQuantity("0xfg").has_value());
        QVERIFY(!UInt256::fromHexQuantity("0x-1").has_value());
    }

    void bigEndianBytes() {
        std::array<std::uint8_t, 32> be{};
        be[31] = 0x01;
        be[0] = 0x80;
        const UInt256 v = UInt256::fromBigEndian(be);
        QCOMPARE(v, (UInt256(1) << 255) + UInt256(1));
        QVERIFY(v.toBigEndian() == be);
    }

    void decimal() {
        const char* max =
            "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        QCOMPARE(dec(max), UInt256::max());
        QCOMPARE(UInt256::max().toDecimal(), std::string(max));
        QCOMPARE(UInt256().toDecimal(), std::string("0"));
        QVERIFY(
            !UInt256::fromDecimal(
                 "115792089237316195423570985008687907853269984665640564039457584007913129639936")
                 .has_value());
        QVERIFY(!UInt256::fromDecimal("12a").has_value());
        QVERIFY(!UInt256::fromDecimal("").has_value());
    }

    void additionAndSubtractionWrap() {
        QCOMPARE(UInt256::max() + UInt256(1), UInt256());
        QCOMPARE(UInt256() - UInt256(1), UInt256::max());
        QCOMPARE(UInt256::max().saturatingAdd(UInt256(5)), UInt256::max());
        QCOMPARE(UInt256(2).saturatingAdd(UInt256(3)), UInt256(5));
        // carry across limbs
        QCOMPARE(UInt256(~0ull) + UInt256(1), UInt256(1) << 64);
    }

    void shifts() {
        QCOMPARE(UInt256(1) << 255 >> 255, UInt256(1));
        QCOMPARE(UInt256(1) << 256, UInt256());
        QCOMPARE(UInt256::max() >> 252, UInt256(15));
        QCOMPARE((UInt256(0xabcd) << 100) >> 100, UInt256(0xabcd));
        QCOMPARE(UInt256(1).bitLength(), 1);
        QCOMPARE(UInt256().bitLength(), 0);
        QCOMPARE(UInt256::max().bitLength(), 256);
    }

    void division() {
        QCOMPARE(UInt256(100) / UInt256(7), UInt256(14));
        QCOMPARE(UInt256::max() / UInt256::max(), UInt256(1));
        QCOMPARE(UInt256(5) / UInt256(6), UInt256());
        QCOMPARE(UInt256::max() / UInt256(1), UInt256::max());
        const UInt256 big = dec("340282366920938463463374607431768211456"); // 2^128
        QCOMPARE(UInt256::max() / big, (UInt256(1) << 128) - UInt256(1));
        std::uint64_t rem = 0;
        QCOMPARE(dec("1000000000000000000000000000007").divideBy(10, &rem),
                 dec("100000000000000000000000000000"));
        QCOMPARE(rem, std::uint64_t(7));
    }

    void mulDivIsExactAndSaturates() {
        QCOMPARE(UInt256(1000).mulDivSaturating(22, 90), UInt256(244));
        // needs more than 256 bits in the middle: (2^256-1) * 2 / 4
        QCOMPARE(UInt256::max().mulDivSaturating(2, 4), UInt256::max() >> 1);
        QCOMPARE(UInt256::max().mulDivSaturating(360, 90), UInt256::max());
        QCOMPARE(UInt256::max().mulDivSaturating(1, 1), UInt256::max());
    }

    void ordering() {
        QVERIFY(UInt256(1) << 200 > UInt256(~0ull));
        QVERIFY(UInt256(3) < UInt256(4));
        QVERIFY(UInt256::max() > (UInt256::max() >> 1));
    }
};

QTEST_APPLESS_MAIN(TestUInt256)
#include "tst_uint256.moc"
