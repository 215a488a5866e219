// The pieces that decide whom the node charges and where it connects: a request's source
// (IPv6 by /64), address scopes and the connection policy, the per-sender ledger of offences
// and validation time, and the bounded candidate table.
#include <QTest>

#include "net/peer_address_policy.h"
#include "net/peer_candidates.h"
#include "net/sender_ledger.h"
#include "net/source_address.h"

using namespace mbc::net;

class TestPeerPolicy : public QObject {
    Q_OBJECT

private slots:
    void sourcesAreAddressesAndIPv6By64() {
        QCOMPARE(sourceKey(QHostAddress("192.0.2.7")), QString("192.0.2.7"));
        QCOMPARE(sourceKey(QHostAddress("::ffff:192.0.2.7")), QString("192.0.2.7"));
        QCOMPARE(sourceKey(QHostAddress("2001:db8:1:2:aaaa::1")), QString("2001:db8:1:2::/64"));
        QCOMPARE(sourceKey(QHostAddress("2001:db8:1:2:bbbb::9")), QString("2001:db8:1:2::/64"));
        QVERIFY(sourceKey(QHostAddress("2001:db8:1:3::1")) !=
                sourceKey(QHostAddress("2001:db8:1:2::1")));
        QVERIFY(sourceKey(QHostAddress("127.0.0.2")) != sourceKey(QHostAddress("127.0.0.1")));
    }

    void scopes_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("scope");
        const auto row = [](const char* a, AddressScope s) { QTest::newRow(a) << a << int(s); };
        row("127.0.0.1", AddressScope::Loopback);
        row("127.0.0.2", AddressScope::Loopback);
        row("::1", AddressScope::Loopback);
        row("10.1.2.3", AddressScope::Private);
        row("172.16.0.1", AddressScope::Private);
        row("172.31.255.255", AddressScope::Private);
        row("172.32.0.1", AddressScope::Public);
        row("192.168.1.5", AddressScope::Private);
        row("100.100.100.200", AddressScope::Private); // carrier NAT, and one cloud's metadata
        row("fd00:ec2::254", AddressScope::Private);
        row("169.254.169.254", AddressScope::LinkLocal);
        row("::ffff:169.254.169.254", AddressScope::LinkLocal);
        row("fe80::1", AddressScope::LinkLocal);
        row("0.0.0.0", AddressScope::Unusable);
        row("224.0.0.1", AddressScope::Unusable);
        row("255.255.255.255", AddressScope::Unusable);
        row("::", AddressScope::Unusable);
        row("ff02::1", AddressScope::Unusable);
        row("93.184.216.34", AddressScope::Public);
        row("2001:4860::8888", AddressScope::Public);
    }
    void scopes() {
        QFETCH(QString, address);
        QFETCH(int, scope);
        QCOMPARE(int(scopeOf(QHostAddress(address))), scope);
    }

    void namedAddressesFollowTheNodesOwnScope() {
        const PeerAddressPolicy publicNode{AddressScope::Public, false};
        QVERIFY(!publicNode.refusalForNamed(QHostAddress("93.184.216.34")));
        QVERIFY(publicNode.refusalForNamed(QHostAddress("10.0.0.5")));
        QVERIFY(publicNode.refusalForNamed(QHostAddress("127.0.0.1")));
        const PeerAddressPolicy onLoopback{AddressScope::Loopback, false};
        QVERIFY(!onLoopback.refusalForNamed(QHostAddress("127.0.0.3")));
        QVERIFY(onLoopback.refusalForNamed(QHostAddress("192.168.1.9")));
        const PeerAddressPolicy onALan{AddressScope::Private, false};
        QVERIFY(!onALan.refusalForNamed(QHostAddress("192.168.1.9")));
        QVERIFY(onALan.refusalForNamed(QHostAddress("127.0.0.1")));
        const PeerAddressPolicy allowed{AddressScope::Public, true};
        QVERIFY(!allowed.refusalForNamed(QHostAddress("10.0.0.5")));
        QVERIFY(!allowed.refusalForNamed(QHostAddress("127.0.0.1")));
        // Metadata and link-local: never, whatever the setting or who asks.
        for (const char* never : {"169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1",
                                  "fd00:ec2::254", "100.100.100.200"}) {
            QVERIFY2(allowed.refusalForNamed(QHostAddress(never)), never);
            QVERIFY2(PeerAddressPolicy::forbidden(QHostAddress(never)), never);
        }
        QVERIFY(!PeerAddressPolicy::forbidden(QHostAddress("10.0.0.5")));
        const auto why = publicNode.refusalForNamed(QHostAddress("10.0.0.5"));
        QVERIFY2(why->contains("ALLOW_PRIVATE_PEERS"), qPrintable(*why));
    }

    void literalHosts() {
        QCOMPARE(literalHostOf("http://127.0.0.2:8000"), QHostAddress("127.0.0.2"));
        QCOMPARE(literalHostOf("http://[::1]:8000"), QHostAddress("::1"));
        QCOMPARE(literalHostOf("http://localhost:8000"), QHostAddress("127.0.0.1"));
        QVERIFY(literalHostOf("http://node1:8000").isNull());
    }

    void offencesBanASenderForAWhile() {
        SenderLedger ledger({60'000, 3, 250, 2'000, 100});
        QVERIFY(!ledger.offended("192.0.2.7", 1'000));
        QVERIFY(!ledger.offended("192.0.2.7", 1'000));
        QVERIFY(!ledger.banned("192.0.2.7", 1'000));
        QVERIFY(ledger.offended("192.0.2.7", 1'000));
        QVERIFY(ledger.banned("192.0.2.7", 60'999));
        QVERIFY(!ledger.banned("192.0.2.7", 61'000));
        QVERIFY(!ledger.banned("192.0.2.8", 2'000)); // others are not touched
        QCOMPARE(ledger.state("192.0.2.7").totalOffences, std::uint64_t(3));
    }

    // 250 ms of validation per second, 2 s at once: past that the sender waits its debt off.
    void validationTimeIsChargedAndRefills() {
        SenderLedger ledger({60'000, 3, 250, 2'000, 100});
        ledger.chargeValidation("192.0.2.7", 1'500, 0);
        QCOMPARE(ledger.validationWaitMs("192.0.2.7", 0), std::int64_t(0));
        ledger.chargeValidation("192.0.2.7", 1'500, 0); // 3,000 owed: 1,000 over the burst
        QCOMPARE(ledger.validationWaitMs("192.0.2.7", 0), std::int64_t(4'001));
        QVERIFY(ledger.validationWaitMs("192.0.2.7", 3'000) > 0);
        QCOMPARE(ledger.validationWaitMs("192.0.2.7", 4'001), std::int64_t(0));
        QCOMPARE(ledger.validationWaitMs("192.0.2.8", 0), std::int64_t(0));
    }

    // A refused push can take a fraction of a millisecond: charged in whole ones, any number of
    // them cost their sender nothing.
    void fractionsOfAMillisecondAddUp() {
        SenderLedger ledger({60'000, 3, 250, 2'000, 100});
        for (int i = 0; i < 5'000; ++i)
            ledger.chargeValidation("192.0.2.7", 0.5, 0); // 2,500 owed: 500 over the burst
        QCOMPARE(ledger.validationWaitMs("192.0.2.7", 0), std::int64_t(2'001));
        QCOMPARE(ledger.validationWaitMs("192.0.2.7", 2'001), std::int64_t(0));
    }

    void theLedgerIsBounded() {
        SenderLedger ledger({60'000, 3, 250, 2'000, 100});
        ledger.offended("banned", 0);
        ledger.offended("banned", 0);
        ledger.offended("banned", 0);
        for (int i = 0; i < 1'000; ++i) // each still owes: none is forgotten for free
            ledger.chargeValidation(QString::number(i), 5'000, 10 + i);
        QVERIFY(ledger.size() <= 100);
        QVERIFY(ledger.banned("banned", 1'010)); // the oldest went first, the banned one last
    }

    void candidatesAreBoundedInAllAndPerSource() {
        PeerCandidates c(5, 2);
        const auto offer = [&](const char* url, const char* source) {
            return c.offer({url, QHostAddress(), source, 0});
        };
        QVERIFY(offer("http://a:1", "x"));
        QVERIFY(!offer("http://a:1", "x")); // once
        QVERIFY(offer("http://a:2", "x"));
        QVERIFY(offer("http://a:3", "x")); // x over its share: its oldest goes
        QVERIFY(!c.contains("http://a:1"));
        QVERIFY(c.contains("http://a:2") && c.contains("http://a:3"));
        QVERIFY(offer("http://b:1", "y"));
        QVERIFY(offer("http://b:2", "y"));
        QVERIFY(offer("http://c:1", "z"));
        QCOMPARE(c.all().size(), std::size_t(5));
        QVERIFY(offer("http://d:1", "w")); // full: the oldest of all goes
        QCOMPARE(c.all().size(), std::size_t(5));
        QVERIFY(!c.contains("http://a:2"));
        QCOMPARE(c.takeNext()->url, QString("http://a:3"));
        c.remove("http://b:1");
        QCOMPARE(c.takeNext()->url, QString("http://b:2"));
    }
};

QTEST_APPLESS_MAIN(TestPeerPolicy)
#include "tst_peer_policy.moc"
