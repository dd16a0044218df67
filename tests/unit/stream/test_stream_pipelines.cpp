// Stateful nodes inside the engine: a file through transform.aggregate into a
// file (windows close as stream time moves, the rest at the end of the input,
// late records in the dead-letter file with the reason "late"), and two files
// into the left and right ports of transform.join.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "../runtime/runtime_test_util.h"
#include "core/connectors/builtin.h"
#include "core/record/json.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

std::unique_ptr<runtime::Engine> makeEngine(const model::Pipeline& p, const QTemporaryDir& dir) {
  auto diagnostics = model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
  for (const auto& d : diagnostics)
    if (d.severity == model::Severity::Error) qFatal("invalid test pipeline: %s", model::format(d).c_str());
  runtime::EngineOptions o;
  o.workDir = dir.path().toStdString();
  o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
  auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
  if (!e) qFatal("%s", e.error().toString().c_str());
  return std::move(e).value();
}

std::filesystem::path at(const QTemporaryDir& dir, const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); }

model::Edge edgeTo(std::string from, std::string to, std::string port) {
  model::Edge e = edge(std::move(from), std::move(to));
  e.toPort = std::move(port);
  return e;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

class TestStreamPipelines final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aggregateFileToFileWithLateRecords() {
    QTemporaryDir dir;
    writeText(at(dir, "in.jsonl"),
              "{\"ts\":1000,\"user\":\"a\",\"amount\":1}\n"
              "{\"ts\":2000,\"user\":\"b\",\"amount\":2}\n"
              "{\"ts\":12000,\"user\":\"a\",\"amount\":3}\n"
              "{\"ts\":9000,\"user\":\"a\",\"amount\":4}\n"    // out of order, within grace
              "{\"ts\":21000,\"user\":\"b\",\"amount\":5}\n"   // closes [0s, 10s)
              "{\"ts\":3000,\"user\":\"a\",\"amount\":6}\n"    // late
              "{\"ts\":17000,\"user\":\"b\",\"amount\":7}\n");
    auto p = makePipeline(
        "agg",
        {node("in", "source.file", {{"path", "in.jsonl"}}),
         node("sum", "transform.aggregate",
              {{"window", "tumbling"}, {"size", "10s"}, {"grace", "5s"}, {"timestamp", "ts"},
               {"group_by", {"user"}},
               {"aggregates", {{{"fn", "count"}, {"as", "n"}}, {{"fn", "sum"}, {"expr", "amount"}, {"as", "total"}}}},
               {"dead_letter_path", "late.jsonl"}}),
         node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "sum"), edge("sum", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto w = [](const char* user, int start, int n, int total) {
      return std::string("{\"user\":\"") + user + "\",\"window_start\":\"1970-01-01T00:00:" + (start < 10 ? "0" : "") +
             std::to_string(start) + "Z\",\"window_end\":\"1970-01-01T00:00:" + std::to_string(start + 10) +
             "Z\",\"n\":" + std::to_string(n) + ",\"total\":" + std::to_string(total) + "}";
    };
    QCOMPARE(sorted(readLines(at(dir, "out.jsonl"))),
             sorted({w("a", 0, 2, 5), w("b", 0, 1, 2), w("a", 10, 1, 3), w("b", 10, 1, 7), w("b", 20, 1, 5)}));
    auto late = readLines(at(dir, "late.jsonl"));
    QCOMPARE(late.size(), std::size_t(1));
    auto letter = record::parseJson(late[0]);
    QVERIFY(letter);
    QCOMPARE(std::string(letter->find("where")->asString()), std::string("late"));
    QCOMPARE(letter->find("record")->find("value")->find("amount")->asInt(), std::int64_t(6));
    auto snap = engine->snapshot();
    const runtime::NodeSnapshot* sum = findNode(snap, "sum");
    QVERIFY(sum);
    QCOMPARE(sum->errors, std::uint64_t(1));
  }

  void idleTimeoutClosesWindowsOfAQuietInput() {
    // A followed file never ends: only the idle timeout (the task's tick) can close the last window.
    QTemporaryDir dir;
    writeText(at(dir, "in.jsonl"), "{\"ts\":8000,\"n\":1}\n{\"ts\":9000,\"n\":2}\n");
    auto p = makePipeline(
        "idle",
        {node("in", "source.file", {{"path", "in.jsonl"}, {"follow", true}, {"poll_interval", "50ms"}}),
         node("sum", "transform.aggregate",
              {{"size", "10s"}, {"timestamp", "ts"}, {"idle_timeout", "300ms"},
               {"aggregates", {"count(*) AS records", "sum(n) AS total"}}}),
         node("out", "sink.file", {{"path", "out.jsonl"}, {"fsync", "always"}})},
        {edge("in", "sum"), edge("sum", "out")});
    auto engine = makeEngine(p, dir);
    engine->start();
    // Stream time advances by the idle wall-clock time: 9 s + 1 s of quiet reaches the window end.
    std::vector<std::string> lines;
    for (int i = 0; i < 200 && lines.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      lines = readLines(at(dir, "out.jsonl"));
    }
    engine->stop();
    engine->wait();
    QCOMPARE(lines, std::vector<std::string>{
                        R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","records":2,"total":3})"});
  }

  void aggregateStateSurvivesARestart() {
    // Run 1 follows the file and is stopped while its window is open; run 2
    // reads what was appended meanwhile. The window's result counts both
    // runs' records once each: the state was stored with the offsets it covers.
    QTemporaryDir dir;
    writeText(at(dir, "in.jsonl"), "{\"ts\":1000,\"user\":\"a\",\"amount\":1}\n{\"ts\":2000,\"user\":\"b\",\"amount\":2}\n");
    nlohmann::json aggregate = {{"window", "tumbling"}, {"size", "10s"}, {"grace", "5s"}, {"timestamp", "ts"},
                                {"group_by", {"user"}}, {"aggregates", {"count(*) AS n", "sum(amount) AS total"}}};
    auto pipeline = [&](bool follow) {
      return makePipeline("restart",
                          {node("in", "source.file", {{"path", "in.jsonl"}, {"follow", follow}, {"poll_interval", "50ms"}}),
                           node("sum", "transform.aggregate", aggregate),
                           node("out", "sink.file", {{"path", "out.jsonl"}})},
                          {edge("in", "sum"), edge("sum", "out")});
    };
    {
      auto engine = makeEngine(pipeline(true), dir);
      engine->start();
      for (int i = 0; i < 100; ++i) {
        const runtime::NodeSnapshot* sum = findNode(engine->snapshot(), "sum");
        if (sum && sum->recordsIn >= 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      engine->stop();
      QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    }
    QVERIFY(readLines(at(dir, "out.jsonl")).empty());  // the window is still open
    QVERIFY(std::filesystem::is_directory(at(dir, "state/restart.state/sum")));
    {
      std::ofstream more(at(dir, "in.jsonl"), std::ios::app);
      more << "{\"ts\":3000,\"user\":\"a\",\"amount\":4}\n{\"ts\":30000,\"user\":\"b\",\"amount\":1}\n";
    }
    auto engine = makeEngine(pipeline(false), dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto w = [](const char* user, const char* start, const char* end, int n, int total) {
      return std::string("{\"user\":\"") + user + "\",\"window_start\":\"1970-01-01T00:00:" + start +
             "Z\",\"window_end\":\"1970-01-01T00:00:" + end + "Z\",\"n\":" + std::to_string(n) +
             ",\"total\":" + std::to_string(total) + "}";
    };
    QCOMPARE(sorted(readLines(at(dir, "out.jsonl"))),
             sorted({w("a", "00", "10", 2, 5), w("b", "00", "10", 1, 2), w("b", "30", "40", 1, 1)}));
  }

  void joinTwoFilesThroughNamedPorts() {
    QTemporaryDir dir;
    writeText(at(dir, "orders.jsonl"),
              "{\"order_id\":1,\"units\":3,\"at\":\"2024-05-01T10:00:00Z\"}\n"
              "{\"order_id\":2,\"units\":1,\"at\":\"2024-05-01T10:01:00Z\"}\n"
              "{\"order_id\":3,\"units\":7,\"at\":\"2024-05-01T10:02:00Z\"}\n");
    writeText(at(dir, "picks.jsonl"),
              "{\"order_id\":\"1\",\"warehouse\":\"north\",\"at\":\"2024-05-01T10:03:00Z\"}\n"   // 3 min later: joins
              "{\"order_id\":2,\"warehouse\":\"south\",\"at\":\"2024-05-01T10:09:00Z\"}\n"     // 8 min: too late to match
              "{\"order_id\":4,\"warehouse\":\"west\",\"at\":\"2024-05-01T10:04:00Z\"}\n");
    auto p = makePipeline(
        "join",
        {node("orders", "source.file", {{"path", "orders.jsonl"}}),
         node("picks", "source.file", {{"path", "picks.jsonl"}}),
         node("j", "transform.join",
              {{"type", "left"}, {"left_key", "order_id"}, {"right_key", "order_id"}, {"before", "0s"}, {"after", "5m"},
               {"grace", "1h"}, {"left_timestamp", "at"}, {"right_timestamp", "at"},
               {"select", "left.order_id AS order_id, left.units AS units, right.warehouse AS warehouse"}}),
         node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edgeTo("orders", "j", "left"), edgeTo("picks", "j", "right"), edge("j", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(sorted(readLines(at(dir, "out.jsonl"))),
             sorted({R"({"order_id":1,"units":3,"warehouse":"north"})", R"({"order_id":2,"units":1,"warehouse":null})",
                     R"({"order_id":3,"units":7,"warehouse":null})"}));
  }
};

QTEST_GUILESS_MAIN(TestStreamPipelines)
#include "test_stream_pipelines.moc"
