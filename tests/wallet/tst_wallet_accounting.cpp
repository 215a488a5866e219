// What a set of addresses owns, has pending and did (wallet/wallet_accounting.h): the counting
// the app's wallet, the CLI and the REST API share.
#include <QTest>

#include "support/wallet_test_values.h"
#include "wallet/wallet_accounting.h"

using namespace mbc;
using namespace mbc::wallet;
using test::testAddress;

namespace {

Hash256 txid(std::uint8_t b) {
    Hash256 h;
    h.data()[0] = b;
    return h;
}

OwnedCoin coin(std::uint8_t tx, const PubKeyHash& owner, Amount amount, std::uint32_t height,
               bool spentInMempool = false) {
    OwnedCoin c;
    c.outpoint = {txid(tx), 0};
    c.address = owner;
    c.amount = amount;
    c.height = height;
    c.spentInMempool = spentInMempool;
    return c;
}

Transaction spend(const std::vector<OutPoint>& from, const std::vector<TxOut>& to) {
    Transaction tx;
    for (const OutPoint& o : from)
        tx.inputs.push_back(TxIn{o, {}, {}});
    tx.outputs = to;
    return tx;
}

} // namespace

class TestWalletAccounting : public QObject {
    Q_OBJECT
private slots:
    // Confirmed is what the chain holds unspent; pending is what the mempool adds and takes.
    void balancesCountChainAndMempool() {
        const PubKeyHash alice = testAddress(1), bob = testAddress(2), stranger = testAddress(3);
        WalletChainData d;
        d.tipHeight = 10;
        d.unspent = {coin(10, alice, 5000, 3), coin(11, alice, 700, 4, true), coin(12, bob, 40, 5),
                     coin(13, stranger, 99, 5)}; // not asked for: ignored
        // Alice pays Bob 500 from her 700 coin, 190 back as change, 10 fee.
        const Transaction pay = spend({{txid(11), 0}}, {{500, bob}, {190, alice}});
        d.mempool = {&pay};
        d.mempoolTxids = {txid(20)};

        const WalletView v = accountFor({alice, bob}, d);
        QCOMPARE(v.balances.size(), std::size_t(2));
        QCOMPARE(v.balances.at(alice).confirmed, Amount(5700));
        QCOMPARE(v.balances.at(alice).pending, Amount(190 - 700));
        QCOMPARE(v.balances.at(bob).confirmed, Amount(40));
        QCOMPARE(v.balances.at(bob).pending, Amount(500));
        QCOMPARE(v.confirmedTotal(), Amount(5740));
        QCOMPARE(v.pendingTotal(), Amount(-10)); // the fee leaves the wallet
        QCOMPARE(v.coins.size(), std::size_t(3));
        QCOMPARE(v.tipHeight, std::int64_t(10));
        // The payment between the wallet's own addresses nets to the fee.
        QCOMPARE(v.history.size(), std::size_t(1));
        QCOMPARE(v.history[0].txid, txid(20));
        QVERIFY(!v.history[0].height);
        QCOMPARE(v.history[0].net, Amount(-10));
    }

    // Pending first, then confirmed newest first; one entry per tx however many of the
    // addresses it touched; a mempool tx that leaves the wallet as it was is not listed.
    void historyIsOneLinePerTransaction() {
        const PubKeyHash alice = testAddress(1), bob = testAddress(2);
        WalletChainData d;
        d.tipHeight = 9;
        d.confirmed = {{txid(1), 2, alice, 5000, 0},
                       {txid(3), 7, alice, 0, 5000},
                       {txid(3), 7, bob, 4900, 0},
                       {txid(2), 5, bob, 300, 0},
                       {txid(9), 8, testAddress(7), 1, 0}}; // another address's
        const Transaction unrelated = spend({{txid(50), 0}}, {{10, testAddress(7)}});
        const Transaction incoming = spend({{txid(51), 0}}, {{25, alice}});
        d.mempool = {&unrelated, &incoming};
        d.mempoolTxids = {txid(40), txid(41)};

        const WalletView v = accountFor({alice, bob}, d);
        QCOMPARE(v.history.size(), std::size_t(4));
        QCOMPARE(v.history[0].txid, txid(41));
        QCOMPARE(v.history[0].net, Amount(25));
        QVERIFY(!v.history[0].height);
        QCOMPARE(v.history[1].txid, txid(3));
        QCOMPARE(*v.history[1].height, 7u);
        QCOMPARE(v.history[1].net, Amount(-100));
        QCOMPARE(v.history[2].txid, txid(2));
        QCOMPARE(v.history[3].txid, txid(1));
        QCOMPARE(v.history[3].net, Amount(5000));
    }

    // A new payment spends only coins no unconfirmed tx spends, and only the sender's.
    void spendableCoinsLeaveOutWhatTheMempoolSpends() {
        const PubKeyHash alice = testAddress(1), bob = testAddress(2);
        const std::vector<OwnedCoin> coins = {coin(1, alice, 10, 1), coin(2, alice, 20, 1, true),
                                              coin(3, bob, 30, 1)};
        const auto all = spendableCoins(coins);
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].outpoint.txid, txid(1));
        QCOMPARE(all[1].outpoint.txid, txid(3));
        const auto alices = spendableCoins(coins, alice);
        QCOMPARE(alices.size(), std::size_t(1));
        QCOMPARE(alices[0].amount, Amount(10));
        QVERIFY(spendableCoins(coins, testAddress(9)).empty());
    }
};

QTEST_APPLESS_MAIN(TestWalletAccounting)
#include "tst_wallet_accounting.moc"
