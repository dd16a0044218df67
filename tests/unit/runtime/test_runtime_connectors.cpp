// The built-in sources and sinks through the engine: datagen, file source
// (JSON lines, CSV, globs, follow, resume, malformed lines), file sink
// (rotation, torn lines), and the specs they register.
#include <QTemporaryDir>
#include <QtTest>

#include <set>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/connectors/datagen_source.h"
#include "core/record/json.h"
#include "runtime_test_util.h"

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
  o.checkpointIntervalMs = 50;
  auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
  if (!e) qFatal("%s", e.error().toString().c_str());
  return std::move(e).value();
}

std::string p(const QTemporaryDir& dir, const char* name) {
  return dir.filePath(QString::fromLatin1(name)).toStdString();
}

std::string jsonLines(int from, int to) {
  std::string s;
  for (int i = from; i < to; ++i) s += "{\"id\":" + std::to_string(i) + ",\"name\":\"n" + std::to_string(i) + "\"}\n";
  return s;
}

std::vector<int> ids(const std::vector<std::string>& lines) {
  std::vector<int> out;
  for (const auto& l : lines) out.push_back(nlohmann::json::parse(l)["id"].get<int>());
  return out;
}

std::vector<int> range(int from, int to) {
  std::vector<int> v;
  for (int i = from; i < to; ++i) v.push_back(i);
  return v;
}

}  // namespace

class TestRuntimeConnectors final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyNodeTypeHasASpecAndAFactory() {
    const auto& f = connectors::builtinFactories();
    for (const char* type : {"source.datagen", "source.file", "transform.unwrap", "sink.file", "sink.stdout"}) {
      const runtime::NodeFactory* factory = f.find(type);
      QVERIFY2(factory, type);
      QVERIFY(!factory->spec.help.empty());
      QVERIFY(factory->spec.findField("on_error"));
      QVERIFY(connectors::builtinSpecs().find(type));
    }
    QVERIFY(f.find("sink.file")->spec.findField("retries"));
    QVERIFY(!f.find("source.file")->spec.findField("retries"));
  }

  void datagenIsDeterministicPerSeedAndIndex() {
    using connectors::DatagenTemplate;
    for (auto t : {DatagenTemplate::Users, DatagenTemplate::Orders, DatagenTemplate::Products,
                   DatagenTemplate::Clickstream, DatagenTemplate::Iot}) {
      auto a = connectors::generateRecord(t, 42, 7), b = connectors::generateRecord(t, 42, 7);
      QVERIFY(a == b);
      QVERIFY(!(connectors::generateRecord(t, 43, 7) == a));
      QVERIFY(!(connectors::generateRecord(t, 42, 8) == a));
    }
    auto fields = [](connectors::DatagenTemplate t) {
      std::string names;
      auto r = connectors::generateRecord(t, 1, 0);  // kept alive: the loop borrows from it
      for (const auto& [k, v] : r.value.asObject()) names += k + " ";
      return names;
    };
    QCOMPARE(fields(DatagenTemplate::Products), std::string("id name category price last_updated "));
    QCOMPARE(fields(DatagenTemplate::Orders), std::string("order_id customer_id product category quantity unit_price "
                                                          "amount currency status country created_at "));
    QCOMPARE(fields(DatagenTemplate::Users),
             std::string("id first_name last_name email city country age is_active signup_ts "));
    QCOMPARE(fields(DatagenTemplate::Clickstream),
             std::string("ip userid remote_user time _time request status bytes referrer agent "));
    QCOMPARE(fields(DatagenTemplate::Iot),
             std::string("device_id device_type site temperature humidity pressure battery lat lon ts "));
    std::set<std::string> categories;
    for (std::uint64_t i = 0; i < 2000; ++i) {
      auto r = connectors::generateRecord(DatagenTemplate::Products, 42, i);
      categories.insert(std::string(r.value.find("category")->asString()));
      auto id = r.value.find("id")->asInt();
      QVERIFY(id >= 1 && id <= 1000);
      double price = r.value.find("price")->asDouble();
      QVERIFY(price > 0 && price < 1000);
    }
    QCOMPARE(categories,
             (std::set<std::string>{"cat_1", "cat_2", "cat_3", "cat_4", "cat_5", "cat_6", "cat_7", "cat_8", "cat_9"}));
    // The same product keeps its name and category across updates.
    std::map<std::int64_t, std::string> nameOf;
    for (std::uint64_t i = 0; i < 5000; ++i) {
      auto r = connectors::generateRecord(DatagenTemplate::Products, 42, i);
      std::string name(r.value.find("name")->asString());
      auto [it, inserted] = nameOf.emplace(r.value.find("id")->asInt(), name);
      QCOMPARE(it->second, name);
    }
    // Order sizes: about 200 bytes of JSON, as the benchmark assumes.
    std::size_t bytes = 0;
    for (std::uint64_t i = 0; i < 1000; ++i)
      bytes += record::toJson(connectors::generateRecord(DatagenTemplate::Orders, 42, i).value).size();
    QVERIFY2(bytes / 1000 > 170 && bytes / 1000 < 240, qPrintable(QString::number(bytes / 1000)));
  }

  void seededDatagenWritesExactlyTheGeneratedRecords() {
    QTemporaryDir dir;
    auto pipe =
        makePipeline("gen",
                     {node("gen", "source.datagen", {{"template", "users"}, {"seed", 7}, {"rate", 0}, {"count", 3000}}),
                      node("out", "sink.file", {{"path", "out/users.jsonl"}})},
                     {edge("gen", "out")});
    auto engine = makeEngine(pipe, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto lines = readLines(p(dir, "out/users.jsonl"));
    QCOMPARE(lines.size(), 3000u);
    for (std::uint64_t i = 0; i < 3000; i += 499)
      QCOMPARE(lines[i], record::toJson(connectors::generateRecord(connectors::DatagenTemplate::Users, 7, i).value));
    QVERIFY(lines[0].find("\"signup_ts\":\"20") != std::string::npos);
  }

  void datagenKeepsItsRate() {
    QTemporaryDir dir;
    auto pipe = makePipeline(
        "rate", {node("gen", "source.datagen", {{"rate", 400}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("gen", "out")});
    auto engine = makeEngine(pipe, dir);
    engine->start();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    auto n = readLines(p(dir, "out.jsonl")).size();
    QVERIFY2(n >= 250 && n <= 500, qPrintable(QString::number(n)));
  }

  void malformedLinesAreDeadLetteredAndTheRunGoesOn() {
    QTemporaryDir dir;
    writeText(p(dir, "in/data.jsonl"), "{\"id\":1}\n{\"id\":2,\n\n{\"id\":3}\nnot json at all\n{\"id\":4}");
    auto pipe = makePipeline(
        "bad",
        {node("in", "source.file", {{"path", "in/data.jsonl"}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "out")});
    auto engine = makeEngine(pipe, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(ids(readLines(p(dir, "out.jsonl"))), (std::vector<int>{1, 3, 4}));
    auto dead = readLines(p(dir, "dead-letter/in.jsonl"));
    QCOMPARE(dead.size(), 2u);
    auto first = nlohmann::json::parse(dead[0]), second = nlohmann::json::parse(dead[1]);
    QCOMPARE(first["raw"].get<std::string>(), std::string("{\"id\":2,"));
    QVERIFY(first["where"].get<std::string>().ends_with("data.jsonl:2"));
    QVERIFY(!first["error"].get<std::string>().empty());
    QCOMPARE(first["node"].get<std::string>(), std::string("in"));
    QCOMPARE(first["position"]["offset"].get<int>(), 9);  // byte offset of line 2
    QCOMPARE(second["raw"].get<std::string>(), std::string("not json at all"));
    QVERIFY(second["where"].get<std::string>().ends_with("data.jsonl:5"));
    auto snap = engine->snapshot();
    QCOMPARE(findNode(snap, "in")->errors, 2u);
    QCOMPARE(findNode(snap, "in")->deadLettered, 2u);
  }

  void fileSourceResumesAfterTheLastAcknowledgedLine() {
    QTemporaryDir dir;
    writeText(p(dir, "in.jsonl"), jsonLines(0, 1000));
    auto pipe = makePipeline(
        "resume",
        {node("in", "source.file", {{"path", "in.jsonl"}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "out")});
    QCOMPARE(stateName(runToEnd(*makeEngine(pipe, dir))), stateName(runtime::State::Stopped));
    {
      std::ofstream append(p(dir, "in.jsonl"), std::ios::app);
      append << jsonLines(1000, 1500) << "{\"id\": oops}\n";
    }
    auto second = makeEngine(pipe, dir);
    QCOMPARE(stateName(runToEnd(*second)), stateName(runtime::State::Stopped));
    QCOMPARE(ids(readLines(p(dir, "out.jsonl"))), range(0, 1500));
    // Line numbers stay right after resuming in the middle of the file.
    auto dead = readLines(p(dir, "dead-letter/in.jsonl"));
    QCOMPARE(dead.size(), 1u);
    QVERIFY2(nlohmann::json::parse(dead[0])["where"].get<std::string>().ends_with("in.jsonl:1501"), dead[0].c_str());
  }

  void globReadsFilesInNameOrder() {
    QTemporaryDir dir;
    writeText(p(dir, "logs/b.jsonl"), jsonLines(100, 200));
    writeText(p(dir, "logs/a.jsonl"), jsonLines(0, 100));
    writeText(p(dir, "logs/c.txt"), "ignored\n");
    auto pipe = makePipeline(
        "glob",
        {node("in", "source.file", {{"path", "logs/*.jsonl"}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "out")});
    QCOMPARE(stateName(runToEnd(*makeEngine(pipe, dir))), stateName(runtime::State::Stopped));
    QCOMPARE(ids(readLines(p(dir, "out.jsonl"))), range(0, 200));
  }

  void followPicksUpAppendedDataAndNewFiles() {
    QTemporaryDir dir;
    writeText(p(dir, "logs/a.jsonl"), jsonLines(0, 10));
    auto pipe = makePipeline(
        "follow",
        {node("in", "source.file", {{"path", "logs/*.jsonl"}, {"follow", true}, {"poll_interval", "20ms"}}),
         node("out", "sink.file", {{"path", "out.jsonl"}, {"fsync", "none"}})},
        {edge("in", "out")});
    auto engine = makeEngine(pipe, dir);
    engine->start();
    auto waitForLines = [&](std::size_t n) {
      for (int i = 0; i < 200 && readLines(p(dir, "out.jsonl")).size() < n; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return readLines(p(dir, "out.jsonl")).size();
    };
    QCOMPARE(waitForLines(10), 10u);
    {
      std::ofstream append(p(dir, "logs/a.jsonl"), std::ios::app);
      append << jsonLines(10, 15) << "{\"id\":15";  // the last line is still being written
    }
    QCOMPARE(waitForLines(15), 15u);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(readLines(p(dir, "out.jsonl")).size(), 15u);  // a partial line waits for its end
    {
      std::ofstream append(p(dir, "logs/a.jsonl"), std::ios::app);
      append << ",\"name\":\"n15\"}\n";
    }
    writeText(p(dir, "logs/b.jsonl"), jsonLines(16, 20));
    QCOMPARE(waitForLines(20), 20u);
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    QCOMPARE(ids(readLines(p(dir, "out.jsonl"))), range(0, 20));
  }

  void csvFilesBecomeTypedRecords() {
    QTemporaryDir dir;
    writeText(
        p(dir, "in.csv"),
        "id,name,price,active\n1,Desk Lamp,34.99,true\n2,\"Chair, oak\",120,false\n3,\"bad\"x,1,true\n4,,5.5,true\n");
    auto pipe = makePipeline("csv",
                             {node("in", "source.file", {{"path", "in.csv"}, {"format", "csv"}}),
                              node("out", "sink.file", {{"path", "out.jsonl"}})},
                             {edge("in", "out")});
    auto engine = makeEngine(pipe, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto lines = readLines(p(dir, "out.jsonl"));
    QCOMPARE(lines.size(), 3u);
    QCOMPARE(lines[0], std::string("{\"id\":1,\"name\":\"Desk Lamp\",\"price\":34.99,\"active\":true}"));
    QCOMPARE(lines[1], std::string("{\"id\":2,\"name\":\"Chair, oak\",\"price\":120,\"active\":false}"));
    QCOMPARE(lines[2], std::string("{\"id\":4,\"name\":null,\"price\":5.5,\"active\":true}"));
    auto dead = readLines(p(dir, "dead-letter/in.jsonl"));
    QCOMPARE(dead.size(), 1u);
    QVERIFY2(nlohmann::json::parse(dead[0])["where"].get<std::string>().ends_with("in.csv:4"), dead[0].c_str());
  }

  void fileSinkRotatesBySize() {
    QTemporaryDir dir;
    writeText(p(dir, "in.jsonl"), jsonLines(0, 5000));
    auto pipe = makePipeline("rotate",
                             {node("in", "source.file", {{"path", "in.jsonl"}}),
                              node("out", "sink.file", {{"path", "out/data.jsonl"}, {"rotate_size", "20KiB"}})},
                             {edge("in", "out")});
    QCOMPARE(stateName(runToEnd(*makeEngine(pipe, dir))), stateName(runtime::State::Stopped));
    std::vector<int> all;
    int files = 0;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(p(dir, "out"))) paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      ++files;
      QVERIFY(std::filesystem::file_size(path) <= 20 * 1024 + 30 * 1024);  // at most one batch beyond
      auto part = ids(readLines(path));
      all.insert(all.end(), part.begin(), part.end());
    }
    QVERIFY2(files >= 3, qPrintable(QString::number(files)));
    std::sort(all.begin(), all.end());
    QCOMPARE(all, range(0, 5000));
  }

  void fileSinkCutsATornLastLine() {
    QTemporaryDir dir;
    writeText(p(dir, "out.jsonl"), "{\"id\":-1}\n{\"id\":-2,\"na");
    writeText(p(dir, "in.jsonl"), jsonLines(0, 3));
    auto pipe = makePipeline(
        "torn", {node("in", "source.file", {{"path", "in.jsonl"}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "out")});
    QCOMPARE(stateName(runToEnd(*makeEngine(pipe, dir))), stateName(runtime::State::Stopped));
    QCOMPARE(ids(readLines(p(dir, "out.jsonl"))), (std::vector<int>{-1, 0, 1, 2}));
  }

  void missingInputFailsWithAReason() {
    QTemporaryDir dir;
    auto pipe = makePipeline(
        "missing",
        {node("in", "source.file", {{"path", "nothing/*.jsonl"}}), node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("in", "out")});
    auto engine = makeEngine(pipe, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Failed));
    QVERIFY2(engine->reason().find("no file matches") != std::string::npos, engine->reason().c_str());
  }
};

QTEST_APPLESS_MAIN(TestRuntimeConnectors)
#include "test_runtime_connectors.moc"
