// Value: construction, type, deep copy and move, object field access.
#include <QtTest>

#include "core/record/record.h"
#include "core/record/timestamp.h"
#include "core/record/value.h"
#include "record_printing.h"

using tributary::record::Array;
using tributary::record::Object;
using tributary::record::Record;
using tributary::record::Value;
using tributary::record::ValueType;

class TestRecordValue final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sizeIsSixteenBytes() { QCOMPARE(sizeof(Value), std::size_t{16}); }

  void scalars() {
    QCOMPARE(typeOf(Value()), typeName(ValueType::Null));
    QVERIFY(Value(nullptr).isNull());
    QCOMPARE(typeOf(Value(true)), typeName(ValueType::Bool));
    QCOMPARE(Value(true).asBool(), true);
    QCOMPARE(typeOf(Value(42)), typeName(ValueType::Int));
    QCOMPARE(Value(std::int64_t{-7}).asInt(), std::int64_t{-7});
    QCOMPARE(typeOf(Value(2.5)), typeName(ValueType::Double));
    QCOMPARE(Value(2.5).asDouble(), 2.5);
    QCOMPARE(Value(3).asDouble(), 3.0);
    QCOMPARE(typeOf(Value::decimal("12.50")), typeName(ValueType::Decimal));
    QCOMPARE(Value::decimal("12.50").asString(), std::string_view("12.50"));
    QCOMPARE(Value::decimal("12.50").asDouble(), 12.5);
    QVERIFY(Value::decimal("1").isNumber());
    QVERIFY(!Value("1").isNumber());
    QCOMPARE(Value("héllo").asString(), std::string_view("héllo"));
    QCOMPARE(typeOf(Value(std::string_view("ab"))), typeName(ValueType::String));
    QCOMPARE(typeOf(Value::bytes(std::string("\0\1", 2))), typeName(ValueType::Bytes));
    QCOMPARE(Value::bytes(std::string("\0\1", 2)).asString().size(), std::size_t{2});
    QCOMPARE(typeOf(Value::timestampMicros(123)), typeName(ValueType::Timestamp));
    QCOMPARE(Value::timestampMicros(123).asTimestampMicros(), std::int64_t{123});
  }

  void typeNames() {
    QCOMPARE(tributary::record::toString(ValueType::Decimal), std::string_view("decimal"));
    QCOMPARE(tributary::record::toString(ValueType::Object), std::string_view("object"));
  }

  void equalityIsTypeStrict() {
    QVERIFY(Value(1) != Value(1.0));
    QVERIFY(Value("1") != Value::decimal("1"));
    QVERIFY(Value("x") == Value(std::string("x")));
    QVERIFY(Value(Array{1, "a"}) == Value(Array{1, "a"}));
    QVERIFY(Value(Array{1, "a"}) != Value(Array{1, "b"}));
    QVERIFY(Value(Object{{"a", 1}}) != Value(Object{{"b", 1}}));
  }

  void deepCopyAndMove() {
    Value original(Object{{"name", "widget"}, {"tags", Array{"a", "b"}}});
    Value copy = original;
    copy.find("tags")->asArray().push_back("c");
    copy.set("name", "gadget");
    QCOMPARE(original.find("tags")->asArray().size(), std::size_t{2});
    QCOMPARE(original.find("name")->asString(), std::string_view("widget"));
    QCOMPARE(copy.find("name")->asString(), std::string_view("gadget"));

    Value moved = std::move(copy);
    QVERIFY(copy.isNull());  // NOLINT(bugprone-use-after-move): moved-from is null by contract
    QCOMPARE(moved.find("tags")->asArray().size(), std::size_t{3});

    Value assigned;
    assigned = original;
    QVERIFY(assigned == original);
    assigned = Value("short");
    QCOMPARE(assigned.asString(), std::string_view("short"));
    Value& self = assigned;
    assigned = self;
    QCOMPARE(assigned.asString(), std::string_view("short"));
  }

  void objectFieldsKeepOrderAndReplaceInPlace() {
    Value v;
    v.set("b", 1);
    v.set("a", 2);
    v.set("b", 3);
    QCOMPARE(typeOf(v), typeName(ValueType::Object));
    const Object& fields = v.asObject();
    QCOMPARE(fields.size(), std::size_t{2});
    QCOMPARE(fields[0].first, std::string("b"));
    QCOMPARE(fields[0].second.asInt(), std::int64_t{3});
    QCOMPARE(fields[1].first, std::string("a"));
    QVERIFY(v.find("missing") == nullptr);
    QVERIFY(Value(5).find("a") == nullptr);
    QVERIFY(v.erase("b"));
    QVERIFY(!v.erase("b"));
    QCOMPARE(v.size(), std::size_t{1});
    v.append("c", "x");
    QCOMPARE(v.asObject().back().first, std::string("c"));
  }

  void recordEquality() {
    Record a;
    a.key = Value("k");
    a.value = Value(Object{{"x", 1}});
    a.headers.push_back({"h", "v"});
    a.timestampMs = 5;
    Record b = a;
    QVERIFY(a == b);
    b.headers.push_back({"h2", "w"});
    QVERIFY(!(a == b));
  }

  void timestampsRoundTrip() {
    using namespace tributary::record;
    QCOMPARE(formatIsoTimestamp(0), std::string("1970-01-01T00:00:00Z"));
    QCOMPARE(formatIsoTimestamp(1709296496123000), std::string("2024-03-01T12:34:56.123Z"));
    QCOMPARE(formatIsoTimestamp(1709296496123456), std::string("2024-03-01T12:34:56.123456Z"));
    QCOMPARE(formatIsoTimestamp(-1), std::string("1969-12-31T23:59:59.999999Z"));
    QCOMPARE(parseIsoTimestamp("2024-03-01T12:34:56.123Z").value(), std::int64_t{1709296496123000});
    QCOMPARE(parseIsoTimestamp("2024-03-01 14:34:56.123+02:00").value(), std::int64_t{1709296496123000});
    QCOMPARE(parseIsoTimestamp("2024-03-01T12:34:56.123456").value(), std::int64_t{1709296496123456});
    QCOMPARE(parseIsoTimestamp("2024-02-29").value(), std::int64_t{1709164800000000});
    QVERIFY(!parseIsoTimestamp("2023-02-29"));
    QVERIFY(!parseIsoTimestamp("2024-13-01"));
    QVERIFY(!parseIsoTimestamp("2024-03-01T25:00"));
    QVERIFY(!parseIsoTimestamp("yesterday"));
    QVERIFY(!parseIsoTimestamp("2024-03-01T12:34:56Zjunk"));
    for (std::int64_t t : {std::int64_t{0}, std::int64_t{951782400000000}, std::int64_t{-62135596800000000},
                           std::int64_t{253402300799999999}, std::int64_t{-1234567}}) {
      QCOMPARE(parseIsoTimestamp(formatIsoTimestamp(t)).value(), t);
    }
  }
};

QTEST_APPLESS_MAIN(TestRecordValue)
#include "test_record_value.moc"
