// consensus/PROTOCOL.md §6: JSON <-> transactions, headers and blocks; round trips and field
// errors.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/test_chain.h"
#include "support/test_data.h"

using namespace mbc;
using namespace mbc::test;

namespace {

json::Value parsed(const std::string& text) {
    return parseJson(text).value();
}

// A valid transaction JSON with one field replaced by `replacement` (raw JSON text).
json::Value txWith(const std::string& path, const std::string& replacement) {
    const auto chain = loadVector("chain.json");
    json::Value tx = field(field(chain, "blocks").asArray().at(4), "transactions").asArray().at(1);
    json::Value* target = &tx;
    std::string rest = path;
    while (!rest.empty()) {
        const auto dot = rest.find('.');
        std::string part = rest.substr(0, dot);
        rest = dot == std::string::npos ? "" : rest.substr(dot + 1);
        if (!part.empty() && std::isdigit(static_cast<unsigned char>(part[0]))) {
            target = &target->asArray().at(std::stoul(part));
            continue;
        }
        bool found = false;
        for (auto& [k, v] : target->asObject())
            if (k == part) {
                target = &v;
                found = true;
            }
        if (!found)
            qFatal("no field %s", part.c_str());
    }
    *target = parsed(replacement);
    return tx;
}

json::Value txWithout(const std::string& key) {
    json::Value tx = txWith("version", "1");
    auto& members = tx.asObject();
    for (auto it = members.begin(); it != members.end(); ++it)
        if (it->first == key) {
            members.erase(it);
            break;
        }
    return tx;
}

} // namespace

class TestJsonCodec : public QObject {
    Q_OBJECT
private slots:
    void chainBlocksRoundTrip() {
        const json::Value chain = loadVector("chain.json");
        for (const auto& b : field(chain, "blocks").asArray()) {
            const auto block = blockFromJson(b);
            QVERIFY2(block.ok(), block.ok() ? "" : block.failure().toString().c_str());
            // Our output, parsed back, is the same block, with the same hash as the vector's.
            const json::Value out = blockToJson(*block);
            QCOMPARE(stringField(out, "block_hash"), stringField(b, "block_hash"));
            const auto again = blockFromJson(out);
            QVERIFY(again.ok());
            QVERIFY(*again == *block);
            // Every field of the vector's JSON appears identically in ours.
            QCOMPARE(json::write(field(out, "header")), json::write(field(b, "header")));
            const auto& ourTxs = field(out, "transactions").asArray();
            const auto& theirTxs = field(b, "transactions").asArray();
            QCOMPARE(ourTxs.size(), theirTxs.size());
            for (std::size_t i = 0; i < ourTxs.size(); ++i)
                for (const auto& [key, value] : theirTxs[i].asObject())
                    QCOMPARE(json::write(field(ourTxs[i], key)), json::write(value));
        }
    }

    void outputShapes() {
        Transaction tx = makeCoinbase(7, 50 * COIN, aliceKey().address());
        const json::Value j = txToJson(tx);
        std::vector<std::string> keys;
        for (const auto& [k, v] : j.asObject())
            keys.push_back(k);
        QCOMPARE(keys,
                 (std::vector<std::string>{"txid", "version", "inputs", "outputs", "locktime"}));
        QCOMPARE(stringField(j, "txid"), computeTxid(tx).hex());

        BlockHeader h;
        h.target = UInt256(0x1234);
        QCOMPARE(stringField(headerToJson(h), "target"), std::string("0x1234"));
        h.target = UInt256();
        QCOMPARE(stringField(headerToJson(h), "target"), std::string("0x0"));
    }

    void upperCaseHexIsAccepted() {
        const json::Value original = txWith("version", "1");
        const std::string lower =
            stringField(field(original, "outputs").asArray().at(0), "pubkey_hash");
        std::string upper = lower;
        for (char& c : upper)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        QVERIFY(upper != lower);
        const auto decoded = txFromJson(txWith("outputs.0.pubkey_hash", "\"" + upper + "\""));
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.failure().toString().c_str());
        QCOMPARE(decoded->outputs[0].pubkeyHash.hex(), lower);
    }

    void unknownFieldsAreIgnored() {
        json::Value tx = txWith("version", "1");
        tx.set("comment", "from a newer node");
        QVERIFY(txFromJson(tx).ok());
    }

    void fieldErrorsNameTheField_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("replacement");
        QTest::addColumn<QString>("expected");
        QTest::newRow("version not a number") << "version"
                                              << "\"1\""
                                              << "version: expected";
        QTest::newRow("version too big") << "version"
                                         << "2147483648"
                                         << "version: expected";
        QTest::newRow("version fraction") << "version"
                                          << "1.5"
                                          << "non-integer 1.5";
        QTest::newRow("locktime negative") << "locktime"
                                           << "-1"
                                           << "locktime: expected";
        QTest::newRow("locktime > 2^32-1") << "locktime"
                                           << "4294967296"
                                           << "locktime: expected";
        QTest::newRow("locktime exponent") << "locktime"
                                           << "1e3"
                                           << "non-integer 1e3";
        QTest::newRow("inputs not array") << "inputs"
                                          << "{}"
                                          << "inputs: expected an array";
        QTest::newRow("input not object") << "inputs.0"
                                          << "3"
                                          << "inputs[0]: expected an object";
        QTest::newRow("prev_txid short")
            << "inputs.0.prev_txid"
            << "\"abcd\""
            << "inputs[0].prev_txid: expected 64 hex characters, got 4";
        QTest::newRow("prev_txid non-hex")
            << "inputs.0.prev_txid" << ("\"" + QString(63, 'a') + "z\"")
            << "inputs[0].prev_txid: contains a character that is not a hex digit";
        QTest::newRow("prev_index too big") << "inputs.0.prev_index"
                                            << "4294967296"
                                            << "inputs[0].prev_index: expected";
        QTest::newRow("prev_index null") << "inputs.0.prev_index"
                                         << "null"
                                         << "inputs[0].prev_index: expected an integer in [0, "
                                            "4294967295], got null";
        QTest::newRow("signature odd") << "inputs.0.signature"
                                       << "\"abc\""
                                       << "inputs[0].signature: expected an even number";
        QTest::newRow("pubkey number") << "inputs.0.pubkey"
                                       << "5"
                                       << "inputs[0].pubkey: expected a string, got a number";
        QTest::newRow("amount negative") << "outputs.0.amount"
                                         << "-1"
                                         << "outputs[0].amount: expected an integer in [0, "
                                            "2100000000000000]";
        QTest::newRow("amount > MAX_MONEY") << "outputs.0.amount"
                                            << "2100000000000001"
                                            << "outputs[0].amount: expected";
        QTest::newRow("amount huge") << "outputs.0.amount"
                                     << "99999999999999999999999"
                                     << "outputs[0].amount: expected";
        QTest::newRow("amount fraction") << "outputs.0.amount"
                                         << "1.5"
                                         << "non-integer";
        QTest::newRow("pubkey_hash long")
            << "outputs.0.pubkey_hash" << ("\"" + QString(42, 'a') + "\"")
            << "outputs[0].pubkey_hash: expected 40 hex characters";
        QTest::newRow("txid mismatch")
            << "txid" << ("\"" + QString(64, '0') + "\"") << "txid: 0000";
        QTest::newRow("txid not hex") << "txid"
                                      << "\"zz\""
                                      << "txid: expected 64 hex characters";
    }
    void fieldErrorsNameTheField() {
        QFETCH(QString, path);
        QFETCH(QString, replacement);
        QFETCH(QString, expected);
        const auto r = txFromJson(txWith(path.toStdString(), replacement.toStdString()));
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::BadField);
        QVERIFY2(r.failure().message.find(expected.toStdString()) != std::string::npos,
                 r.failure().message.c_str());
    }

    void missingFieldsAreNamed() {
        for (const char* key : {"version", "inputs", "outputs", "locktime"}) {
            const auto r = txFromJson(txWithout(key));
            QVERIFY(!r.ok());
            QCOMPARE(r.failure().message, std::string(key) + ": missing");
        }
        QCOMPARE(txFromJson(parsed("[]")).failure().message,
                 std::string("expected an object, got an array"));
    }

    void headerAndBlockErrors() {
        const auto chain = loadVector("chain.json");
        json::Value block = field(chain, "blocks").asArray().at(1);
        for (auto& [k, v] : block.asObject())
            if (k == "header")
                for (auto& [hk, hv] : v.asObject())
                    if (hk == "target")
                        hv = json::Value("7fff");
        auto r = blockFromJson(block);
        QVERIFY(!r.ok());
        QVERIFY2(r.failure().message.find("header.target: expected \"0x\"") != std::string::npos,
                 r.failure().message.c_str());

        json::Value wrongHash = field(chain, "blocks").asArray().at(1);
        for (auto& [k, v] : wrongHash.asObject())
            if (k == "block_hash")
                v = json::Value(std::string(64, 'f'));
        r = blockFromJson(wrongHash);
        QVERIFY(!r.ok());
        QVERIFY2(r.failure().message.find("block_hash: ffff") == 0, r.failure().message.c_str());

        json::Value badTx = field(chain, "blocks").asArray().at(5);
        for (auto& [k, v] : badTx.asObject())
            if (k == "transactions")
                for (auto& [tk, tv] : v.asArray().at(1).asObject())
                    if (tk == "locktime")
                        tv = json::Value("0");
        r = blockFromJson(badTx);
        QVERIFY(!r.ok());
        QVERIFY2(r.failure().message.find("transactions[1].locktime: expected") == 0,
                 r.failure().message.c_str());

        QVERIFY(!headerFromJson(parsed(R"({"version": 1})")).ok());
        QCOMPARE(headerFromJson(parsed(R"({"version": 1})")).failure().message,
                 std::string("prev_hash: missing"));
    }

    void syntaxErrorsAreBadJson() {
        const auto r = parseJson("{\"version\": 1,");
        QVERIFY(!r.ok());
        QCOMPARE(r.failure().code, RejectCode::BadJson);
        QVERIFY(r.failure().toString().rfind("bad-json: invalid JSON at byte", 0) == 0);
        const auto deep = parseJson(std::string(100, '['), json::ParseLimits{32});
        QCOMPARE(deep.failure().code, RejectCode::BadJson);
    }
};

QTEST_APPLESS_MAIN(TestJsonCodec)
#include "tst_json_codec.moc"
