// Deferred acknowledgement (Sink::defersAcks): a sink that makes records
// durable later than write() returns (files closed every N records, or on a
// timer) gets its batches acknowledged only when durableRecords() covers them,
// on tick() while no input arrives, and all at once by a normal stop.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include "core/runtime/engine.h"
#include "runtime_test_util.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

std::atomic<std::int64_t> g_written{0};

// Emits {"n": i} for i < count, then idles without ending.
class IdleAfterSource final : public runtime::Source {
 public:
  explicit IdleAfterSource(std::int64_t count) : m_count(count) {}
  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter&) override {
    m_next = checkpoint.is_object() ? checkpoint.value("next", std::int64_t{0}) : 0;
    return {};
  }
  runtime::PollResult poll(record::Batch& out, std::size_t max, runtime::ErrorReporter&) override {
    runtime::PollResult r;
    for (std::size_t i = 0; i < max && m_next < m_count; ++i, ++m_next) {
      record::Record rec;
      rec.value.set("n", record::Value(m_next));
      rec.position = {0, m_next};
      out.push_back(std::move(rec));
    }
    if (out.empty()) r.waitMs = 20;
    else r.resume.push_back({0, m_next});
    return r;
  }
  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    auto it = committed.find(0);
    return {{"next", it == committed.end() ? 0 : it->second}};
  }

 private:
  std::int64_t m_count;
  std::int64_t m_next = 0;
};

// Makes records durable in whole chunks of `chunk` (a file of that many
// records), and with `onTick` everything written at each tick.
class ChunkSink final : public runtime::Sink {
 public:
  ChunkSink(std::uint64_t chunk, bool onTick) : m_chunk(chunk), m_onTick(onTick) {}
  Status open(runtime::ErrorReporter&) override { return {}; }
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter&) override {
    m_written += batch.size();
    g_written = static_cast<std::int64_t>(m_written);
    if (m_chunk) m_durable = m_written / m_chunk * m_chunk;
    return std::uint64_t{batch.size()};
  }
  bool defersAcks() const override { return true; }
  std::uint64_t durableRecords() const override { return m_durable; }
  std::int64_t tickMs() const override { return m_onTick ? 20 : 0; }
  Status tick() override {
    if (m_onTick) m_durable = m_written;
    return {};
  }

 private:
  std::uint64_t m_chunk;
  bool m_onTick;
  std::uint64_t m_written = 0, m_durable = 0;
};

const runtime::FactoryRegistry& fakes() {
  static const runtime::FactoryRegistry registry = [] {
    runtime::FactoryRegistry r;
    runtime::NodeFactory src;
    src.spec.type = "test.idle";
    src.spec.category = model::NodeCategory::Source;
    src.source = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Source>> {
      return std::unique_ptr<runtime::Source>(std::make_unique<IdleAfterSource>(c.config.value("count", 0)));
    };
    r.add(src);
    runtime::NodeFactory sink;
    sink.spec.type = "test.chunks";
    sink.spec.category = model::NodeCategory::Sink;
    sink.sink = [](const runtime::NodeContext& c) -> Result<std::unique_ptr<runtime::Sink>> {
      return std::unique_ptr<runtime::Sink>(
          std::make_unique<ChunkSink>(c.config.value("chunk", 0), c.config.value("tick", false)));
    };
    r.add(sink);
    return r;
  }();
  return registry;
}

std::unique_ptr<runtime::Engine> makeEngine(const model::Pipeline& p, const QTemporaryDir& dir) {
  runtime::EngineOptions o;
  o.workDir = dir.path().toStdString();
  o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
  o.batchSize = 100;
  o.channelCapacity = 4;
  o.checkpointIntervalMs = 20;
  o.workers = 2;
  auto e = runtime::Engine::create(p, fakes(), o);
  if (!e) qFatal("%s", e.error().toString().c_str());
  return std::move(e).value();
}

std::int64_t committedOf(runtime::Engine& engine) {
  auto c = findNode(engine.snapshot(), "src")->committed;
  return c.empty() ? 0 : c[0];
}

bool waitFor(const std::function<bool()>& ok, int ms = 10000) {
  for (int i = 0; i < ms / 10; ++i) {
    if (ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ok();
}

}  // namespace

class TestRuntimeDeferredAck final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { g_written = 0; }

  void batchesWaitForTheirChunk() {
    QTemporaryDir dir;
    // 1000 records in batches of 100; durable in chunks of 300: the batches up to 900 are complete.
    auto p = makePipeline("chunks", {node("src", "test.idle", {{"count", 1000}}), node("out", "test.chunks", {{"chunk", 300}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    engine->start();
    QVERIFY(waitFor([] { return g_written.load() == 1000; }));
    QVERIFY(waitFor([&] { return committedOf(*engine) == 900; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    QCOMPARE(committedOf(*engine), std::int64_t{900});  // 901..1000 are written but not durable
    // A normal stop flushes: everything is durable, everything is acknowledged.
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    QCOMPARE(committedOf(*engine), std::int64_t{1000});
  }

  void batchStraddlingAChunkWaitsForTheNext() {
    QTemporaryDir dir;
    // Chunks of 150 end inside batches: the batch 101..200 is complete only at 300.
    auto p = makePipeline("straddle",
                          {node("src", "test.idle", {{"count", 250}}), node("out", "test.chunks", {{"chunk", 150}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    engine->start();
    QVERIFY(waitFor([] { return g_written.load() == 250; }));
    QVERIFY(waitFor([&] { return committedOf(*engine) == 100; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    QCOMPARE(committedOf(*engine), std::int64_t{100});
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
    QCOMPARE(committedOf(*engine), std::int64_t{250});
  }

  void tickMakesRecordsDurableWhileIdle() {
    QTemporaryDir dir;
    // The source idles after 730 records: only the sink's tick can make the last ones durable.
    auto p = makePipeline("tick",
                          {node("src", "test.idle", {{"count", 730}}), node("out", "test.chunks", {{"tick", true}})},
                          {edge("src", "out")});
    auto engine = makeEngine(p, dir);
    engine->start();
    QVERIFY(waitFor([&] { return committedOf(*engine) == 730; }));
    engine->stop();
    QCOMPARE(stateName(engine->wait()), stateName(runtime::State::Stopped));
  }
};

QTEST_GUILESS_MAIN(TestRuntimeDeferredAck)
#include "test_runtime_deferred_ack.moc"
