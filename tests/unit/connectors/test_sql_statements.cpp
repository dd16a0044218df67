// The SQL text the PostgreSQL and MySQL connectors send, checked against a
// fake connection that records every statement and its bound parameters:
// identifier and literal quoting, multi-row INSERT / upsert / DELETE building,
// CREATE TABLE from records, and the polling query source's WHERE clauses.
// The real servers are covered by tests/integration/databases; these need none.
#include <QtTest>

#include <functional>
#include <string>
#include <vector>

#include "core/connectors/sql_common.h"
#include "core/connectors/sql_query_source.h"
#include "core/connectors/sql_sink.h"
#include "core/record/json.h"
#include "tests/integration/databases/collect_errors.h"

using namespace tributary;
using namespace tributary::connectors::sql;
using record::Value;

namespace {

// One statement as the connection received it, parameters printed as JSON.
struct Sent {
  std::string sql;
  std::vector<std::string> params;
};

// Records statements; answers information_schema lookups from `columns` and
// `primaryKey` (an empty `columns` is a table that does not exist yet) and
// other SELECTs with `rows`.
class FakeConnection final : public SqlConnection {
 public:
  explicit FakeConnection(Dialect dialect) : m_dialect(dialect) {}

  Dialect dialect() const override { return m_dialect; }
  Status connect() override {
    m_connected = true;
    return {};
  }
  bool connected() const override { return m_connected; }
  void disconnect() override { m_connected = false; }
  Result<QueryResult> execute(const std::string& sql, const std::vector<const Value*>& params) override {
    Sent s{sql, {}};
    for (const Value* p : params) s.params.push_back(p ? record::toJson(*p) : "NULL");
    sent->push_back(s);
    QueryResult r;
    if (sql.rfind("SELECT column_name FROM information_schema.columns", 0) == 0) {
      for (const auto& c : *columns) r.rows.push_back({Value(c)});
    } else if (sql.rfind("SELECT kcu.column_name", 0) == 0) {
      for (const auto& c : *primaryKey) r.rows.push_back({Value(c)});
    } else if (sql.rfind("CREATE TABLE", 0) == 0) {
      *columns = {"id", "name"};
    } else if (sql.rfind("SELECT * FROM", 0) == 0) {
      r.columns = {"id", "name"};
      r.rows = *rows;
    }
    return r;
  }
  Status begin() override {
    sent->push_back({"BEGIN", {}});
    return {};
  }
  Status commit() override {
    sent->push_back({"COMMIT", {}});
    return {};
  }
  void rollback() override { sent->push_back({"ROLLBACK", {}}); }
  std::string currentSchemaExpr() const override {
    return m_dialect == Dialect::Postgres ? "current_schema()" : "DATABASE()";
  }
  std::string nowMinusMillisExpr(const std::string& param) const override { return "now_minus(" + param + ")"; }

  // Shared with the test, which keeps them after the connection moved into a node.
  std::shared_ptr<std::vector<Sent>> sent = std::make_shared<std::vector<Sent>>();
  std::shared_ptr<std::vector<std::string>> columns = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::vector<std::string>> primaryKey = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::vector<std::vector<Value>>> rows = std::make_shared<std::vector<std::vector<Value>>>();

 private:
  Dialect m_dialect;
  bool m_connected = false;
};

using CollectErrors = testing::CollectErrors;

record::Record row(std::int64_t id, std::string name) {
  record::Record r;
  r.key = Value::makeObject();
  r.key.append("id", Value(id));
  r.value = Value::makeObject();
  r.value.append("id", Value(id));
  r.value.append("name", Value(std::move(name)));
  return r;
}

record::Record tombstone(std::int64_t id) {
  record::Record r;
  r.key = Value::makeObject();
  r.key.append("id", Value(id));
  return r;
}

SinkOptions sinkOptions(WriteMode mode) {
  SinkOptions o;
  o.table = TableName{std::nullopt, "t"};
  o.tableText = "t";
  o.mode = mode;
  return o;
}

// The statements after the information_schema lookups.
std::vector<Sent> writes(const std::vector<Sent>& sent) {
  std::vector<Sent> out;
  for (const Sent& s : sent)
    if (s.sql.find("information_schema") == std::string::npos) out.push_back(s);
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Writes `batch` through a new SqlSink over a fake connection whose table has
// `columns` and `primaryKey`; the statements after the table lookups and the
// records reported bad.
struct SinkRun {
  bool ok = false;
  std::vector<Sent> writes;
  std::vector<std::string> errors;
};

SinkRun writeThroughSink(Dialect dialect, SinkOptions options, std::vector<std::string> columns,
                         std::vector<std::string> primaryKey, const record::Batch& batch) {
  auto conn = std::make_unique<FakeConnection>(dialect);
  auto sent = conn->sent;
  *conn->columns = std::move(columns);
  *conn->primaryKey = std::move(primaryKey);
  SqlSink sink(std::move(conn), std::move(options));
  CollectErrors errors;
  SinkRun run;
  run.ok = sink.open(errors) && sink.write(batch, errors);
  run.writes = writes(*sent);
  run.errors = errors.errors;
  return run;
}

}  // namespace

class TestSqlStatements final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void quotesIdentifiers() {
    QCOMPARE(*quoteIdent(Dialect::Postgres, "order"), std::string("\"order\""));
    QCOMPARE(*quoteIdent(Dialect::Postgres, "a\"b"), std::string("\"a\"\"b\""));
    QCOMPARE(*quoteIdent(Dialect::MySql, "a`b"), std::string("`a``b`"));
    // Names the server would cut or cannot hold are refused, not truncated.
    QVERIFY(!quoteIdent(Dialect::Postgres, ""));
    QVERIFY(!quoteIdent(Dialect::MySql, std::string("a\0b", 3)));
    QVERIFY(quoteIdent(Dialect::Postgres, std::string(63, 'x')));
    QVERIFY(!quoteIdent(Dialect::Postgres, std::string(64, 'x')));
    QVERIFY(quoteIdent(Dialect::MySql, std::string(64, 'x')));
    QVERIFY(!quoteIdent(Dialect::MySql, std::string(65, 'x')));
    QCOMPARE(*quoteTable(Dialect::Postgres, *parseTableName("s.t")), std::string("\"s\".\"t\""));
    QCOMPARE(*quoteTable(Dialect::MySql, *parseTableName("db.t")), std::string("`db`.`t`"));
    QVERIFY(!parseTableName(".t"));
  }

  void quotesLiterals() {
    QCOMPARE(*quoteLiteral(Dialect::Postgres, "it's"), std::string("'it''s'"));
    // PostgreSQL's standard strings keep a backslash as it is; MySQL reads it as an escape.
    QCOMPARE(*quoteLiteral(Dialect::Postgres, "a\\b"), std::string("'a\\b'"));
    QCOMPARE(*quoteLiteral(Dialect::MySql, "a\\b'"), std::string("'a\\\\b'''"));
    QVERIFY(!quoteLiteral(Dialect::Postgres, std::string("x\0y", 3)));
  }

  void insertsRowsInOneStatement() {
    auto run = writeThroughSink(Dialect::Postgres, sinkOptions(WriteMode::Insert), {"id", "name"}, {},
                                {row(1, "a"), row(2, "b")});
    QVERIFY(run.ok);
    QCOMPARE(run.writes.size(), std::size_t(1));
    QCOMPARE(run.writes[0].sql, std::string("INSERT INTO \"t\" (\"id\", \"name\") VALUES ($1, $2), ($3, $4)"));
    QCOMPARE(joined(run.writes[0].params), std::string("1,\"a\",2,\"b\""));
    QVERIFY(run.errors.empty());
  }

  void upsertsPerDialect() {
    for (Dialect d : {Dialect::Postgres, Dialect::MySql}) {
      auto run = writeThroughSink(d, sinkOptions(WriteMode::Upsert), {"id", "name"}, {"id"}, {row(1, "a")});
      QVERIFY(run.ok);
      QCOMPARE(run.writes.size(), std::size_t(1));
      if (d == Dialect::Postgres)
        QCOMPARE(run.writes[0].sql, std::string("INSERT INTO \"t\" (\"id\", \"name\") VALUES ($1, $2) ON CONFLICT "
                                                "(\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\""));
      else
        QCOMPARE(run.writes[0].sql, std::string("INSERT INTO `t` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY "
                                                "UPDATE `name` = VALUES(`name`)"));
    }
  }

  void repeatedKeySplitsTheBatchInOneTransaction() {
    auto run = writeThroughSink(Dialect::Postgres, sinkOptions(WriteMode::Upsert), {"id", "name"}, {"id"},
                                {row(1, "a"), row(1, "b"), tombstone(1)});
    QVERIFY(run.ok);
    const auto& w = run.writes;
    // The same row twice keeps its order: one statement each, then the delete.
    QCOMPARE(w.size(), std::size_t(5));
    QCOMPARE(w[0].sql, std::string("BEGIN"));
    QCOMPARE(joined(w[1].params), std::string("1,\"a\""));
    QCOMPARE(joined(w[2].params), std::string("1,\"b\""));
    QCOMPARE(w[3].sql, std::string("DELETE FROM \"t\" WHERE (\"id\" = $1)"));
    QCOMPARE(joined(w[3].params), std::string("1"));
    QCOMPARE(w[4].sql, std::string("COMMIT"));
  }

  void deletesByKeyInOneStatement() {
    auto run = writeThroughSink(Dialect::MySql, sinkOptions(WriteMode::Insert), {"id", "name"}, {"id"},
                                {tombstone(1), tombstone(2)});
    QVERIFY(run.ok);
    QCOMPARE(run.writes.size(), std::size_t(1));
    QCOMPARE(run.writes[0].sql, std::string("DELETE FROM `t` WHERE (`id` = ?) OR (`id` = ?)"));
    QCOMPARE(joined(run.writes[0].params), std::string("1,2"));
  }

  void createsTheTableFromRecords() {
    SinkOptions o = sinkOptions(WriteMode::Insert);
    o.autoCreate = true;
    auto run = writeThroughSink(Dialect::Postgres, o, {}, {}, {row(1, "a")});
    QVERIFY(run.ok);
    QCOMPARE(run.writes.size(), std::size_t(2));
    QCOMPARE(run.writes[0].sql, std::string("CREATE TABLE IF NOT EXISTS \"t\" (\"id\" bigint NOT NULL, \"name\" text, "
                                            "PRIMARY KEY (\"id\"))"));
    QCOMPARE(run.writes[1].sql, std::string("INSERT INTO \"t\" (\"id\", \"name\") VALUES ($1, $2)"));
  }

  void fieldNamesAreQuotedNotInjected() {
    const std::string name = "x\"; DROP TABLE t; --";
    record::Record r;
    r.value = Value::makeObject();
    r.value.append(name, Value("v"));
    auto run = writeThroughSink(Dialect::Postgres, sinkOptions(WriteMode::Insert), {"id", name}, {}, {r});
    QVERIFY(run.ok);
    QCOMPARE(run.writes.size(), std::size_t(1));
    QCOMPARE(run.writes[0].sql, std::string("INSERT INTO \"t\" (\"x\"\"; DROP TABLE t; --\") VALUES ($1)"));
  }

  void badFieldNameIsReportedAndTheRestWritten() {
    record::Record bad;
    bad.value = Value::makeObject();
    bad.value.append(std::string(64, 'n'), Value(1));
    auto run =
        writeThroughSink(Dialect::Postgres, sinkOptions(WriteMode::Insert), {"id", "name"}, {}, {bad, row(2, "b")});
    QVERIFY(run.ok);
    QCOMPARE(run.errors.size(), std::size_t(1));
    QCOMPARE(run.writes.size(), std::size_t(1));
    QCOMPARE(joined(run.writes[0].params), std::string("2,\"b\""));
  }

  void querySourcePollsPastItsMark() {
    for (Dialect d : {Dialect::Postgres, Dialect::MySql}) {
      auto conn = std::make_unique<FakeConnection>(d);
      auto sent = conn->sent;
      auto rows = conn->rows;
      QueryOptions o;
      o.mode = PollMode::Incrementing;
      o.table = TableName{std::nullopt, "t"};
      o.incrementingColumn = "id";
      o.pollMs = 0;
      o.batchSize = 10;
      SqlQuerySource source(std::move(conn), o);
      CollectErrors errors;
      QVERIFY(source.open(nlohmann::json(), errors));
      std::string q = d == Dialect::Postgres ? "\"" : "`";
      std::string id = q + "id" + q, t = q + "t" + q;
      QCOMPARE(sent->back().sql, "SELECT * FROM " + t + " WHERE " + id + " IS NOT NULL ORDER BY " + id + " LIMIT 1");
      *rows = {{Value(1), Value("a")}, {Value(2), Value("b")}};
      record::Batch batch;
      source.poll(batch, 100, errors);
      QCOMPARE(batch.size(), std::size_t(2));
      QCOMPARE(sent->back().sql, "SELECT * FROM " + t + " WHERE " + id + " IS NOT NULL ORDER BY " + id + " LIMIT 10");
      rows->clear();
      batch.clear();
      source.poll(batch, 100, errors);
      std::string p = d == Dialect::Postgres ? "$1" : "?";
      QCOMPARE(sent->back().sql, "SELECT * FROM " + t + " WHERE " + id + " IS NOT NULL AND " + id + " > " + p +
                                     " ORDER BY " + id + " LIMIT 10");
      QCOMPARE(joined(sent->back().params), std::string("2"));
    }
  }

  void timestampModeReadsOnlyRowsOlderThanTheDelay() {
    auto conn = std::make_unique<FakeConnection>(Dialect::Postgres);
    auto sent = conn->sent;
    QueryOptions o;
    o.mode = PollMode::TimestampIncrementing;
    o.query = "SELECT * FROM orders";
    o.incrementingColumn = "id";
    o.timestampColumn = "ts";
    o.delayMs = 5000;
    SqlQuerySource source(std::move(conn), o);
    CollectErrors errors;
    QVERIFY(source.open(nlohmann::json{{"incrementing", 7}, {"timestamp_us", 1000}}, errors));
    QCOMPARE(sent->back().sql,
             std::string("SELECT * FROM (SELECT * FROM orders) tributary_q WHERE \"ts\" IS NOT NULL AND \"id\" IS NOT "
                         "NULL AND (\"ts\" > $1 OR (\"ts\" = $2 AND \"id\" > $3)) AND \"ts\" < now_minus($4) ORDER BY "
                         "\"ts\", \"id\" LIMIT 1"));
    QCOMPARE(sent->back().params.size(), std::size_t(4));
    QCOMPARE(sent->back().params[2], std::string("7"));
    QCOMPARE(sent->back().params[3], std::string("5000"));
  }
};

QTEST_GUILESS_MAIN(TestSqlStatements)
#include "test_sql_statements.moc"
