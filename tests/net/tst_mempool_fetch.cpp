// A peer's mempool, fetched after a sync that caught up from far behind: pages follow the
// peer's cursor to the end; MiniBitcoinPy's whole-pool answer is one page; whatever the peer
// answers, the fetch ends within its bounds (txs, pages, bytes, the time refused txs take), and
// what no honest node sends is named as the peer's offence. Slices wait while the node asks
// them to (a sync's batch held open).
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/mempool_fetch.h"
#include "support/scripted_peer.h"
#include "support/timeouts.h"
#include "json/json_value.h"

#include <QPointer>
#include <QThread>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

using namespace mbc;
using mbc::test::ScriptedPeer;
using Taken = mbc::net::MempoolFetch::Taken;
Q_DECLARE_METATYPE(Taken)

namespace {

// A tx that decodes (the fetch judges nothing itself), told apart by `n`; `bare`, without
// signature and key (short JSON).
Transaction looseTx(std::uint32_t n, bool bare = false) {
    Transaction tx;
    tx.version = 1;
    TxIn in;
    in.prevout.txid.bytes.fill(0x11);
    in.prevout.index = n;
    if (!bare) {
        in.signature = Bytes(70, 0x30);
        in.pubkey = Bytes(33, 0x02);
    }
    tx.inputs.push_back(in);
    tx.outputs.push_back(TxOut{Amount(1000 + n), PubKeyHash{}});
    return tx;
}

json::Value::Array txsFrom(std::uint32_t first, std::uint32_t count, bool bare = false) {
    json::Value::Array txs;
    for (std::uint32_t n = first; n < first + count; ++n)
        txs.push_back(txToJson(looseTx(n, bare)));
    return txs;
}

ScriptedPeer::Answer page(json::Value::Array txs, std::optional<std::uint64_t> nextAfter) {
    json::Value v;
    v.set("size", std::uint64_t(txs.size()));
    v.set("transactions", std::move(txs));
    v.set("next_after", nextAfter ? json::Value(*nextAfter) : json::Value(nullptr));
    return {200, "application/json", QByteArray::fromStdString(json::write(v))};
}

ScriptedPeer::Answer body(const QByteArray& text) {
    return {200, "application/json", text};
}

} // namespace

class TestMempoolFetch : public QObject {
    Q_OBJECT

    // What one fetch handed to the node, and how it ended.
    struct Run {
        std::vector<Hash256> submitted;
        std::optional<net::MempoolFetch::Outcome> outcome;
    };
    // `submit` stands in for the node; what it was handed is recorded.
    Run fetchWith(ScriptedPeer& peer, net::MempoolFetch::Submit submit,
                  std::function<bool()> wait = {}) {
        Run run;
        const QPointer<net::MempoolFetch> f = new net::MempoolFetch(
            client_, peer.url(),
            [&](const Transaction& tx, Taken& taken) {
                run.submitted.push_back(computeTxid(tx));
                return submit(tx, taken);
            },
            std::move(wait), [&](const net::MempoolFetch::Outcome& o) { run.outcome = o; });
        f->start();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), test::kLongTimeoutMs); }();
        delete f; // (if it never ended: its callbacks hold `run`)
        return run;
    }
    // Each tx taken, or refused as an offence where `judge` names one.
    Run fetch(
        ScriptedPeer& peer,
        std::function<std::optional<QString>(const Transaction&)> judge =
            [](const Transaction&) { return std::optional<QString>(); },
        std::function<bool()> wait = {}) {
        return fetchWith(
            peer,
            [judge](const Transaction& tx, Taken& taken) {
                const auto offence = judge(tx);
                taken = offence ? Taken::Refused : Taken::Accepted;
                return offence;
            },
            std::move(wait));
    }
    static std::vector<Hash256> txids(std::uint32_t first, std::uint32_t count) {
        std::vector<Hash256> ids;
        for (std::uint32_t n = first; n < first + count; ++n)
            ids.push_back(computeTxid(looseTx(n)));
        return ids;
    }

    // A fake node that knows tx n's input once the tx `parentOf[n]` names is taken (a tx
    // without an entry has a known input).
    static net::MempoolFetch::Submit
    nodeWithParents(std::map<std::uint32_t, std::uint32_t> parentOf) {
        auto taken = std::make_shared<std::set<Hash256>>();
        return [parentOf, taken](const Transaction& tx, Taken& how) -> std::optional<QString> {
            const std::uint32_t n = tx.inputs[0].prevout.index;
            const auto parent = parentOf.find(n);
            if (parent != parentOf.end() && !taken->count(computeTxid(looseTx(parent->second)))) {
                how = Taken::MissingInputs;
                return std::nullopt;
            }
            taken->insert(computeTxid(tx));
            how = Taken::Accepted;
            return std::nullopt;
        };
    }
    static std::vector<Hash256> txidsOf(std::initializer_list<std::uint32_t> ns) {
        std::vector<Hash256> ids;
        for (const std::uint32_t n : ns)
            ids.push_back(computeTxid(looseTx(n)));
        return ids;
    }

    net::PeerClient client_{QStringLiteral("http://127.0.0.1:1")};

private slots:
    void pagesFollowTheCursorToTheEnd() {
        ScriptedPeer peer;
        peer.scriptInTurn("/mempool", {page(txsFrom(0, 2), 7), page(txsFrom(2, 1), std::nullopt)});
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, txids(0, 3));
        QCOMPARE(run.outcome->accepted, std::size_t(3));
        QCOMPARE(run.outcome->pages, 2);
        QVERIFY(run.outcome->offence.isEmpty());
        QVERIFY(run.outcome->stopped.isEmpty());
        QCOMPARE(peer.queries("/mempool"), (QStringList{"limit=250", "limit=250&after=7"}));
    }

    // MiniBitcoinPy answers {size, transactions} with its whole pool and no cursor.
    void aMiniBitcoinPyPoolIsOnePage() {
        ScriptedPeer peer;
        json::Value v;
        v.set("size", std::uint64_t(2));
        v.set("transactions", txsFrom(0, 2));
        peer.script("/mempool", body(QByteArray::fromStdString(json::write(v))));
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, txids(0, 2));
        QCOMPARE(peer.requests("/mempool"), 1);
        QVERIFY(run.outcome->offence.isEmpty());
    }

    // Refused txs (a loose tx's parent may be missing) are counted, not held against the peer.
    // Txs refused (a loose tx's parent may be missing) or held already are counted, not held
    // against the peer.
    void refusedTxsAreCountedAndTheFetchGoesOn() {
        ScriptedPeer peer;
        peer.scriptInTurn("/mempool", {page(txsFrom(0, 3), 3), page(txsFrom(3, 3), std::nullopt)});
        int handed = 0;
        const Run run = fetchWith(peer, [&](const Transaction&, Taken& taken) {
            taken = std::array{Taken::Accepted, Taken::Held, Taken::Refused}[handed++ % 3];
            return std::optional<QString>();
        });
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, txids(0, 6));
        QCOMPARE(run.outcome->accepted, std::size_t(2));
        QCOMPARE(run.outcome->held, std::size_t(2));
        QCOMPARE(run.outcome->refused, std::size_t(2));
        QVERIFY(run.outcome->offence.isEmpty() && run.outcome->stopped.isEmpty());
    }

    // The txs the node refuses may cost it their signatures each (a fee too low is found
    // after them): kMaxRefusedMs of that, and the fetch stops. Txs it takes, or held already,
    // cost it nothing it would not spend on them anyway.
    void refusalsStopTheFetchOnceTheyCostTooMuch_data() {
        QTest::addColumn<Taken>("taken");
        QTest::addColumn<bool>("stops");
        QTest::newRow("refused") << Taken::Refused << true;
        QTest::newRow("accepted") << Taken::Accepted << false;
        QTest::newRow("held") << Taken::Held << false;
    }
    void refusalsStopTheFetchOnceTheyCostTooMuch() {
        QFETCH(Taken, taken);
        QFETCH(bool, stops);
        constexpr int kEachMs = 20;
        constexpr int kTxs = int(net::MempoolFetch::kMaxRefusedMs) / kEachMs + 10;
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, kTxs), std::nullopt));
        const Run run = fetchWith(peer, [&](const Transaction&, Taken& judged) {
            QThread::msleep(kEachMs);
            judged = taken;
            return std::optional<QString>();
        });
        QVERIFY(run.outcome);
        QVERIFY(!run.outcome->failed && run.outcome->offence.isEmpty());
        if (stops) {
            QVERIFY2(run.outcome->stopped.contains("took more than 1000 ms to judge"),
                     qPrintable(run.outcome->stopped));
            QVERIFY(run.submitted.size() <=
                    std::size_t(net::MempoolFetch::kMaxRefusedMs / kEachMs + 1));
        } else {
            QVERIFY2(run.outcome->stopped.isEmpty(), qPrintable(run.outcome->stopped));
            QCOMPARE(run.submitted.size(), std::size_t(kTxs));
        }
    }

    void whatNoHonestNodeAnswersIsAnOffence_data() {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("offence");
        QTest::newRow("not JSON") << QByteArray("<html>") << "no transactions array";
        QTest::newRow("no transactions") << QByteArray(R"({"size": 0})") << "no transactions array";
        QTest::newRow("transactions not an array")
            << QByteArray(R"({"transactions": {}})") << "no transactions array";
        QTest::newRow("a tx that does not decode")
            << QByteArray(R"({"transactions": [{"version": "one"}], "next_after": 1})")
            << "a tx in its GET /mempool answer does not decode";
        QTest::newRow("a cursor that is not a number")
            << QByteArray(R"({"transactions": [], "next_after": "7"})")
            << "next_after is not a sequence number";
        QTest::newRow("a negative cursor")
            << QByteArray(R"({"transactions": [], "next_after": -1})")
            << "next_after is not a sequence number";
    }
    void whatNoHonestNodeAnswersIsAnOffence() {
        QFETCH(QByteArray, answer);
        QFETCH(QString, offence);
        ScriptedPeer peer;
        peer.script("/mempool", body(answer));
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QVERIFY2(run.outcome->offence.contains(offence), qPrintable(run.outcome->offence));
        QVERIFY(run.submitted.empty()); // a page is read whole before any of it is submitted
        QCOMPARE(peer.requests("/mempool"), 1);
    }

    // What the node holds against a tx (an invalid signature) ends the fetch there.
    void anInvalidTxEndsTheFetch() {
        ScriptedPeer peer;
        peer.scriptInTurn("/mempool", {page(txsFrom(0, 3), 3), page(txsFrom(3, 3), std::nullopt)});
        const Hash256 bad = computeTxid(looseTx(1));
        const Run run = fetch(peer, [&](const Transaction& tx) {
            return computeTxid(tx) == bad ? std::optional<QString>("bad-txns-signature")
                                          : std::nullopt;
        });
        QVERIFY(run.outcome);
        QCOMPARE(run.outcome->offence, QString("bad-txns-signature"));
        QCOMPARE(run.submitted, txids(0, 2));
        QCOMPARE(peer.requests("/mempool"), 1);
    }

    // An answer without HTTP success (an older node, a timeout) is no offence.
    void anUnreadablePoolEndsTheFetchQuietly() {
        ScriptedPeer peer;
        peer.script("/mempool", {500, "application/json", R"({"detail": "down"})"});
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QVERIFY(run.outcome->offence.isEmpty());
        QVERIFY2(run.outcome->stopped.startsWith("its mempool could not be read"),
                 qPrintable(run.outcome->stopped));
        QVERIFY(run.outcome->failed);
        QCOMPARE(run.outcome->pages, 0);
    }

    // Pages that bring nothing, or a cursor that does not move on, end it too.
    void aCursorThatDoesNotMoveOnEndsTheFetch() {
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, 1), 5));
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(peer.requests("/mempool"), 2);
        QVERIFY(run.outcome->offence.isEmpty());
        ScriptedPeer empty;
        empty.script("/mempool", page({}, 9));
        QVERIFY(fetch(empty).outcome);
        QCOMPARE(empty.requests("/mempool"), 1);
    }

    // A peer whose pool never ends is read up to the bounds: kMaxTxs (pages of 300 here)...
    void aPoolWithoutEndIsCutAtTheBound_data() {
        QTest::addColumn<int>("pageTxs");
        QTest::addColumn<int>("pages");
        QTest::addColumn<int>("taken");
        constexpr int kMaxTxs = int(net::MempoolFetch::kMaxTxs);
        QTest::newRow("txs") << 300 << (kMaxTxs + 299) / 300 << kMaxTxs;
        QTest::newRow("pages") << 1 << net::MempoolFetch::kMaxPages << net::MempoolFetch::kMaxPages;
    }
    void aPoolWithoutEndIsCutAtTheBound() {
        QFETCH(int, pageTxs);
        QFETCH(int, pages);
        QFETCH(int, taken);
        ScriptedPeer peer;
        QList<ScriptedPeer::Answer> answers;
        for (std::uint64_t p = 1; p <= std::uint64_t(pages) + 5; ++p)
            answers.push_back(page(txsFrom(0, std::uint32_t(pageTxs)), p));
        peer.scriptInTurn("/mempool", answers);
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted.size(), std::size_t(taken));
        QCOMPARE(peer.requests("/mempool"), pages);
        QVERIFY2(run.outcome->stopped.contains(QStringLiteral("the first %1 txs").arg(taken)),
                 qPrintable(run.outcome->stopped));
        QVERIFY(run.outcome->offence.isEmpty());
    }

    // ...a whole pool in one answer (MiniBitcoinPy's; short txs, to stay below kMaxPageBytes)
    // cut at kMaxTxs...
    void aWholePoolPastTheBoundIsCut() {
        ScriptedPeer peer;
        json::Value v;
        v.set("transactions", txsFrom(0, std::uint32_t(net::MempoolFetch::kMaxTxs) + 10, true));
        peer.script("/mempool", body(QByteArray::fromStdString(json::write(v))));
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted.size(), net::MempoolFetch::kMaxTxs);
        QVERIFY2(run.outcome->stopped.contains("the first 20000 txs"),
                 qPrintable(run.outcome->stopped));
    }

    // ...an answer past kMaxPageBytes (no offence: worth another try)...
    void anAnswerPastThePageBoundFails() {
        ScriptedPeer peer;
        ScriptedPeer::Answer a = page(txsFrom(0, 1), std::nullopt);
        a.body.chop(1);
        a.body += ",\"padding\":\"" + QByteArray(net::MempoolFetch::kMaxPageBytes, 'x') + "\"}";
        peer.script("/mempool", a);
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QVERIFY(run.outcome->failed && run.outcome->offence.isEmpty());
        QVERIFY2(run.outcome->stopped.contains("answer larger than 8000000 bytes"),
                 qPrintable(run.outcome->stopped));
        QVERIFY(run.submitted.empty());
    }

    // ...and at kMaxBytes of answers, however few txs they carry.
    void answersPaddedWithWhatNobodyReadsAreCutAtTheBound() {
        ScriptedPeer peer;
        QList<ScriptedPeer::Answer> pages;
        constexpr std::int64_t kPageBytes = 7'000'000; // (and a few hundred more)
        constexpr int kPages = int((net::MempoolFetch::kMaxBytes + kPageBytes - 1) / kPageBytes);
        for (std::uint64_t p = 1; p <= kPages + 2; ++p) {
            ScriptedPeer::Answer a = page(txsFrom(std::uint32_t(p), 1), p);
            a.body.chop(1);
            a.body += ",\"padding\":\"" + QByteArray(kPageBytes, 'x') + "\"}";
            pages.push_back(std::move(a));
        }
        peer.scriptInTurn("/mempool", pages);
        const Run run = fetch(peer);
        QVERIFY(run.outcome);
        QCOMPARE(peer.requests("/mempool"), kPages);
        QCOMPARE(run.submitted.size(), std::size_t(kPages));
        QVERIFY2(run.outcome->stopped.contains("as much as it takes"),
                 qPrintable(run.outcome->stopped));
    }

    // Before each slice: the first, and those between (a tx takes a slice here).
    void slicesWaitWhileTheNodeAsksThemTo() {
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, 3), std::nullopt));
        int asked = 0;
        bool holding = false;
        std::size_t submittedWhileHeld = 0;
        const Run run = fetchWith(
            peer,
            [&](const Transaction&, Taken& taken) {
                QThread::msleep(net::MempoolFetch::kSliceMs + 1);
                submittedWhileHeld += holding ? 1 : 0;
                taken = Taken::Accepted;
                return std::optional<QString>();
            },
            [&] { return holding = ++asked % 2 == 1; }); // held, free, held, free...
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, txids(0, 3));
        QCOMPARE(submittedWhileHeld, std::size_t(0));
        QCOMPARE(asked, 6); // each of the three slices waited once
    }

    // Tx 0 spends tx 2, which comes on the next page: 0 is set aside, and tried again at the
    // end, after 2 is in.
    void aChildBeforeItsParentIsTakenOnceTheParentIs() {
        ScriptedPeer peer;
        peer.scriptInTurn("/mempool", {page(txsFrom(0, 2), 7), page(txsFrom(2, 1), std::nullopt)});
        const Run run = fetchWith(peer, nodeWithParents({{0, 2}}));
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, txidsOf({0, 1, 2, 0}));
        QCOMPARE(run.outcome->accepted, std::size_t(3));
        QCOMPARE(run.outcome->refused, std::size_t(0));
        QVERIFY(run.outcome->offence.isEmpty());
    }

    // A chain listed from its last child to its first parent takes a round a link, up to
    // kMaxRetryRounds: one link more stays refused.
    void aChainListedBackwardsTakesARoundALink_data() {
        QTest::addColumn<std::uint32_t>("length");
        QTest::addColumn<std::size_t>("refused");
        const auto rounds = std::uint32_t(net::MempoolFetch::kMaxRetryRounds);
        QTest::newRow("as many links as rounds") << rounds + 1 << std::size_t(0);
        QTest::newRow("one link more") << rounds + 2 << std::size_t(1);
    }
    void aChainListedBackwardsTakesARoundALink() {
        QFETCH(std::uint32_t, length);
        QFETCH(std::size_t, refused);
        std::map<std::uint32_t, std::uint32_t> parentOf; // tx n spends tx n + 1
        for (std::uint32_t n = 0; n + 1 < length; ++n)
            parentOf[n] = n + 1;
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, length), std::nullopt));
        const Run run = fetchWith(peer, nodeWithParents(parentOf));
        QVERIFY(run.outcome);
        QCOMPARE(run.outcome->accepted, std::size_t(length) - refused);
        QCOMPARE(run.outcome->refused, refused);
        // Round r tries the txs 0 .. length - 1 - r (the last of them is taken).
        std::size_t tries = 0;
        for (int round = 0; round <= net::MempoolFetch::kMaxRetryRounds; ++round)
            tries += length - std::size_t(round);
        QCOMPARE(run.submitted.size(), tries);
    }

    // A tx whose input never shows is tried again once, after the pages, and counted refused;
    // when the fetch took nothing, it is not tried again at all.
    void anInputThatNeverShowsIsRefusedInTheEnd_data() {
        QTest::addColumn<bool>("anyTaken");
        QTest::newRow("another tx taken") << true;
        QTest::newRow("nothing taken") << false;
    }
    void anInputThatNeverShowsIsRefusedInTheEnd() {
        QFETCH(bool, anyTaken);
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, anyTaken ? 2 : 1), std::nullopt));
        const Run run = fetchWith(peer, nodeWithParents({{0, 99}}));
        QVERIFY(run.outcome);
        QCOMPARE(run.submitted, anyTaken ? txidsOf({0, 1, 0}) : txidsOf({0}));
        QCOMPARE(run.outcome->accepted, std::size_t(anyTaken ? 1 : 0));
        QCOMPARE(run.outcome->refused, std::size_t(1));
    }

    // Past kMaxSetAside, txs refused for an unknown input are refused for good.
    void theTxsSetAsideAreBounded() {
        constexpr auto kMax = std::uint32_t(net::MempoolFetch::kMaxSetAside);
        std::map<std::uint32_t, std::uint32_t> parentOf;
        for (std::uint32_t n = 0; n < kMax + 5; ++n)
            parentOf[n] = 1'000'000; // never listed
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, kMax + 6, true), std::nullopt));
        const Run run = fetchWith(peer, nodeWithParents(parentOf));
        QVERIFY(run.outcome);
        QCOMPARE(run.outcome->accepted, std::size_t(1)); // the last
        QCOMPARE(run.outcome->refused, std::size_t(kMax + 5));
        QCOMPARE(run.submitted.size(), std::size_t(kMax + 6 + kMax)); // every try
    }

    // A retry round that ends early (the store fails, or a tx is the peer's offence) counts
    // the txs it had not tried again as refused: each tx is counted once, in the end.
    void aRetryRoundEndingEarlyCountsWhatItSetAside_data() {
        QTest::addColumn<bool>("storeFails");
        QTest::newRow("the store fails") << true;
        QTest::newRow("an offence") << false;
    }
    void aRetryRoundEndingEarlyCountsWhatItSetAside() {
        QFETCH(bool, storeFails);
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, 4), std::nullopt));
        const net::MempoolFetch::Submit node = nodeWithParents({{0, 99}, {1, 99}, {2, 99}});
        int calls = 0;
        const Run run = fetchWith(peer, [&](const Transaction& tx, Taken& how) {
            if (++calls == 5) { // the first tx tried again
                if (storeFails)
                    throw std::runtime_error("disk full");
                how = Taken::Refused;
                return std::optional<QString>("bad-txns-signature");
            }
            return node(tx, how);
        });
        QVERIFY(run.outcome);
        QCOMPARE(calls, 5);
        QCOMPARE(run.outcome->failed, storeFails);
        QCOMPARE(run.outcome->offence.isEmpty(), storeFails);
        QCOMPARE(run.outcome->accepted, std::size_t(1));
        QCOMPARE(run.outcome->refused, std::size_t(2)); // (the tx that ended it: neither)
    }

    // The txs set aside hold at most kMaxSetAsideBytes: past that, one refused for an unknown
    // input is refused for good.
    void theTxsSetAsideAreBoundedInBytes() {
        constexpr std::uint32_t kTxs = 90, kPerPage = 30;
        const auto fat = [](std::uint32_t n) { // about 100 kB
            Transaction tx = looseTx(n);
            for (std::uint32_t i = 1; i < 700; ++i) {
                TxIn in = tx.inputs[0];
                in.prevout.index = 1'000'000 + i;
                tx.inputs.push_back(in);
            }
            return tx;
        };
        const std::size_t size = encodedTxSize(fat(0));
        const std::size_t fits = net::MempoolFetch::kMaxSetAsideBytes / size;
        QVERIFY(fits < kTxs - 1);
        QList<ScriptedPeer::Answer> pages;
        for (std::uint32_t first = 0; first < kTxs; first += kPerPage) {
            json::Value::Array txs;
            for (std::uint32_t n = first; n < first + kPerPage; ++n)
                txs.push_back(txToJson(fat(n)));
            pages << page(std::move(txs), first + kPerPage < kTxs
                                              ? std::optional<std::uint64_t>(first + kPerPage)
                                              : std::nullopt);
        }
        ScriptedPeer peer;
        peer.scriptInTurn("/mempool", pages);
        std::map<std::uint32_t, std::uint32_t> parentOf;
        for (std::uint32_t n = 0; n + 1 < kTxs; ++n)
            parentOf[n] = 1'000'000; // never listed; the last tx is taken
        const Run run = fetchWith(peer, nodeWithParents(parentOf));
        QVERIFY(run.outcome);
        QCOMPARE(run.outcome->accepted, std::size_t(1));
        QCOMPARE(run.outcome->refused, std::size_t(kTxs - 1));
        QCOMPARE(run.submitted.size(), kTxs + fits); // every try
    }

    // The node's store failing under a tx ends the fetch without blaming the peer.
    void aStoreFailureEndsTheFetch() {
        ScriptedPeer peer;
        peer.script("/mempool", page(txsFrom(0, 3), std::nullopt));
        const Run run = fetchWith(peer, [](const Transaction&, Taken&) -> std::optional<QString> {
            throw std::runtime_error("disk I/O error");
        });
        QVERIFY(run.outcome);
        QVERIFY(run.outcome->failed && run.outcome->offence.isEmpty());
        QVERIFY2(run.outcome->stopped.contains("disk I/O error"), qPrintable(run.outcome->stopped));
        QCOMPARE(run.submitted.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestMempoolFetch)
#include "tst_mempool_fetch.moc"
