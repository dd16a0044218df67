// Avro schema inference: known schemas for known records (types, first-seen
// field order, nested records and maps, widening long -> double, missing and
// null fields -> ["null", T] with default null), seeding from a registered
// schema, refusals with the field path, and that every widening is BACKWARD
// compatible and encodes the records that caused it.
#include <QtTest>

#include <string>
#include <vector>

#include "core/avro/codec.h"
#include "core/avro/compatibility.h"
#include "core/avro/infer.h"
#include "core/record/json.h"

using namespace tributary;
using namespace tributary::avro;

namespace {

record::Value rec(const std::string& json) {
  auto v = record::parseJson(json);
  if (!v) qFatal("bad test JSON %s", json.c_str());
  return std::move(v).value();
}

std::vector<record::Value> recs(std::initializer_list<const char*> texts) {
  std::vector<record::Value> out;
  for (const char* t : texts) out.push_back(rec(t));
  return out;
}

QString inferred(std::initializer_list<const char*> texts, std::string_view name = "orders") {
  auto text = inferSchema(recs(texts), name);
  if (!text) return QStringLiteral("ERROR ") + QString::fromStdString(text.error().toString());
  return QString::fromStdString(*text);
}

QString errorOf(std::initializer_list<const char*> texts) {
  auto text = inferSchema(recs(texts), "t");
  if (text) return QStringLiteral("(no error) ") + QString::fromStdString(*text);
  return QString::fromStdString(text.error().toString());
}

}  // namespace

class TestAvroInfer final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void names() {
    QCOMPARE(QString::fromStdString(avroNameFor("product_updates")), QStringLiteral("product_updates"));
    QCOMPARE(QString::fromStdString(avroNameFor("orders.v1-raw")), QStringLiteral("orders_v1_raw"));
    QCOMPARE(QString::fromStdString(avroNameFor("2024-sales")), QStringLiteral("_2024_sales"));
    QCOMPARE(QString::fromStdString(avroNameFor("")), QStringLiteral("record"));
    QCOMPARE(QString::fromStdString(avroNameFor("string")), QStringLiteral("string_record"));
  }

  void primitivesInFirstSeenOrder() {
    QCOMPARE(inferred({R"({"id":7,"name":"a","price":1.5,"ok":true,"gone":null})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[)"
                            R"({"name":"id","type":"long"},{"name":"name","type":"string"},)"
                            R"({"name":"price","type":"double"},{"name":"ok","type":"boolean"},)"
                            R"({"name":"gone","type":"null","default":null}]})"));
  }

  void namespaceAndEmpty() {
    SchemaInference inference("users", "com.example");
    QCOMPARE(QString::fromStdString(inference.schemaText()),
             QStringLiteral(R"({"type":"record","name":"users","namespace":"com.example","fields":[]})"));
    QVERIFY(inference.schema().ok());
  }

  void wideningAcrossRecords() {
    // long -> double; a field missing from the first record and one missing
    // from the second become nullable; null then string becomes ["null","string"].
    QCOMPARE(inferred({R"({"id":1,"amount":3,"note":null,"old":"x"})", R"({"id":2,"amount":2.5,"note":"hi","extra":true})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[)"
                            R"({"name":"id","type":"long"},{"name":"amount","type":"double"},)"
                            R"({"name":"note","type":["null","string"],"default":null},)"
                            R"({"name":"old","type":["null","string"],"default":null},)"
                            R"({"name":"extra","type":["null","boolean"],"default":null}]})"));
    // double stays double when a long comes later
    QCOMPARE(inferred({R"({"x":2.5})", R"({"x":3})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"x","type":"double"}]})"));
  }

  void nestedRecordsArraysAndMaps() {
    QCOMPARE(
        inferred({R"({"id":1,"address":{"city":"Bern","zip":3000},"tags":["a","b"],"lines":[{"sku":"x","qty":1}],)"
                  R"("counts":{"2024-01-01":3,"2024-01-02":4},"empty":[]})"}),
        QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"id","type":"long"},)"
                       R"({"name":"address","type":{"type":"record","name":"address","namespace":"orders","fields":[)"
                       R"({"name":"city","type":"string"},{"name":"zip","type":"long"}]}},)"
                       R"({"name":"tags","type":{"type":"array","items":"string"}},)"
                       R"({"name":"lines","type":{"type":"array","items":{"type":"record","name":"lines_item",)"
                       R"("namespace":"orders","fields":[{"name":"sku","type":"string"},{"name":"qty","type":"long"}]}}},)"
                       R"({"name":"counts","type":{"type":"map","values":"long"}},)"
                       R"({"name":"empty","type":{"type":"array","items":"null"}}]})"));
    // A nested record widens like the top level; a later key that is not a
    // name turns the record into a map of the merged value type.
    QCOMPARE(inferred({R"({"a":{"x":1}})", R"({"a":{"x":2.5,"y":null}})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"a","type":{"type":"record",)"
                            R"("name":"a","namespace":"orders","fields":[{"name":"x","type":"double"},)"
                            R"({"name":"y","type":"null","default":null}]}}]})"));
    QCOMPARE(inferred({R"({"m":{"x":1}})", R"({"m":{"b-c":2}})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"m","type":{"type":"map",)"
                            R"("values":"long"}}]})"));
    // an object missing in one record and null in another
    QCOMPARE(inferred({R"({"a":{"x":1}})", R"({"a":null})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"a","type":["null",{"type":)"
                            R"("record","name":"a","namespace":"orders","fields":[{"name":"x","type":"long"}]}],)"
                            R"("default":null}]})"));
    // a nested field named like a primitive type gets a record name that is not one
    QCOMPARE(inferred({R"({"int":{"v":1}})"}),
             QStringLiteral(R"({"type":"record","name":"orders","fields":[{"name":"int","type":{"type":"record",)"
                            R"("name":"int_record","namespace":"orders","fields":[{"name":"v","type":"long"}]}}]})"));
  }

  void decimalsTimestampsBytes() {
    SchemaInference inference("t");
    record::Value r = record::Value::makeObject();
    r.append("price", record::Value::decimal("12.50"));
    r.append("at", record::Value::timestampMicros(1700000000000000));
    r.append("raw", record::Value::bytes(std::string("\x01\x02", 2)));
    QVERIFY(*inference.add(r));
    record::Value r2 = record::Value::makeObject();
    r2.append("price", record::Value::decimal("-1234.00"));
    r2.append("at", record::Value::timestampMicros(0));
    r2.append("raw", record::Value::bytes("z"));
    QVERIFY(*inference.add(r2));  // precision 4 -> 6
    QCOMPARE(QString::fromStdString(inference.schemaText()),
             QStringLiteral(R"({"type":"record","name":"t","fields":[{"name":"price","type":{"type":"bytes",)"
                            R"("logicalType":"decimal","precision":6,"scale":2}},{"name":"at","type":{"type":"long",)"
                            R"("logicalType":"timestamp-micros"}},{"name":"raw","type":"bytes"}]})"));
    record::Value r3 = record::Value::makeObject();
    r3.append("price", record::Value::decimal("1.5"));
    auto refused = inference.add(r3);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().where), QStringLiteral("/price"));
    QVERIFY(refused.error().message.find("scale 1 here, scale 2") != std::string::npos);
  }

  void refusalsNameThePath() {
    QCOMPARE(errorOf({R"({"a":{"zip":"3000"}})", R"({"a":{"zip":3000}})"}),
             QStringLiteral("record 2 /a/zip: string in earlier records, long here: one Avro field cannot hold both "
                            "(make the field one type, e.g. with a map transform)"));
    QCOMPARE(errorOf({R"({"ok":true})", R"({"ok":1.5})"}),
             QStringLiteral("record 2 /ok: boolean in earlier records, double here: one Avro field cannot hold both "
                            "(make the field one type, e.g. with a map transform)"));
    QCOMPARE(errorOf({R"({"xs":[1,"a"]})"}),
             QStringLiteral("record 1 /xs/1: long in earlier records, string here: one Avro field cannot hold both "
                            "(make the field one type, e.g. with a map transform)"));
    QCOMPARE(errorOf({R"({"a":[1]})", R"({"a":{"b":1}})"}),
             QStringLiteral("record 2 /a: array in earlier records, object here: one Avro field cannot hold both "
                            "(make the field one type, e.g. with a map transform)"));
    QCOMPARE(errorOf({R"({"first name":"x"})"}),
             QStringLiteral("record 1 /first name: 'first name' is not a valid Avro field name (letters, digits and "
                            "'_', not starting with a digit); rename it, e.g. with a map transform"));
    QCOMPARE(errorOf({R"({"m":{"a-b":1,"c-d":"x"}})"}).left(40), QStringLiteral("record 1 /m/c-d: long in earlier records"));
    QCOMPARE(errorOf({R"([1,2])"}), QStringLiteral("record 1: a record must be a JSON object to become an Avro record, not array"));
  }

  void refusedRecordChangesNothing() {
    SchemaInference inference("t");
    QVERIFY(*inference.add(rec(R"({"a":1})")));
    std::string before = inference.schemaText();
    QVERIFY(!inference.add(rec(R"({"b":2,"a":"x"})")));
    QCOMPARE(QString::fromStdString(inference.schemaText()), QString::fromStdString(before));
    QCOMPARE(inference.records(), std::size_t{1});
    QVERIFY(!*inference.add(rec(R"({"a":5})")));  // fits: unchanged
    QVERIFY(*inference.add(rec(R"({"a":5,"b":null})")));
    QVERIFY(!*inference.add(rec(R"({"a":6})")));  // b is nullable now: a missing b fits
  }

  void seedKeepsNamesAndWidens() {
    auto registered = Schema::parse(
        R"({"type":"record","name":"Product","namespace":"shop","fields":[{"name":"id","type":"int"},)"
        R"({"name":"name","type":["string","null"]},{"name":"dims","type":{"type":"record","name":"Dims",)"
        R"("fields":[{"name":"w","type":"float"}]}}]})");
    QVERIFY(registered.ok());
    SchemaInference inference("product_updates");
    QVERIFY(inference.seed(*registered).ok());
    QVERIFY(!*inference.add(rec(R"({"id":1,"name":null,"dims":{"w":2}})")));
    QVERIFY(*inference.add(rec(R"({"id":2,"name":"b","dims":{"w":2.5},"color":"red"})")));
    QCOMPARE(QString::fromStdString(inference.schemaText()),
             QStringLiteral(R"({"type":"record","name":"Product","namespace":"shop","fields":[{"name":"id","type":"long"},)"
                            R"({"name":"name","type":["null","string"],"default":null},{"name":"dims","type":{"type":)"
                            R"("record","name":"Dims","namespace":"shop","fields":[{"name":"w","type":"double"}]}},)"
                            R"({"name":"color","type":["null","string"],"default":null}]})"));
    auto wider = inference.schema();
    QVERIFY(wider.ok());
    QVERIFY(checkCanRead(*wider, *registered).empty());

    auto withEnum = Schema::parse(R"({"type":"record","name":"E","fields":[{"name":"k","type":{"type":"enum",)"
                                  R"("name":"K","symbols":["A"]}}]})");
    Status refused = inference.seed(*withEnum);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().toString()),
             QStringLiteral("/k: enum K: inference does not make this type, so it cannot widen it"));
  }

  // Every step of a widening sequence reads the data of the step before and
  // encodes the record that caused it.
  void everyWideningIsBackwardCompatible() {
    std::vector<record::Value> steps = recs({R"({"id":1,"v":2})", R"({"id":2,"v":2.5,"s":"x"})",
                                             R"({"id":3,"s":null,"n":{"a":[1]}})", R"({"id":4,"n":{"a":[1.5],"b":true}})",
                                             R"({"id":5,"n":null,"t":[]})", R"({"id":6,"t":[{"k":"v"}]})"});
    SchemaInference inference("steps");
    std::optional<Schema> previous;
    for (const record::Value& r : steps) {
      auto changed = inference.add(r);
      QVERIFY2(changed.ok(), changed.ok() ? "" : changed.error().toString().c_str());
      auto schema = inference.schema();
      QVERIFY2(schema.ok(), schema.ok() ? "" : schema.error().toString().c_str());
      if (previous) {
        auto problems = checkCompatibility(*schema, {&*previous}, CompatibilityLevel::Backward);
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
      }
      auto codec = Codec::create(std::make_shared<Schema>(*schema));
      QVERIFY(codec.ok());
      std::string bytes;
      Status encoded = (*codec)->encode(r, bytes);
      QVERIFY2(encoded.ok(), encoded.ok() ? "" : encoded.error().toString().c_str());
      auto decoded = (*codec)->decode(bytes);
      QVERIFY(decoded.ok());
      QCOMPARE(decoded->find("id")->asInt(), r.find("id")->asInt());
      previous = *schema;
    }
  }
};

QTEST_APPLESS_MAIN(TestAvroInfer)
#include "test_avro_infer.moc"
