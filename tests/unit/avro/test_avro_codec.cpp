// Avro codec: byte-exact encodings (the same bytes avsc wrote in the registry
// integration test, and hand-computed decimal encodings), round trips of
// every type and logical type, defaults on encode, reader/writer resolution
// with reader defaults, errors with field paths, bad input, Confluent framing.
#include <QtTest>

#include <memory>
#include <string>

#include "core/avro/codec.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

#include "../record/record_printing.h"
#include "avro_cases.h"

using namespace tributary::avro;
using tributary::record::Value;

namespace {

std::shared_ptr<const Schema> schemaOf(const std::string& text) {
  auto result = Schema::parse(text);
  if (!result.ok()) qFatal("schema does not parse: %s", result.error().toString().c_str());
  return std::make_shared<const Schema>(std::move(result).value());
}

std::unique_ptr<Codec> codecOf(const std::string& text) {
  auto codec = Codec::create(schemaOf(text));
  if (!codec.ok()) qFatal("no codec: %s", codec.error().toString().c_str());
  return std::move(codec).value();
}

Value json(const char* text) {
  auto v = tributary::record::parseJson(text);
  if (!v.ok()) qFatal("bad JSON in test: %s", text);
  return std::move(v).value();
}

QString hex(const std::string& bytes) {
  return QString::fromLatin1(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())).toHex());
}

}  // namespace

class TestAvroCodec final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void encodesLikeAvsc() {
    auto codec = codecOf(avro_cases::orderSchema());
    std::string out;
    QVERIFY(codec->encode(json(R"({"id":42,"amount":12.5,"note":"rush","status":"PAID"})"), out).ok());
    QCOMPARE(hex(out), QStringLiteral("54000000000000294002087275736802"));
    auto back = codec->decode(out);
    QVERIFY(back.ok());
    QCOMPARE(*back, json(R"({"id":42,"amount":12.5,"note":"rush","status":"PAID"})"));
    // The note's default (null) fills a missing field.
    out.clear();
    QVERIFY(codec->encode(json(R"({"id":7,"amount":0.25,"status":"NEW"})"), out).ok());
    QCOMPARE(hex(out), QStringLiteral("0e000000000000d03f0000"));  // as python3-avro wrote it
  }

  void decimalBytes() {
    auto codec = codecOf(R"({"type":"bytes","logicalType":"decimal","precision":9,"scale":2})");
    struct Case {
      Value in;
      const char* bytes;
      const char* text;
    };
    const Case cases[] = {
        {Value::decimal("12.50"), "0404e2", "12.50"},  // 1250 = 0x04e2, length 2 (zigzag 4)
        {Value::decimal("12.5"), "0404e2", "12.50"},
        {Value::decimal("-0.01"), "02ff", "-0.01"},   // -1 = 0xff
        {Value::decimal("1.28"), "040080", "1.28"},   // 128 needs a sign byte: 0x0080, length 2
        {Value(3), "04012c", "3.00"},                 // 300
        {Value::decimal("0"), "0200", "0.00"},
    };
    for (const auto& c : cases) {
      std::string out;
      QVERIFY(codec->encode(c.in, out).ok());
      QCOMPARE(hex(out), QString::fromLatin1(c.bytes));
      auto back = codec->decode(out);
      QVERIFY(back.ok());
      QCOMPARE(QString::fromUtf8(back->asString().data(), static_cast<int>(back->asString().size())),
               QString::fromLatin1(c.text));
    }
    // Fuzz finding: a 16-byte unscaled value decodes, so it must encode again (2^127 - 1 at scale 2).
    std::string widest;
    QVERIFY(codec->encode(Value::decimal("1701411834604692317316873037158841057.27"), widest).ok());
    QCOMPARE(hex(widest), QStringLiteral("207fffffffffffffffffffffffffffffff"));
    QCOMPARE(*codec->decode(widest), Value::decimal("1701411834604692317316873037158841057.27"));
    std::string beyond;
    QVERIFY(!codec->encode(Value::decimal("1701411834604692317316873037158841057.28"), beyond).ok());
    std::string out;
    auto tooPrecise = codec->encode(Value::decimal("1.234"), out);
    QVERIFY(!tooPrecise.ok());
    QVERIFY(tooPrecise.error().message.find("at most 2 fraction digits") != std::string::npos);
  }

  void roundTripsEveryType() {
    auto codec = codecOf(avro_cases::richSchema());
    Value in = json(R"({"flag":true,"small":-5,"ratio":0.5,"price":"19.99","day":"2024-03-01",
        "clock":"12:34:56.789","uid":"4f1c8e2a-1b2c-4d5e-8f90-0a1b2c3d4e5f","hash":"abcd",
        "tags":["a","b"],"counts":{"x":1,"y":-2},"maybe":"text",
        "child":{"name":"c1","next":{"name":"c2","next":null}}})");
    in.set("raw", Value::bytes(std::string("\x00\x01\xff", 3)));
    in.set("fixedPrice", Value::decimal("-1234.567"));
    in.set("at", Value::timestampMicros(1709296496789000));
    in.set("atMicros", Value::timestampMicros(1709296496789123));
    std::string out;
    auto encoded = codec->encode(in, out);
    QVERIFY2(encoded.ok(), encoded.ok() ? "" : encoded.error().toString().c_str());
    auto back = codec->decode(out);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().toString().c_str());
    const Value& v = *back;
    QCOMPARE(*v.find("flag"), Value(true));
    QCOMPARE(*v.find("small"), Value(-5));
    QCOMPARE(*v.find("ratio"), Value(0.5));
    QCOMPARE(*v.find("raw"), Value::bytes(std::string("\x00\x01\xff", 3)));
    QCOMPARE(*v.find("price"), Value::decimal("19.99"));
    QCOMPARE(*v.find("fixedPrice"), Value::decimal("-1234.567"));
    QCOMPARE(*v.find("day"), Value("2024-03-01"));
    QCOMPARE(*v.find("at"), Value::timestampMicros(1709296496789000));
    QCOMPARE(*v.find("atMicros"), Value::timestampMicros(1709296496789123));
    QCOMPARE(*v.find("clock"), Value("12:34:56.789"));
    QCOMPARE(*v.find("uid"), Value("4f1c8e2a-1b2c-4d5e-8f90-0a1b2c3d4e5f"));
    QCOMPARE(*v.find("hash"), Value::bytes("abcd"));
    QCOMPARE(*v.find("tags"), json(R"(["a","b"])"));
    QCOMPARE(*v.find("counts"), json(R"({"x":1,"y":-2})"));
    QCOMPARE(*v.find("maybe"), Value("text"));
    QCOMPARE(*v.find("child"), json(R"({"name":"c1","next":{"name":"c2","next":null}})"));
    QCOMPARE(*v.find("withDefault"), Value("fallback"));
    // A union picks its branch by the value: an integer goes to "long".
    in.set("maybe", Value(7));
    out.clear();
    QVERIFY(codec->encode(in, out).ok());
    QCOMPARE(*codec->decode(out)->find("maybe"), Value(7));
  }

  void errorsNameTheField() {
    auto codec = codecOf(avro_cases::richSchema());
    Value in = json(R"({"flag":true})");
    std::string out;
    auto missing = codec->encode(in, out);
    QVERIFY(!missing.ok());
    QCOMPARE(QString::fromStdString(missing.error().toString()),
             QStringLiteral("small: field 'small' is missing and has no default"));
    auto order = codecOf(avro_cases::orderSchema());
    auto wrong = order->encode(json(R"({"id":"x","amount":1,"status":"NEW"})"), out);
    QCOMPARE(QString::fromStdString(wrong.error().toString()),
             QStringLiteral("id: expected an integer for Avro long, got string"));
    auto symbol = order->encode(json(R"({"id":1,"amount":1,"status":"LOST"})"), out);
    QCOMPARE(QString::fromStdString(symbol.error().toString()),
             QStringLiteral("status: 'LOST' is not a symbol of enum shop.Status"));
    auto branch = order->encode(json(R"({"id":1,"amount":1,"status":"NEW","note":[1]})"), out);
    QCOMPARE(QString::fromStdString(branch.error().toString()),
             QStringLiteral("note: a array matches no branch of the union [null, string]"));
  }

  void resolvesWithReaderDefaults() {
    auto writer = codecOf(avro_cases::writerV1());
    auto reader = schemaOf(avro_cases::readerV2());
    std::string out;
    QVERIFY(writer->encode(json(R"({"a":3,"gone":"x","n":5,"kind":"C"})"), out).ok());
    auto resolved = writer->decode(out, reader.get());
    QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().toString().c_str());
    Value expected = json(R"({"a":3.0,"n":5,"kind":"A","added":"new","list":[1,2]})");
    expected.set("when", Value::timestampMicros(1000000));
    QCOMPARE(*resolved, expected);
    // Without a reader: the writer's own view.
    QCOMPARE(*writer->decode(out), json(R"({"a":3,"gone":"x","n":5,"kind":"C"})"));
  }

  void rejectsBadInput() {
    auto codec = codecOf(avro_cases::orderSchema());
    QVERIFY(!codec->decode(std::string("\x54", 1)).ok());  // cut short
    std::string out;
    QVERIFY(codec->encode(json(R"({"id":1,"amount":1,"status":"NEW"})"), out).ok());
    auto trailing = codec->decode(out + "zz");
    QVERIFY(!trailing.ok());
    QVERIFY(trailing.error().message.find("left over") != std::string::npos);
    // Lengths and counts are checked before Avro C allocates anything (fuzz finding: it trusted them).
    auto huge = codecOf(R"({"type":"array","items":"null"})")->decode(std::string("\xfe\xff\xff\xff\xff\xff\xff\xff\x7f\x00", 10));
    QVERIFY(!huge.ok());
    QVERIFY2(huge.error().message.find("more array or map items") != std::string::npos, huge.error().message.c_str());
    auto longString = codecOf(R"("string")")->decode(std::string("\xfe\xff\xff\xff\x0f", 5));
    QVERIFY(!longString.ok());
    QVERIFY2(longString.error().message.find("string length") != std::string::npos, longString.error().message.c_str());
    std::string badEnum = out;
    badEnum.back() = '\x08';  // enum index 4 of 2
    QVERIFY(!codec->decode(badEnum).ok());
  }

  void confluentFraming() {
    std::string framed;
    appendConfluentHeader(258, framed);
    framed += "avro";
    QCOMPARE(hex(framed), QStringLiteral("00000001026176726f"));  // magic 0, id 258 big-endian, payload
    auto parsed = parseConfluentFrame(framed);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->first, 258);
    QCOMPARE(QString::fromLatin1(parsed->second.data(), 4), QStringLiteral("avro"));
    QVERIFY(!parseConfluentFrame(std::string("\x01\x00\x00\x00\x01", 5)).has_value());
    QVERIFY(!parseConfluentFrame(std::string("\x00\x00", 2)).has_value());
  }
};

QTEST_APPLESS_MAIN(TestAvroCodec)
#include "test_avro_codec.moc"
