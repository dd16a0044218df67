// source.postgres.cdc against a real PostgreSQL 15 (wal_level=logical): the
// initial snapshot and streamed inserts, updates, deletes and truncates with
// their Debezium envelopes and typed values; the slot's confirmed_flush_lsn
// (read with psql) moves only once positions are acknowledged; a new source
// opened with the checkpoint resumes with nothing lost; a whole pipeline run
// twice with a state folder delivers every row exactly once to its file; a
// PostgreSQL restart mid-stream is reconnected to; the prerequisite checks
// give their exact messages.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/record/json.h"
#include "tests/integration/databases/collect_errors.h"
#include "tests/integration/databases/db_servers.h"
#include "tests/unit/runtime/runtime_test_util.h"

using namespace tributary;
using record::Value;
using record::ValueType;

namespace {

using Collect = testing::CollectErrors;

std::unique_ptr<runtime::Source> makeSource(nlohmann::json config) {
  const runtime::NodeFactory* f = connectors::builtinFactories().find("source.postgres.cdc");
  if (!f || !f->source) return nullptr;
  runtime::NodeContext ctx;
  ctx.nodeId = "cdc";
  ctx.type = "source.postgres.cdc";
  ctx.config = std::move(config);
  auto s = f->source(ctx);
  if (!s) {
    qWarning("%s", s.error().toString().c_str());
    return nullptr;
  }
  return std::move(*s);
}

struct Polled {
  std::vector<record::Record> records;
  runtime::PositionMap resume;  // the last resume position per partition
  std::optional<Error> error;
};

// Polls until `count` records arrived (or `timeout`). `ack`: acknowledge each
// batch at once, as the engine does when its sinks are fast.
Polled pollFor(runtime::Source& s, std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(15),
               bool ack = false) {
  Collect errors;
  Polled p;
  auto end = std::chrono::steady_clock::now() + timeout;
  while (p.records.size() < count && std::chrono::steady_clock::now() < end) {
    record::Batch batch;
    auto r = s.poll(batch, 1000, errors);
    if (r.error) {
      p.error = r.error;
      return p;
    }
    for (auto& rec : batch) p.records.push_back(std::move(rec));
    for (const auto& pos : r.resume) p.resume[pos.partition] = pos.offset;
    if (ack && !r.resume.empty()) s.checkpointState(p.resume);
    if (r.waitMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(r.waitMs));
  }
  return p;
}

std::string op(const record::Record& r) {
  const Value* o = r.value.find("op");
  return o && o->type() == ValueType::String ? std::string(o->asString()) : "?";
}
std::string json(const Value* v) {
  return v ? record::toJson(*v) : "<absent>";
}
// Polls on until the transactions of the records received are complete (a resume position on partition 0).
void pollToCommit(runtime::Source& s, Polled& p) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!p.resume.count(0) && std::chrono::steady_clock::now() < end) {
    Polled more = pollFor(s, 1, std::chrono::milliseconds(100));
    for (auto& r : more.records) p.records.push_back(std::move(r));
    for (const auto& [k, v] : more.resume) p.resume[k] = v;
  }
}

const Value* path(const record::Record& r, std::initializer_list<const char*> names) {
  const Value* v = &r.value;
  for (const char* n : names) {
    v = v ? v->find(n) : nullptr;
  }
  return v;
}

}  // namespace

class TestPostgresCdc final : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<testing::PostgresServer> m_pg;
  nlohmann::json config(const std::string& slot, nlohmann::json tables) {
    return {{"url", m_pg->url()},
            {"slot_name", slot},
            {"publication_name", slot + "_pub"},
            {"tables", tables},
            {"status_interval", "200ms"}};
  }
  std::string q(const std::string& sql) { return m_pg->query(sql); }
  // The slot's confirmed_flush_lsn >= lsn?
  bool confirmedAtLeast(const std::string& slot, std::int64_t lsn) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(static_cast<std::uint64_t>(lsn) >> 32),
                  static_cast<unsigned>(lsn & 0xffffffff));
    return q("SELECT confirmed_flush_lsn >= '" + std::string(buf) +
             "'::pg_lsn FROM pg_replication_slots WHERE "
             "slot_name = '" +
             slot + "'") == "t\n";
  }

 private Q_SLOTS:
  void initTestCase() {
    m_pg = std::make_unique<testing::PostgresServer>();
    QVERIFY2(m_pg->ok(), "PostgreSQL 15 did not start");
  }
  void cleanupTestCase() { m_pg.reset(); }

  void snapshotThenStreamingWithEnvelopes() {
    q("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2), weight double precision, "
      "active boolean, created timestamp, seen timestamptz, day date, attrs jsonb, blob bytea, big bigint, "
      "notes text)");
    q("INSERT INTO items VALUES (1, 'lamp', 12.50, 1.25, true, '2024-03-01 12:34:56.5', '2024-03-01 "
      "12:00:00+02', '2024-03-01', '{\"a\": [1, 2]}', '\\x00ff41', 9007199254740993, 'tab\there\\ and "
      "newline\n'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    auto src = makeSource(config("items_slot", {"items"}));
    QVERIFY(src);
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    // Made after the slot: these come from the stream, not the snapshot.
    q("INSERT INTO items (id, name) VALUES (3, 'desk')");
    Polled snap = pollFor(*src, 3);
    QVERIFY2(!snap.error, snap.error ? snap.error->toString().c_str() : "");
    QCOMPARE(snap.records.size(), std::size_t(3));
    const record::Record& r1 = snap.records[0];
    QCOMPARE(op(r1), std::string("r"));
    QCOMPARE(json(&r1.key), std::string("{\"id\":1}"));
    QCOMPARE(json(path(r1, {"before"})), std::string("null"));
    QCOMPARE(json(path(r1, {"after"})),
             std::string("{\"id\":1,\"name\":\"lamp\",\"price\":12.50,\"weight\":1.25,\"active\":true,"
                         "\"created\":\"2024-03-01T12:34:56.500Z\",\"seen\":\"2024-03-01T10:00:00Z\","
                         "\"day\":\"2024-03-01\",\"attrs\":{\"a\":[1,2]},\"blob\":\"AP9B\",\"big\":9007199254740993,"
                         "\"notes\":\"tab\\there\\\\ and newline\\n\"}"));
    QVERIFY(path(r1, {"after", "blob"})->type() == ValueType::Bytes);
    QVERIFY(path(r1, {"after", "price"})->type() == ValueType::Decimal);
    QCOMPARE(json(path(r1, {"source", "snapshot"})), std::string("\"true\""));
    QCOMPARE(json(path(r1, {"source", "table"})), std::string("\"items\""));
    QCOMPARE(json(path(r1, {"source", "schema"})), std::string("\"public\""));
    QCOMPARE(json(path(r1, {"source", "db"})), std::string("\"postgres\""));
    QCOMPARE(json(path(r1, {"source", "connector"})), std::string("\"postgresql\""));
    QVERIFY(path(r1, {"source", "lsn"})->type() == ValueType::Int);
    QVERIFY(path(r1, {"ts_ms"})->type() == ValueType::Int);
    // Debezium's marker: "last" on the snapshot's final row only.
    QCOMPARE(json(path(snap.records[1], {"source", "snapshot"})), std::string("\"last\""));
    QCOMPARE(json(path(snap.records[1], {"after"})),
             std::string("{\"id\":2,\"name\":null,\"price\":null,\"weight\":null,\"active\":null,\"created\":null,"
                         "\"seen\":null,\"day\":null,\"attrs\":null,\"blob\":null,\"big\":null,\"notes\":null}"));
    // The snapshot ends with the stream's first change.
    const record::Record& c3 = snap.records[2];
    QCOMPARE(op(c3), std::string("c"));
    QCOMPARE(json(path(c3, {"after", "name"})), std::string("\"desk\""));
    QCOMPARE(json(path(c3, {"source", "snapshot"})), std::string("\"false\""));
    QVERIFY(path(c3, {"source", "txId"})->type() == ValueType::Int);
    QVERIFY(path(c3, {"source", "lsn"})->asInt() > path(r1, {"source", "lsn"})->asInt() - 1);
    QCOMPARE(snap.resume[1], std::numeric_limits<std::int64_t>::max());  // the snapshot is complete

    // Updates (default identity: no before), deletes (before = key), truncate.
    q("UPDATE items SET name = 'lamp2', price = 13 WHERE id = 1; DELETE FROM items WHERE id = 2; "
      "BEGIN; INSERT INTO items (id, name) VALUES (4, 'chair'); UPDATE items SET id = 5 WHERE id = 4; COMMIT; "
      "TRUNCATE items");
    Polled changes = pollFor(*src, 6);
    QVERIFY2(!changes.error, changes.error ? changes.error->toString().c_str() : "");
    QCOMPARE(changes.records.size(), std::size_t(6));
    const auto& u = changes.records[0];
    QCOMPARE(op(u), std::string("u"));
    QCOMPARE(json(path(u, {"before"})), std::string("null"));
    QCOMPARE(json(path(u, {"after", "price"})), std::string("13.00"));
    QCOMPARE(json(&u.key), std::string("{\"id\":1}"));
    const auto& d = changes.records[1];
    QCOMPARE(op(d), std::string("d"));
    QCOMPARE(json(path(d, {"after"})), std::string("null"));
    QCOMPARE(json(path(d, {"before", "id"})), std::string("2"));
    QCOMPARE(json(path(d, {"before", "name"})), std::string("null"));
    QCOMPARE(json(&d.key), std::string("{\"id\":2}"));
    // tombstones_on_delete (default): the same key with a null value, at the delete's position.
    const auto& tomb = changes.records[2];
    QVERIFY(tomb.value.isNull());
    QCOMPARE(json(&tomb.key), std::string("{\"id\":2}"));
    QVERIFY(tomb.position == d.position);
    QCOMPARE(op(changes.records[3]), std::string("c"));
    // A key change carries the old key in before.
    const auto& k = changes.records[4];
    QCOMPARE(op(k), std::string("u"));
    QCOMPARE(json(path(k, {"before", "id"})), std::string("4"));
    QCOMPARE(json(&k.key), std::string("{\"id\":5}"));
    // Both changes of one transaction share its txId.
    QCOMPARE(json(path(changes.records[3], {"source", "txId"})), json(path(k, {"source", "txId"})));
    const auto& t = changes.records[5];
    QCOMPARE(op(t), std::string("t"));
    QCOMPARE(json(path(t, {"source", "table"})), std::string("\"items\""));
    src->close();
  }

  void fullIdentityAndUnchangedToast() {
    q("CREATE TABLE docs (id int PRIMARY KEY, title text, body text); ALTER TABLE docs REPLICA IDENTITY FULL; "
      "CREATE TABLE plain (id int PRIMARY KEY, title text, body text)");
    nlohmann::json cfg = config("docs_slot", {"docs", "public.plain"});
    cfg["snapshot_mode"] = "never";
    auto src = makeSource(cfg);
    QVERIFY(src);
    Collect errors;
    Status s = src->open(nullptr, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    // A body big enough to be stored out of line (TOAST), not compressible.
    std::string big = "(SELECT string_agg(md5(g::text), '') FROM generate_series(1, 400) g)";
    q("INSERT INTO docs VALUES (1, 'a', " + big + "); INSERT INTO plain VALUES (1, 'a', " + big + ")");
    q("UPDATE docs SET title = 'b' WHERE id = 1; UPDATE plain SET title = 'b' WHERE id = 1");
    Polled p = pollFor(*src, 4);
    QVERIFY2(!p.error, p.error ? p.error->toString().c_str() : "");
    QCOMPARE(p.records.size(), std::size_t(4));
    const auto& full = p.records[2];
    QCOMPARE(op(full), std::string("u"));
    QCOMPARE(json(path(full, {"before", "title"})), std::string("\"a\""));
    QCOMPARE(json(&full.key), std::string("{\"id\":1}"));  // the primary key, not every column
    QCOMPARE(path(full, {"after", "body"})->asString().size(), std::size_t(12800));
    const auto& plain = p.records[3];
    QCOMPARE(json(path(plain, {"before"})), std::string("null"));
    QCOMPARE(json(path(plain, {"after", "title"})), std::string("\"b\""));
    QCOMPARE(json(path(plain, {"after", "body"})), std::string("\"__debezium_unavailable_value\""));
    src->close();
  }

  // confirmed_flush_lsn moves only after checkpointState() reports the
  // position committed; a new source with the checkpoint gets the rest.
  void confirmsOnlyAckedAndResumes() {
    q("CREATE TABLE acks (id int PRIMARY KEY, v text)");
    nlohmann::json cfg = config("acks_slot", {"acks"});
    cfg["snapshot_mode"] = "never";
    auto src = makeSource(cfg);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    std::string before = q("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'acks_slot'");
    q("INSERT INTO acks VALUES (1, 'a')");
    Polled first = pollFor(*src, 1);
    pollToCommit(*src, first);
    QCOMPARE(first.records.size(), std::size_t(1));
    QVERIFY(first.resume.count(0));
    q("INSERT INTO acks VALUES (2, 'b')");
    Polled second = pollFor(*src, 1);
    pollToCommit(*src, second);
    QCOMPARE(second.records.size(), std::size_t(1));
    QVERIFY(second.resume.count(0));
    QVERIFY(second.resume[0] > first.resume[0]);
    // Keep polling for a while (status updates go out every 200 ms): nothing acknowledged, nothing confirmed.
    pollFor(*src, 1, std::chrono::milliseconds(800));
    QCOMPARE(q("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'acks_slot'"), before);
    QVERIFY(!confirmedAtLeast("acks_slot", first.resume[0]));
    // Acknowledge the first transaction only.
    nlohmann::json cp = src->checkpointState({{0, first.resume[0]}});
    QVERIFY2(cp.value("lsn", std::string()).size() > 2, cp.dump().c_str());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!confirmedAtLeast("acks_slot", first.resume[0]) && std::chrono::steady_clock::now() < deadline)
      pollFor(*src, 1, std::chrono::milliseconds(200));
    QVERIFY(confirmedAtLeast("acks_slot", first.resume[0]));
    QVERIFY(!confirmedAtLeast("acks_slot", second.resume[0]));
    src->close();
    // More changes while the source is away; a restart from the checkpoint gets row 2 again and row 3.
    q("INSERT INTO acks VALUES (3, 'c')");
    auto again = makeSource(cfg);
    QVERIFY(again->open(cp, errors).ok());
    Polled resumed = pollFor(*again, 2);
    QVERIFY2(!resumed.error, resumed.error ? resumed.error->toString().c_str() : "");
    QCOMPARE(resumed.records.size(), std::size_t(2));
    QCOMPARE(json(path(resumed.records[0], {"after", "id"})), std::string("2"));
    QCOMPARE(json(path(resumed.records[1], {"after", "id"})), std::string("3"));
    QVERIFY(pollFor(*again, 1, std::chrono::milliseconds(500)).records.empty());
    again->close();
  }

  // The pipeline, run twice with a state folder: every row reaches the file
  // sink once, and the slot's confirmed position ends past the last change.
  void pipelineRestartLosesNothing() {
    QTemporaryDir dir;
    q("CREATE TABLE runs (id int PRIMARY KEY, v text); INSERT INTO runs SELECT g, 'v' || g FROM "
      "generate_series(1, 50) g");
    nlohmann::json cfg = config("runs_slot", {"runs"});
    auto p = testing::makePipeline(
        "pgcdc",
        {testing::node("cdc", "source.postgres.cdc", cfg), testing::node("out", "sink.file", {{"path", "out.jsonl"}})},
        {testing::edge("cdc", "out")});
    runtime::EngineOptions o;
    o.workDir = dir.path().toStdString();
    o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    o.checkpointIntervalMs = 100;
    std::string outFile = dir.filePath(QStringLiteral("out.jsonl")).toStdString();
    auto waitLines = [&](std::size_t n) {
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (testing::readLines(outFile).size() < n && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return testing::readLines(outFile).size();
    };
    {
      auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
      QVERIFY2(e.ok(), e.ok() ? "" : e.error().toString().c_str());
      (*e)->start();
      QCOMPARE(waitLines(50), std::size_t(50));
      q("INSERT INTO runs SELECT g, 'v' || g FROM generate_series(51, 80) g");
      QCOMPARE(waitLines(80), std::size_t(80));
      (*e)->stop();
      QCOMPARE(testing::stateName((*e)->wait()), testing::stateName(runtime::State::Stopped));
    }
    q("INSERT INTO runs SELECT g, 'v' || g FROM generate_series(81, 100) g; UPDATE runs SET v = 'x' WHERE id = 1");
    std::string endLsn = q("SELECT pg_current_wal_lsn()");
    endLsn.pop_back();
    {
      auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
      QVERIFY(e.ok());
      (*e)->start();
      QCOMPARE(waitLines(101), std::size_t(101));
      // The acknowledged position reaches the server while the pipeline runs.
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (q("SELECT confirmed_flush_lsn >= '" + endLsn +
               "' FROM pg_replication_slots WHERE slot_name = "
               "'runs_slot'") != "t\n" &&
             std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      QCOMPARE(q("SELECT confirmed_flush_lsn >= '" + endLsn +
                 "' FROM pg_replication_slots WHERE slot_name = "
                 "'runs_slot'"),
               std::string("t\n"));
      (*e)->stop();
      QCOMPARE(testing::stateName((*e)->wait()), testing::stateName(runtime::State::Stopped));
    }
    auto lines = testing::readLines(outFile);
    QCOMPARE(lines.size(), std::size_t(101));
    std::multiset<std::string> seen;
    int snapshots = 0, creates = 0, updates = 0;
    for (const auto& line : lines) {
      auto j = nlohmann::json::parse(line);
      std::string o2 = j["op"];
      snapshots += o2 == "r";
      creates += o2 == "c";
      updates += o2 == "u";
      if (o2 != "u") seen.insert(std::to_string(j["after"]["id"].get<int>()));
    }
    QCOMPARE(snapshots, 50);
    QCOMPARE(creates, 50);
    QCOMPARE(updates, 1);
    QCOMPARE(seen.size(), std::size_t(100));
    for (int i = 1; i <= 100; ++i) QCOMPARE(seen.count(std::to_string(i)), std::size_t(1));
  }

  // Without a checkpoint folder (the designer's runs) the engine still
  // passes acknowledged positions to the source, so the slot advances.
  void confirmsWithoutCheckpointFolder() {
    QTemporaryDir dir;
    q("CREATE TABLE nostate (id int PRIMARY KEY)");
    nlohmann::json cfg = config("nostate_slot", {"nostate"});
    cfg["snapshot_mode"] = "never";
    auto p = testing::makePipeline(
        "nostate",
        {testing::node("cdc", "source.postgres.cdc", cfg), testing::node("out", "sink.file", {{"path", "out.jsonl"}})},
        {testing::edge("cdc", "out")});
    runtime::EngineOptions o;
    o.workDir = dir.path().toStdString();
    o.checkpointIntervalMs = 100;
    auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
    QVERIFY2(e.ok(), e.ok() ? "" : e.error().toString().c_str());
    (*e)->start();
    auto slotActive = [&] {
      return q("SELECT active FROM pg_replication_slots WHERE slot_name = 'nostate_slot'") == "t\n";
    };
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!slotActive() && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    q("INSERT INTO nostate SELECT generate_series(1, 10)");
    std::string endLsn = q("SELECT pg_current_wal_lsn()");
    endLsn.pop_back();
    std::string check =
        "SELECT confirmed_flush_lsn >= '" + endLsn + "' FROM pg_replication_slots WHERE slot_name = 'nostate_slot'";
    end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (q(check) != "t\n" && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(q(check), std::string("t\n"));
    QCOMPARE(testing::readLines(dir.filePath(QStringLiteral("out.jsonl")).toStdString()).size(), std::size_t(10));
    (*e)->stop();
    QCOMPARE(testing::stateName((*e)->wait()), testing::stateName(runtime::State::Stopped));
  }

  // PostgreSQL restarts mid-stream: no error, the source reconnects, and the
  // changes made around the restart arrive once.
  void reconnectsAfterServerRestart() {
    q("CREATE TABLE rs (id int PRIMARY KEY)");
    nlohmann::json cfg = config("rs_slot", {"rs"});
    cfg["snapshot_mode"] = "never";
    auto src = makeSource(cfg);
    QVERIFY(src);
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    q("INSERT INTO rs VALUES (1)");
    QCOMPARE(pollFor(*src, 1, std::chrono::seconds(15), true).records.size(), std::size_t(1));
    // Changes the stream has not delivered yet when the server goes down.
    q("INSERT INTO rs VALUES (2)");
    // The source keeps polling (and its batches are acknowledged) while the
    // server shuts down: a fast shutdown waits until the client has flushed
    // (confirmed) everything sent, which here means acknowledged by the sinks.
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
      m_pg->stop();
      stopped = true;
    });
    Polled down;
    while (!stopped) {
      Polled p = pollFor(*src, 1, std::chrono::milliseconds(200), true);
      if (p.error) down.error = p.error;
      for (auto& r : p.records) down.records.push_back(std::move(r));
    }
    stopper.join();
    Polled away = pollFor(*src, 5, std::chrono::milliseconds(1500), true);
    for (auto& r : away.records) down.records.push_back(std::move(r));
    QVERIFY2(!down.error && !away.error, down.error   ? down.error->toString().c_str()
                                         : away.error ? away.error->toString().c_str()
                                                      : "");
    QVERIFY(m_pg->start());
    q("INSERT INTO rs VALUES (3)");
    Polled after = pollFor(*src, 2 - down.records.size(), std::chrono::seconds(20), true);
    QVERIFY2(!after.error, after.error ? after.error->toString().c_str() : "");
    std::vector<std::string> ids;
    for (const auto& r : down.records) ids.push_back(json(path(r, {"after", "id"})));
    for (const auto& r : after.records) ids.push_back(json(path(r, {"after", "id"})));
    QCOMPARE(ids, (std::vector<std::string>{"2", "3"}));
    QVERIFY(pollFor(*src, 1, std::chrono::milliseconds(500)).records.empty());
    src->close();
  }

  // snapshot_mode: a completed snapshot is not taken again; when the slot is
  // dropped, initial refuses to go on (changes were lost) and when_needed
  // takes a new snapshot.
  void snapshotModes() {
    q("CREATE TABLE modes (id int PRIMARY KEY); INSERT INTO modes VALUES (1), (2)");
    nlohmann::json cfg = config("modes_slot", {"modes"});
    Collect errors;
    auto src = makeSource(cfg);
    QVERIFY(src->open(nullptr, errors).ok());
    Polled snap = pollFor(*src, 2);
    QCOMPARE(snap.records.size(), std::size_t(2));
    pollToCommit(*src, snap);
    nlohmann::json cp = src->checkpointState(snap.resume);
    QCOMPARE(cp.value("snapshot_completed", false), true);
    src->close();
    auto again = makeSource(cfg);
    QVERIFY(again->open(cp, errors).ok());
    QVERIFY(pollFor(*again, 1, std::chrono::milliseconds(500)).records.empty());  // no second snapshot
    again->close();
    q("SELECT pg_drop_replication_slot('modes_slot')");
    auto initial = makeSource(cfg);
    Status s = initial->open(cp, errors);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.find("replication slot modes_slot no longer exists") != std::string::npos,
             s.error().message.c_str());
    cfg["snapshot_mode"] = "when_needed";
    auto needed = makeSource(cfg);
    s = needed->open(cp, errors);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
    Polled resnap = pollFor(*needed, 2);
    QCOMPARE(resnap.records.size(), std::size_t(2));
    QCOMPARE(op(resnap.records[0]), std::string("r"));
    needed->close();
  }

  // PostgreSQL restarts during the initial snapshot: the snapshot is taken
  // again (rows may repeat) and streaming follows; no error, no row missing.
  void snapshotSurvivesServerRestart() {
    q("CREATE TABLE snaprs (id int PRIMARY KEY); INSERT INTO snaprs SELECT generate_series(1, 3000)");
    auto src = makeSource(config("snaprs_slot", {"snaprs"}));
    Collect errors;
    QVERIFY(src->open(nullptr, errors).ok());
    std::set<int> ids;
    record::Batch first;
    auto r = src->poll(first, 100, errors);
    QVERIFY(!r.error);
    for (const auto& rec : first) ids.insert(static_cast<int>(path(rec, {"after", "id"})->asInt()));
    m_pg->stop();
    QVERIFY(m_pg->start());
    q("INSERT INTO snaprs VALUES (5000)");
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!ids.count(5000) && std::chrono::steady_clock::now() < end) {
      Polled p = pollFor(*src, 1, std::chrono::milliseconds(200), true);
      QVERIFY2(!p.error, p.error ? p.error->toString().c_str() : "");
      for (const auto& rec : p.records) ids.insert(static_cast<int>(path(rec, {"after", "id"})->asInt()));
    }
    QCOMPARE(ids.size(), std::size_t(3001));
    QVERIFY(ids.count(1) && ids.count(3000) && ids.count(5000));
    src->close();
  }

  void prerequisiteMessages() {
    Collect errors;
    // A table without primary key or replica identity.
    q("CREATE TABLE nokey (a int)");
    auto nokey = makeSource(config("nokey_slot", {"nokey"}));
    Status s = nokey->open(nullptr, errors);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.find("table nokey has no primary key or replica identity") != std::string::npos,
             s.error().message.c_str());
    // A user without the REPLICATION privilege.
    q("CREATE ROLE plainuser LOGIN; CREATE TABLE pk (id int PRIMARY KEY)");
    nlohmann::json cfg = config("plain_slot", {"pk"});
    cfg["user"] = "plainuser";
    auto plain = makeSource(cfg);
    s = plain->open(nullptr, errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("the user plainuser lacks the REPLICATION privilege; grant it (ALTER ROLE "
                                            "plainuser REPLICATION) or connect as a user that has it"));
    // A missing table.
    auto missing = makeSource(config("missing_slot", {"nope"}));
    s = missing->open(nullptr, errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("table nope does not exist"));
    // wal_level=replica.
    testing::PostgresServer replica("replica");
    QVERIFY2(replica.ok(), "the second PostgreSQL did not start");
    nlohmann::json rc = {{"url", replica.url()}, {"tables", {"pk"}}};
    auto wrong = makeSource(rc);
    s = wrong->open(nullptr, errors);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("wal_level is replica; set wal_level=logical and restart"));
  }
};

QTEST_GUILESS_MAIN(TestPostgresCdc)
#include "test_postgres_cdc.moc"
