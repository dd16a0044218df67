// source.mysql.cdc against a real MariaDB 10.11 with a ROW binlog: the
// snapshot (op r) and the streamed inserts, updates and deletes carry the
// right envelopes for the common column types; a source opened with the
// checkpoint of the acknowledged positions resumes with nothing lost; a
// server restart mid-stream is reconnected to; and the prerequisites (binlog
// off, missing privileges, purged binlog) fail with their exact messages.
// The data is written with the server's own client (mariadb).
#include <QtTest>

#include <chrono>
#include <cstring>
#include <memory>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/record/json.h"
#include "tests/integration/databases/collect_errors.h"
#include "tests/integration/databases/db_servers.h"

using namespace tributary;
using record::Value;

namespace {

using Collect = testing::CollectErrors;

std::unique_ptr<runtime::Source> makeSource(const testing::MariaDbServer& db, nlohmann::json config,
                                            const std::string& user = "tributary",
                                            const std::string& password = "secret") {
  config["url"] = "tcp://127.0.0.1:" + std::to_string(db.port());
  config["user"] = user;
  config["password"] = password;
  const runtime::NodeFactory* f = connectors::builtinFactories().find("source.mysql.cdc");
  if (!f || !f->source) return nullptr;
  runtime::NodeContext ctx;
  ctx.pipeline = "test";
  ctx.nodeId = "cdc";
  ctx.type = "source.mysql.cdc";
  ctx.config = config;
  auto s = f->source(ctx);
  if (!s) {
    qWarning("%s", s.error().toString().c_str());
    return nullptr;
  }
  return std::move(*s);
}

// What polling gave: the records and every resume position, in order.
struct Polled {
  record::Batch records;
  std::vector<record::SourcePosition> resume;
  std::optional<Error> error;
};

// Polls until at least `want` records came (or `timeout`), then until a
// resume position follows the last of them (the end of its transaction).
Polled pollFor(runtime::Source& s, std::size_t want, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  Collect errors;
  Polled p;
  auto end = std::chrono::steady_clock::now() + timeout;
  bool resumedAfterLast = false;
  while (std::chrono::steady_clock::now() < end) {
    record::Batch batch;
    auto r = s.poll(batch, 500, errors);
    if (r.error) {
      p.error = r.error;
      return p;
    }
    for (auto& rec : batch) p.records.push_back(std::move(rec));
    if (!batch.empty()) resumedAfterLast = false;
    for (auto& pos : r.resume) p.resume.push_back(pos);
    if (!r.resume.empty()) resumedAfterLast = true;
    if (p.records.size() >= want && resumedAfterLast) return p;
    if (r.waitMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(r.waitMs, 50)));
  }
  return p;
}

std::string field(const Value& v, std::string_view name) {
  const Value* f = v.find(name);
  return f ? record::toJson(*f) : "<absent>";
}

std::string opOf(const record::Record& r) {
  const Value* op = r.value.find("op");
  return op && op->type() == record::ValueType::String ? std::string(op->asString()) : "?";
}

// "op:id" per record, e.g. "c:3"; a tombstone is "tomb:<key id>", a truncate "t".
std::vector<std::string> summary(const record::Batch& records) {
  std::vector<std::string> out;
  for (const auto& r : records) {
    if (r.value.isNull()) {
      out.push_back("tomb:" + field(r.key, "id"));
      continue;
    }
    if (opOf(r) == "t") {  // a truncate names no row
      out.push_back("t");
      continue;
    }
    const Value* row = r.value.find(opOf(r) == "d" ? "before" : "after");
    out.push_back(opOf(r) + ":" + (row ? field(*row, "id") : "?"));
  }
  return out;
}

std::vector<std::string> v(std::initializer_list<const char*> items) {
  std::vector<std::string> out;
  for (const char* i : items) out.emplace_back(i);
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + " ";
  return out;
}

const char* kTypesTable =
    "CREATE TABLE types (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, "
    "mu MEDIUMINT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, dc DECIMAL(12,3), dn DECIMAL(30,10), fl FLOAT, "
    "db DOUBLE, ch CHAR(5), vc VARCHAR(300), tx TEXT, bl BLOB, vb VARBINARY(10), bn BINARY(4), d DATE, "
    "t TIME(3), dt DATETIME(6), dt0 DATETIME, ts TIMESTAMP(3) NULL, y YEAR, js JSON, "
    "e ENUM('small','medium','large'), st SET('a','b','c'), b1 BIT(1), b12 BIT(12), l1 VARCHAR(10) CHARACTER SET "
    "latin1) ENGINE=InnoDB";

const char* kTypesRow1 =
    "(1, -128, 255, -32768, -8388608, 16777215, -9223372036854775808, 18446744073709551615, -12345.678, "
    "12345678901234567890.0123456789, 1.1, -2.25e100, 'ab', 'h\xC3\xA9llo w\xC3\xB6rld', 'long text', X'00FF10', "
    "X'0102', X'AB', '2024-02-29', '-12:34:56.789', '2024-02-29 23:59:58.123456', '1000-01-01 00:00:00', "
    "'2038-01-19 03:14:07.999', 2155, '{\"a\": [1, 2]}', 'medium', 'a,c', b'1', b'101010101010', "
    "'caf\xC3\xA9')";

// The row above as the source must give it (JSON of the `after` object).
const char* kTypesJson1 =
    "{\"id\":1,\"ti\":-128,\"tu\":255,\"si\":-32768,\"mi\":-8388608,\"mu\":16777215,\"bi\":-9223372036854775808,"
    "\"bu\":18446744073709551615,\"dc\":-12345.678,\"dn\":12345678901234567890.0123456789,\"fl\":1.1,"
    "\"db\":-2.25e+100,\"ch\":\"ab\",\"vc\":\"h\xC3\xA9llo w\xC3\xB6rld\",\"tx\":\"long text\",\"bl\":\"AP8Q\","
    "\"vb\":\"AQI=\",\"bn\":\"qwAAAA==\",\"d\":\"2024-02-29\",\"t\":\"-12:34:56.789\","
    "\"dt\":\"2024-02-29T23:59:58.123456Z\",\"dt0\":\"1000-01-01T00:00:00Z\",\"ts\":\"2038-01-19T03:14:07.999Z\","
    "\"y\":2155,\"js\":\"{\\\"a\\\": [1, 2]}\",\"e\":\"medium\",\"st\":\"a,c\",\"b1\":true,\"b12\":\"Cqo=\","
    "\"l1\":\"caf\xC3\xA9\"}";

// Zero dates and NULLs (sql_mode '' allows the zeros).
const char* kTypesRow2 =
    "(2, NULL, 0, NULL, NULL, NULL, NULL, 0, 0.5, -0.0000000001, NULL, NULL, '', NULL, '', '', NULL, NULL, "
    "'0000-00-00', '00:00:00', NULL, '0000-00-00 00:00:00', NULL, 0, NULL, 'small', '', b'0', NULL, NULL)";

const char* kTypesJson2 =
    "{\"id\":2,\"ti\":null,\"tu\":0,\"si\":null,\"mi\":null,\"mu\":null,\"bi\":null,\"bu\":0,\"dc\":0.500,"
    "\"dn\":-0.0000000001,\"fl\":null,\"db\":null,\"ch\":\"\",\"vc\":null,\"tx\":\"\",\"bl\":\"\",\"vb\":null,"
    "\"bn\":null,\"d\":null,\"t\":\"00:00:00.000\",\"dt\":null,\"dt0\":null,\"ts\":null,\"y\":0,\"js\":null,"
    "\"e\":\"small\",\"st\":\"\",\"b1\":false,\"b12\":null,\"l1\":null}";

}  // namespace

class TestMySqlCdc final : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<testing::MariaDbServer> m_db;

  std::string sql(const std::string& text, const std::string& db = "shop") {
    int rc = 0;
    std::string out = m_db->client(text, db, &rc);
    if (rc != 0) qWarning("mariadb client failed (%d) for: %s", rc, text.c_str());
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    m_db = std::make_unique<testing::MariaDbServer>();
    QVERIFY2(m_db->ok(), "MariaDB did not start");
  }
  void cleanupTestCase() { m_db.reset(); }

  // Snapshot of existing rows (op r), then c/u/d with before/after, across the
  // column types; a table outside the filter stays out.
  void snapshotThenStreamAllTypes() {
    sql(kTypesTable);
    sql("CREATE TABLE ignored (id INT PRIMARY KEY, x INT)");
    sql(std::string("SET time_zone = '+00:00'; SET sql_mode = ''; INSERT INTO types VALUES ") + kTypesRow1 + ", " +
        kTypesRow2);
    sql("INSERT INTO ignored VALUES (1, 1)");
    auto src = makeSource(*m_db, {{"tables", {"shop.types"}}, {"server_name", "shopdb"}});
    QVERIFY(src);
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    Polled snap = pollFor(*src, 2);
    QVERIFY2(!snap.error, snap.error ? snap.error->toString().c_str() : "");
    QCOMPARE(summary(snap.records), v({"r:1", "r:2"}));
    const Value& r1 = snap.records[0].value;
    QCOMPARE(field(r1, "before"), std::string("null"));
    QCOMPARE(field(r1, "after"), std::string(kTypesJson1));
    QCOMPARE(field(snap.records[1].value, "after"), std::string(kTypesJson2));
    const Value* source = r1.find("source");
    QVERIFY(source);
    QCOMPARE(field(*source, "snapshot"), std::string("\"true\""));
    // Debezium's marker: "last" on the snapshot's final row only.
    QCOMPARE(field(*snap.records[1].value.find("source"), "snapshot"), std::string("\"last\""));
    QCOMPARE(field(*source, "connector"), std::string("\"mysql\""));
    QCOMPARE(field(*source, "name"), std::string("\"shopdb\""));
    QCOMPARE(field(*source, "db"), std::string("\"shop\""));
    QCOMPARE(field(*source, "table"), std::string("\"types\""));
    QVERIFY2(field(*source, "file").find("binlog.0000") != std::string::npos, field(*source, "file").c_str());
    // The snapshot's GTID position (BINLOG_GTID_POS of its file and position).
    QVERIFY2(field(*source, "gtid").find("0-1-") == 1, field(*source, "gtid").c_str());
    QCOMPARE(record::toJson(snap.records[0].key), std::string("{\"id\":1}"));

    // Streaming: the same values through the binlog (insert), then an update and a delete.
    sql(std::string("SET time_zone = '+00:00'; SET sql_mode = ''; INSERT INTO types VALUES ") +
        std::string(kTypesRow1).replace(1, 1, "3") + "; INSERT INTO ignored VALUES (2, 2);");
    sql("UPDATE types SET vc = 'changed', dt = '2000-01-01 00:00:00.5' WHERE id = 1");
    sql("DELETE FROM types WHERE id = 2");
    Polled stream = pollFor(*src, 3);
    QVERIFY2(!stream.error, stream.error ? stream.error->toString().c_str() : "");
    QVERIFY2(summary(stream.records) == v({"c:3", "u:1", "d:2", "tomb:2"}), joined(summary(stream.records)).c_str());
    std::string expected3 = std::string(kTypesJson1).replace(6, 1, "3");
    QCOMPARE(field(stream.records[0].value, "after"), expected3);
    QCOMPARE(field(stream.records[0].value, "before"), std::string("null"));
    // Update: full before and after images.
    const Value& upd = stream.records[1].value;
    QCOMPARE(field(upd, "before"), std::string(kTypesJson1));
    std::string after1 = kTypesJson1;
    after1.replace(after1.find("\"h\xC3\xA9llo w\xC3\xB6rld\""), std::strlen("\"h\xC3\xA9llo w\xC3\xB6rld\""),
                   "\"changed\"");
    after1.replace(after1.find("2024-02-29T23:59:58.123456Z"), 27, "2000-01-01T00:00:00.500Z");
    QVERIFY2(field(upd, "after") == after1, (field(upd, "after") + "\n" + after1).c_str());
    // Delete: the before image, no after.
    QCOMPARE(field(stream.records[2].value, "before"), std::string(kTypesJson2));
    QCOMPARE(field(stream.records[2].value, "after"), std::string("null"));
    QCOMPARE(record::toJson(stream.records[2].key), std::string("{\"id\":2}"));
    const Value* s3 = stream.records[0].value.find("source");
    QVERIFY(s3);
    QCOMPARE(field(*s3, "snapshot"), std::string("\"false\""));
    QCOMPARE(field(*s3, "server_id"), std::string("1"));
    QCOMPARE(field(*s3, "table"), std::string("\"types\""));
    QVERIFY2(field(*s3, "gtid").find("0-1-") == 1, field(*s3, "gtid").c_str());
    std::string gtidNow = sql("SELECT @@gtid_binlog_pos");
    while (!gtidNow.empty() && gtidNow.back() == '\n') gtidNow.pop_back();
    // The delete was the last transaction: its GTID is the server's current one.
    QCOMPARE(field(*stream.records[2].value.find("source"), "gtid"), "\"" + gtidNow + "\"");
    QVERIFY(std::stoll(field(*s3, "pos")) > 4);
    QVERIFY(std::stoll(field(*s3, "ts_ms")) > 1600000000000LL);
    // Transaction ends gave resume positions.
    QVERIFY(!stream.resume.empty());
    src->close();
  }

  // Only part of the stream is acknowledged; a new source opened with that
  // checkpoint (a pipeline restart) gives the rest and what changed while it
  // was down, nothing before the acknowledged point, nothing lost.
  void restartResumesFromCheckpoint() {
    sql("CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(20), qty INT)");
    sql("INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', 2)");
    nlohmann::json config = {{"tables", {"shop.orders"}}};
    auto src = makeSource(*m_db, config);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    Polled snap = pollFor(*src, 2);
    QCOMPARE(summary(snap.records), v({"r:1", "r:2"}));
    QVERIFY(!snap.resume.empty());
    sql("INSERT INTO orders VALUES (3, 'c', 3)");
    Polled first = pollFor(*src, 1);
    QCOMPARE(summary(first.records), v({"c:3"}));
    QVERIFY(!first.resume.empty());
    sql("BEGIN; UPDATE orders SET qty = 30 WHERE id = 3; INSERT INTO orders VALUES (4, 'd', 4); COMMIT;");
    sql("INSERT INTO orders VALUES (5, 'e', 5)");
    Polled stream = pollFor(*src, 3);
    QVERIFY2(summary(stream.records) == v({"u:3", "c:4", "c:5"}), joined(summary(stream.records)).c_str());
    QVERIFY(!stream.resume.empty());
    QVERIFY(stream.resume.back().offset > first.resume.back().offset);
    // Acknowledge up to the end of the first streamed transaction only.
    runtime::PositionMap committed{{0, first.resume.back().offset}};
    nlohmann::json cp = src->checkpointState(committed);
    QVERIFY2(cp.value("snapshot_done", false), cp.dump().c_str());
    QVERIFY2(!cp.value("file", std::string()).empty(), cp.dump().c_str());
    src->close();
    // Changes while the pipeline is down.
    sql("DELETE FROM orders WHERE id = 1");
    auto again = makeSource(*m_db, config);
    QVERIFY(again->open(cp, errors).ok());
    Polled resumed = pollFor(*again, 5);
    QVERIFY2(!resumed.error, resumed.error ? resumed.error->toString().c_str() : "");
    QVERIFY2(summary(resumed.records) == v({"u:3", "c:4", "c:5", "d:1", "tomb:1"}),
             joined(summary(resumed.records)).c_str());
    // Positions keep increasing across the restart.
    QVERIFY(!resumed.resume.empty());
    QVERIFY(resumed.resume[0].offset > stream.resume.back().offset);
    // A checkpoint taken before anything was acknowledged is the one it was given.
    QCOMPARE(again->checkpointState({}).dump(), cp.dump());
    again->close();
  }

  // Deletes are followed by tombstones (unless tombstones_on_delete is off);
  // TRUNCATE TABLE gives an op "t" envelope; DDL mid-stream: rows after an
  // ALTER carry the new columns, rows before it (read after it) the old ones.
  void deletesTruncatesAndSchemaChanges() {
    sql("CREATE TABLE ev (id INT PRIMARY KEY, name VARCHAR(20))");
    sql("CREATE TABLE other (id INT PRIMARY KEY)");
    sql("INSERT INTO ev VALUES (1, 'a'), (2, 'b'); INSERT INTO other VALUES (1)");
    auto src = makeSource(*m_db, {{"tables", {"shop.ev"}}});
    auto quiet = makeSource(*m_db, {{"tables", {"shop.ev"}}, {"snapshot_mode", "never"},
                                    {"tombstones_on_delete", false}, {"server_id", 6401}});
    QVERIFY(src && quiet);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    QVERIFY(quiet->open(nullptr, errors).ok());
    Polled snap = pollFor(*src, 2);
    QCOMPARE(summary(snap.records), v({"r:1", "r:2"}));

    sql("DELETE FROM ev WHERE id = 1");
    sql("TRUNCATE TABLE other");  // not captured: nothing
    sql("TRUNCATE TABLE ev");
    Polled p = pollFor(*src, 3);
    QVERIFY2(!p.error, p.error ? p.error->toString().c_str() : "");
    QVERIFY2(summary(p.records) == v({"d:1", "tomb:1", "t"}), joined(summary(p.records)).c_str());
    QCOMPARE(record::toJson(p.records[1].key), std::string("{\"id\":1}"));
    QVERIFY(p.records[1].position == p.records[0].position);
    const record::Record& t = p.records[2];
    QCOMPARE(field(t.value, "before"), std::string("null"));
    QCOMPARE(field(t.value, "after"), std::string("null"));
    QVERIFY(t.key.isNull());
    QCOMPARE(field(*t.value.find("source"), "table"), std::string("\"ev\""));
    QCOMPARE(field(*t.value.find("source"), "db"), std::string("\"shop\""));
    QCOMPARE(field(*t.value.find("source"), "snapshot"), std::string("\"false\""));
    // The truncate is its own transaction: a resume position follows it.
    QVERIFY(!p.resume.empty() && p.resume.back().offset >= t.position.offset);
    Polled q = pollFor(*quiet, 2);
    QVERIFY2(summary(q.records) == v({"d:1", "t"}), joined(summary(q.records)).c_str());
    quiet->close();

    // A column added: the next row has it.
    sql("ALTER TABLE ev ADD COLUMN qty INT DEFAULT 7");
    sql("INSERT INTO ev VALUES (3, 'c', 8)");
    p = pollFor(*src, 1);
    QVERIFY2(summary(p.records) == v({"c:3"}), joined(summary(p.records)).c_str());
    QCOMPARE(field(p.records[0].value, "after"), std::string("{\"id\":3,\"name\":\"c\",\"qty\":8}"));
    // A column renamed (same column count): the new name.
    sql("ALTER TABLE ev CHANGE name title VARCHAR(20)");
    sql("INSERT INTO ev VALUES (4, 'd', 9)");
    p = pollFor(*src, 1);
    QCOMPARE(field(p.records[0].value, "after"), std::string("{\"id\":4,\"title\":\"d\",\"qty\":9}"));
    // The source falls behind a change: the row written before the ALTER keeps
    // the columns of its time, the row after it gets the new ones.
    sql("INSERT INTO ev VALUES (5, 'e', 10)");
    sql("ALTER TABLE ev DROP COLUMN qty");
    sql("INSERT INTO ev VALUES (6, 'f')");
    p = pollFor(*src, 2);
    QVERIFY2(summary(p.records) == v({"c:5", "c:6"}), joined(summary(p.records)).c_str());
    QCOMPARE(field(p.records[0].value, "after"), std::string("{\"id\":5,\"title\":\"e\",\"qty\":10}"));
    QCOMPARE(field(p.records[1].value, "after"), std::string("{\"id\":6,\"title\":\"f\"}"));
    // A table renamed away and back: still captured under its name.
    sql("RENAME TABLE ev TO ev_old, ev_old TO ev");
    sql("UPDATE ev SET title = 'g' WHERE id = 6");
    p = pollFor(*src, 1);
    QVERIFY2(summary(p.records) == v({"u:6"}), joined(summary(p.records)).c_str());
    QCOMPARE(field(p.records[0].value, "after"), std::string("{\"id\":6,\"title\":\"g\"}"));
    // What the server holds agrees (read with the mariadb client).
    QCOMPARE(sql("SELECT id, title FROM ev ORDER BY id"), std::string("3\tc\n4\td\n5\te\n6\tg\n"));
    src->close();
  }

  // The server stops and comes back mid-stream: no error reaches the engine,
  // the source reconnects and goes on from the last transaction end.
  void reconnectsAfterServerRestart() {
    sql("CREATE TABLE rs (id INT PRIMARY KEY, v INT)");
    auto src = makeSource(*m_db, {{"tables", {"shop.rs"}}});
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    Polled empty = pollFor(*src, 0, std::chrono::seconds(5));  // the (empty) snapshot
    QVERIFY(!empty.error);
    sql("INSERT INTO rs VALUES (1, 1)");
    QCOMPARE(summary(pollFor(*src, 1).records), v({"c:1"}));
    m_db->stop();
    Polled down = pollFor(*src, 1, std::chrono::milliseconds(1500));
    QVERIFY2(!down.error, down.error ? down.error->toString().c_str() : "");
    QVERIFY(down.records.empty());
    QVERIFY(m_db->start());
    sql("INSERT INTO rs VALUES (2, 2)");
    sql("UPDATE rs SET v = 20 WHERE id = 2");
    Polled after = pollFor(*src, 2, std::chrono::seconds(30));
    QVERIFY2(!after.error, after.error ? after.error->toString().c_str() : "");
    QVERIFY2(summary(after.records) == v({"c:2", "u:2"}), joined(summary(after.records)).c_str());
    src->close();
  }

  void missingPrivilegesAreNamed() {
    sql("CREATE USER 'plain'@'127.0.0.1' IDENTIFIED BY 'pw'; GRANT SELECT ON *.* TO 'plain'@'127.0.0.1';"
        "CREATE USER 'half'@'127.0.0.1' IDENTIFIED BY 'pw'; GRANT SELECT, REPLICATION SLAVE ON *.* TO "
        "'half'@'127.0.0.1';");
    Collect errors;
    auto plain = makeSource(*m_db, {{"tables", {"shop.rs"}}}, "plain", "pw");
    QVERIFY(plain);
    Status s = plain->open(nullptr, errors);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.rfind("the user lacks REPLICATION SLAVE", 0) == 0, s.error().message.c_str());
    auto half = makeSource(*m_db, {{"tables", {"shop.rs"}}}, "half", "pw");
    Status h = half->open(nullptr, errors);
    QVERIFY(!h.ok());
    QVERIFY2(h.error().message.rfind("the user lacks REPLICATION CLIENT", 0) == 0, h.error().message.c_str());
  }

  // The snapshot takes MariaDB's lock-free consistent position: a user without
  // RELOAD (which FLUSH TABLES WITH READ LOCK needs) snapshots and streams.
  void snapshotNeedsNoGlobalReadLock() {
    sql("CREATE TABLE nolock (id INT PRIMARY KEY, v INT); INSERT INTO nolock VALUES (1, 1), (2, 2);"
        "CREATE USER 'cdc'@'127.0.0.1' IDENTIFIED BY 'pw'; GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* "
        "TO 'cdc'@'127.0.0.1';");
    auto src = makeSource(*m_db, {{"tables", {"shop.nolock"}}}, "cdc", "pw");
    QVERIFY(src);
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    Polled snap = pollFor(*src, 2);
    QVERIFY2(!snap.error, snap.error ? snap.error->toString().c_str() : "");
    QCOMPARE(summary(snap.records), v({"r:1", "r:2"}));
    sql("UPDATE nolock SET v = 3 WHERE id = 2");
    QCOMPARE(summary(pollFor(*src, 1).records), v({"u:2"}));
    // Rows of one event share its position and count up in source.row.
    sql("INSERT INTO nolock VALUES (3, 3), (4, 4)");
    Polled two = pollFor(*src, 2);
    QCOMPARE(summary(two.records), v({"c:3", "c:4"}));
    const Value* s0 = two.records[0].value.find("source");
    const Value* s1 = two.records[1].value.find("source");
    QVERIFY(s0 && s1);
    QCOMPARE(field(*s0, "row"), std::string("0"));
    QCOMPARE(field(*s1, "row"), std::string("1"));
    QCOMPARE(field(*s0, "pos"), field(*s1, "pos"));
    src->close();
  }

  // A checkpoint naming a purged binlog file: an exact error, or (when_needed) a new snapshot.
  void purgedPositionNeedsSnapshot() {
    sql("CREATE TABLE pg (id INT PRIMARY KEY)");
    sql("INSERT INTO pg VALUES (1)");
    std::string first = sql("SHOW BINARY LOGS");
    first = first.substr(0, first.find('\t'));
    nlohmann::json cp = {{"seq", 7}, {"snapshot_done", true}, {"file", first}, {"pos", 4}, {"gtid", ""}};
    sql("FLUSH BINARY LOGS");
    std::string logs = sql("SHOW BINARY LOGS");
    std::string last = logs.substr(logs.rfind('\n', logs.size() - 2) + 1);
    last = last.substr(0, last.find('\t'));
    sql("PURGE BINARY LOGS TO '" + last + "'");
    Collect errors;
    auto src = makeSource(*m_db, {{"tables", {"shop.pg"}}});
    Status s = src->open(cp, errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message,
             "binlog file " + first + " was purged; take a new snapshot (snapshot mode when_needed)");
    auto needed = makeSource(*m_db, {{"tables", {"shop.pg"}}, {"snapshot_mode", "when_needed"}});
    QVERIFY(needed->open(cp, errors).ok());
    QCOMPARE(summary(pollFor(*needed, 1).records), v({"r:1"}));
  }

  // Closing in the middle of a table's snapshot read stops it (the unread rest is
  // not fetched) and the server keeps serving; a new source snapshots again.
  void closeMidSnapshot() {
    sql("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(200)); INSERT INTO big SELECT seq, REPEAT('p', 200) "
        "FROM seq_1_to_30000;");
    auto src = makeSource(*m_db, {{"tables", {"shop.big"}}});
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    record::Batch batch;
    auto r = src->poll(batch, 100, errors);
    QVERIFY(!r.error);
    QCOMPARE(batch.size(), std::size_t(100));
    src->close();
    QCOMPARE(sql("SELECT COUNT(*) FROM big"), std::string("30000\n"));
    auto again = makeSource(*m_db, {{"tables", {"shop.big"}}});
    QVERIFY(again->open(nullptr, errors).ok());
    Polled all = pollFor(*again, 30000, std::chrono::seconds(60));
    QVERIFY2(!all.error, all.error ? all.error->toString().c_str() : "");
    QCOMPARE(all.records.size(), std::size_t(30000));
    again->close();
  }

  void rowFormatAndFullImageAreRequired() {
    Collect errors;
    sql("SET GLOBAL binlog_format = 'MIXED'");
    auto mixed = makeSource(*m_db, {{"tables", {"shop.rs"}}});
    Status s = mixed->open(nullptr, errors);
    sql("SET GLOBAL binlog_format = 'ROW'");
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("binlog_format is MIXED; set binlog_format=ROW (start the server with "
                                            "--binlog-format=ROW, or SET GLOBAL binlog_format=ROW)"));
    sql("SET GLOBAL binlog_row_image = 'MINIMAL'");
    auto minimal = makeSource(*m_db, {{"tables", {"shop.rs"}}});
    Status m = minimal->open(nullptr, errors);
    sql("SET GLOBAL binlog_row_image = 'FULL'");
    QVERIFY(!m.ok());
    QCOMPARE(m.error().message,
             std::string("binlog_row_image is MINIMAL; set binlog_row_image=FULL so updates and deletes carry whole rows"));
  }

  void binlogOffIsNamed() {
    testing::MariaDbServer plain(false);
    QVERIFY2(plain.ok(), "MariaDB without binlog did not start");
    auto src = makeSource(plain, {{"tables", {"shop.x"}}});
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("log_bin is OFF; start the server with --log-bin and --binlog-format=ROW"));
  }
};

QTEST_GUILESS_MAIN(TestMySqlCdc)
#include "test_mysql_cdc.moc"
