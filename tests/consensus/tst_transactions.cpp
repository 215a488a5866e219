// txid and sighash preimages and hashes: every entry of vectors/transactions.json.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_data.h"
#include "support/vector_rows.h"

using namespace mbc;
using namespace mbc::test;

class TestTransactions : public QObject {
    Q_OBJECT
private slots:
    void vectors_data() { addVectorRows("transactions.json"); }
    void vectors() {
        const json::Value v = vectorEntry("transactions.json");
        const auto tx = txFromJson(field(v, "tx"));
        QVERIFY2(tx.ok(), tx.ok() ? "" : tx.failure().toString().c_str());
        QCOMPARE(toHex(txidPreimage(*tx)), stringField(v, "txid_preimage"));
        QCOMPARE(computeTxid(*tx).hex(), stringField(v, "txid"));

        const TxPreimage preimage(*tx);
        QCOMPARE(preimage.txid().hex(), stringField(v, "txid"));
        const auto& sighashes = field(v, "sighashes").asArray();
        QVERIFY(!sighashes.empty());
        for (const auto& s : sighashes) {
            const std::size_t input = uintField(s, "input_index");
            const PubKeyHash pkh = *PubKeyHash::fromHex(stringField(s, "utxo_pubkey_hash"));
            QCOMPARE(toHex(sighashPreimage(*tx, input, pkh)), stringField(s, "preimage"));
            QCOMPARE(toHex(preimage.sighashPreimage(input, pkh)), stringField(s, "preimage"));
            QCOMPARE(computeSighash(*tx, input, pkh).hex(), stringField(s, "sighash"));
            QCOMPARE(preimage.sighash(input, pkh).hex(), stringField(s, "sighash"));
        }
    }

    void signaturesAndPubkeysDoNotChangeTheTxid() {
        const auto v = loadVectorEntries("transactions.json").at(0);
        Transaction tx = txFromJson(field(v, "tx")).value();
        const Hash256 before = computeTxid(tx);
        tx.inputs[0].signature = Bytes(70, 0x30);
        tx.inputs[0].pubkey = Bytes(33, 0x02);
        QCOMPARE(computeTxid(tx), before);
    }

    void sighashOfAMissingInputThrows() {
        Transaction tx;
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)computeSighash(tx, 0, PubKeyHash{}));
    }
};

QTEST_APPLESS_MAIN(TestTransactions)
#include "tst_transactions.moc"
