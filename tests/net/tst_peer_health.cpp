// Peer health: back-off that doubles per failure in a row and resets on success; a ban after
// three offences that ends after the ban time.
#include <QTest>

#include "net/peer_health.h"

using namespace mbc::net;

class TestPeerHealth : public QObject {
    Q_OBJECT

    const QString peer_ = QStringLiteral("http://peer:8000");

private slots:
    void backOffDoublesUpToACapAndResets() {
        PeerHealth h(60'000);
        QVERIFY(h.usable(peer_, 0));
        QCOMPARE(h.unreachable(peer_, 1000), 1000 + PeerHealth::kFirstBackoffMs);
        QVERIFY(!h.usable(peer_, 1000 + PeerHealth::kFirstBackoffMs - 1));
        QVERIFY(h.usable(peer_, 1000 + PeerHealth::kFirstBackoffMs)); // retried, not dropped
        QCOMPARE(h.unreachable(peer_, 10'000), 10'000 + 2 * PeerHealth::kFirstBackoffMs);
        QCOMPARE(h.unreachable(peer_, 20'000), 20'000 + 4 * PeerHealth::kFirstBackoffMs);
        for (int i = 0; i < 40; ++i)
            h.unreachable(peer_, 0);
        QCOMPARE(h.unreachable(peer_, 0), PeerHealth::kMaxBackoffMs);
        h.reached(peer_);
        QVERIFY(h.usable(peer_, 0));
        QCOMPARE(h.state(peer_).failuresInRow, 0);
        QCOMPARE(h.unreachable(peer_, 0), PeerHealth::kFirstBackoffMs);
    }

    void threeOffencesBanForTheBanTime() {
        PeerHealth h(60'000);
        QVERIFY(!h.offended(peer_, 100));
        QVERIFY(!h.offended(peer_, 200));
        QVERIFY(!h.banned(peer_, 300));
        QVERIFY(h.offended(peer_, 300));
        QVERIFY(h.banned(peer_, 300));
        QVERIFY(!h.usable(peer_, 60'299));
        QVERIFY(h.banned(peer_, 60'299));
        QVERIFY(!h.banned(peer_, 60'300));
        QVERIFY(h.usable(peer_, 60'300));
        QCOMPARE(h.state(peer_).totalOffences, std::uint64_t(3));
        QCOMPARE(h.state(peer_).offences, 0); // counting starts again
        QVERIFY(!h.offended(peer_, 70'000));
    }

    void peersAreJudgedApart() {
        PeerHealth h(60'000);
        for (int i = 0; i < 3; ++i)
            h.offended(peer_, 0);
        h.unreachable(peer_, 0);
        const QString other = QStringLiteral("http://other:8000");
        QVERIFY(h.usable(other, 1));
        QVERIFY(!h.banned(other, 1));
    }

    // However many URLs fail, the map stays bounded, and a banned peer stays banned.
    void trackedPeersAreBounded() {
        PeerHealth h(60'000);
        for (int i = 0; i < 3; ++i)
            h.offended("http://banned:1", 0);
        for (std::size_t i = 0; i < PeerHealth::kMaxTracked * 2; ++i)
            h.unreachable(QStringLiteral("http://dead:%1").arg(i), 0);
        QVERIFY(h.banned("http://banned:1", 1));
        QVERIFY(h.state(QStringLiteral("http://dead:%1").arg(PeerHealth::kMaxTracked * 2 - 1))
                    .failuresInRow == 1);
        int tracked = 0;
        for (std::size_t i = 0; i < PeerHealth::kMaxTracked * 2; ++i)
            tracked += h.state(QStringLiteral("http://dead:%1").arg(i)).failuresInRow;
        QVERIFY(tracked < int(PeerHealth::kMaxTracked));
    }
};

QTEST_APPLESS_MAIN(TestPeerHealth)
#include "tst_peer_health.moc"
