// Same answer when stateful work scales out: a fixed input of orders and
// shipments (out-of-order records within grace, late records beyond it) is
// produced to a 3-partition topic (partition = the item's number mod 3, so an
// order, its shipment and its item's windows share a partition) and read by
// a windowed aggregate and a windowed left join on `tributary-runner serve`
// runners of one standalone broker, in two pipelines at once:
//   calm   — on one runner throughout;
//   scaled — on the same runner first; mid-stream (mid-window) two more
//            runners start and get the pipeline, so the group moves
//            partitions: each revoked partition's state is flushed and let go,
//            and the runner that takes it over restores it from the changelog.
// The independent Python check (state_check.py, per-partition stream time)
// computes the expected aggregates, join rows and late records; both runs
// must match it exactly, with duplicates counted and identical in content.
// kafka-python then reads the scaled run's changelog topics: partition p
// holds only state of input partition p. A second case runs the input on
// three runners and kills one with SIGKILL mid-stream, restarting it at once.
// A third case joins two different topics (orders and shipments, 3
// partitions each): once with the topics declared co-partitioned, once with
// the planner repartitioning both sides; each on one runner throughout and on
// one runner that two more join mid-window. The join's two inputs are read by
// one group member per runner (the join's group), and a Python sampler of
// the group's assignment checks that every runner holds the same partition
// numbers of both topics at every moment.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/integration/remote/remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kOrders = 30000;
constexpr int kPartitions = 3;
// The join's stream time is the largest event time seen on either input; its
// two inputs (two branches of one topic) reach it in batches whose interleaving
// depends on scheduling, so one side can run minutes of event time ahead of the
// other. A grace of 10 minutes covers that skew (the input spans 20 minutes);
// late records are 40 minutes behind.
constexpr int kGraceMs = 600000;
const std::string kClients = TRIBUTARY_SOURCE_DIR "/tests/integration/stream/scaleout_clients.py";
const std::string kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";

// Returns the number of lines written. Every event carries its order's item.
int writeInput(const std::string& path) {
  std::ofstream in(path);
  const std::int64_t t0 = 1714557600000;  // 2024-05-01T10:00:00Z
  int lines = 0;
  std::int64_t last = t0;
  for (int i = 0; i < kOrders; ++i) {
    std::int64_t ts = t0 + std::int64_t{i} * 40;  // 20 minutes of event time
    if (i % 997 == 0 && i > 0)
      ts -= 40 * 60000;  // late: 40 minutes behind, grace is 10
    else if (i % 7 == 0)
      ts -= 20000;  // out of order, within grace
    last = std::max(last, ts);
    std::string item = "item-" + std::to_string((i * 31) % 20);
    in << "{\"kind\":\"order\",\"id\":" << i << ",\"ts\":" << ts << ",\"item\":\"" << item
       << "\",\"units\":" << 1 + i % 9 << "}\n";
    ++lines;
    if (i % 3 != 0) {
      in << "{\"kind\":\"ship\",\"order_id\":";
      if (i % 2)
        in << '"' << i << '"';
      else
        in << i;
      in << ",\"ts\":" << ts + 30000 << ",\"item\":\"" << item << "\",\"carrier\":\"carrier-" << i % 4 << "\"}\n";
      ++lines;
    }
  }
  // One order an hour later per partition: a topic has no end, so these move
  // every partition's stream time past the real windows and join buffers.
  for (int p = 0; p < kPartitions; ++p) {
    in << "{\"kind\":\"order\",\"id\":" << kOrders + p << ",\"ts\":" << last + 3600000 << ",\"item\":\"item-" << p
       << "\",\"units\":1}\n";
    ++lines;
  }
  return lines;
}

std::string pipelineText(const std::string& name, const std::string& bootstrap, const std::string& topic = "events") {
  nlohmann::json p = nlohmann::json::parse(R"({"tributary": 1, "nodes": [
  {"id": "events", "type": "topic", "config": {"name": "events", "partitions": 3}},
  {"id": "orders", "type": "transform.filter", "config": {"condition": "kind = 'order'"}},
  {"id": "ships", "type": "transform.filter", "config": {"condition": "kind = 'ship'"}},
  {"id": "agg", "type": "transform.aggregate", "config": {"window": "tumbling", "size": "1m", "grace": "10m",
    "timestamp": "ts", "group_by": ["item"], "aggregates": ["count(*) AS n", "sum(units) AS units"],
    "co_partitioned": true, "dead_letter_path": "RUN/late-agg.jsonl"}},
  {"id": "join", "type": "transform.join", "config": {"type": "left", "mode": "window", "left_key": "id",
    "right_key": "order_id", "before": "1m", "after": "2m", "grace": "10m", "left_timestamp": "ts",
    "right_timestamp": "ts", "select": "left.id AS id, left.item AS item, right.carrier AS carrier",
    "co_partitioned": true, "dead_letter_path": "RUN/late-join.jsonl"}},
  {"id": "aggout", "type": "sink.file", "config": {"path": "RUN/agg.jsonl", "fsync": "none"}},
  {"id": "joinout", "type": "sink.file", "config": {"path": "RUN/join.jsonl", "fsync": "none"}}],
 "edges": [{"from": "events", "to": "orders"}, {"from": "events", "to": "ships"},
  {"from": "orders", "to": "agg"}, {"from": "agg", "to": "aggout"},
  {"from": "orders", "to": "join", "toPort": "left"}, {"from": "ships", "to": "join", "toPort": "right"},
  {"from": "join", "to": "joinout"}]})");
  p["name"] = name;
  p["cluster"] = {{"bootstrap", bootstrap}};
  p["nodes"][0]["config"]["name"] = topic;
  for (auto& n : p["nodes"])
    for (const char* field : {"path", "dead_letter_path"})
      if (n["config"].contains(field)) {
        std::string v = n["config"][field];
        n["config"][field] = name + v.substr(3);
      }
  return p.dump();
}

// orders -> aggregate (its topic is partitioned by item) and join left;
// shipments -> join right. `repartitioned`: the join does not vouch for its
// inputs' partitioning, so the planner repartitions both sides by the join key.
std::string twoTopicPipelineText(const std::string& name, const std::string& bootstrap, bool repartitioned) {
  nlohmann::json p = nlohmann::json::parse(pipelineText(name, bootstrap));
  nlohmann::json nodes = nlohmann::json::array();
  for (auto& n : p["nodes"]) {
    if (n["id"] == "events") {
      nodes.push_back({{"id", "orders"}, {"type", "topic"}, {"config", {{"name", name + "-orders"}, {"partitions", 3}}}});
      nodes.push_back({{"id", "ships"}, {"type", "topic"}, {"config", {{"name", name + "-ships"}, {"partitions", 3}}}});
      continue;
    }
    if (n["id"] == "orders" || n["id"] == "ships") continue;  // the filters: each topic holds one kind
    if (n["id"] == "join" && repartitioned) n["config"].erase("co_partitioned");
    nodes.push_back(n);
  }
  p["nodes"] = nodes;
  p["edges"] = nlohmann::json::parse(R"([{"from": "orders", "to": "agg"}, {"from": "agg", "to": "aggout"},
    {"from": "orders", "to": "join", "toPort": "left"}, {"from": "ships", "to": "join", "toPort": "right"},
    {"from": "join", "to": "joinout"}])");
  return p.dump();
}

std::uintmax_t fileSize(const std::string& path) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

class TestStreamScaleout final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<ChildProcess> m_broker;
  std::string m_bootstrap;
  Runner m_runners[3];
  int m_lines = 0;

  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }
  std::string work(int runner, const std::string& run) const { return m_runners[runner].stateDir + "/work/" + run; }
  Shell py(const std::string& script, const std::string& args) {
    return shell(std::string(kDebianPython) + " " + script + " " + args + " 2>&1");
  }
  QJsonObject check(const std::string& runs, const char* joinPartitioning = "item") {
    Run r = runProcess(QString::fromLatin1(kDebianPython),
                       {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/stream/state_check.py"),
                        QString::fromStdString(path("events.jsonl")), QString::fromStdString(runs),
                        QString::number(kPartitions), QString::number(kGraceMs), QString::fromLatin1(joinPartitioning)},
                       120000, {}, Channels::Separate);
    if (r.exitCode != 0) qWarning("state_check.py: %s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }
  // Members of the scaled pipeline's group and how many partitions each holds.
  std::vector<int> members(const std::string& run = "scaled", const std::string& node = "events") {
    Shell s = py(kRemoteClients, "group " + m_bootstrap + " tributary." + run + "." + node);
    auto g = nlohmann::json::parse(s.out, nullptr, false);
    std::vector<int> out;
    if (!g.is_object() || g.value("state", "") != "Stable") return out;
    for (const auto& m : g["members"]) out.push_back(static_cast<int>(m["partitions"].size()));
    return out;
  }
  // The sum of a run's committed offsets on its topic.
  long long committed(const std::string& run, const std::string& node = "events") {
    Shell s = py(kClients, "committed " + m_bootstrap + " tributary." + run + "." + node);
    try {
      return std::stoll(s.out);
    } catch (...) {
      return -1LL;
    }
  }
  std::string logs() {
    std::string out;
    for (auto& r : m_runners) {
      std::string l = r.log();
      out += "---- " + r.logFile + "\n" + l.substr(l.size() > 5000 ? l.size() - 5000 : 0);
    }
    return out;
  }
  bool startRunner(int i) {
    m_runners[i].stateDir = path("runner" + std::to_string(i));
    m_runners[i].logFile = path("runner" + std::to_string(i) + ".err");
    for (const char* run : {"calm", "scaled"}) std::filesystem::create_directories(work(i, run));
    return m_runners[i].start();
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_broker = std::make_unique<ChildProcess>(
        std::vector<std::string>{TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", path("broker")},
        path("broker.err"), true);
    m_bootstrap = readListeningLine(*m_broker, 30s);
    QVERIFY2(!m_bootstrap.empty(), slurp(path("broker.err")).c_str());
    m_lines = writeInput(path("events.jsonl"));
    Shell created = py(kRemoteClients, "create-topic " + m_bootstrap + " events " + std::to_string(kPartitions));
    QVERIFY2(created.code == 0, created.out.c_str());
  }

  void scaledFromOneToThreeRunnersMidWindow() {
    auto started = std::chrono::steady_clock::now();
    QVERIFY2(startRunner(0), m_runners[0].log().c_str());
    for (const char* name : {"calm", "scaled"}) {
      auto d = m_runners[0].client->deploy(pipelineText(name, m_bootstrap), true);
      QVERIFY2(d, d ? "" : d.error().toString().c_str());
    }
    // A third of the input, then wait until runner 0 has absorbed some of it.
    const int third = m_lines / 3;
    Shell first = py(kClients, "produce " + m_bootstrap + " events " + path("events.jsonl") + " 0 " +
                                   std::to_string(third) + " 0 " + std::to_string(kPartitions));
    QVERIFY2(first.code == 0, first.out.c_str());
    // (With 10 minutes of grace no window has closed yet: the aggregate's windows are all open.)
    QVERIFY2(waitUntil([&] { return fileSize(work(0, "scaled") + "/join.jsonl") > 0; }, 60s, 200ms),
             logs().c_str());
    QCOMPARE(members(), std::vector<int>{kPartitions});
    qInfo("runner 0 holds all %d partitions and has emitted join rows; starting two more runners", kPartitions);

    // The rest arrives over ~12 s while two more runners join the scaled pipeline's group.
    const int real = m_lines - kPartitions;  // the last lines are the closing orders
    ChildProcess rest({kDebianPython, kClients, "produce", m_bootstrap, "events", path("events.jsonl"),
                       std::to_string(third), std::to_string(real - third), "12", std::to_string(kPartitions)},
                      path("produce-rest.err"));
    for (int i : {1, 2}) {
      QVERIFY2(startRunner(i), m_runners[i].log().c_str());
      auto d = m_runners[i].client->deploy(pipelineText("scaled", m_bootstrap), true);
      QVERIFY2(d, d ? "" : d.error().toString().c_str());
    }
    auto restExit = rest.wait(120s);
    QVERIFY2(restExit && *restExit == 0, slurp(path("produce-rest.err")).c_str());
    QVERIFY2(waitUntil([&] { return members() == std::vector<int>{1, 1, 1}; }, 45s, 500ms), logs().c_str());
    qInfo("the scaled pipeline's group spreads the %d partitions over three runners", kPartitions);
    // The closing orders go in once both runs have committed every record before
    // them: arriving together, the closing order could reach the join ahead of
    // the last shipments (two branches) and make them late.
    QVERIFY2(waitUntil([&] { return committed("calm") == real && committed("scaled") == real; }, 60s, 500ms),
             logs().c_str());
    Shell closing = py(kClients, "produce " + m_bootstrap + " events " + path("events.jsonl") + " " +
                                     std::to_string(real) + " " + std::to_string(kPartitions) + " 0 " +
                                     std::to_string(kPartitions));
    QVERIFY2(closing.code == 0, closing.out.c_str());

    // Both runs reach the answer of the independent check.
    const std::string scaledRuns = work(0, "scaled") + "," + work(1, "scaled") + "," + work(2, "scaled");
    QJsonObject calm, scaled;
    bool done = waitUntil([&] {
      calm = check(work(0, "calm"));
      scaled = check(scaledRuns);
      return calm.value(QStringLiteral("ok")).toBool() && scaled.value(QStringLiteral("ok")).toBool();
    }, 60s, 2000ms);
    qInfo("one runner: %s", QJsonDocument(calm).toJson(QJsonDocument::Compact).constData());
    qInfo("1 -> 3 runners: %s", QJsonDocument(scaled).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(done, logs().c_str());
    QCOMPARE(calm.value(QStringLiteral("aggregate_duplicates")).toInt(), 0);
    QCOMPARE(calm.value(QStringLiteral("join_duplicates")).toInt(), 0);
    QVERIFY(calm.value(QStringLiteral("late_aggregate")).toInt() >= 25);
    QVERIFY(calm.value(QStringLiteral("aggregates")).toInt() >= 380);
    // A handover flushes the revoked partition's state, outbox included, and
    // commits past it; the next owner sees that the stored results' proofs lie
    // before where its source resumed and does not emit them again. (Without
    // that, each of the two eager rebalances repeated about two flush
    // intervals of join rows: 960-6,980 duplicates in five runs.) Any
    // duplicates are counted and identical in content (the check compares them).
    QCOMPARE(scaled.value(QStringLiteral("aggregate_duplicates")).toInt(), 0);
    QVERIFY(scaled.value(QStringLiteral("join_duplicates")).toInt() <= 500);
    // Every runner did a share of the scaled run, and restored partitions from the changelog.
    for (int i = 0; i < 3; ++i)
      QVERIFY2(fileSize(work(i, "scaled") + "/join.jsonl") > 0,
               ("runner " + std::to_string(i) + " wrote no join rows").c_str());
    int restores = 0;
    for (int i : {1, 2})
      if (m_runners[i].log().find("restored the state store") != std::string::npos) ++restores;
    QCOMPARE(restores, 2);
    // ... and show it in their status: records applied of records to apply, per stateful node.
    for (int i : {1, 2}) {
      auto status = m_runners[i].client->pipeline("scaled");
      QVERIFY2(status, status ? "" : status.error().toString().c_str());
      int shown = 0;
      for (const auto& n : (*status)["nodes"])
        if (n.contains("restore") && n["restore"]["of"].get<std::int64_t>() > 0 &&
            n["restore"]["records"] == n["restore"]["of"])
          ++shown;
      QVERIFY2(shown == 2, status->dump().c_str());
    }

    // Changelog partition p holds only state of input partition p (kafka-python).
    for (const char* node : {"agg", "join"}) {
      Shell c = py(kClients, "changelog " + m_bootstrap + " scaled-" + node + "-changelog " + std::to_string(kPartitions) +
                                    " " + std::to_string(kOrders));
      auto j = nlohmann::json::parse(c.out, nullptr, false);
      qInfo("changelog scaled-%s-changelog: %s", node, c.out.c_str());
      QVERIFY2(j.is_object() && j["complete"] == true, c.out.c_str());
      QCOMPARE(j["partitions"].get<int>(), kPartitions);
      QCOMPARE(j["foreign_count"].get<int>(), 0);
      for (const auto& [p, keys] : j["per_partition"].items()) QVERIFY2(keys.get<int>() > 0, c.out.c_str());
      for (const auto& [p, markers] : j["markers"].items()) QVERIFY2(markers.get<int>() > 0, c.out.c_str());
    }
    qInfo("scale-out test took %.1f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  // kill -9 of one of three runners while records arrive, restarted at once on
  // its state folder: it gets its partition back (static membership), brings
  // that partition's store up to date from the changelog if it is behind, and
  // skips what the state covers; the answer is the same, duplicates bounded
  // (results of about the last flush interval before the kill).
  void aKilledRunnerResumesItsPartition() {
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i) std::filesystem::create_directories(work(i, "crashed"));
    Shell created = py(kRemoteClients, "create-topic " + m_bootstrap + " events2 " + std::to_string(kPartitions));
    QVERIFY2(created.code == 0, created.out.c_str());
    for (auto& r : m_runners) {
      auto d = r.client->deploy(pipelineText("crashed", m_bootstrap, "events2"), true);
      QVERIFY2(d, d ? "" : d.error().toString().c_str());
    }
    QVERIFY2(waitUntil([&] { return members("crashed") == std::vector<int>{1, 1, 1}; }, 45s, 500ms), logs().c_str());
    const int real = m_lines - kPartitions;
    ChildProcess feed({kDebianPython, kClients, "produce", m_bootstrap, "events2", path("events.jsonl"), "0",
                       std::to_string(real), "10", std::to_string(kPartitions)},
                      path("produce-crashed.err"));
    auto joined = [&] {
      std::uintmax_t bytes = 0;
      for (int i = 0; i < 3; ++i) bytes += fileSize(work(i, "crashed") + "/join.jsonl");
      return bytes;
    };
    QVERIFY2(waitUntil([&] { return joined() > 400000; }, 30s, 100ms), logs().c_str());  // about a third of the rows
    m_runners[1].process->signal(SIGKILL);
    QVERIFY(m_runners[1].process->wait(10s).has_value());
    const bool arriving = feed.running();
    m_runners[1].logFile = path("runner1-restarted.err");
    QVERIFY2(m_runners[1].start(), m_runners[1].log().c_str());
    qInfo("runner 1 killed with -9 and restarted %s", arriving ? "while records arrived" : "after the last record");
    auto fed = feed.wait(120s);
    QVERIFY2(fed && *fed == 0, slurp(path("produce-crashed.err")).c_str());
    QVERIFY2(waitUntil([&] { return committed("crashed") == real; }, 60s, 500ms), logs().c_str());
    Shell closing = py(kClients, "produce " + m_bootstrap + " events2 " + path("events.jsonl") + " " +
                                     std::to_string(real) + " " + std::to_string(kPartitions) + " 0 " +
                                     std::to_string(kPartitions));
    QVERIFY2(closing.code == 0, closing.out.c_str());
    QJsonObject crashed;
    bool done = waitUntil([&] {
      crashed = check(work(0, "crashed") + "," + work(1, "crashed") + "," + work(2, "crashed"));
      return crashed.value(QStringLiteral("ok")).toBool();
    }, 60s, 2000ms);
    qInfo("3 runners, one killed and restarted: %s", QJsonDocument(crashed).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(done, logs().c_str());
    QVERIFY(crashed.value(QStringLiteral("aggregate_duplicates")).toInt() <= 40);
    QVERIFY(crashed.value(QStringLiteral("join_duplicates")).toInt() <= 3000);
    qInfo("kill -9 case took %.1f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  void twoTopicJoinScaledFromOneToThreeRunners_data() {
    QTest::addColumn<bool>("repartitioned");
    QTest::newRow("co-partitioned topics") << false;
    QTest::newRow("both sides repartitioned") << true;
  }

  // A join of two different topics: one runner throughout (calm) and one
  // runner that two more join mid-window (scaled) reach the independent
  // answer; every runner holds the same partition numbers of both of the
  // join's topics at every moment (its group's assignment, sampled with
  // kafka-python); changelog partition p holds only keys of input partition p.
  void twoTopicJoinScaledFromOneToThreeRunners() {
    QFETCH(bool, repartitioned);
    auto started = std::chrono::steady_clock::now();
    const std::string calm = repartitioned ? "rcalm" : "ccalm", scaled = repartitioned ? "rscaled" : "cscaled";
    for (int i = 0; i < 3; ++i)  // (when run on its own)
      if (!m_runners[i].process || !m_runners[i].process->running()) QVERIFY2(startRunner(i), m_runners[i].log().c_str());
    for (int i = 0; i < 3; ++i)
      for (const std::string& run : {calm, scaled}) std::filesystem::create_directories(work(i, run));
    for (const std::string& run : {calm, scaled})
      for (const char* topic : {"-orders", "-ships"}) {
        Shell created = py(kRemoteClients, "create-topic " + m_bootstrap + " " + run + topic + " " +
                                               std::to_string(kPartitions));
        QVERIFY2(created.code == 0, created.out.c_str());
      }
    for (const std::string& run : {calm, scaled}) {
      auto d = m_runners[0].client->deploy(twoTopicPipelineText(run, m_bootstrap, repartitioned), true);
      QVERIFY2(d, d ? "" : d.error().toString().c_str());
    }
    // The join's topics as its group reads them: the inputs, or the repartition topics.
    auto joinTopics = [&](const std::string& run) {
      return repartitioned ? run + "-join-left-repartition," + run + "-join-right-repartition"
                           : run + "-orders," + run + "-ships";
    };
    auto produce = [&](const std::string& run, int first, int count, int seconds) {
      return py(kClients, "produce " + m_bootstrap + " " + run + "-orders," + run + "-ships " + path("events.jsonl") +
                              " " + std::to_string(first) + " " + std::to_string(count) + " " +
                              std::to_string(seconds) + " " + std::to_string(kPartitions));
    };
    const int third = m_lines / 3;
    for (const std::string& run : {calm, scaled}) {
      Shell first = produce(run, 0, third, 0);
      QVERIFY2(first.code == 0, first.out.c_str());
    }
    QVERIFY2(waitUntil([&] { return fileSize(work(0, scaled) + "/join.jsonl") > 0; }, 60s, 200ms), logs().c_str());
    QCOMPARE(members(scaled, "join"), std::vector<int>{2 * kPartitions});  // both topics, one member
    qInfo("runner 0 reads %s in one member of group tributary.%s.join; two more runners join", joinTopics(scaled).c_str(),
          scaled.c_str());

    // The rest arrives over ~12 s in both runs. (All at once, one runner read
    // the backlog of one topic minutes of event time ahead of the other and
    // dead-lettered 5,810 records as late: see "Time" in
    // docs/stream-processing.md.)
    const int real = m_lines - kPartitions;
    ChildProcess sampler({kDebianPython, kClients, "assignments", m_bootstrap, "tributary." + scaled + ".join", "25",
                          path(scaled + "-assignments.json")},
                         path(scaled + "-assignments.err"));
    ChildProcess restCalm({kDebianPython, kClients, "produce", m_bootstrap, calm + "-orders," + calm + "-ships",
                           path("events.jsonl"), std::to_string(third), std::to_string(real - third), "12",
                           std::to_string(kPartitions)},
                          path(calm + "-produce-rest.err"));
    ChildProcess rest({kDebianPython, kClients, "produce", m_bootstrap, scaled + "-orders," + scaled + "-ships",
                       path("events.jsonl"), std::to_string(third), std::to_string(real - third), "12",
                       std::to_string(kPartitions)},
                      path(scaled + "-produce-rest.err"));
    // 1 -> 2 -> 3 runners: with two members, an assignor that does not keep
    // partition numbers together (roundrobin) would split them.
    for (int i : {1, 2}) {
      auto d = m_runners[i].client->deploy(twoTopicPipelineText(scaled, m_bootstrap, repartitioned), true);
      QVERIFY2(d, d ? "" : d.error().toString().c_str());
      if (i == 1)
        QVERIFY2(waitUntil([&] {
          auto m = members(scaled, "join");
          return m.size() == 2 && m[0] + m[1] == 2 * kPartitions;
        }, 30s, 300ms), logs().c_str());
    }
    for (ChildProcess* p : {&restCalm, &rest}) {
      auto exited = p->wait(120s);
      QVERIFY2(exited && *exited == 0, slurp(path(scaled + "-produce-rest.err")).c_str());
    }
    QVERIFY2(waitUntil([&] { return members(scaled, "join") == std::vector<int>{2, 2, 2}; }, 45s, 500ms),
             logs().c_str());
    QVERIFY2(waitUntil([&] { return committed(calm, "join") >= real && committed(scaled, "join") >= real; }, 60s,
                       500ms),
             logs().c_str());
    for (const std::string& run : {calm, scaled}) {
      Shell closing = produce(run, real, kPartitions, 0);
      QVERIFY2(closing.code == 0, closing.out.c_str());
    }
    const std::string scaledRuns = work(0, scaled) + "," + work(1, scaled) + "," + work(2, scaled);
    const char* joinPartitioning = repartitioned ? "murmur2" : "item";
    QJsonObject calmResult, scaledResult;
    bool done = waitUntil([&] {
      calmResult = check(work(0, calm), joinPartitioning);
      scaledResult = check(scaledRuns, joinPartitioning);
      return calmResult.value(QStringLiteral("ok")).toBool() && scaledResult.value(QStringLiteral("ok")).toBool();
    }, 60s, 2000ms);
    qInfo("one runner: %s", QJsonDocument(calmResult).toJson(QJsonDocument::Compact).constData());
    qInfo("1 -> 3 runners: %s", QJsonDocument(scaledResult).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(done, logs().c_str());
    QCOMPARE(calmResult.value(QStringLiteral("join_duplicates")).toInt(), 0);
    QVERIFY(calmResult.value(QStringLiteral("late_join")).toInt() >= 25);
    QVERIFY(scaledResult.value(QStringLiteral("join_duplicates")).toInt() <= 500);
    for (int i = 0; i < 3; ++i)
      QVERIFY2(fileSize(work(i, scaled) + "/join.jsonl") > 0,
               ("runner " + std::to_string(i) + " wrote no join rows").c_str());

    // Every sample of the join group's assignment: each member the same partition numbers of both topics.
    auto sampled = sampler.wait(60s);
    QVERIFY2(sampled && *sampled == 0, slurp(path(scaled + "-assignments.err")).c_str());
    std::string samples = slurp(path(scaled + "-assignments.json"));
    qInfo("assignments of tributary.%s.join: %s", scaled.c_str(), samples.c_str());
    auto a = nlohmann::json::parse(samples, nullptr, false);
    QVERIFY2(a.is_object() && a["samples"].get<int>() >= 20, samples.c_str());
    QCOMPARE(a["members_seen"].get<int>(), 3);
    QCOMPARE(a["mismatch_count"].get<int>(), 0);

    // Changelog partition p holds only keys of input partition p (kafka-python).
    for (const char* node : {"agg", "join"}) {
      const std::string mode = repartitioned && std::string(node) == "join" ? " murmur2" : "";
      Shell c = py(kClients, "changelog " + m_bootstrap + " " + scaled + "-" + node + "-changelog " +
                                    std::to_string(kPartitions) + " " + std::to_string(kOrders) + mode);
      auto j = nlohmann::json::parse(c.out, nullptr, false);
      qInfo("changelog %s-%s-changelog: %s", scaled.c_str(), node, c.out.c_str());
      QVERIFY2(j.is_object() && j["complete"] == true, c.out.c_str());
      QCOMPARE(j["foreign_count"].get<int>(), 0);
      for (const auto& [p, keys] : j["per_partition"].items()) QVERIFY2(keys.get<int>() > 0, c.out.c_str());
    }
    for (const std::string& run : {calm, scaled})
      for (auto& r : m_runners) (void)r.client->remove(run);
    qInfo("two-topic join case took %.1f s",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  void cleanupTestCase() {
    for (auto& r : m_runners)
      if (r.process && r.process->running()) {
        r.process->signal(SIGTERM);
        r.process->wait(30s);
      }
    if (m_broker) {
      m_broker->signal(SIGTERM);
      m_broker->wait(20s);
    }
  }
};

QTEST_GUILESS_MAIN(TestStreamScaleout)
#include "test_stream_scaleout.moc"
