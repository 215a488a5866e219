// Payment requests as links: what toUri writes parses back to the same request, amounts are
// coins with at most 8 decimals, and each malformed part is refused by name.
#include <QTest>

#include "wallet/coin_text.h"
#include "wallet/payment_uri.h"

using namespace mbc;
using namespace mbc::wallet;

namespace {

const std::string kAddress = "de40b86b69bf5a958f4533c3bfa651ee5c7e4949";

std::string refusal(std::string_view uri) {
    const auto r = parsePaymentUri(uri);
    if (!std::holds_alternative<std::string>(r))
        qFatal("accepted: %s", std::string(uri).c_str());
    return std::get<std::string>(r);
}

} // namespace

class TestPaymentUri : public QObject {
    Q_OBJECT

private slots:
    void coinsAreWrittenAndReadExactly() {
        QCOMPARE(coinsText(1'250'000'000), std::string("12.50000000"));
        QCOMPARE(coinsText(-1), std::string("-0.00000001"));
        QCOMPARE(shortCoinsText(1'250'000'000), std::string("12.5"));
        QCOMPARE(shortCoinsText(5 * COIN), std::string("5"));
        QCOMPARE(shortCoinsText(1), std::string("0.00000001"));
        QCOMPARE(parseCoins(" 12.5 "), std::optional<Amount>(1'250'000'000));
        QCOMPARE(parseCoins("0.00000001"), std::optional<Amount>(1));
        QCOMPARE(parseCoins("21000000"), std::optional<Amount>(MAX_MONEY));
        for (const char* bad : {"", ".5", "1.000000001", "-1", "1e3", "21000000.00000001",
                                "123456789", "1,5", "0x10", "1 2"})
            QVERIFY2(!parseCoins(bad), bad);
    }

    void aRequestSurvivesTheRoundTrip() {
        PaymentUri r;
        r.address = *PubKeyHash::fromHex(kAddress);
        r.amount = 1'250'000'000;
        r.label = "Café Zoë & Co";
        r.message = "table 4: 2×coffee?=yes";
        const std::string uri = toUri(r);
        QCOMPARE(uri, "minibitcoin:" + kAddress +
                          "?amount=12.5&label=Caf%C3%A9%20Zo%C3%AB%20%26%20Co"
                          "&message=table%204%3A%202%C3%97coffee%3F%3Dyes");
        const auto back = parsePaymentUri(uri);
        QVERIFY(std::holds_alternative<PaymentUri>(back));
        const PaymentUri& p = std::get<PaymentUri>(back);
        QCOMPARE(p.address, r.address);
        QCOMPARE(p.amount, r.amount);
        QCOMPARE(p.label, r.label);
        QCOMPARE(p.message, r.message);
        QCOMPARE(toUri({r.address, std::nullopt, {}, {}}), "minibitcoin:" + kAddress);
    }

    void whatOtherAppsWriteIsRead() {
        const auto p = parsePaymentUri("  MiniBitcoin://" + std::string(40, 'A') +
                                       "?amount=1&foo=bar&label=a+b  ");
        QVERIFY(std::holds_alternative<PaymentUri>(p));
        QCOMPARE(std::get<PaymentUri>(p).address.hex(), std::string(40, 'a'));
        QCOMPARE(std::get<PaymentUri>(p).amount, std::optional<Amount>(COIN));
        QCOMPARE(std::get<PaymentUri>(p).label, std::string("a+b")); // '+' is not a space here
    }

    void malformedRequestsAreRefusedByName() {
        QVERIFY(refusal("bitcoin:" + kAddress).find("starts with") != std::string::npos);
        QVERIFY(refusal("minibitcoin:xyz").find("40 hex digits") != std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?amount=1.000000001").find("amount") !=
                std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?amount=0").find("above zero") !=
                std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?amount=1&amount=2").find("twice") !=
                std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?label=%ZZ").find("percent") !=
                std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?label=%4").find("percent") !=
                std::string::npos);
        QVERIFY(refusal("minibitcoin:" + kAddress + "?req-expires=5").find("req-expires") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestPaymentUri)
#include "tst_payment_uri.moc"
