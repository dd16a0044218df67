// The engine with fake nodes: delivery and acknowledgement order, checkpoints
// and resume, back-pressure, error policies, sink retries, lifecycle events.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/record/json.h"
#include "core/runtime/ack_tracker.h"
#include "core/runtime/engine.h"
#include "core/runtime/error_policy.h"
#include "runtime_test_util.h"

using namespace tributary;
using namespace tributary::testing;
using record::Record;
using record::Value;

namespace {

// What the fake sinks received, per sink node id.
struct Collected {
  std::mutex mutex;
  std::map<std::string, std::vector<std::int64_t>> values;
  std::map<std::string, int> writeCalls;
  void clear() {
    std::lock_guard lock(mutex);
    values.clear();
    writeCalls.clear();
  }
  std::vector<std::int64_t> of(const std::string& id) {
    std::lock_guard lock(mutex);
    return values[id];
  }
};
Collected g_collected;

// Emits {"n": i} for i in [start, count) in batches, position = i + 1.
class CountingSource final : public runtime::Source {
 public:
  CountingSource(std::int64_t count, std::int64_t badEvery) : m_count(count), m_badEvery(badEvery) {}
  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    m_next = m_restored = checkpoint.is_object() ? checkpoint.value("next", std::int64_t{0}) : 0;
    return {};
  }
  runtime::PollResult poll(record::Batch& out, std::size_t max, runtime::ErrorReporter&) override {
    runtime::PollResult r;
    for (std::size_t i = 0; i < max && (m_count < 0 || m_next < m_count); ++i, ++m_next) {
      Record rec;
      rec.value.set("n", Value(m_next));
      if (m_badEvery > 0 && m_next % m_badEvery == 0) rec.value.set("bad", Value(true));
      rec.position = {0, m_next};
      out.push_back(std::move(rec));
    }
    r.resume.push_back({0, m_next});
    r.end = m_count >= 0 && m_next >= m_count;
    return r;
  }
  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    auto it = committed.find(0);
    return {{"next", it == committed.end() ? m_restored.load() : it->second}};
  }

 private:
  std::int64_t m_count, m_badEvery;
  std::int64_t m_next = 0;
  std::atomic<std::int64_t> m_restored{0};
};

// Reports records that have a "bad" field.
class RejectingTransform final : public runtime::Transform {
 public:
  void process(record::Batch& batch, runtime::ErrorReporter& errors) override {
    record::Batch kept;
    for (Record& r : batch) {
      if (r.value.find("bad"))
        errors.report(r, makeError(ErrorCode::Invalid, "the record is bad", "field bad"));
      else
        kept.push_back(std::move(r));
    }
    batch.swap(kept);
  }
};

class CollectingSink final : public runtime::Sink {
 public:
  CollectingSink(std::string id, int delayMs, int failFirst, bool alwaysFail)
      : m_id(std::move(id)), m_delayMs(delayMs), m_failFirst(failFirst), m_alwaysFail(alwaysFail) {}
  Status open(runtime::ErrorReporter&) override { return {}; }
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter&) override {
    if (m_delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(m_delayMs));
    std::lock_guard lock(g_collected.mutex);
    int call = ++g_collected.writeCalls[m_id];
    if (m_alwaysFail || call <= m_failFirst) return makeError(ErrorCode::Unavailable, "server went away");
    for (const Record& r : batch) g_collected.values[m_id].push_back(r.value.find("n")->asInt());
    return std::uint64_t{batch.size() * 10};
  }

 private:
  std::string m_id;
  int m_delayMs, m_failFirst;
  bool m_alwaysFail;
};

const runtime::FactoryRegistry& fakes() {
  static const runtime::FactoryRegistry registry = [] {
    runtime::FactoryRegistry r;
    runtime::NodeFactory src;
    src.spec.type = "test.count";
    src.spec.category = model::NodeCategory::Source;
    src.source = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Source>> {
      return std::unique_ptr<runtime::Source>(std::make_unique<CountingSource>(
          c.config.value("count", std::int64_t{-1}), c.config.value("bad_every", std::int64_t{0})));
    };
    r.add(src);
    runtime::NodeFactory tx;
    tx.spec.type = "test.reject";
    tx.spec.category = model::NodeCategory::Transform;
    tx.transform = [](const runtime::NodeContext&) -> Result<std::unique_ptr<runtime::Transform>> {
      return std::unique_ptr<runtime::Transform>(std::make_unique<RejectingTransform>());
    };
    r.add(tx);
    runtime::NodeFactory sink;
    sink.spec.type = "test.collect";
    sink.spec.category = model::NodeCategory::Sink;
    sink.sink = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Sink>> {
      return std::unique_ptr<runtime::Sink>(std::make_unique<CollectingSink>(c.nodeId, c.config.value("delay_ms", 0),
                                                                             c.config.value("fail_first", 0),
                                                                             c.config.value("always_fail", false)));
    };
    r.add(sink);
    // A stand-in for a topic node: the engine splits it into a producing half
    // (this sink) and a consuming half (this source, with its own count).
    runtime::NodeFactory topic;
    topic.spec.type = "test.topic";
    topic.spec.category = model::NodeCategory::Topic;
    topic.source = src.source;
    topic.sink = sink.sink;
    r.add(topic);
    return r;
  }();
  return registry;
}

std::unique_ptr<runtime::Engine> makeEngine(const model::Pipeline& p, const QTemporaryDir& dir,
                                            std::size_t batchSize = 100) {
  runtime::EngineOptions o;
  o.workDir = dir.path().toStdString();
  o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
  o.batchSize = batchSize;
  o.channelCapacity = 4;
  o.checkpointIntervalMs = 50;
  o.workers = 2;
  auto e = runtime::Engine::create(p, fakes(), o);
  if (!e) qFatal("%s", e.error().toString().c_str());
  return std::move(e).value();
}

nlohmann::json checkpoint(const QTemporaryDir& dir, const std::string& pipeline) {
  auto text = readText(
      dir.filePath(QStringLiteral("state/%1.checkpoint.json").arg(QString::fromStdString(pipeline))).toStdString());
  return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace

class TestRuntimeEngine final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { g_collected.clear(); }

  void ackTrackerCommitsOnlyCompletePrefixes() {
    runtime::AckTracker t;
    auto* a = t.open({{0, 10}});
    auto* b = t.open({{0, 20}, {1, 5}});
    auto* c = t.open({{0, 30}});
    b->addRef();  // b went to two sinks
    c->release();
    b->release();
    QVERIFY(t.committed().empty());  // a is still in flight: nothing after it may be committed
    a->release();
    QCOMPARE(t.committed(), (runtime::PositionMap{{0, 10}}));  // b still has one reference
    b->release();
    QCOMPARE(t.committed(), (runtime::PositionMap{{0, 30}, {1, 5}}));
    QCOMPARE(t.inFlight(), 0u);
  }

  // A topic source waits on its tracker at a revoke or a transaction commit.
  void ackTrackerWaitsUntilPositionsAreReached() {
    runtime::AckTracker t;
    auto* a = t.open({{0, 10}});
    auto reached = [](const runtime::PositionMap& p) { return p.count(0) && p.at(0) >= 10; };
    QVERIFY(!t.waitUntil(reached, std::chrono::milliseconds(20)));  // in flight: times out
    std::thread releaser([a] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      a->release();
    });
    auto started = std::chrono::steady_clock::now();
    QVERIFY(t.waitUntil(reached, std::chrono::seconds(10)));  // woken by the release, not the timeout
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    releaser.join();
    QVERIFY(t.waitUntil(reached, std::chrono::milliseconds(0)));  // already true: no wait
  }

  void everyRecordReachesEverySinkAndIsCheckpointed() {
    QTemporaryDir dir;
    auto p = makePipeline("fan",
                          {node("src", "test.count", {{"count", 10000}}), node("a", "test.collect"),
                           node("b", "test.collect", {{"delay_ms", 1}})},
                          {edge("src", "a"), edge("src", "b")});
    auto engine = makeEngine(p, dir);
    std::vector<runtime::StateEvent> events;
    engine->subscribe([&](const runtime::StateEvent& e) { events.push_back(e); });
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    for (const char* sink : {"a", "b"}) {
      auto values = g_collected.of(sink);
      QCOMPARE(values.size(), 10000u);
      for (std::int64_t i = 0; i < 10000; ++i) QCOMPARE(values[static_cast<std::size_t>(i)], i);  // in order
    }
    QCOMPARE(checkpoint(dir, "fan")["sources"]["src"]["state"]["next"].get<int>(), 10000);
    QCOMPARE(stateName(events.front().state), stateName(runtime::State::Starting));
    QCOMPARE(stateName(events[1].state), stateName(runtime::State::Running));
    QCOMPARE(stateName(events.back().state), stateName(runtime::State::Stopped));
    QCOMPARE(QString::fromStdString(events.back().reason), QStringLiteral("all sources finished"));
    auto snap = engine->snapshot();
    QCOMPARE(findNode(snap, "src")->recordsOut, 10000u);
    QCOMPARE(findNode(snap, "b")->recordsOut, 10000u);
    QCOMPARE(findNode(snap, "b")->bytesOut, 100000u);
    QVERIFY(findNode(snap, "b")->batchLatency.count > 0);
  }

  void checkpointWaitsForTheSlowestSink() {
    QTemporaryDir dir;
    // "slow" takes 20 ms per batch of 100; "fast" none. After a while the
    // checkpoint must not be ahead of what "slow" has written.
    auto p = makePipeline(
        "slowest",
        {node("src", "test.count"), node("fast", "test.collect"), node("slow", "test.collect", {{"delay_ms", 20}})},
        {edge("src", "fast"), edge("src", "slow")});
    auto engine = makeEngine(p, dir);
    engine->start();
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      auto committed = findNode(engine->snapshot(), "src")->committed;
      auto slow = static_cast<std::int64_t>(g_collected.of("slow").size());
      if (!committed.empty())
        QVERIFY2(committed[0] <= slow, qPrintable(QStringLiteral("%1 > %2").arg(committed[0]).arg(slow)));
    }
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    // After the drain both sinks have everything the source emitted, and the checkpoint says exactly that.
    auto emitted = static_cast<std::int64_t>(findNode(engine->snapshot(), "src")->recordsOut);
    QCOMPARE(static_cast<std::int64_t>(g_collected.of("slow").size()), emitted);
    QCOMPARE(static_cast<std::int64_t>(g_collected.of("fast").size()), emitted);
    QCOMPARE(checkpoint(dir, "slowest")["sources"]["src"]["state"]["next"].get<std::int64_t>(), emitted);
  }

  void slowSinkSlowsTheSource() {
    QTemporaryDir dir;
    auto p = makePipeline("bp", {node("src", "test.count"), node("out", "test.collect", {{"delay_ms", 10}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    engine->start();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    auto snap = engine->snapshot();
    auto emitted = findNode(snap, "src")->recordsOut;
    auto written = g_collected.of("out").size();
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    // An unbounded source would have made millions; with 4 batches of 100 in the channel,
    // one being written and one being delivered, it can be ahead by ~600 at most.
    QVERIFY2(emitted <= written + 700, qPrintable(QStringLiteral("emitted %1, written %2").arg(emitted).arg(written)));
    QVERIFY(written > 1000);  // ... and it did run
    QVERIFY(findNode(snap, "out")->queueDepth <= 400);
  }

  void resumesFromTheCheckpoint() {
    QTemporaryDir dir;
    auto p = makePipeline("resume", {node("src", "test.count", {{"count", 5000}}), node("out", "test.collect")},
                          {edge("src", "out")});
    {
      auto engine = makeEngine(p, dir);
      QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    }
    QCOMPARE(g_collected.of("out").size(), 5000u);
    g_collected.clear();
    // Same pipeline with a larger count: only the new records come.
    p.nodes[0].config["count"] = 6000;
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto values = g_collected.of("out");
    QCOMPARE(values.size(), 1000u);
    QCOMPARE(values.front(), 5000);
  }

  void skipAndDeadLetterCountAndGoOn() {
    QTemporaryDir dir;
    auto p =
        makePipeline("policies",
                     {node("src", "test.count", {{"count", 1000}, {"bad_every", 100}}),
                      node("check", "test.reject", {{"on_error", "dead-letter"}, {"dead_letter_path", "dlq.jsonl"}}),
                      node("out", "test.collect")},
                     {edge("src", "check"), edge("check", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(g_collected.of("out").size(), 990u);
    auto snap = engine->snapshot();
    QCOMPARE(findNode(snap, "check")->errors, 10u);
    QCOMPARE(findNode(snap, "check")->deadLettered, 10u);
    auto lines = readLines(dir.filePath(QStringLiteral("dlq.jsonl")).toStdString());
    QCOMPARE(lines.size(), 10u);
    auto first = nlohmann::json::parse(lines[0]);
    QCOMPARE(first["node"].get<std::string>(), std::string("check"));
    QCOMPARE(first["error"].get<std::string>(), std::string("the record is bad"));
    QCOMPARE(first["where"].get<std::string>(), std::string("field bad"));
    QCOMPARE(first["position"]["offset"].get<int>(), 0);
    QCOMPARE(first["record"]["value"]["n"].get<int>(), 0);
    QCOMPARE(first["pipeline"].get<std::string>(), std::string("policies"));

    g_collected.clear();
    p.name = "policies-skip";
    p.nodes[1].config = {{"on_error", "skip"}};
    auto skipping = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*skipping)), stateName(runtime::State::Stopped));
    QCOMPARE(g_collected.of("out").size(), 990u);
    QCOMPARE(findNode(skipping->snapshot(), "check")->errors, 10u);
    QCOMPARE(findNode(skipping->snapshot(), "check")->deadLettered, 0u);
  }

  void failPolicyFailsThePipelineWithTheReason() {
    QTemporaryDir dir;
    auto p = makePipeline("failing",
                          {node("src", "test.count", {{"count", 1000}, {"bad_every", 500}}),
                           node("check", "test.reject", {{"on_error", "fail"}}), node("out", "test.collect")},
                          {edge("src", "check"), edge("check", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Failed));
    QCOMPARE(QString::fromStdString(engine->reason()), QStringLiteral("node check: field bad: the record is bad"));
    // The failed node as data, for the canvas and the runner's status.
    QCOMPARE(engine->snapshot().failedNode, std::string("check"));
    // Nothing after the bad record may be checkpointed (record 0 is the first bad one).
    auto cp = checkpoint(dir, "failing");
    if (cp.is_object()) QVERIFY(cp["sources"]["src"]["state"]["next"].get<int>() == 0);
  }

  void sinkFailuresAreRetriedWithBackoff() {
    QTemporaryDir dir;
    auto p = makePipeline("retry",
                          {node("src", "test.count", {{"count", 100}}),
                           node("out", "test.collect", {{"fail_first", 3}, {"retry_backoff", "40ms"}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(g_collected.of("out").size(), 100u);
    QCOMPARE(findNode(engine->snapshot(), "out")->errors, 0u);
    // 3 back-offs, doubling (40, 80, 160 ms), each shortened by at most its jitter (base::Backoff).
    const double leastFraction = 1.0 - runtime::RetryPolicy::kJitter;
    QVERIFY2(timer.elapsed() >= static_cast<qint64>((40 + 80 + 160) * leastFraction),
             qPrintable(QString::number(timer.elapsed())));
  }

  void exhaustedRetriesApplyThePolicy() {
    QTemporaryDir dir;
    auto p = makePipeline(
        "exhausted",
        {node("src", "test.count", {{"count", 250}}),
         node("out", "test.collect",
              {{"always_fail", true}, {"retries", 2}, {"retry_backoff", "1ms"}, {"dead_letter_path", "dead.jsonl"}})},
        {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(findNode(engine->snapshot(), "out")->deadLettered, 250u);
    auto lines = readLines(dir.filePath(QStringLiteral("dead.jsonl")).toStdString());
    QCOMPARE(lines.size(), 250u);
    QVERIFY(lines[0].find("server went away (after 2 retries)") != std::string::npos);
    QCOMPARE(g_collected.writeCalls["out"], 3 * 3);  // 3 batches, each tried 3 times

    g_collected.clear();
    p.name = "exhausted-fail";
    p.nodes[1].config["on_error"] = "fail";
    auto failing = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*failing)), stateName(runtime::State::Failed));
    QVERIFY(failing->reason().find("server went away") != std::string::npos);
    QCOMPARE(failing->snapshot().failedNode, std::string("out"));
  }

  void pauseStopsTheSourcesAndResumeGoesOn() {
    QTemporaryDir dir;
    auto p = makePipeline("pause", {node("src", "test.count"), node("out", "test.collect", {{"delay_ms", 1}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    std::vector<runtime::State> states;
    std::mutex m;
    engine->subscribe([&](const runtime::StateEvent& e) {
      std::lock_guard lock(m);
      states.push_back(e.state);
    });
    engine->start();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    engine->pause();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the channel drain
    auto a = findNode(engine->snapshot(), "src")->recordsOut;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto b = findNode(engine->snapshot(), "src")->recordsOut;
    QCOMPARE(b, a);
    QCOMPARE(stateName(engine->state()), stateName(runtime::State::Paused));
    engine->resume();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    QVERIFY(findNode(engine->snapshot(), "src")->recordsOut > b);
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    std::lock_guard lock(m);
    QCOMPARE(states,
             (std::vector<runtime::State>{runtime::State::Starting, runtime::State::Running, runtime::State::Paused,
                                          runtime::State::Running, runtime::State::Stopping, runtime::State::Stopped}));
  }

  // end_to_end_latency.h: every record a sink wrote is observed once, at the
  // sink and for the pipeline; rejected records are not; the time includes the
  // sink's own write; an internal topic hop is not a pipeline exit.
  void endToEndLatencyIsObservedPerDeliveredRecord() {
    QTemporaryDir dir;
    auto p = makePipeline("e2e",
                          {node("src", "test.count", {{"count", 3000}, {"bad_every", 3}}),
                           node("check", "test.reject", {{"on_error", "skip"}}),
                           node("fast", "test.collect"), node("slow", "test.collect", {{"delay_ms", 25}})},
                          {edge("src", "check"), edge("check", "fast"), edge("check", "slow")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    std::map<std::string, metrics::HistogramSnapshot> sinks;
    std::optional<metrics::HistogramSnapshot> pipeline;
    for (const auto& f : engine->metrics().collect()) {
      for (const auto& s : f.series) {
        auto label = [&](const char* key) {
          for (const auto& [k, v] : s.labels)
            if (k == key) return v;
          return std::string();
        };
        QCOMPARE(label("pipeline"), std::string("e2e"));
        if (f.name == "tributary_sink_latency_seconds") sinks[label("node")] = s.histogram;
        if (f.name == "tributary_pipeline_latency_seconds") pipeline = s.histogram;
      }
    }
    QCOMPARE(sinks.size(), 2u);  // sinks only, not the source or the transform
    QVERIFY(pipeline);
    QCOMPARE(sinks["fast"].count, 2000u);  // every third record was rejected
    QCOMPARE(sinks["slow"].count, 2000u);
    QCOMPARE(pipeline->count, 4000u);
    // "slow" takes 25 ms per write before it acknowledges: no record can be faster.
    for (std::size_t i = 0; i < sinks["slow"].upperBounds.size() && sinks["slow"].upperBounds[i] < 0.025; ++i)
      QCOMPARE(sinks["slow"].counts[i], 0u);
    QVERIFY2(sinks["slow"].sum / 2000 >= 0.025, std::to_string(sinks["slow"].sum).c_str());
    QVERIFY(sinks["slow"].quantile(0.5) >= 0.025);
    QVERIFY(sinks["fast"].quantile(0.5) < sinks["slow"].quantile(0.5));

    // A topic written and read by the same pipeline: latency restarts there.
    g_collected.clear();
    auto hop = makePipeline("hop",
                            {node("src", "test.count", {{"count", 500}}), node("t", "test.topic", {{"count", 700}}),
                             node("out", "test.collect")},
                            {edge("src", "t"), edge("t", "out")});
    auto hopEngine = makeEngine(hop, dir);
    QCOMPARE(stateName(runToEnd(*hopEngine)), stateName(runtime::State::Stopped));
    std::map<std::string, std::uint64_t> counts;
    for (const auto& f : hopEngine->metrics().collect())
      for (const auto& s : f.series) {
        std::string nodeId = "(pipeline)";
        for (const auto& [k, v] : s.labels)
          if (k == "node") nodeId = v;
        if (f.name == "tributary_sink_latency_seconds" || f.name == "tributary_pipeline_latency_seconds")
          counts[nodeId] = s.histogram.count;
      }
    QCOMPARE(counts["t"], 500u);           // source -> topic: the producing half's own histogram
    QCOMPARE(counts["out"], 700u);         // topic -> sink
    QCOMPARE(counts["(pipeline)"], 700u);  // only where records leave the pipeline
  }

  void prometheusCoversEveryNode() {
    QTemporaryDir dir;
    auto p = makePipeline("prom", {node("src", "test.count", {{"count", 10}}), node("out", "test.collect")},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto families = engine->metrics().collect();
    bool found = false;
    for (const auto& f : families)
      if (f.name == "tributary_node_records_out_total")
        for (const auto& s : f.series)
          if (std::find(s.labels.begin(), s.labels.end(), std::pair<std::string, std::string>{"node", "out"}) !=
              s.labels.end()) {
            QCOMPARE(s.value, 10.0);
            found = true;
          }
    QVERIFY(found);
  }
};

QTEST_APPLESS_MAIN(TestRuntimeEngine)
#include "test_runtime_engine.moc"
