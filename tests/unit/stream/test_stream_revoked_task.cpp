// A partitioned stateful node never writes the state of a partition its
// source let go (core/connectors/stateful_transform.h): the source's
// rebalance callback can revoke a partition at any moment, and a task that
// holds no tickets is not waited for. Two places flushed such a task anyway:
// close() (the stage stopped before a batch or tick let the task go) and
// tick() (revoked between its ownership check and the flush). Here a source
// whose assignment the test changes at a chosen call of partitions() makes
// both happen deterministically; the flush would delete the task's
// delivered results from its store (and, on a cluster, write them and a
// stale marker to the changelog partition the next owner writes).
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/record/json.h"
#include "core/runtime/ack_tracker.h"
#include "core/runtime/factory.h"
#include "core/stream/state_store.h"

using namespace tributary;

namespace {

// A consumer group member's assignment: `owned` now, `later` from the
// (calls + 1)-th call of partitions() on.
class MovingSource final : public runtime::Source {
 public:
  std::vector<std::int32_t> partitions() const override {
    std::lock_guard lock(m_mutex);
    if (m_calls >= 0 && m_calls-- == 0) m_owned = m_later;
    return m_owned;
  }
  void assign(std::vector<std::int32_t> owned) {
    std::lock_guard lock(m_mutex);
    m_owned = std::move(owned);
    m_calls = -1;
  }
  void revokeAfter(int calls, std::vector<std::int32_t> later) {
    std::lock_guard lock(m_mutex);
    m_calls = calls;
    m_later = std::move(later);
  }
  Status open(const nlohmann::json&, runtime::ErrorReporter&) override { return {}; }
  runtime::PollResult poll(record::Batch&, std::size_t, runtime::ErrorReporter&) override { return {}; }
  nlohmann::json checkpointState(const runtime::PositionMap&) const override { return nullptr; }

 private:
  mutable std::mutex m_mutex;
  mutable std::vector<std::int32_t> m_owned{0, 1};
  std::vector<std::int32_t> m_later;
  mutable int m_calls = -1;
};

class NoErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error& e) override { qWarning("%s", e.toString().c_str()); }
  void reportRaw(std::string_view, const Error& e, record::SourcePosition) override {
    qWarning("%s", e.toString().c_str());
  }
  bool failed() const override { return false; }
};

record::Record order(std::int64_t ts, std::int64_t offset) {
  record::Record r;
  r.value = *record::parseJson("{\"item\":\"a\",\"ts\":" + std::to_string(ts) + "}");
  r.timestampMs = ts;
  r.position = {1, offset};
  return r;
}

// Stored results (outbox entries) in the store of input partition 1.
int storedResults(const std::filesystem::path& dir) {
  auto store = stream::StateStore::open(dir / "p1");
  if (!store) qFatal("%s", store.error().toString().c_str());
  int n = 0;
  for (const char* prefix : {"o/", "p/"}) (*store)->forEach(prefix, [&](std::string_view, std::string_view) { ++n; });
  return n;
}

}  // namespace

class TestStreamRevokedTask final : public QObject {
  Q_OBJECT

  // An aggregate whose task 1 stored one result (a window closed by the
  // second record), whose delivery the tracker then confirms: the next flush
  // of task 1 would remove it from the store.
  struct Node {
    std::unique_ptr<runtime::Transform> transform;
    runtime::AckTracker tracker;
    MovingSource source;
    NoErrors errors;
  };
  void start(Node& n, const std::filesystem::path& dir) {
    const auto* factory = connectors::builtinFactories().find("transform.aggregate");
    QVERIFY(factory);
    runtime::NodeContext ctx;
    ctx.pipeline = "p";
    ctx.nodeId = "agg";
    ctx.type = "transform.aggregate";
    ctx.stateChangelog = false;  // the store only (no cluster here)
    ctx.config = factory->spec.withDefaults({{"window", "tumbling"},
                                             {"size", "1s"},
                                             {"grace", "0s"},
                                             {"group_by", {"item"}},
                                             {"aggregates", {"count(*) AS n"}}});
    auto made = factory->transform(ctx);
    QVERIFY2(made, made ? "" : made.error().toString().c_str());
    n.transform = std::move(*made);
    runtime::StateHook* hook = n.transform->stateHook();
    QVERIFY(hook);
    QVERIFY(hook->attach(dir, {&n.tracker}, 10));
    QVERIFY(hook->prepare({2}, {&n.source}));
    runtime::Ticket* ticket = n.tracker.open({{1, 2}});
    record::Batch batch{order(1000, 0), order(5000, 1)};
    hook->hold({ticket});
    n.transform->process(batch, n.errors);                       // opens task 1
    QCOMPARE(batch.size(), std::size_t{1});                      // the window [1 s, 2 s) closed
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the flush interval (10 ms) has passed
    record::Batch none;
    n.transform->tick(none, n.errors);  // flushes task 1: the result is stored, the node's reference released
    QVERIFY(n.tracker.committed().empty());
    ticket->release();  // the sinks have it
    QCOMPARE(n.tracker.committed().at(1), std::int64_t{2});
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

 private Q_SLOTS:
  // The source let partition 1 go (its drain had nothing to wait for) and the stage stops.
  void closeDoesNotFlushARevokedTask() {
    QTemporaryDir dir;
    const std::filesystem::path state = dir.filePath(QStringLiteral("state")).toStdString();
    Node n;
    start(n, state);
    if (QTest::currentTestFailed()) return;
    n.source.assign({0});
    n.transform->close();
    n.transform.reset();
    QCOMPARE(storedResults(state), 1);
  }

  // The source lets partition 1 go right after tick() checked it.
  void tickDoesNotFlushATaskRevokedSinceItsCheck() {
    QTemporaryDir dir;
    const std::filesystem::path state = dir.filePath(QStringLiteral("state")).toStdString();
    Node n;
    start(n, state);
    if (QTest::currentTestFailed()) return;
    n.source.revokeAfter(1, {0});  // letGo()'s check sees it owned; the next call does not
    record::Batch out;
    n.transform->tick(out, n.errors);
    n.transform.reset();
    QCOMPARE(storedResults(state), 1);
  }

  // Still owned: both flush it (the result is delivered, so it leaves the store).
  void ownedTasksAreFlushed() {
    QTemporaryDir dir;
    const std::filesystem::path state = dir.filePath(QStringLiteral("state")).toStdString();
    Node n;
    start(n, state);
    if (QTest::currentTestFailed()) return;
    record::Batch out;
    n.transform->tick(out, n.errors);
    n.transform.reset();
    QCOMPARE(storedResults(state), 0);
  }
};

QTEST_GUILESS_MAIN(TestStreamRevokedTask)
#include "test_stream_revoked_task.moc"
