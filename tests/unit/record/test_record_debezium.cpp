// Debezium envelopes: building, reading, and unwrapping with the semantics of
// Debezium's ExtractNewRecordState (drop.tombstones, delete.handling.mode,
// add.fields, add.headers).
#include <QtTest>

#include "core/record/debezium.h"
#include "core/record/json.h"
#include "record_printing.h"

using namespace tributary::record;
namespace dbz = tributary::record::debezium;

namespace {
Value parse(std::string_view text) {
  auto v = parseJson(text);
  if (!v.ok()) qFatal("bad test JSON: %s", v.error().message.c_str());
  return std::move(v).value();
}
Record recordOf(std::string_view json) {
  Record r;
  r.value = parse(json);
  return r;
}
dbz::UnwrapOptions options(std::string_view configJson) {
  auto o = dbz::UnwrapOptions::fromConfig(parse(configJson));
  if (!o.ok()) qFatal("bad options: %s", o.error().message.c_str());
  return std::move(o).value();
}
const char* kUpdate =
    "{\"before\":{\"id\":1,\"name\":\"old\"},\"after\":{\"id\":1,\"name\":\"new\"},"
    "\"source\":{\"connector\":\"postgresql\",\"db\":\"shop\",\"schema\":\"public\",\"table\":\"products\",\"ts_ms\":"
    "1700000000000,\"lsn\":123},"
    "\"op\":\"u\",\"ts_ms\":1700000000500}";
const char* kDelete =
    "{\"before\":{\"id\":2,\"name\":\"gone\"},\"after\":null,"
    "\"source\":{\"table\":\"products\",\"ts_ms\":1700000000000},\"op\":\"d\",\"ts_ms\":1700000000600}";
}  // namespace

class TestRecordDebezium final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void buildsEnvelopes() {
    dbz::SourceInfo info;
    info.connector = "postgresql";
    info.name = "shop";
    info.tsMs = 1700000000000;
    info.db = "shop";
    info.schema = "public";
    info.table = "products";
    info.extra = Value(Object{{"lsn", 42}});
    Value env =
        dbz::makeEnvelope(dbz::Op::Create, Value(), Value(Object{{"id", 1}}), dbz::makeSource(info), 1700000000001);
    QCOMPARE(
        toJson(env),
        std::string(
            "{\"before\":null,\"after\":{\"id\":1},\"source\":{\"version\":\"tributary\",\"connector\":\"postgresql\","
            "\"name\":\"shop\",\"ts_ms\":1700000000000,\"snapshot\":\"false\",\"db\":\"shop\",\"schema\":\"public\","
            "\"table\":\"products\",\"lsn\":42},\"op\":\"c\",\"ts_ms\":1700000000001}"));
    auto view = dbz::readEnvelope(env);
    QVERIFY(view.ok());
    QVERIFY(view->op == dbz::Op::Create);
    QVERIFY(view->before->isNull());
    QCOMPARE(view->after->find("id")->asInt(), std::int64_t{1});
    QCOMPARE(view->source->find("table")->asString(), std::string_view("products"));
    QCOMPARE(view->tsMs, std::int64_t{1700000000001});
  }

  void opCodes() {
    for (const char* code : {"c", "u", "d", "r", "t"})
      QCOMPARE(dbz::opCode(*dbz::parseOp(code)), std::string_view(code));
    QVERIFY(!dbz::parseOp("x"));
    QVERIFY(!dbz::parseOp("cu"));
  }

  void readsSchemaPayloadWrapping() {
    const Value wrapped = parse(std::string("{\"schema\":{},\"payload\":") + kUpdate + "}");
    auto view = dbz::readEnvelope(wrapped);
    QVERIFY(view.ok());
    QVERIFY(view->op == dbz::Op::Update);
    QCOMPARE(view->after->find("name")->asString(), std::string_view("new"));
  }

  void rejectsNonEnvelopes() {
    const Value plain = parse("{\"id\":1}");
    auto v = dbz::readEnvelope(plain);
    QVERIFY(!v.ok());
    QCOMPARE(v.error().message, std::string("not a Debezium change event: it has no 'op' field"));
    const Value withBadOp = parse("{\"op\":\"x\"}");
    auto badOp = dbz::readEnvelope(withBadOp);
    QCOMPARE(badOp.error().message,
             std::string("not a Debezium change event: 'op' is \"x\", expected one of c, u, d, r, t"));
    Record r = recordOf("[1]");
    QVERIFY(!dbz::unwrap(r, {}).ok());
  }

  void defaultUnwrapKeepsAfterDropsDeletesAndTombstones() {
    Record update = recordOf(kUpdate);
    auto result = dbz::unwrap(update, {});
    QVERIFY(result.ok());
    QVERIFY(*result == dbz::UnwrapResult::Keep);
    QCOMPARE(toJson(update.value), std::string("{\"id\":1,\"name\":\"new\"}"));

    Record del = recordOf(kDelete);
    QVERIFY(*dbz::unwrap(del, {}) == dbz::UnwrapResult::Drop);

    Record tombstone;
    QVERIFY(*dbz::unwrap(tombstone, {}) == dbz::UnwrapResult::Drop);
    QVERIFY(*dbz::unwrap(tombstone, options("{\"drop.tombstones\":false}")) == dbz::UnwrapResult::Keep);

    Record truncate = recordOf("{\"op\":\"t\",\"source\":{},\"ts_ms\":1}");
    QVERIFY(*dbz::unwrap(truncate, {}) == dbz::UnwrapResult::Drop);
  }

  void deleteHandlingNoneGivesTombstone() {
    Record del = recordOf(kDelete);
    auto result = dbz::unwrap(del, options("{\"delete.handling.mode\":\"none\"}"));
    QVERIFY(*result == dbz::UnwrapResult::Keep);
    QVERIFY(del.value.isNull());
  }

  void deleteHandlingRewriteMarksRows() {
    auto o = options("{\"delete.handling.mode\":\"rewrite\"}");
    Record del = recordOf(kDelete);
    QVERIFY(*dbz::unwrap(del, o) == dbz::UnwrapResult::Keep);
    QCOMPARE(toJson(del.value), std::string("{\"id\":2,\"name\":\"gone\",\"__deleted\":\"true\"}"));
    Record update = recordOf(kUpdate);
    QVERIFY(*dbz::unwrap(update, o) == dbz::UnwrapResult::Keep);
    QCOMPARE(toJson(update.value), std::string("{\"id\":1,\"name\":\"new\",\"__deleted\":\"false\"}"));
  }

  void addFieldsAndHeaders() {
    auto o = options("{\"add.fields\":\"op,table,source.ts_ms,ts_ms,lsn,missing\",\"add.headers\":\"db,op\"}");
    Record update = recordOf(kUpdate);
    QVERIFY(*dbz::unwrap(update, o) == dbz::UnwrapResult::Keep);
    QCOMPARE(toJson(update.value),
             std::string(
                 "{\"id\":1,\"name\":\"new\",\"__op\":\"u\",\"__table\":\"products\",\"__source_ts_ms\":1700000000000,"
                 "\"__ts_ms\":1700000000500,\"__lsn\":123,\"__missing\":null}"));
    QCOMPARE(update.headers.size(), std::size_t{2});
    QCOMPARE(update.headers[0].key, std::string("__db"));
    QCOMPARE(update.headers[0].value, std::string("shop"));
    QCOMPARE(update.headers[1].key, std::string("__op"));
    QCOMPARE(update.headers[1].value, std::string("u"));

    auto prefixed =
        options("{\"add.fields\":[\"op\"],\"add.fields.prefix\":\"meta_\",\"delete.handling.mode\":\"rewrite\"}");
    Record del = recordOf(kDelete);
    QVERIFY(*dbz::unwrap(del, prefixed) == dbz::UnwrapResult::Keep);
    QCOMPARE(toJson(del.value), std::string("{\"id\":2,\"name\":\"gone\",\"meta_op\":\"d\",\"__deleted\":\"true\"}"));
  }

  void optionErrorsNameTheKey() {
    auto bad = dbz::UnwrapOptions::fromConfig(parse("{\"delete.handling.mode\":\"explode\"}"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             std::string("delete.handling.mode: expected one of drop, none, rewrite, found \"explode\""));
    QCOMPARE(bad.error().where, std::string("delete.handling.mode"));
    auto badBool = dbz::UnwrapOptions::fromConfig(parse("{\"drop.tombstones\":\"maybe\"}"));
    QVERIFY(!badBool.ok());
    QCOMPARE(badBool.error().where, std::string("drop.tombstones"));
  }

  void updateWithoutAfterIsAnError() {
    Record r = recordOf("{\"op\":\"u\",\"before\":null,\"after\":null,\"source\":{}}");
    auto result = dbz::unwrap(r, {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, std::string("Debezium change event with op 'u' has no 'after' row"));
  }
};

QTEST_APPLESS_MAIN(TestRecordDebezium)
#include "test_record_debezium.moc"
