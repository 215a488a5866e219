// The per-client token bucket on a clock the test moves: bursts up to twice the rate, a refill
// at the rate, clients apart from each other, quiet clients forgotten, zero meaning no limit.
#include <QTest>

#include "net/rate_limiter.h"

using namespace mbc::net;

class TestRateLimiter : public QObject {
    Q_OBJECT

    qint64 now_ = 0;
    RateLimiter::Clock clock() {
        return [this] { return now_; };
    }

private slots:
    void init() { now_ = 1'000; }

    void aBurstOfTwiceTheRateThenTheRefill() {
        RateLimiter limiter(5, clock());
        const QHostAddress client("127.0.0.2");
        for (int i = 0; i < 10; ++i)
            QVERIFY2(limiter.allow(client), qPrintable(QString::number(i)));
        QVERIFY(!limiter.allow(client));
        now_ += 199; // not yet one token (5 per second: one per 200 ms)
        QVERIFY(!limiter.allow(client));
        now_ += 1;
        QVERIFY(limiter.allow(client));
        QVERIFY(!limiter.allow(client));
        now_ += 10'000; // refills to the burst, never beyond
        for (int i = 0; i < 10; ++i)
            QVERIFY(limiter.allow(client));
        QVERIFY(!limiter.allow(client));
    }

    void clientsHaveTheirOwnBuckets() {
        RateLimiter limiter(1, clock());
        const QHostAddress a("127.0.0.2"), b("::1");
        QVERIFY(limiter.allow(a));
        QVERIFY(limiter.allow(a));
        QVERIFY(!limiter.allow(a));
        QVERIFY(limiter.allow(b));
    }

    void quietClientsAreForgottenAndStartFull() {
        RateLimiter limiter(1, clock());
        const QHostAddress a("127.0.0.2");
        QVERIFY(limiter.allow(a));
        QVERIFY(limiter.allow(a));
        QVERIFY(!limiter.allow(a));
        now_ += 61'000;
        QVERIFY(limiter.allow(QHostAddress("127.0.0.3"))); // the sweep forgets a
        QVERIFY(limiter.allow(a));
        QVERIFY(limiter.allow(a));
    }

    // Rotating through the addresses of one /64 (which one subscriber holds) gains nothing.
    void anIPv6ClientCountsByIts64() {
        RateLimiter limiter(1, clock());
        QVERIFY(limiter.allow(QHostAddress("2001:db8:1:2::1")));
        QVERIFY(limiter.allow(QHostAddress("2001:db8:1:2:ffff::9")));
        QVERIFY(!limiter.allow(QHostAddress("2001:db8:1:2:1234:5678:9abc:def0")));
        QVERIFY(limiter.allow(QHostAddress("2001:db8:1:3::1"))); // the next /64 is another
        // An IPv4 client on a dual-stack listener is the same client either way.
        QVERIFY(limiter.allow(QHostAddress("::ffff:192.0.2.7")));
        QVERIFY(limiter.allow(QHostAddress("192.0.2.7")));
        QVERIFY(!limiter.allow(QHostAddress("::ffff:192.0.2.7")));
    }

    // Memory stays bounded however many clients come: buckets that refilled make room.
    void bucketsAreBounded() {
        RateLimiter limiter(1, clock());
        const auto address = [](int i) { return QHostAddress(quint32(0x0A000000 + i)); };
        for (int i = 0; i < RateLimiter::kMaxBuckets; ++i)
            QVERIFY(limiter.allow(address(i)));
        QVERIFY(limiter.allow(address(0)));
        QVERIFY(!limiter.allow(address(0))); // still tracked: its burst is spent
        now_ += 2'000;                       // every bucket is full again
        QVERIFY(limiter.allow(address(RateLimiter::kMaxBuckets)));
        QVERIFY(limiter.allow(address(0))); // forgotten to make room, so it starts full
        QVERIFY(limiter.allow(address(0)));
        QVERIFY(!limiter.allow(address(0)));
    }

    void zeroMeansNoLimit() {
        RateLimiter limiter(0, clock());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(limiter.allow(QHostAddress("127.0.0.2")));
    }
};

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_rate_limiter.moc"
