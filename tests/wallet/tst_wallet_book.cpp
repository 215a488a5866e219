// The wallet file's book: contacts, frozen coins and requests survive the file, and a book that
// is malformed or too large for a person's wallet is refused with a reason.
#include <QTest>

#include "support/wallet_test_values.h"
#include "wallet/wallet_book.h"

using namespace mbc;
using namespace mbc::wallet;
using test::testAddress;

namespace {

std::string refusal(const std::string& text) {
    const auto parsed = json::parse(text);
    const auto book = WalletBook::fromJson(&std::get<json::Value>(parsed));
    if (!std::holds_alternative<std::string>(book))
        qFatal("accepted: %s", text.c_str());
    return std::get<std::string>(book);
}

} // namespace

class TestWalletBook : public QObject {
    Q_OBJECT

private slots:
    void aBookSurvivesTheFile() {
        WalletBook book;
        QVERIFY(!book.setContact("Zoë", testAddress(1)));
        QVERIFY(!book.setContact("Bob", testAddress(2)));
        QVERIFY(!book.setContact("Alice", testAddress(1))); // renamed, not added
        QVERIFY(book.setContact("", testAddress(3)).has_value());
        QCOMPARE(book.contacts.size(), std::size_t(2));
        QCOMPARE(book.contacts[0].label, std::string("Alice")); // by name
        Hash256 txid;
        txid.bytes[0] = 7;
        book.frozen.insert(OutPoint{txid, 3});
        book.requests.push_back({testAddress(4), 250, "lunch", "thanks", 1764597600, true});
        book.requests.push_back({testAddress(5), std::nullopt, "", "", 1764597601, false});
        const json::Value v = book.toJson();
        const auto back = WalletBook::fromJson(&v);
        QVERIFY(std::holds_alternative<WalletBook>(back));
        const WalletBook& b = std::get<WalletBook>(back);
        QCOMPARE(b.contacts.size(), std::size_t(2));
        QCOMPARE(b.contact(testAddress(1))->label, std::string("Alice"));
        QCOMPARE(b.frozen.count(OutPoint{txid, 3}), std::size_t(1));
        QCOMPARE(b.requests.size(), std::size_t(2));
        QCOMPARE(b.requests[0].amount, std::optional<Amount>(250));
        QCOMPARE(b.requests[1].amount, std::nullopt);
        QVERIFY(b.requests[0].paid && !b.requests[1].paid);
        QCOMPARE(b.requests[0].message, std::string("thanks"));
        QVERIFY(std::holds_alternative<WalletBook>(WalletBook::fromJson(nullptr))); // none: empty
    }

    void badBooksAreRefusedWithAReason() {
        QVERIFY(refusal(R"({"frozen": 5})").find("frozen") != std::string::npos);
        QVERIFY(refusal(R"({"frozen": ["abc:1"]})").find("TXID:INDEX") != std::string::npos);
        QVERIFY(refusal(R"({"contacts": [{"label": "", "address": "00"}]})").find("contact") !=
                std::string::npos);
        QVERIFY(refusal(R"({"requests": [{"address": ")" + testAddress(1).hex() +
                        R"(", "amount": -5, "label": "", "message": "", "created": 1}]})")
                    .find("request") != std::string::npos);
        std::string many = R"({"frozen": [)";
        for (int i = 0; i <= int(WalletBook::kMaxEntries); ++i)
            many += std::string(i ? "," : "") + "\"x\"";
        QVERIFY(refusal(many + "]}").find("more than 10000") != std::string::npos);

        // The app and the CLI cannot write a book the reader would refuse.
        WalletBook full;
        for (std::size_t i = 0; i < WalletBook::kMaxEntries; ++i) {
            PubKeyHash a;
            a.bytes[0] = std::uint8_t(i);
            a.bytes[1] = std::uint8_t(i >> 8);
            QVERIFY(!full.setContact("c" + std::to_string(i), a));
        }
        QVERIFY(full.setContact("one more", testAddress(0xee)).value_or("").find("full") !=
                std::string::npos);
        QVERIFY(!full.setContact("renamed", full.contacts[0].address)); // not one more
        QVERIFY(full.full(full.contacts.size()));
    }
};

QTEST_GUILESS_MAIN(TestWalletBook)
#include "tst_wallet_book.moc"
