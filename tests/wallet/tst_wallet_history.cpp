// The wallet's history as a user reads it: each transaction's kind and other side, and the CSV
// export (quoting, formulas defused, dates in UTC).
#include <QTest>

#include "support/test_chain.h"
#include "wallet/wallet_history.h"

using namespace mbc;
using namespace mbc::wallet;

namespace {

PubKeyHash addr(std::uint8_t b) {
    PubKeyHash a;
    a.bytes.fill(b);
    return a;
}

Transaction spend(std::vector<PubKeyHash> to) {
    Transaction tx;
    Hash256 prev;
    prev.bytes[0] = 1;
    tx.inputs.push_back(TxIn{OutPoint{prev, 0}, {}, {}});
    for (const PubKeyHash& a : to)
        tx.outputs.push_back(TxOut{100, a});
    return tx;
}

} // namespace

class TestWalletHistory : public QObject {
    Q_OBJECT

private slots:
    void eachKindAndItsOtherSide() {
        const std::set<PubKeyHash> own{addr(1), addr(2)};
        Transaction coinbase;
        coinbase.inputs.push_back(TxIn{OutPoint::null(), {}, {}});
        coinbase.outputs.push_back(TxOut{5000, addr(1)});
        const HistoryEntry mined = describeTransaction(coinbase, {}, own, 5000);
        QCOMPARE(mined.kind, TxKind::Mined);
        QCOMPARE(mined.counterparties, std::vector<PubKeyHash>{addr(1)});

        const HistoryEntry received =
            describeTransaction(spend({addr(2), addr(9)}), {TxOut{300, addr(7)}}, own, 100);
        QCOMPARE(received.kind, TxKind::Received);
        QCOMPARE(received.counterparties, std::vector<PubKeyHash>{addr(7)}); // the payer
        QCOMPARE(received.receivedOn, std::vector<PubKeyHash>{addr(2)});

        HistoryEntry sent = describeTransaction(spend({addr(8), addr(9), addr(2)}),
                                                {TxOut{400, addr(1)}}, own, -300);
        QCOMPARE(sent.kind, TxKind::Sent);
        QCOMPARE(sent.counterparties, (std::vector<PubKeyHash>{addr(8), addr(9)}));
        const auto labels = [](const PubKeyHash& a) -> std::string {
            return a == addr(2) ? "for Carol" : a == addr(9) ? "Bob" : "";
        };
        QCOMPARE(entryLabel(received, labels), std::string("for Carol")); // where it came in
        QCOMPARE(entryLabel(sent, labels), std::string("Bob"));
        sent.counterparties = {addr(8)};
        QCOMPARE(entryLabel(sent, labels), std::string()); // never the change's label

        const HistoryEntry self =
            describeTransaction(spend({addr(2), addr(1)}), {TxOut{210, addr(1)}}, own, -10);
        QCOMPARE(self.kind, TxKind::ToSelf);
        QCOMPARE(QString(kindName(self.kind)), QString("to yourself"));
    }

    void theCsvIsSafeToOpenInASpreadsheet() {
        HistoryEntry confirmed;
        confirmed.txid.bytes.fill(0xab);
        confirmed.height = 7;
        confirmed.time = 1764597600; // 2025-12-01T14:00:00Z
        confirmed.kind = TxKind::Received;
        confirmed.net = 1'250'000'000;
        confirmed.counterparties = {addr(7)};
        HistoryEntry pending;
        pending.txid.bytes.fill(0xcd);
        pending.kind = TxKind::Sent;
        pending.net = -100'001'000;
        pending.counterparties = {addr(8), addr(9)};
        const auto labelOf = [](const PubKeyHash& a) -> std::string {
            if (a == addr(7))
                return "=HYPERLINK(\"http://x\")";
            if (a == addr(8))
                return "Bob, the baker";
            return "";
        };
        const std::string csv = historyCsv({confirmed, pending}, labelOf);
        QVERIFY2(csv.rfind("date,kind,label,counterparty,amount,txid,height\r\n", 0) == 0,
                 csv.c_str());
        QVERIFY2(csv.find("2025-12-01T14:00:00Z,received,\"'=HYPERLINK(\"\"http://x\"\")\"," +
                          addr(7).hex() + ",12.50000000," + confirmed.txid.hex() + ",7\r\n") !=
                     std::string::npos,
                 csv.c_str());
        QVERIFY2(csv.find("pending,sent,\"Bob, the baker\"," + addr(8).hex() + " " + addr(9).hex() +
                          ",-1.00001000," + pending.txid.hex() + ",\r\n") != std::string::npos,
                 csv.c_str());
    }
};

QTEST_GUILESS_MAIN(TestWalletHistory)
#include "tst_wallet_history.moc"
