// The JSON parser and writer: strict grammar, exact numbers, limits, escapes, UTF-8.
#include <QTest>

#include "json/json_value.h"

using namespace mbc;

namespace {
bool parses(const std::string& text, json::ParseLimits limits = {}) {
    return std::holds_alternative<json::Value>(json::parse(text, limits));
}
json::Value parsed(const std::string& text) {
    return std::get<json::Value>(json::parse(text));
}
std::string errorOf(const std::string& text) {
    auto r = json::parse(text);
    auto* e = std::get_if<json::ParseError>(&r);
    return e ? e->message : "";
}
} // namespace

class TestJson : public QObject {
    Q_OBJECT
private slots:
    void acceptsValidDocuments_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("object") << "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}";
        QTest::newRow("scalar") << "42";
        QTest::newRow("whitespace") << " \n\t\r[ ] ";
        QTest::newRow("numbers") << "[0, -0, 1.5, -2e10, 3E+2, 4e-3, 18446744073709551615]";
        QTest::newRow("escapes") << "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]";
        QTest::newRow("utf8") << "[\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"]";
    }
    void acceptsValidDocuments() {
        QFETCH(QString, text);
        QVERIFY(parses(text.toStdString()));
    }

    void refusesInvalidDocuments_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("trailing comma") << QByteArray("[1,]");
        QTest::newRow("trailing object comma") << QByteArray("{\"a\":1,}");
        QTest::newRow("comment") << QByteArray("[1] // no");
        QTest::newRow("two values") << QByteArray("1 2");
        QTest::newRow("single quotes") << QByteArray("['a']");
        QTest::newRow("leading zero") << QByteArray("[01]");
        QTest::newRow("bare dot") << QByteArray("[1.]");
        QTest::newRow("plus sign") << QByteArray("[+1]");
        QTest::newRow("NaN") << QByteArray("[NaN]");
        QTest::newRow("unterminated string") << QByteArray("[\"abc");
        QTest::newRow("control char") << QByteArray("[\"a\x01\"]");
        QTest::newRow("bad escape") << QByteArray("[\"\\x\"]");
        QTest::newRow("lone surrogate") << QByteArray("[\"\\ud800\"]");
        QTest::newRow("lone low surrogate") << QByteArray("[\"\\udc00\"]");
        QTest::newRow("overlong utf8") << QByteArray("[\"\xc0\xaf\"]");
        QTest::newRow("utf8 surrogate") << QByteArray("[\"\xed\xa0\x80\"]");
        QTest::newRow("truncated utf8") << QByteArray("[\"\xe2\x82\"]");
        QTest::newRow("beyond U+10FFFF") << QByteArray("[\"\xf4\x90\x80\x80\"]");
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}");
        QTest::newRow("non-string key") << QByteArray("{1: 2}");
        QTest::newRow("unclosed") << QByteArray("[[1]");
        QTest::newRow("truncated literal") << QByteArray("[tru]");
    }
    void refusesInvalidDocuments() {
        QFETCH(QByteArray, text);
        QVERIFY(!parses(text.toStdString()));
    }

    // Setting a member twice (say, on a copy of a document) replaces it: writing never makes
    // the duplicate names that parsing refuses.
    void settingAMemberAgainReplacesIt() {
        json::Value a;
        a.set("network", "regtest");
        a.set("chain_height", 5);
        json::Value b = a;
        b.set("chain_height", 3);
        QCOMPARE(json::write(a), std::string(R"({"network":"regtest","chain_height":5})"));
        QCOMPARE(json::write(b), std::string(R"({"network":"regtest","chain_height":3})"));
        QVERIFY(std::holds_alternative<json::Value>(json::parse(json::write(b))));
    }

    void duplicateKeysAreRefused() {
        QVERIFY(errorOf("{\"a\":1,\"b\":2,\"a\":3}").find("duplicate key \"a\"") !=
                std::string::npos);
    }

    void depthIsBounded() {
        const std::string deep = std::string(64, '[') + std::string(64, ']');
        QVERIFY(parses(deep));
        const std::string tooDeep = std::string(65, '[') + std::string(65, ']');
        QVERIFY(!parses(tooDeep));
        QVERIFY(errorOf(tooDeep).find("nesting deeper than 64") != std::string::npos);
        // Far beyond the limit must fail cleanly, not overflow the stack.
        QVERIFY(!parses(std::string(1'000'000, '[')));
        QVERIFY(!parses("[1]", json::ParseLimits{0}));
    }

    // However short their text, values are counted: the document itself, each element and
    // each member's value. Memory follows the count, not the bytes.
    void valuesAreBounded() {
        json::ParseLimits three;
        three.maxValues = 3;
        QVERIFY(parses("[0,0]", three));
        QVERIFY(parses("{\"a\":[]}", three) && parses("{\"a\":{\"b\":1}}", three));
        QVERIFY(!parses("[0,0,0]", three));
        QVERIFY(!parses("{\"a\":{\"b\":[1]}}", three));
        std::string padded = "[0";
        for (int i = 1; i < 1'000'000; ++i)
            padded += ",0";
        padded += ']'; // a million values, the array included: one too many by default
        auto r = json::parse(padded);
        const auto* e = std::get_if<json::ParseError>(&r);
        QVERIFY(e);
        QCOMPARE(e->message, std::string("more than 1000000 values"));
        QCOMPARE(e->offset, padded.size() - 2);   // the last 0: the values before it were read
        padded.replace(padded.size() - 3, 2, ""); // one element fewer
        QVERIFY(parses(padded));
    }

    void errorsGiveTheOffset() {
        auto r = json::parse("[1, x]");
        QCOMPARE(std::get<json::ParseError>(r).offset, std::size_t(4));
    }

    void integersAreExact() {
        const auto v = parsed("[18446744073709551615, -9223372036854775808, 9007199254740993, "
                              "18446744073709551616, 1.0, 1e3, -1]");
        const auto& a = v.asArray();
        QCOMPARE(*a[0].asUint64(), std::uint64_t(18446744073709551615ull));
        QVERIFY(!a[0].asInt64().has_value());
        QCOMPARE(*a[1].asInt64(), std::numeric_limits<std::int64_t>::min());
        QCOMPARE(*a[2].asInt64(), std::int64_t(9007199254740993)); // not representable as double
        QVERIFY(!a[3].asUint64().has_value());
        QVERIFY(a[4].isNonIntegerNumber());
        QVERIFY(!a[4].asInt64().has_value());
        QVERIFY(a[5].isNonIntegerNumber());
        QVERIFY(!a[6].asUint64().has_value());
        QCOMPARE(*a[6].asInt64(), std::int64_t(-1));
    }

    void stringsDecode() {
        const auto v = parsed("[\"\\u00e9\\ud83d\\ude00\\n\"]");
        QCOMPARE(v.asArray()[0].asString(), std::string("\xc3\xa9\xf0\x9f\x98\x80\n"));
    }

    void writeRoundTrips() {
        const std::string text = "{\"a\":[1,-2,3.5e1,true,false,null],\"b\":{\"c\":\"q\\\"uote\\\\ "
                                 "\\u0001 \\n\"},\"d\":[],\"e\":{}}";
        const json::Value v = parsed(text);
        const std::string out = json::write(v);
        QCOMPARE(parsed(out), v);
        QCOMPARE(out,
                 std::string("{\"a\":[1,-2,3.5e1,true,false,null],\"b\":{\"c\":\"q\\\"uote\\\\ "
                             "\\u0001 \\n\"},\"d\":[],\"e\":{}}"));
        const std::string pretty = json::write(v, 2);
        QVERIFY(pretty.find("\n  \"a\": [") != std::string::npos);
        QCOMPARE(parsed(pretty), v);
    }

    void objectAccess() {
        json::Value v;
        v.set("x", 5);
        v.set("y", "z");
        QVERIFY(v.isObject());
        QCOMPARE(*v.find("x")->asInt64(), std::int64_t(5));
        QVERIFY(v.find("nope") == nullptr);
        QVERIFY(json::Value(3).find("x") == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestJson)
#include "tst_json.moc"
