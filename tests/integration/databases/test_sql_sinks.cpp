// sink.postgres and sink.mysql against real PostgreSQL 15 and MariaDB 10.11:
// the table contents after insert / upsert / delete (read back with psql and
// the mariadb client), auto-create and auto-evolve, SQL injection attempts in
// field names and values, and a server restarted in the middle of a stream.
#include <QtTest>

#include <functional>
#include <memory>

#include "core/connectors/builtin.h"
#include "core/record/debezium.h"
#include "tests/integration/databases/collect_errors.h"
#include "tests/integration/databases/db_fixture.h"

using namespace tributary;
using record::Value;

namespace {

using Collect = testing::CollectErrors;

record::Record row(std::int64_t index, const std::string& name, const std::string& email) {
  record::Record r;
  r.key = Value::makeObject();
  r.key.set("index", Value(index));
  r.value = Value::makeObject();
  r.value.append("index", Value(index));
  r.value.append("name", Value(name));
  r.value.append("email", Value(email));
  return r;
}

record::Record tombstone(std::int64_t index) {
  record::Record r;
  r.key = Value::makeObject();
  r.key.set("index", Value(index));
  return r;
}

record::Record debeziumDelete(std::int64_t index) {
  Value before = Value::makeObject();
  before.append("index", Value(index));
  before.append("name", Value("x"));
  record::Record r;
  r.value = record::debezium::makeEnvelope(record::debezium::Op::Delete, std::move(before), Value(), Value(), 1);
  return r;
}

// One database under test and the sink type that writes to it.
struct Target : testing::DbTarget {
  std::string type;
};

std::unique_ptr<runtime::Sink> makeSink(const Target& t, nlohmann::json config) {
  for (auto it = t.connection.begin(); it != t.connection.end(); ++it) config[it.key()] = it.value();
  const runtime::NodeFactory* f = connectors::builtinFactories().find(t.type);
  if (!f || !f->sink) return nullptr;
  runtime::NodeContext ctx;
  ctx.nodeId = "db";
  ctx.type = t.type;
  ctx.config = config;
  auto s = f->sink(ctx);
  if (!s) {
    qWarning("%s", s.error().toString().c_str());
    return nullptr;
  }
  return std::move(*s);
}

std::string tableRows(const Target& t, const std::string& table, const std::string& columns,
                      const std::string& groupBy = {}) {
  std::string out = t.query("SELECT " + columns + " FROM " + std::string(1, t.quote()) + table +
                            std::string(1, t.quote()) + groupBy + " ORDER BY 1");
  for (char& c : out)
    if (c == '\t') c = '|';
  return out;
}

}  // namespace

class TestSqlSinks final : public QObject {
  Q_OBJECT

 private:
  testing::Databases m_db;

  Target target(const QString& name) {
    Target t{m_db.target(name)};
    t.type = t.postgres ? "sink.postgres" : "sink.mysql";
    return t;
  }
  static void dialects() { testing::Databases::addDialectRows(); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY2(m_db.startPostgres(), "PostgreSQL 15 did not start");
    QVERIFY2(m_db.startMariaDb(), "MariaDB did not start");
  }
  void cleanupTestCase() { m_db.stop(); }

  void upsertAndDelete_data() { dialects(); }
  void upsertAndDelete() {
    QFETCH(QString, db);
    Target t = target(db);
    auto sink = makeSink(t, {{"table", "USERS"}, {"mode", "upsert"}, {"key", {"index"}}, {"auto_create", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Batch b1{row(1, "alice", "a@example.com"), row(2, "bob", "b@example.com"),
                     row(3, "carol", "c@example.com")};
    auto w = sink->write(b1, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    std::string cols = std::string(1, t.quote()) + "index" + t.quote() + ", name, email";
    QCOMPARE(tableRows(t, "USERS", cols),
             std::string("1|alice|a@example.com\n2|bob|b@example.com\n3|carol|c@example.com\n"));
    // Upsert of 2, a row changed twice in one batch (4), a tombstone for 1, a Debezium delete for 3.
    record::Batch b2{row(2, "bobby", "b2@example.com"), row(4, "dave", "d@example.com"),
                     row(4, "dave", "d2@example.com"), tombstone(1), debeziumDelete(3)};
    w = sink->write(b2, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(tableRows(t, "USERS", cols), std::string("2|bobby|b2@example.com\n4|dave|d2@example.com\n"));
    // A replayed batch changes nothing (at-least-once delivery).
    w = sink->write(b2, errors);
    QVERIFY(w.ok());
    QCOMPARE(tableRows(t, "USERS", cols), std::string("2|bobby|b2@example.com\n4|dave|d2@example.com\n"));
    QVERIFY(errors.errors.empty());
    // The key became the primary key.
    std::string pk = t.query("SELECT column_name FROM information_schema.key_column_usage WHERE table_name = 'USERS'");
    QCOMPARE(pk, std::string("index\n"));
    sink->close();
  }

  void insertModeAndTypes_data() { dialects(); }
  void insertModeAndTypes() {
    QFETCH(QString, db);
    Target t = target(db);
    auto sink = makeSink(t, {{"table", "typed"}, {"auto_create", true}, {"auto_evolve", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Record r;
    r.value = Value::makeObject();
    r.value.append("id", Value(7));
    r.value.append("price", Value::decimal("12.50"));
    r.value.append("ratio", Value(0.25));
    r.value.append("at", Value::timestampMicros(1700000000123456));
    Value tags = Value::makeArray();
    tags.asArray().push_back(Value("a"));
    r.value.append("tags", tags);
    r.value.append("note", Value());
    auto w = sink->write({r}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    // A new field: auto_evolve adds the column.
    record::Record r2 = r;
    r2.value.set("id", Value(8));
    r2.value.append("extra", Value("new"));
    w = sink->write({r2}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QVERIFY(errors.errors.empty());
    std::string out;
    if (db == QLatin1String("postgres")) {
      out = t.query(
          "SET TimeZone = 'UTC'; SELECT id, price, ratio, at, tags::text, note IS NULL, extra FROM typed ORDER BY id");
      QCOMPARE(out, std::string("7|12.50|0.25|2023-11-14 22:13:20.123456+00|[\"a\"]|t|\n"
                                "8|12.50|0.25|2023-11-14 22:13:20.123456+00|[\"a\"]|t|new\n"));
    } else {
      out = tableRows(t, "typed", "id, price + 0, ratio, at, tags, note IS NULL, extra");
      QCOMPARE(out, std::string("7|12.5000000000|0.25|2023-11-14 22:13:20.123456|[\"a\"]|1|NULL\n"
                                "8|12.5000000000|0.25|2023-11-14 22:13:20.123456|[\"a\"]|1|new\n"));
    }
  }

  // 100 plain inserts: COPY on PostgreSQL, multi-row INSERT on MariaDB; the
  // characters COPY's text format reserves, NULLs and bytes must come through.
  void bulkInsertSpecialCharacters_data() { dialects(); }
  void bulkInsertSpecialCharacters() {
    QFETCH(QString, db);
    Target t = target(db);
    bool pgDb = db == QLatin1String("postgres");
    auto sink = makeSink(t, {{"table", "bulk"}, {"auto_create", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Batch batch;
    for (int i = 1; i <= 100; ++i) {
      record::Record r;
      r.value = Value::makeObject();
      r.value.append("id", Value(i));
      r.value.append("name", Value("a\tb\nc\\d\r"));
      r.value.append("note", i % 2 ? Value("odd") : Value());
      r.value.append("data", Value::bytes(std::string("\0\xff\\\n", 4)));
      batch.push_back(std::move(r));
    }
    auto w = sink->write(batch, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QVERIFY(errors.errors.empty());
    std::string expected = pgDb ? "concat('a', chr(9), 'b', chr(10), 'c', chr(92), 'd', chr(13))"
                                : "CONCAT('a', CHAR(9), 'b', CHAR(10), 'c', CHAR(92), 'd', CHAR(13))";
    QCOMPARE(t.query("SELECT count(*) FROM bulk WHERE name = " + expected), std::string("100\n"));
    QCOMPARE(t.query("SELECT count(*) FROM bulk WHERE note IS NULL"), std::string("50\n"));
    QCOMPARE(t.query("SELECT count(*) FROM bulk WHERE note = 'odd'"), std::string("50\n"));
    QCOMPARE(
        t.query(pgDb ? "SELECT DISTINCT encode(data, 'hex') FROM bulk" : "SELECT DISTINCT LOWER(HEX(data)) FROM bulk"),
        std::string("00ff5c0a\n"));
  }

  // 200 upserts in one batch (COPY into a stage table + INSERT ... SELECT ... ON CONFLICT on PostgreSQL).
  void bulkUpsert_data() { dialects(); }
  void bulkUpsert() {
    QFETCH(QString, db);
    Target t = target(db);
    auto sink = makeSink(t, {{"table", "bulk_up"},
                             {"mode", "upsert"},
                             {"key", {"index"}},
                             {"auto_create", true},
                             {"auto_evolve", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Batch first, second;
    for (int i = 1; i <= 200; ++i) first.push_back(row(i, "v1", "e"));
    for (int i = 101; i <= 300; ++i) second.push_back(row(i, "v2", "e"));
    for (const auto* b : {&first, &second}) {
      auto w = sink->write(*b, errors);
      QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    }
    QCOMPARE(tableRows(t, "bulk_up", "name, count(*)", " GROUP BY name"), std::string("v1|100\nv2|200\n"));
    // Keys repeated in one batch (the last row wins), deletes between upsert
    // runs keep their place (so PostgreSQL stages twice in one transaction).
    record::Batch third;
    for (int i = 1; i <= 100; ++i) third.push_back(row(i, "v3", "e"));
    for (int i = 100; i >= 1; --i) third.push_back(row(i, "v4", "e"));
    third.push_back(tombstone(7));
    third.push_back(tombstone(90));
    for (int i = 1; i <= 80; ++i) third.push_back(row(i, i % 2 ? "v5" : "v5b", "e"));
    for (int i = 1; i <= 80; ++i) third.push_back(row(i, "v5", "e"));
    third.push_back(tombstone(9));
    auto w = sink->write(third, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(tableRows(t, "bulk_up", "name, count(*)", " GROUP BY name"), std::string("v2|200\nv4|19\nv5|79\n"));
    QCOMPARE(t.query("SELECT count(*) FROM bulk_up WHERE " + std::string(1, t.quote()) + "index" + t.quote() +
                     " IN (7, 9, 90)"),
             std::string("1\n"));
    // A column added between batches (auto_evolve): the stage follows the table.
    record::Batch fourth;
    for (int i = 1; i <= 100; ++i) {
      record::Record r = row(i, "v6", "e");
      r.value.append("extra", Value(static_cast<std::int64_t>(i * 10)));
      fourth.push_back(std::move(r));
    }
    w = sink->write(fourth, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(tableRows(t, "bulk_up", "name, count(*), COALESCE(SUM(extra), 0)", " GROUP BY name"),
             std::string("v2|200|0\nv6|100|50500\n"));
    QVERIFY(errors.errors.empty());
  }

  void injection_data() { dialects(); }
  void injection() {
    QFETCH(QString, db);
    Target t = target(db);
    t.query("CREATE TABLE victims (id int)");
    t.query("INSERT INTO victims VALUES (1)");
    auto sink = makeSink(t, {{"table", "inj"}, {"auto_create", true}, {"auto_evolve", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    std::string evilName =
        db == QLatin1String("postgres") ? "n\"; DROP TABLE victims; --" : "n`; DROP TABLE victims; --";
    std::string evilValue = "'); DROP TABLE victims; -- \\ \" `";
    record::Record r;
    r.value = Value::makeObject();
    r.value.append("id", Value(1));
    r.value.append(evilName, Value(evilValue));
    auto w = sink->write({r}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(t.query("SELECT count(*) FROM victims"), std::string("1\n"));
    // The evil name is a column, the evil value its content.
    std::string col = std::string(1, t.quote());
    for (char c : evilName) {
      if (c == t.quote()) col.push_back(c);
      col.push_back(c);
    }
    col.push_back(t.quote());
    std::string stored = tableRows(t, "inj", "id, " + col);
    QCOMPARE(stored,
             "1|" + std::string(db == QLatin1String("postgres") ? evilValue : "'); DROP TABLE victims; -- \\\\ \" `") +
                 "\n");
    // A table name from config is quoted too.
    auto sink2 = makeSink(t, {{"table", "x; DROP TABLE victims"}, {"auto_create", true}});
    QVERIFY(sink2);
    QVERIFY(sink2->open(errors).ok());
    w = sink2->write({r}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(t.query("SELECT count(*) FROM victims"), std::string("1\n"));
    QVERIFY(errors.errors.empty());
  }

  // A bulk upsert whose column types carry modifiers (VARCHAR(3), NUMERIC(6,2)),
  // other types (boolean, timestamp, bytea, jsonb) and NULLs: the values
  // arrive as in a row-at-a-time INSERT, and a value too long for its column
  // is that record's error (never silently cut), the others are written.
  void bulkUpsertTypesAndBadValue() {
    Target t = target(QStringLiteral("postgres"));
    t.query("CREATE TABLE typed_up (id bigint PRIMARY KEY, code varchar(3), amount numeric(6,2), ok boolean, "
            "at timestamptz, raw bytea, doc jsonb, w double precision, big bigint)");
    auto sink = makeSink(t, {{"table", "typed_up"}, {"mode", "upsert"}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Batch batch;
    for (int i = 1; i <= 100; ++i) {
      record::Record r;
      r.key = Value::makeObject();
      r.key.set("id", Value(static_cast<std::int64_t>(i)));
      r.value = Value::makeObject();
      r.value.append("id", Value(static_cast<std::int64_t>(i)));
      r.value.append("code", i == 50 ? Value("toolong") : Value(i % 10 ? "a\"," : "\\x"));
      r.value.append("amount", i % 7 ? Value::decimal(std::to_string(i) + ".25") : Value());
      r.value.append("ok", Value(i % 2 == 0));
      r.value.append("at", Value::timestampMicros(1700000000000000LL + i));
      r.value.append("raw", Value::bytes(std::string("\0\xFF\\", 3)));
      Value doc = Value::makeObject();
      doc.append("n", Value(static_cast<std::int64_t>(i)));
      r.value.append("doc", std::move(doc));
      // Numbers go as binary int8 / float8 arrays; a column with a non-number (big: "123") as text.
      r.value.append("w", i % 3 ? Value(i * 0.5) : Value(static_cast<std::int64_t>(i)));
      r.value.append("big", i == 3 ? Value("123") : i == 4 ? Value() : Value(std::int64_t{1} << 40));
      batch.push_back(std::move(r));
    }
    auto w = sink->write(batch, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(errors.errors.size(), std::size_t(1));
    QVERIFY2(errors.errors[0].find("too long") != std::string::npos, errors.errors[0].c_str());
    QCOMPARE(t.query("SELECT count(*), count(amount), sum(amount), count(*) FILTER (WHERE ok) FROM typed_up"),
             std::string("99|85|4286.25|49\n"));
    QCOMPARE(t.query("SELECT w, big FROM typed_up WHERE id IN (1, 3, 4, 5) ORDER BY id"),
             std::string("0.5|1099511627776\n3|123\n2|\n2.5|1099511627776\n"));
    QCOMPARE(t.query("SELECT code, ok, (extract(epoch FROM at) * 1000000)::bigint, encode(raw, 'hex'), doc FROM "
                     "typed_up WHERE id IN (7, 10) ORDER BY id"),
             std::string("a\",|f|1700000000000007|00ff5c|{\"n\": 7}\n"
                         "\\x|t|1700000000000010|00ff5c|{\"n\": 10}\n"));
  }

  void missingColumnIsBadRecord_data() { dialects(); }
  void missingColumnIsBadRecord() {
    QFETCH(QString, db);
    Target t = target(db);
    t.query("CREATE TABLE strict_t (id int PRIMARY KEY, name varchar(20))");
    auto sink = makeSink(t, {{"table", "strict_t"}, {"mode", "upsert"}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    record::Record good;
    good.value = Value::makeObject();
    good.value.append("id", Value(1));
    good.value.append("name", Value("ok"));
    record::Record bad = good;
    bad.value.set("id", Value(2));
    bad.value.append("nope", Value(1));
    auto w = sink->write({good, bad}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QCOMPARE(errors.errors.size(), std::size_t(1));
    QVERIFY2(errors.errors[0].find("nope") != std::string::npos, errors.errors[0].c_str());
    QCOMPARE(tableRows(t, "strict_t", "id, name"), std::string("1|ok\n"));
  }

  void reconnectAfterRestart_data() { dialects(); }
  void reconnectAfterRestart() {
    QFETCH(QString, db);
    Target t = target(db);
    auto sink = makeSink(t, {{"table", "restart_t"}, {"mode", "upsert"}, {"key", {"index"}}, {"auto_create", true}});
    QVERIFY(sink);
    Collect errors;
    QVERIFY(sink->open(errors).ok());
    QVERIFY(sink->write({row(1, "a", "a@x")}, errors).ok());
    t.stop();
    auto w = sink->write({row(2, "b", "b@x")}, errors);
    QVERIFY(!w.ok());
    QCOMPARE(w.error().code, ErrorCode::Unavailable);
    qInfo("while down: %s", w.error().toString().c_str());
    t.start();
    // The engine retries the failed batch: the sink reconnects.
    w = sink->write({row(2, "b", "b@x")}, errors);
    QVERIFY2(w.ok(), w.ok() ? "" : w.error().toString().c_str());
    QVERIFY(sink->write({row(3, "c", "c@x")}, errors).ok());
    QCOMPARE(tableRows(t, "restart_t", std::string(1, t.quote()) + "index" + t.quote() + ", name"),
             std::string("1|a\n2|b\n3|c\n"));
  }

  void connectErrorSaysWhatToDo() {
    Target t = target(QStringLiteral("postgres"));
    t.connection = {{"url", "postgresql://postgres@127.0.0.1:1/postgres"}};
    auto sink = makeSink(t, {{"table", "x"}});
    QVERIFY(sink);
    Collect errors;
    Status s = sink->open(errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, ErrorCode::Unavailable);
    QVERIFY2(s.error().message.find("is PostgreSQL running") != std::string::npos, s.error().message.c_str());
    Target m = target(QStringLiteral("mariadb"));
    m.connection = {{"url", "tcp://127.0.0.1:1/shop"}, {"user", "u"}};
    auto sink2 = makeSink(m, {{"table", "x"}});
    QVERIFY(sink2);
    s = sink2->open(errors);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.find("127.0.0.1:1") != std::string::npos, s.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSqlSinks)
#include "test_sql_sinks.moc"
