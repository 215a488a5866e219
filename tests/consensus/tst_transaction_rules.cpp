// consensus/PROTOCOL.md §5 "Transaction": for each rule, a transaction that breaks only that rule
// is refused with the rule's code; the untouched transaction is accepted.
#include <QTest>

#include "consensus/crypto/hashes.h"
#include "consensus/rules/input_rules.h"
#include "consensus/rules/signature_jobs.h"
#include "consensus/rules/tx_validation.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/signature_tweaks.h"
#include "support/test_chain.h"
#include "support/trace_checks.h"

using namespace mbc;
using namespace mbc::test;

class TestTransactionRules : public QObject {
    Q_OBJECT

    TestChain chain_;
    Spendable coin_;         // 50 coins to alice
    Transaction validSpend_; // 10 to bob, 39 back to alice, fee 1

    Result<Amount> check(const Transaction& tx) {
        return validateTransaction(tx, chain_.state(), chain_.state());
    }

    // The same check traced must reach the same verdict and end at the failing rule.
    void expectTraceAgrees(const Transaction& tx) {
        RuleTrace trace;
        const auto traced =
            validateTransaction(tx, chain_.state(), chain_.state(), nullptr, &trace);
        const std::string disagreement =
            traceDisagreement(failureOf(check(tx)), failureOf(traced), trace);
        QVERIFY2(disagreement.empty(), disagreement.c_str());
    }

    void expectRefused(const Transaction& tx, RejectCode code, const char* inMessage = "") {
        expectTraceAgrees(tx);
        const auto r = check(tx);
        QVERIFY2(!r.ok(), "transaction was accepted");
        QVERIFY2(r.failure().code == code, r.failure().toString().c_str());
        QVERIFY2(r.failure().message.find(inMessage) != std::string::npos,
                 r.failure().toString().c_str());
    }

    Transaction spendTo(const std::vector<TxOut>& outputs) {
        return makeSignedSpend({coin_}, aliceKey(), outputs);
    }

private slots:
    void init() {
        chain_ = TestChain();
        coin_ = chain_.mineTo(aliceKey().address());
        validSpend_ = spendTo({{10 * COIN, bobKey().address()}, {39 * COIN, aliceKey().address()}});
    }

    void validSpendIsAcceptedWithItsFee() {
        expectTraceAgrees(validSpend_);
        const auto r = check(validSpend_);
        QVERIFY2(r.ok(), r.ok() ? "" : r.failure().toString().c_str());
        QCOMPARE(*r, Amount(1 * COIN));
    }

    void inputsNotEmpty() {
        Transaction tx = validSpend_;
        tx.inputs.clear();
        expectRefused(tx, RejectCode::TxInputsEmpty);
    }

    void outputsNotEmpty() { expectRefused(spendTo({}), RejectCode::TxOutputsEmpty); }

    void noDuplicateInputs() {
        const Transaction tx =
            makeSignedSpend({coin_, coin_}, aliceKey(), {{99 * COIN, bobKey().address()}});
        expectRefused(tx, RejectCode::TxDuplicateInputs, coin_.outpoint.txid.hex().c_str());
    }

    void outputAmountNotNegative() {
        expectRefused(spendTo({{-1, bobKey().address()}}), RejectCode::TxOutputNegative,
                      "output 0");
    }

    void outputAmountAtMostMaxMoney() {
        expectRefused(spendTo({{MAX_MONEY + 1, bobKey().address()}}), RejectCode::TxOutputTooLarge);
    }

    void outputTotalAtMostMaxMoney() {
        expectRefused(spendTo({{MAX_MONEY, bobKey().address()}, {1, bobKey().address()}}),
                      RejectCode::TxOutputTotalTooLarge);
    }

    void coinbaseOnlyInABlock() {
        expectRefused(makeCoinbase(5, COIN, bobKey().address()),
                      RejectCode::TxCoinbaseOutsideBlock);
    }

    void nullPrevoutOnlyInACoinbase() {
        Transaction tx;
        tx.inputs.push_back(TxIn{coin_.outpoint, {}, {}});
        tx.inputs.push_back(TxIn{OutPoint::null(), {}, {}});
        tx.outputs.push_back({COIN, bobKey().address()});
        signInput(tx, 0, aliceKey(), coin_.output.pubkeyHash);
        expectRefused(tx, RejectCode::TxNullPrevout, "input 1");
    }

    void noLargerThanABlock() {
        Transaction tx = validSpend_;
        tx.inputs[0].signature.resize(MAX_BLOCK_SIZE);
        expectRefused(tx, RejectCode::TxOversize);
    }

    void inputMustExist() {
        Spendable ghost = coin_;
        ghost.outpoint.index = 1; // the coinbase has one output
        expectRefused(makeSignedSpend({ghost}, aliceKey(), {{COIN, bobKey().address()}}),
                      RejectCode::TxInputMissingOrSpent, "input 0");
    }

    void inputMustBeUnspent() {
        chain_.connect(chain_.buildBlock({validSpend_}, carolKey().address()));
        const Transaction again = spendTo({{5 * COIN, carolKey().address()}});
        expectRefused(again, RejectCode::TxInputMissingOrSpent);
    }

    void noConflictWithTheMempool() {
        chain_.state().markMempoolSpend(coin_.outpoint, computeTxid(validSpend_));
        const Transaction rival = spendTo({{49 * COIN, carolKey().address()}});
        expectRefused(rival, RejectCode::TxMempoolConflict, computeTxid(validSpend_).hex().c_str());
    }

    void pubkeyMustBeCompressed() {
        // A real key, hashed and signed correctly, but in its 65-byte form.
        const Bytes uncompressed = uncompressedPublicKey(aliceKey());
        const PubKeyHash lock = hash160(uncompressed);
        const OutPoint op{*Hash256::fromHex(std::string(64, '5')), 0};
        chain_.state().addCoin(op, Coin{{10 * COIN, lock}, 0, false});
        Transaction tx;
        tx.inputs.push_back(TxIn{op, {}, uncompressed});
        tx.outputs.push_back({9 * COIN, bobKey().address()});
        tx.inputs[0].signature = aliceKey().sign(computeSighash(tx, 0, lock));
        expectRefused(tx, RejectCode::TxPubkeyInvalid, "65-byte pubkey");
    }

    void pubkeyMustBeOnTheCurve() {
        Bytes offCurve(33, 0);
        offCurve[0] = 0x02;
        offCurve[32] = 0x07;
        const PubKeyHash lock = hash160(offCurve);
        const OutPoint op{*Hash256::fromHex(std::string(64, '6')), 0};
        chain_.state().addCoin(op, Coin{{10 * COIN, lock}, 0, false});
        Transaction tx;
        tx.inputs.push_back(TxIn{op, Bytes(70, 0x30), offCurve});
        tx.outputs.push_back({9 * COIN, bobKey().address()});
        expectRefused(tx, RejectCode::TxPubkeyInvalid, "not a point");
    }

    void pubkeyMustHashToTheSpentOutput() {
        // Bob signs correctly with his own key, but the coin belongs to alice.
        Transaction tx = validSpend_;
        signInput(tx, 0, bobKey(), coin_.output.pubkeyHash);
        expectRefused(tx, RejectCode::TxPubkeyHashMismatch, aliceKey().address().hex().c_str());
    }

    // Block validation queues an input's signature check only once its pubkey hashes to the
    // spent output's pubkey hash: a synced block whose signatures were verified ahead (each
    // with hash160 of its pubkey as that hash) skips its checks, which is sound only so.
    void aSignatureCheckIsQueuedOnlyForAPubkeyThatMatchesTheCoin() {
        Transaction tx = validSpend_;
        signInput(tx, 0, bobKey(), bobKey().address()); // valid under Bob's own pubkey hash
        const TxPreimage preimage(tx);
        std::vector<Coin> spent;
        std::vector<SignatureJob> jobs;
        const auto refused = checkTxInputs(tx, preimage, chain_.state(), spent, &jobs, 1);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.failure().code == RejectCode::TxPubkeyHashMismatch,
                 refused.failure().toString().c_str());
        QVERIFY(jobs.empty());

        const TxPreimage validPreimage(validSpend_);
        QVERIFY(checkTxInputs(validSpend_, validPreimage, chain_.state(), spent, &jobs, 1).ok());
        QCOMPARE(jobs.size(), std::size_t(1));
        QVERIFY(jobs[0].spentPubkeyHash == hash160(validSpend_.inputs[0].pubkey));
    }

    void signatureMustVerify() {
        Transaction tx = validSpend_;
        tx.inputs[0].signature.back() ^= 0x01;
        expectRefused(tx, RejectCode::TxSignatureInvalid, "input 0");
    }

    void signatureMustCoverThisTransaction() {
        Transaction tx = validSpend_;
        tx.outputs[0].amount += 1; // fee still positive; the signature is for the old outputs
        expectRefused(tx, RejectCode::TxSignatureInvalid);
    }

    void signatureMustBeLowS() {
        Transaction tx = validSpend_;
        tx.inputs[0].signature = toHighS(tx.inputs[0].signature);
        QVERIFY(tx.inputs[0].signature != validSpend_.inputs[0].signature);
        expectRefused(tx, RejectCode::TxSignatureInvalid);
    }

    void signatureMustBeStrictDer() {
        Transaction tx = validSpend_;
        tx.inputs[0].signature.push_back(0x00);
        expectRefused(tx, RejectCode::TxSignatureInvalid);
    }

    void spentAmountsInRange() {
        const OutPoint op{*Hash256::fromHex(std::string(64, '7')), 0};
        chain_.state().addCoin(op, Coin{{MAX_MONEY + 1, aliceKey().address()}, 0, false});
        const Transaction tx = makeSignedSpend({{op, {MAX_MONEY + 1, aliceKey().address()}}},
                                               aliceKey(), {{COIN, bobKey().address()}});
        expectRefused(tx, RejectCode::TxInputValuesOutOfRange);
    }

    void spentAmountsSumInRange() {
        const OutPoint a{*Hash256::fromHex(std::string(64, '8')), 0};
        const OutPoint b{*Hash256::fromHex(std::string(64, '9')), 0};
        const TxOut out{MAX_MONEY, aliceKey().address()};
        chain_.state().addCoin(a, Coin{out, 0, false});
        chain_.state().addCoin(b, Coin{out, 0, false});
        const Transaction tx =
            makeSignedSpend({{a, out}, {b, out}}, aliceKey(), {{COIN, bobKey().address()}});
        expectRefused(tx, RejectCode::TxInputValuesOutOfRange);
    }

    void inputsCoverOutputs() {
        expectRefused(spendTo({{50 * COIN + 1, bobKey().address()}}), RejectCode::TxInBelowOut,
                      "inputs total 5000000000 but outputs total 5000000001");
        QVERIFY(check(spendTo({{50 * COIN, bobKey().address()}})).ok()); // zero fee is fine
    }

    void chainedUnconfirmedSpendsUseTheGivenView() {
        // The mempool passes a view that includes unconfirmed outputs; a child of validSpend_
        // is valid against chain + parent.
        MemoryChainState withParent = chain_.state();
        const Hash256 parentTxid = computeTxid(validSpend_);
        withParent.addCoin({parentTxid, 0}, Coin{validSpend_.outputs[0], 0, false});
        const Transaction child = makeSignedSpend({{{parentTxid, 0}, validSpend_.outputs[0]}},
                                                  bobKey(), {{9 * COIN, carolKey().address()}});
        QVERIFY(validateTransaction(child, withParent, withParent).ok());
        expectRefused(child, RejectCode::TxInputMissingOrSpent);
    }
};

QTEST_APPLESS_MAIN(TestTransactionRules)
#include "tst_transaction_rules.moc"
