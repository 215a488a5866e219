// Building payments: several recipients in one transaction, coins chosen by the wallet or by the
// user (coin control), each input signed with its own address's key, and every refusal named.
#include <QTest>

#include "consensus/crypto/hashes.h"
#include "consensus/crypto/public_key.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"
#include "wallet/payment_builder.h"

using namespace mbc;
using namespace mbc::wallet;

namespace {

SpendableCoin coin(std::uint8_t id, Amount amount, const PrivateKey& owner) {
    Hash256 txid;
    txid.bytes[0] = id;
    return {OutPoint{txid, 0}, amount, owner.address()};
}

KeyLookup keysOf(std::vector<PrivateKey> keys) {
    return [keys](const PubKeyHash& a) -> std::optional<PrivateKey> {
        for (const PrivateKey& k : keys)
            if (k.address() == a)
                return k;
        return std::nullopt;
    };
}

Payment built(const std::variant<Payment, PaymentError>& v) {
    if (const auto* e = std::get_if<PaymentError>(&v))
        qFatal("unexpected payment error: %s", e->message.c_str());
    return std::get<Payment>(v);
}

std::string refusal(const std::variant<Payment, PaymentError>& v) {
    if (!std::holds_alternative<PaymentError>(v))
        qFatal("the payment was built");
    return std::get<PaymentError>(v).message;
}

// Every input's signature checks against the key of the address its coin pays.
void checkSignatures(const Payment& p) {
    const TxPreimage preimage(p.tx);
    for (std::size_t i = 0; i < p.tx.inputs.size(); ++i) {
        const TxIn& in = p.tx.inputs[i];
        QCOMPARE(in.prevout, p.spent[i].outpoint);
        QCOMPARE(hash160(in.pubkey), p.spent[i].address);
        QCOMPARE(verifySignature(in.pubkey, in.signature, preimage.sighash(i, p.spent[i].address)),
                 SignatureCheck::Valid);
    }
}

} // namespace

class TestPaymentBuilder : public QObject {
    Q_OBJECT

private slots:
    void paysSeveralRecipientsFromSeveralAddresses() {
        const PrivateKey alice = test::aliceKey(), bob = test::bobKey(), carol = test::carolKey();
        PaymentOrder order;
        order.recipients = {{carol.address(), 700}, {bob.address(), 200}};
        order.fee = 50;
        order.coins = {coin(1, 500, alice), coin(2, 400, bob), coin(3, 100, alice)};
        order.changeAddress = carol.address();
        const Payment p = built(buildPayment(order, keysOf({alice, bob})));
        QCOMPARE(p.spent.size(), std::size_t(3)); // largest first: 500 + 400 < 950, then 100
        QCOMPARE(p.inputTotal, Amount(1000));
        QCOMPARE(p.change, Amount(50));
        QCOMPARE(p.tx.outputs.size(), std::size_t(3));
        QCOMPARE(p.tx.outputs[0].amount, Amount(700));
        QCOMPARE(p.tx.outputs[0].pubkeyHash, carol.address());
        QCOMPARE(p.tx.outputs[1].amount, Amount(200));
        QCOMPARE(p.tx.outputs[2].amount, Amount(50));
        QCOMPARE(p.tx.outputs[2].pubkeyHash, carol.address());
        checkSignatures(p);
    }

    void spendsExactlyTheChosenCoins() {
        const PrivateKey alice = test::aliceKey(), bob = test::bobKey();
        PaymentOrder order;
        order.recipients = {{bob.address(), 100}};
        order.fee = 10;
        order.coins = {coin(7, 60, alice), coin(8, 70, alice)}; // the wallet would pick one 500
        order.spendAllCoins = true;
        order.changeAddress = alice.address();
        const Payment p = built(buildPayment(order, keysOf({alice})));
        QCOMPARE(p.spent.size(), std::size_t(2));
        QCOMPARE(p.change, Amount(20));
        checkSignatures(p);

        order.coins = {coin(7, 60, alice)};
        const std::string shortfall = refusal(buildPayment(order, keysOf({alice})));
        QVERIFY2(shortfall.find("chosen coins fall short: have 60, need 110") != std::string::npos,
                 shortfall.c_str());
        order.coins = {coin(7, 60, alice), coin(7, 60, alice)};
        QVERIFY(refusal(buildPayment(order, keysOf({alice}))).find("listed twice") !=
                std::string::npos);
    }

    void noChangeOutputWhenNothingIsLeft() {
        const PrivateKey alice = test::aliceKey(), bob = test::bobKey();
        const PaymentOrder order{
            {{bob.address(), 90}}, 10, {coin(1, 100, alice)}, false, alice.address()};
        const Payment p = built(buildPayment(order, keysOf({alice})));
        QCOMPARE(p.change, Amount(0));
        QCOMPARE(p.tx.outputs.size(), std::size_t(1));
    }

    void refusalsSayWhatIsWrong() {
        const PrivateKey alice = test::aliceKey(), bob = test::bobKey();
        const auto order = [&](std::vector<Recipient> to, Amount fee) {
            return PaymentOrder{std::move(to), fee, {coin(1, 1000, alice)}, false, alice.address()};
        };
        const auto keys = keysOf({alice});
        QVERIFY(refusal(buildPayment(order({}, 1), keys)).find("at least one recipient") !=
                std::string::npos);
        QVERIFY(refusal(buildPayment(order({{bob.address(), 5}, {bob.address(), 0}}, 1), keys))
                    .find("amount 2: must be from 1") != std::string::npos);
        QVERIFY(
            refusal(buildPayment(order({{bob.address(), MAX_MONEY}, {bob.address(), 1}}, 1), keys))
                .find("more than the money supply") != std::string::npos);
        QVERIFY(refusal(buildPayment(order({{bob.address(), 5}}, -1), keys)).find("fee") !=
                std::string::npos);
        const auto poor =
            buildPayment(order({{bob.address(), 600}, {bob.address(), 400}}, 5), keys);
        QCOMPARE(std::get<PaymentError>(poor).have, Amount(1000));
        QCOMPARE(std::get<PaymentError>(poor).need, Amount(1005));
        QVERIFY(refusal(poor).find("amounts 1000 + fee 5") != std::string::npos);
        // A coin whose key the wallet does not hold.
        const std::string noKey =
            refusal(buildPayment(order({{bob.address(), 5}}, 1), keysOf({bob})));
        QVERIFY2(noKey.find("no key for " + alice.address().hex()) != std::string::npos,
                 noKey.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPaymentBuilder)
#include "tst_payment_builder.moc"
