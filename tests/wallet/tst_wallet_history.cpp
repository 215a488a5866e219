// The wallet's history as a user reads it: each transaction's kind and other side, and the CSV
// export (quoting, formulas defused, dates in UTC).
#include <QTest>

#include "support/test_chain.h"
#include "support/wallet_test_values.h"
#include "wallet/wallet_history.h"

using namespace mbc;
using namespace mbc::wallet;
using test::testAddress;

namespace {

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
        const std::set<PubKeyHash> own{testAddress(1), testAddress(2)};
        Transaction coinbase;
        coinbase.inputs.push_back(TxIn{OutPoint::null(), {}, {}});
        coinbase.outputs.push_back(TxOut{5000, testAddress(1)});
        const HistoryEntry mined = describeTransaction(coinbase, {}, own, 5000);
        QCOMPARE(mined.kind, TxKind::Mined);
        QCOMPARE(mined.counterparties, std::vector<PubKeyHash>{testAddress(1)});

        const HistoryEntry received = describeTransaction(spend({testAddress(2), testAddress(9)}),
                                                          {TxOut{300, testAddress(7)}}, own, 100);
        QCOMPARE(received.kind, TxKind::Received);
        QCOMPARE(received.counterparties, std::vector<PubKeyHash>{testAddress(7)}); // the payer
        QCOMPARE(received.receivedOn, std::vector<PubKeyHash>{testAddress(2)});

        HistoryEntry sent =
            describeTransaction(spend({testAddress(8), testAddress(9), testAddress(2)}),
                                {TxOut{400, testAddress(1)}}, own, -300);
        QCOMPARE(sent.kind, TxKind::Sent);
        QCOMPARE(sent.counterparties, (std::vector<PubKeyHash>{testAddress(8), testAddress(9)}));
        const auto labels = [](const PubKeyHash& a) -> std::string {
            return a == testAddress(2) ? "for Carol" : a == testAddress(9) ? "Bob" : "";
        };
        QCOMPARE(entryLabel(received, labels), std::string("for Carol")); // where it came in
        QCOMPARE(entryLabel(sent, labels), std::string("Bob"));
        sent.counterparties = {testAddress(8)};
        QCOMPARE(entryLabel(sent, labels), std::string()); // never the change's label

        const HistoryEntry self = describeTransaction(spend({testAddress(2), testAddress(1)}),
                                                      {TxOut{210, testAddress(1)}}, own, -10);
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
        confirmed.counterparties = {testAddress(7)};
        HistoryEntry pending;
        pending.txid.bytes.fill(0xcd);
        pending.kind = TxKind::Sent;
        pending.net = -100'001'000;
        pending.counterparties = {testAddress(8), testAddress(9)};
        const auto labelOf = [](const PubKeyHash& a) -> std::string {
            if (a == testAddress(7))
                return "=HYPERLINK(\"http://x\")";
            if (a == testAddress(8))
                return "Bob, the baker";
            return "";
        };
        const std::string csv = historyCsv({confirmed, pending}, labelOf);
        QVERIFY2(csv.rfind("date,kind,label,counterparty,amount,txid,height\r\n", 0) == 0,
                 csv.c_str());
        QVERIFY2(csv.find("2025-12-01T14:00:00Z,received,\"'=HYPERLINK(\"\"http://x\"\")\"," +
                          testAddress(7).hex() + ",12.50000000," + confirmed.txid.hex() +
                          ",7\r\n") != std::string::npos,
                 csv.c_str());
        QVERIFY2(csv.find("pending,sent,\"Bob, the baker\"," + testAddress(8).hex() + " " +
                          testAddress(9).hex() + ",-1.00001000," + pending.txid.hex() + ",\r\n") !=
                     std::string::npos,
                 csv.c_str());

        // A ';' splits cells in spreadsheets of many locales: quoted, so "=..." stays inside.
        HistoryEntry semicolon = confirmed;
        semicolon.counterparties = {testAddress(5)};
        const std::string quoted = historyCsv(
            {semicolon}, [](const PubKeyHash&) { return std::string("Bob; =HYPERLINK(1)"); });
        QVERIFY2(quoted.find(",\"Bob; =HYPERLINK(1)\",") != std::string::npos, quoted.c_str());
    }
};

QTEST_GUILESS_MAIN(TestWalletHistory)
#include "tst_wallet_history.moc"
