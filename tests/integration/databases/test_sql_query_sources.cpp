// source.postgres.query and source.mysql.query against real PostgreSQL 15 and
// MariaDB 10.11: each polling mode picks up new (and, with timestamps,
// updated) rows; a new source opened with the checkpoint of the acknowledged
// batches resumes after them; the delay window holds back fresh rows.
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <functional>
#include <memory>
#include <set>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "core/model/secrets.h"
#include "core/model/validate.h"
#include "core/runtime/engine.h"
#include "tests/integration/databases/collect_errors.h"
#include "tests/integration/databases/db_fixture.h"

using namespace tributary;
using record::Value;

namespace {

using Collect = testing::CollectErrors;

// One database under test and the source type that polls it.
struct Target : testing::DbTarget {
  std::string type;
};

std::unique_ptr<runtime::Source> makeSource(const Target& t, nlohmann::json config) {
  for (auto it = t.connection.begin(); it != t.connection.end(); ++it) config[it.key()] = it.value();
  const runtime::NodeFactory* f = connectors::builtinFactories().find(t.type);
  if (!f || !f->source) return nullptr;
  runtime::NodeContext ctx;
  ctx.nodeId = "src";
  ctx.type = t.type;
  ctx.config = config;
  auto s = f->source(ctx);
  if (!s) {
    qWarning("%s", s.error().toString().c_str());
    return nullptr;
  }
  return std::move(*s);
}

// Polls until a non-empty batch arrives (or `timeout`); "index:name" per record.
struct Polled {
  std::vector<std::string> rows;
  std::vector<record::SourcePosition> resume;
  std::optional<Error> error;
};
Polled pollOnce(runtime::Source& s, std::size_t max, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  Collect errors;
  Polled p;
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    record::Batch batch;
    auto r = s.poll(batch, max, errors);
    if (r.error) {
      p.error = r.error;
      return p;
    }
    if (!batch.empty()) {
      for (const auto& rec : batch) {
        const Value* i = rec.value.find("index");
        const Value* n = rec.value.find("name");
        p.rows.push_back(std::to_string(i && i->type() == record::ValueType::Int ? i->asInt() : -1) + ":" +
                         std::string(n && n->type() == record::ValueType::String ? n->asString() : "?"));
      }
      p.resume = r.resume;
      return p;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(r.waitMs > 0 ? r.waitMs : 10));
  }
  return p;
}

std::vector<std::string> v(std::initializer_list<const char*> items) {
  std::vector<std::string> out;
  for (const char* i : items) out.emplace_back(i);
  return out;
}

}  // namespace

class TestSqlQuerySources final : public QObject {
  Q_OBJECT

 private:
  testing::Databases m_db;

  Target target(const QString& name) {
    Target t{m_db.target(name)};
    t.type = t.postgres ? "source.postgres.query" : "source.mysql.query";
    return t;
  }
  void createUsers(const Target& t, const std::string& table) {
    if (t.postgres)
      t.query("CREATE TABLE \"" + table + "\" (\"index\" serial PRIMARY KEY, name text, updated_at timestamp)");
    else
      t.query("CREATE TABLE `" + table +
              "` (`index` INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), updated_at DATETIME(6))");
  }
  std::string q(const Target& t, const std::string& name) { return t.quote() + name + t.quote(); }

  static void dialects() { testing::Databases::addDialectRows(); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY2(m_db.startPostgres(), "PostgreSQL 15 did not start");
    QVERIFY2(m_db.startMariaDb(), "MariaDB did not start");
  }
  void cleanupTestCase() { m_db.stop(); }

  void incrementingResumesFromCheckpoint_data() { dialects(); }
  void incrementingResumesFromCheckpoint() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "USERS");
    t.query("INSERT INTO " + q(t, "USERS") + " (name) VALUES ('a'), ('b'), ('c')");
    nlohmann::json config = {{"table", "USERS"},
                             {"mode", "incrementing"},
                             {"incrementing_column", "index"},
                             {"poll_interval", 50},
                             {"batch_size", 2}};
    auto src = makeSource(t, config);
    QVERIFY(src);
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    Polled p1 = pollOnce(*src, 100);
    QVERIFY(!p1.error);
    QCOMPARE(p1.rows, v({"1:a", "2:b"}));
    QCOMPARE(p1.resume.size(), std::size_t(1));
    Polled p2 = pollOnce(*src, 100);
    QCOMPARE(p2.rows, v({"3:c"}));
    // Nothing new: no rows within a short wait.
    QVERIFY(pollOnce(*src, 100, std::chrono::milliseconds(300)).rows.empty());
    t.query("INSERT INTO " + q(t, "USERS") + " (name) VALUES ('d'), ('e')");
    QCOMPARE(pollOnce(*src, 100).rows, v({"4:d", "5:e"}));
    // Only the first batch was acknowledged: a restart resumes after it.
    runtime::PositionMap committed{{0, p1.resume[0].offset}};
    nlohmann::json cp = src->checkpointState(committed);
    QCOMPARE(cp.value("incrementing", std::int64_t{-1}), std::int64_t{2});
    src->close();
    auto again = makeSource(t, config);
    QVERIFY(again->open(cp, errors).ok());
    Polled resumed = pollOnce(*again, 100);
    QCOMPARE(resumed.rows, v({"3:c", "4:d"}));
    // Positions keep increasing across the restart.
    QVERIFY(!resumed.resume.empty());
    QVERIFY(resumed.resume[0].offset > p1.resume[0].offset);
    QCOMPARE(pollOnce(*again, 100).rows, v({"5:e"}));
  }

  void timestampIncrementingSeesUpdates_data() { dialects(); }
  void timestampIncrementingSeesUpdates() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "tsi");
    t.query("INSERT INTO " + q(t, "tsi") +
            " (name, updated_at) VALUES ('a', '2020-01-01 00:00:00'), "
            "('b', '2020-01-01 00:00:00'), ('c', '2020-01-01 00:00:00'), ('d', '2020-01-02 00:00:00')");
    nlohmann::json config = {{"table", "tsi"},
                             {"mode", "timestamp+incrementing"},
                             {"incrementing_column", "index"},
                             {"timestamp_column", "updated_at"},
                             {"poll_interval", 50},
                             {"batch_size", 2}};
    auto src = makeSource(t, config);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    // Rows sharing a timestamp across a batch boundary are neither lost nor repeated.
    Polled first = pollOnce(*src, 100);
    QCOMPARE(first.rows, v({"1:a", "2:b"}));
    QVERIFY(!first.resume.empty());
    qInfo("mark after the first batch: %s", src->checkpointState({{0, first.resume[0].offset}}).dump().c_str());
    Polled second = pollOnce(*src, 100);
    std::string got;
    for (const auto& r : second.rows) got += r + " ";
    QVERIFY2(second.rows == v({"3:c", "4:d"}), got.c_str());
    t.query("UPDATE " + q(t, "tsi") + " SET name = 'a2', updated_at = '2021-01-01 00:00:00' WHERE " + q(t, "index") +
            " = 1");
    QCOMPARE(pollOnce(*src, 100).rows, v({"1:a2"}));
    QVERIFY(pollOnce(*src, 100, std::chrono::milliseconds(300)).rows.empty());
  }

  void timestampModeAndDelay_data() { dialects(); }
  void timestampModeAndDelay() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "tsd");
    std::string now = t.postgres ? "now() AT TIME ZONE 'UTC'" : "UTC_TIMESTAMP(6)";
    t.query("INSERT INTO " + q(t, "tsd") + " (name, updated_at) VALUES ('old', '2020-01-01 00:00:00'), ('fresh', " +
            now + ")");
    nlohmann::json config = {{"table", "tsd"},
                             {"mode", "timestamp"},
                             {"timestamp_column", "updated_at"},
                             {"poll_interval", 50},
                             {"delay", "1h"}};
    auto src = makeSource(t, config);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    // The fresh row is inside the grace window: held back.
    QCOMPARE(pollOnce(*src, 100).rows, v({"1:old"}));
    QVERIFY(pollOnce(*src, 100, std::chrono::milliseconds(300)).rows.empty());
    // Without the window it comes (timestamp mode reads updates too).
    config["delay"] = 0;
    auto nodelay = makeSource(t, config);
    QVERIFY(nodelay->open(nullptr, errors).ok());
    QCOMPARE(pollOnce(*nodelay, 100).rows, v({"1:old", "2:fresh"}));
  }

  // Pure timestamp mode, more rows sharing one timestamp than batch_size:
  // none may be skipped (the high-water mark must not pass the timestamp
  // before every row of it was emitted), and a group is never split.
  void timestampGroupLargerThanBatch_data() { dialects(); }
  void timestampGroupLargerThanBatch() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "tsg");
    t.query("INSERT INTO " + q(t, "tsg") +
            " (name, updated_at) VALUES ('a', '2020-01-01 00:00:00'), ('b', '2020-01-01 00:00:00'), "
            "('c', '2020-01-01 00:00:00'), ('d', '2020-01-01 00:00:00'), ('e', '2020-01-01 00:00:00'), "
            "('f', '2020-01-02 00:00:00'), ('g', '2020-01-02 00:00:00')");
    nlohmann::json config = {{"table", "tsg"},
                             {"mode", "timestamp"},
                             {"timestamp_column", "updated_at"},
                             {"poll_interval", 50},
                             {"batch_size", 2}};
    auto src = makeSource(t, config);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    std::set<std::string> seen;
    std::vector<Polled> polls;
    for (int i = 0; i < 10; ++i) {
      Polled p = pollOnce(*src, 2, std::chrono::milliseconds(i < 2 ? 5000 : 300));
      QVERIFY(!p.error);
      if (p.rows.empty()) break;
      QVERIFY(p.rows.size() <= 2);  // the engine's batch limit holds
      for (const auto& r : p.rows) QVERIFY2(seen.insert(r).second, r.c_str());
      polls.push_back(p);
    }
    QCOMPARE(seen, (std::set<std::string>{"1:a", "2:b", "3:c", "4:d", "5:e", "6:f", "7:g"}));
    // A checkpoint taken inside the group resumes before it (rows may repeat, none is lost).
    QVERIFY(polls.size() >= 2);
    nlohmann::json cp = src->checkpointState({{0, polls[0].resume[0].offset}});
    auto again = makeSource(t, config);
    QVERIFY(again->open(cp, errors).ok());
    std::set<std::string> resumed;
    for (int i = 0; i < 10; ++i) {
      Polled p = pollOnce(*again, 2, std::chrono::milliseconds(i < 2 ? 5000 : 300));
      if (p.rows.empty()) break;
      for (const auto& r : p.rows) resumed.insert(r);
    }
    QCOMPARE(resumed, seen);
  }

  // The server restarts between polls: no error reaches the engine, the
  // source reconnects and goes on from its high-water mark.
  void reconnectAfterRestart_data() { dialects(); }
  void reconnectAfterRestart() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "rs");
    t.query("INSERT INTO " + q(t, "rs") + " (name) VALUES ('a')");
    auto src = makeSource(
        t, {{"table", "rs"}, {"mode", "incrementing"}, {"incrementing_column", "index"}, {"poll_interval", 50}});
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    QCOMPARE(pollOnce(*src, 100).rows, v({"1:a"}));
    t.stop();
    Polled down = pollOnce(*src, 100, std::chrono::milliseconds(1500));
    QVERIFY2(!down.error, down.error ? down.error->toString().c_str() : "");
    QVERIFY(down.rows.empty());
    QVERIFY(t.start());
    t.query("INSERT INTO " + q(t, "rs") + " (name) VALUES ('b')");
    Polled after = pollOnce(*src, 100, std::chrono::seconds(15));
    QVERIFY2(!after.error, after.error ? after.error->toString().c_str() : "");
    QCOMPARE(after.rows, v({"2:b"}));
  }

  // resources/templates/seed001-users.tributary.json: valid, its secrets are
  // references, and (with the topic replaced by a direct edge: Kafka is tested
  // elsewhere) it copies USERS from PostgreSQL to MariaDB and the lake folder.
  void seed001TemplateCopiesUsers() {
    auto loaded =
        model::loadPipeline(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed001-users.tributary.json");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    model::Pipeline p = *loaded;
    for (const auto& d : model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false)))
      QVERIFY2(d.severity != model::Severity::Error, model::format(d).c_str());
    QCOMPARE(p.findNode("users")->config["password"].get<std::string>(), std::string("${env:PG_PASSWORD}"));
    QCOMPARE(p.findNode("mysql-email-service")->config["password"].get<std::string>(),
             std::string("${env:MYSQL_PASSWORD}"));
    Target pg = target(QStringLiteral("postgres"));
    Target maria = target(QStringLiteral("mariadb"));
    // Other tests of this file use USERS too: start from scratch.
    pg.query("DROP TABLE IF EXISTS \"USERS\"");
    maria.query("DROP TABLE IF EXISTS `USERS`");
    pg.query("CREATE TABLE \"USERS\" (\"index\" serial PRIMARY KEY, name text, email text); INSERT INTO \"USERS\" "
             "(name, email) SELECT 'user' || g, 'user' || g || '@example.com' FROM generate_series(1, 120) g");
    std::map<std::string, std::string> env = {
        {"PG_URL", pg.connection["url"]},          {"PG_USER", "postgres"},
        {"PG_PASSWORD", ""},                       {"MYSQL_URL", maria.connection["url"]},
        {"MYSQL_USER", maria.connection["user"]}, {"MYSQL_PASSWORD", maria.connection["password"]}};
    model::SecretSource secrets;
    secrets.env = [&](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto resolved = model::resolveSecrets(p, secrets);
    QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().toString().c_str());
    p = *resolved;
    std::erase_if(p.nodes, [](const model::Node& n) { return n.type == "topic"; });
    p.edges = {{"users", "", "mysql-email-service", ""}, {"users", "", "data-lake", ""}};
    QTemporaryDir dir;
    runtime::EngineOptions o;
    o.workDir = dir.path().toStdString();
    o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    auto engine = runtime::Engine::create(p, connectors::builtinFactories(), o);
    QVERIFY2(engine.ok(), engine.ok() ? "" : engine.error().toString().c_str());
    (*engine)->start();
    // The lake in Confluent's layout, under topics/P_USERS/partition=0.
    std::filesystem::path lake = dir.filePath(QStringLiteral("lake")).toStdString();
    std::set<std::string> files;
    auto lines = [&] {
      std::size_t n = 0;
      files.clear();
      std::error_code ec;
      for (std::filesystem::recursive_directory_iterator it(lake, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file() || it->path().filename().string()[0] == '.') continue;
        files.insert(std::filesystem::relative(it->path(), lake).generic_string());
        std::ifstream in(it->path());
        for (std::string line; std::getline(in, line);) ++n;
      }
      return n;
    };
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((lines() < 120 || maria.query("SELECT COUNT(*) FROM `USERS`") != "120\n") &&
           std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (*engine)->stop();
    (*engine)->wait();
    QCOMPARE(lines(), std::size_t(120));
    // (The query source gives a poll's rows one position, so files here end at polls, not at 5 rows; through
    // the topic, as in the template, every record has its own offset.)
    QVERIFY(!files.empty());
    for (const std::string& f : files)
      QVERIFY2(f.rfind("topics/P_USERS/partition=0/P_USERS+0+00000000", 0) == 0 && f.size() > 5 &&
                   f.compare(f.size() - 5, 5, ".json") == 0,
               f.c_str());
    QCOMPARE(maria.query("SELECT COUNT(*), MIN(`index`), MAX(`index`) FROM `USERS`"), std::string("120\t1\t120\n"));
    QCOMPARE(maria.query("SELECT name, email FROM `USERS` WHERE `index` = 7"),
             std::string("user7\tuser7@example.com\n"));
  }

  void customQueryAndBadColumn_data() { dialects(); }
  void customQueryAndBadColumn() {
    QFETCH(QString, db);
    Target t = target(db);
    createUsers(t, "cq");
    t.query("INSERT INTO " + q(t, "cq") + " (name) VALUES ('x'), ('y'), ('z')");
    auto src = makeSource(
        t, {{"query", "SELECT " + q(t, "index") + ", upper(name) AS name FROM " + q(t, "cq") + " WHERE name <> 'y'"},
            {"mode", "incrementing"},
            {"incrementing_column", "index"},
            {"poll_interval", 50}});
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    QCOMPARE(pollOnce(*src, 100).rows, v({"1:X", "3:Z"}));
    auto bad = makeSource(t, {{"table", "cq"}, {"mode", "incrementing"}, {"incrementing_column", "nope"}});
    QVERIFY(bad);
    Status s = bad->open(nullptr, errors);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.find("nope") != std::string::npos, s.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSqlQuerySources)
#include "test_sql_query_sources.moc"
