// JSON codec: parsing (types, unicode, big numbers, errors with offsets),
// writing (escapes, doubles, timestamps, bytes, decimals), round-trips and
// the nlohmann bridge.
// (Raw string literals with backslashes confuse moc; escaped literals are used for those.)
#include <QtTest>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/record/json.h"
#include "record_printing.h"

using namespace tributary::record;

namespace {
Value parsed(std::string_view text) {
  auto result = parseJson(text);
  if (!result.ok())
    qFatal("unexpected parse error for %s: %s", std::string(text).c_str(), result.error().message.c_str());
  return std::move(result).value();
}
std::string errorOf(std::string_view text) {
  auto result = parseJson(text);
  if (result.ok()) return "(no error)";
  return result.error().message;
}
}  // namespace

class TestRecordJson final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesTypes() {
    Value v =
        parsed(R"({"i":42,"neg":-7,"d":2.5,"e":1e3,"s":"x","t":true,"f":false,"n":null,"a":[1,[2]],"o":{"k":"v"}})");
    QCOMPARE(typeOf(v), typeName(ValueType::Object));
    QCOMPARE(typeOf(*v.find("i")), typeName(ValueType::Int));
    QCOMPARE(v.find("i")->asInt(), std::int64_t{42});
    QCOMPARE(v.find("neg")->asInt(), std::int64_t{-7});
    QCOMPARE(typeOf(*v.find("d")), typeName(ValueType::Double));
    QCOMPARE(typeOf(*v.find("e")), typeName(ValueType::Double));
    QCOMPARE(v.find("e")->asDouble(), 1000.0);
    QCOMPARE(v.find("s")->asString(), std::string_view("x"));
    QCOMPARE(v.find("t")->asBool(), true);
    QCOMPARE(v.find("f")->asBool(), false);
    QVERIFY(v.find("n")->isNull());
    QCOMPARE(v.find("a")->asArray()[1].asArray()[0].asInt(), std::int64_t{2});
    QCOMPARE(v.find("o")->find("k")->asString(), std::string_view("v"));
    // field order is the document order
    QCOMPARE(v.asObject()[0].first, std::string("i"));
    QCOMPARE(v.asObject()[9].first, std::string("o"));
  }

  void parsesTopLevelScalarsAndWhitespace() {
    QCOMPARE(parsed(" 5 ").asInt(), std::int64_t{5});
    QCOMPARE(parsed("\"s\"").asString(), std::string_view("s"));
    QVERIFY(parsed("\n null\t").isNull());
    QCOMPARE(parsed("[]").asArray().size(), std::size_t{0});
    QCOMPARE(parsed("{}").asObject().size(), std::size_t{0});
  }

  void integerLimitsAndBigNumbers() {
    QCOMPARE(parsed("9223372036854775807").asInt(), std::numeric_limits<std::int64_t>::max());
    QCOMPARE(parsed("-9223372036854775808").asInt(), std::numeric_limits<std::int64_t>::min());
    Value big = parsed("9223372036854775808");
    QCOMPARE(typeOf(big), typeName(ValueType::Decimal));
    QCOMPARE(big.asString(), std::string_view("9223372036854775808"));
    Value huge = parsed(R"({"n":123456789012345678901234567890})");
    QCOMPARE(typeOf(*huge.find("n")), typeName(ValueType::Decimal));
    QCOMPARE(huge.find("n")->asString(), std::string_view("123456789012345678901234567890"));
    QCOMPARE(parsed("-123456789012345678901234567890").asString(), std::string_view("-123456789012345678901234567890"));
    QCOMPARE(typeOf(parsed("1e400")), typeName(ValueType::Decimal));
    // exact text survives a round trip
    QCOMPARE(toJson(huge), std::string(R"({"n":123456789012345678901234567890})"));
  }

  void unicodeAndEscapes() {
    Value v = parsed("[\"\\n\\t\\r\\b\\f\\/\\\\\\\"\", \"\\u00e9\\u4e2d\", \"\\ud83d\\ude00\", \"é中😀\"]");
    const Array& a = v.asArray();
    QCOMPARE(a[0].asString(), std::string_view("\n\t\r\b\f/\\\""));
    QCOMPARE(a[1].asString(), std::string_view("é中"));
    QCOMPARE(a[2].asString(), std::string_view("😀"));
    QCOMPARE(a[3].asString(), std::string_view("😀").size() == 4 ? std::string_view("é中😀") : std::string_view());
    QCOMPARE(toJson(v), std::string("[\"\\n\\t\\r\\b\\f/\\\\\\\"\",\"é中\",\"😀\",\"é中😀\"]"));
  }

  void writesEscapes() {
    QCOMPARE(toJson(Value(std::string("a\"b\\c\x01\x1f"))), std::string("\"a\\\"b\\\\c\\u0001\\u001f\""));
    QCOMPARE(toJson(Value(std::string("line\nnext"))), std::string("\"line\\nnext\""));
    // invalid UTF-8 becomes U+FFFD, valid multibyte passes through
    QCOMPARE(toJson(Value(std::string("ok\xc3\xa9 bad\xff end"))), std::string("\"ok\xc3\xa9 bad\xEF\xBF\xBD end\""));
    QCOMPARE(toJson(Value(std::string("\xed\xa0\x80"))), std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""));
    // a key is escaped as well
    Value o;
    o.set("a\"b", 1);
    QCOMPARE(toJson(o), std::string("{\"a\\\"b\":1}"));
  }

  void writesNumbers() {
    QCOMPARE(toJson(Value(0.1)), std::string("0.1"));
    QCOMPARE(toJson(Value(2.0)), std::string("2.0"));
    QCOMPARE(toJson(Value(-0.0)), std::string("-0.0"));
    QCOMPARE(toJson(Value(1e300)), std::string("1e+300"));
    QCOMPARE(toJson(Value(std::nan(""))), std::string("null"));
    QCOMPARE(toJson(Value(std::numeric_limits<double>::infinity())), std::string("null"));
    QCOMPARE(toJson(Value(std::int64_t{-9223372036854775807 - 1})), std::string("-9223372036854775808"));
    QCOMPARE(toJson(Value::decimal("12.50")), std::string("12.50"));
    QCOMPARE(toJson(Value::decimal("not a number")), std::string("\"not a number\""));
    // doubles round-trip exactly and stay doubles
    for (double d : {0.1, 1.0 / 3.0, 123456.789, 5e-324, 1.7976931348623157e308, 2.0, 100000.0}) {
      Value back = parsed(toJson(Value(d)));
      QCOMPARE(typeOf(back), typeName(ValueType::Double));
      QCOMPARE(back.asDouble(), d);
    }
  }

  void writesTimestampsAndBytes() {
    QCOMPARE(toJson(Value::timestampMicros(1709296496123000)), std::string("\"2024-03-01T12:34:56.123Z\""));
    QCOMPARE(toJson(Value::timestampMicros(0)), std::string("\"1970-01-01T00:00:00Z\""));
    QCOMPARE(toJson(Value::bytes("hello")), std::string("\"aGVsbG8=\""));
    QCOMPARE(toJson(Value::bytes("hell")), std::string("\"aGVsbA==\""));
    QCOMPARE(toJson(Value::bytes("hel")), std::string("\"aGVs\""));
    QCOMPARE(toJson(Value::bytes("")), std::string("\"\""));
    std::string decoded;
    QVERIFY(decodeBase64("aGVsbA==", decoded));
    QCOMPARE(decoded, std::string("hell"));
    decoded.clear();
    QVERIFY(!decodeBase64("a*==", decoded));
  }

  void roundTripNested() {
    const std::string text =
        R"({"id":1,"name":"Product 1","tags":["a","b"],"dims":{"w":1.5,"h":[{"x":null},true]},"empty":{},"none":[]})";
    QCOMPARE(toJson(parsed(text)), text);
    std::string out = "prefix:";
    appendJson(parsed(text), out);
    QCOMPARE(out, "prefix:" + text);
  }

  void duplicateKeysInLargeObjects() {
    std::string text = "{";
    for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    text += "\"k5\":\"again\"}";
    Value v = parsed(text);
    QCOMPARE(v.asObject().size(), std::size_t{100});
    QCOMPARE(*v.find("k5"), Value("again"));
    QCOMPARE(v.asObject().back().first, std::string("k5"));
    QCOMPARE(v.asObject().front().first, std::string("k0"));
  }

  void duplicateKeysLastWins() {
    Value v = parsed(R"({"a":1,"b":2,"a":3})");
    QCOMPARE(v.asObject().size(), std::size_t{2});
    QCOMPARE(v.find("a")->asInt(), std::int64_t{3});
    QCOMPARE(toJson(v), std::string(R"({"b":2,"a":3})"));
  }

  void errorsNameTheByteOffset_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("trailing comma") << R"({"a":1,})"
                                    << "invalid JSON at byte 7: expected a string key, found '}'";
    QTest::newRow("unclosed array")
        << "[1,2"
        << "invalid JSON at byte 4: expected ',' or ']' in an array, found the end of the input";
    QTest::newRow("missing colon") << R"({"a" 1})"
                                   << "invalid JSON at byte 5: expected ':' after a key, found '1'";
    QTest::newRow("empty") << ""
                           << "invalid JSON at byte 0: expected a JSON value, found the end of the input";
    QTest::newRow("bad literal") << "[tru]"
                                 << "invalid JSON at byte 1: invalid literal, expected 'true'";
    QTest::newRow("unterminated string") << "{\"a\":\"abc"
                                         << "invalid JSON at byte 9: unterminated string";
    QTest::newRow("leading zero") << "01"
                                  << "invalid JSON at byte 1: leading zeros are not allowed in numbers";
    QTest::newRow("trailing garbage") << "{} x"
                                      << "invalid JSON at byte 3: unexpected 'x' after the JSON value";
    QTest::newRow("bad escape") << "\"a\\q\""
                                << "invalid JSON at byte 2: invalid escape '\\q'";
    QTest::newRow("raw newline") << "\"a\nb\""
                                 << "invalid JSON at byte 2: control character byte 0x0a in a string (must be escaped)";
    QTest::newRow("lone surrogate") << "\"\\udc00\""
                                    << "invalid JSON at byte 7: unpaired low surrogate in a \\u escape";
    // \x27 is a single quote: moc's tokenizer misreads runs of quotes inside string literals.
    QTest::newRow("single quotes") << "{\x27"
                                      "a\x27:1}"
                                   << "invalid JSON at byte 1: expected a string key, found \x27\x27\x27";
  }
  void errorsNameTheByteOffset() {
    QFETCH(QString, input);
    QFETCH(QString, message);
    QCOMPARE(QString::fromStdString(errorOf(input.toStdString())), message);
  }

  void invalidUtf8IsRejected() {
    QCOMPARE(errorOf("\"a\xff\""), std::string("invalid JSON at byte 2: invalid UTF-8 in a string"));
  }

  void deepNestingIsBounded() {
    std::string deep(5000, '[');
    deep += std::string(5000, ']');
    auto result = parseJson(deep);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.find("nesting") != std::string::npos, result.error().message.c_str());
    std::string ok(500, '[');
    ok += std::string(500, ']');
    QVERIFY(parseJson(ok).ok());
  }

  void nlohmannBridge() {
    nlohmann::json j = nlohmann::json::parse(R"({"a":1,"b":[true,null,"s"],"c":2.5,"u":18446744073709551615})");
    Value v = fromNlohmann(j);
    QCOMPARE(v.find("a")->asInt(), std::int64_t{1});
    QCOMPARE(v.find("b")->asArray()[2].asString(), std::string_view("s"));
    QCOMPARE(typeOf(*v.find("u")), typeName(ValueType::Decimal));
    QCOMPARE(v.find("u")->asString(), std::string_view("18446744073709551615"));
    nlohmann::json back = toNlohmann(v);
    QCOMPARE(back, j);
    Value special(Object{{"t", Value::timestampMicros(0)}, {"bin", Value::bytes("hi")}, {"nan", Value(std::nan(""))}});
    nlohmann::json sj = toNlohmann(special);
    QCOMPARE(sj["t"].get<std::string>(), std::string("1970-01-01T00:00:00Z"));
    QCOMPARE(sj["bin"].get<std::string>(), std::string("aGk="));
    QVERIFY(sj["nan"].is_null());
  }

  void agreesWithNlohmannOnRandomishDocuments() {
    // The fast path (simdjson) and nlohmann must see the same document.
    const char* docs[] = {
        R"({"id":12,"price":19.99,"category":"CAT_5","ok":true,"tags":["x","y"],"nested":{"a":[1,2,{"b":null}]}})",
        "[-1,0,1,-0.5,1e-7,3.14159,\"\\u0041\\u00df\"]",
        "{\"s\":\"tab\\tquote\\\"backslash\\\\\"}",
    };
    for (const char* doc : docs) {
      QCOMPARE(nlohmann::json::parse(toJson(parsed(doc))), nlohmann::json::parse(doc));
    }
  }
};

QTEST_APPLESS_MAIN(TestRecordJson)
#include "test_record_json.moc"
