#include "widgets/run/run_controller.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>
#include <QTimer>

#include "core/base/log.h"
#include "core/kafka/embedded.h"
#include "core/registry/embedded_registry.h"
#include "core/metrics/metrics_server.h"
#include "core/metrics/prometheus.h"
#include "core/metrics/registry.h"
#include "core/model/secrets.h"
#include "core/record/json.h"
#include "core/runtime/checkpoint_store.h"
#include "core/runtime/engine.h"
#include "core/runtime/factory.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/qt_json.h"
#include "widgets/panels/data_preview.h"
#include "widgets/run/run_gauges.h"
#include "widgets/run/run_state.h"

namespace tributary::widgets {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kSampleSize = 50;

// The last records a node emitted (or, for a sink, received). Written by the
// worker running the node, read by the GUI thread. To keep the cost off the
// hot path it converts at most a few records, at most ten times a second.
class Tap {
 public:
  void push(const record::Batch& batch) {
    if (batch.empty()) return;
    auto now = Clock::now().time_since_epoch().count();
    auto last = m_lastPush.load(std::memory_order_relaxed);
    if (now - last < std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(100)).count()) return;
    m_lastPush.store(now, std::memory_order_relaxed);
    std::size_t take = std::min<std::size_t>(batch.size(), 10);
    std::vector<std::string> texts;
    texts.reserve(take);
    for (std::size_t i = batch.size() - take; i < batch.size(); ++i) {
      const record::Record& r = batch[i];
      std::string value = record::toJson(r.value);
      texts.push_back(r.key.isNull() ? value : "{\"key\":" + record::toJson(r.key) + ",\"value\":" + value + "}");
    }
    std::lock_guard lock(m_mutex);
    for (auto& t : texts) m_records.push_back(std::move(t));
    while (m_records.size() > kSampleSize) m_records.pop_front();
    ++m_version;
  }
  std::pair<QStringList, std::uint64_t> take() const {
    std::lock_guard lock(m_mutex);
    QStringList out;
    for (const auto& r : m_records) out << toQt(r);
    return {out, m_version};
  }

 private:
  mutable std::mutex m_mutex;
  std::deque<std::string> m_records;
  std::uint64_t m_version = 0;
  std::atomic<Clock::rep> m_lastPush{0};
};

class TappedSource final : public runtime::Source {
 public:
  TappedSource(std::unique_ptr<runtime::Source> inner, std::shared_ptr<Tap> tap)
      : m_inner(std::move(inner)), m_tap(std::move(tap)) {}
  Status open(const nlohmann::json& checkpoint, runtime::ErrorReporter& errors) override {
    return m_inner->open(checkpoint, errors);
  }
  runtime::PollResult poll(record::Batch& out, std::size_t maxRecords, runtime::ErrorReporter& errors) override {
    runtime::PollResult result = m_inner->poll(out, maxRecords, errors);
    m_tap->push(out);
    return result;
  }
  nlohmann::json checkpointState(const runtime::PositionMap& committed) const override {
    return m_inner->checkpointState(committed);
  }
  void close() override { m_inner->close(); }
  bool blocking() const override { return m_inner->blocking(); }

 private:
  std::unique_ptr<runtime::Source> m_inner;
  std::shared_ptr<Tap> m_tap;
};

class TappedTransform final : public runtime::Transform {
 public:
  TappedTransform(std::unique_ptr<runtime::Transform> inner, std::shared_ptr<Tap> tap)
      : m_inner(std::move(inner)), m_tap(std::move(tap)) {}
  Status open(runtime::ErrorReporter& errors) override { return m_inner->open(errors); }
  // An aggregate or join keeps its durable state through the tap.
  runtime::StateHook* stateHook() override { return m_inner->stateHook(); }
  void process(record::Batch& batch, runtime::ErrorReporter& errors) override {
    m_inner->process(batch, errors);
    m_tap->push(batch);
  }
  // Stateful transforms (join ports, window timers, end of input) behave as without the tap.
  void processFrom(std::uint16_t port, record::Batch& batch, runtime::ErrorReporter& errors) override {
    m_inner->processFrom(port, batch, errors);
    m_tap->push(batch);
  }
  std::int64_t tickIntervalMs() const override { return m_inner->tickIntervalMs(); }
  void tick(record::Batch& out, runtime::ErrorReporter& errors) override {
    m_inner->tick(out, errors);
    if (!out.empty()) m_tap->push(out);
  }
  void finish(record::Batch& out, runtime::ErrorReporter& errors) override {
    m_inner->finish(out, errors);
    if (!out.empty()) m_tap->push(out);
  }
  void close() override { m_inner->close(); }

 private:
  std::unique_ptr<runtime::Transform> m_inner;
  std::shared_ptr<Tap> m_tap;
};

class TappedSink final : public runtime::Sink {
 public:
  TappedSink(std::unique_ptr<runtime::Sink> inner, std::shared_ptr<Tap> tap)
      : m_inner(std::move(inner)), m_tap(std::move(tap)) {}
  Status open(runtime::ErrorReporter& errors) override { return m_inner->open(errors); }
  Result<std::uint64_t> write(const record::Batch& batch, runtime::ErrorReporter& errors) override {
    m_tap->push(batch);
    return m_inner->write(batch, errors);
  }
  Status flush() override { return m_inner->flush(); }
  void close() override { m_inner->close(); }
  bool blocking() const override { return m_inner->blocking(); }

 private:
  std::unique_ptr<runtime::Sink> m_inner;
  std::shared_ptr<Tap> m_tap;
};

// A stateful node's (aggregate, join) store size and late records, as its
// metrics last reported them.
struct StateFigures {
  std::optional<double> bytes;  // tributary_node_state_bytes (updated at each flush of the store)
  std::optional<double> late;   // tributary_node_late_records_total
  // A source's connection (source.mqtt): tributary_source_connected,
  // tributary_source_reconnect_attempt / _backoff_seconds, and the topic
  // filters whose tributary_source_subscribed is 1.
  std::optional<double> connected;
  double attempt = 0;
  double backoffSeconds = 0;
  QStringList subscribed;
};

std::map<std::string, StateFigures> stateFigures(const std::vector<metrics::FamilySnapshot>& families,
                                                 const std::string& pipeline) {
  std::map<std::string, StateFigures> out;
  for (const metrics::FamilySnapshot& family : families) {
    const std::string& name = family.name;
    if (name != "tributary_node_state_bytes" && name != "tributary_node_late_records_total" &&
        name != "tributary_source_connected" && name != "tributary_source_reconnect_attempt" &&
        name != "tributary_source_reconnect_backoff_seconds" && name != "tributary_source_subscribed")
      continue;
    for (const metrics::SeriesSnapshot& series : family.series) {
      std::string ofPipeline, node, topic;
      for (const auto& [key, value] : series.labels) {
        if (key == "pipeline") ofPipeline = value;
        if (key == "node") node = value;
        if (key == "topic") topic = value;
      }
      if (ofPipeline != pipeline || node.empty()) continue;
      StateFigures& f = out[node];
      if (name == "tributary_node_state_bytes") f.bytes = series.value;
      else if (name == "tributary_node_late_records_total") f.late = series.value;
      else if (name == "tributary_source_connected") f.connected = series.value;
      else if (name == "tributary_source_reconnect_attempt") f.attempt = series.value;
      else if (name == "tributary_source_reconnect_backoff_seconds") f.backoffSeconds = series.value;
      else if (series.value > 0) f.subscribed << toQt(topic);
    }
  }
  return out;
}

// "state 1.5 KiB · 3 late": shown on the canvas node after its figures.
QString stateNote(const StateFigures& f) {
  QStringList parts;
  if (f.bytes) parts << QStringLiteral("state %1").arg(QLocale::c().formattedDataSize(static_cast<qint64>(*f.bytes)));
  if (f.late) parts << QStringLiteral("%1 late").arg(static_cast<qulonglong>(*f.late));
  return parts.join(QStringLiteral(" · "));
}

// A connected source's state (source.mqtt) while the run is live: a short
// text for the node's footer — "connected" after the figures; "reconnecting
// #3 · 1.6 s" or "connecting" before them, since then it matters more than
// the counts — and the whole of it for the node's tooltip.
struct ConnectionNote {
  QString after, before, detail;
};

ConnectionNote connectionNote(const StateFigures& f, const QString& node) {
  ConnectionNote n;
  if (!f.connected) return n;
  QString detail;
  if (*f.connected > 0) {
    n.after = QCoreApplication::translate("RunController", "connected");
    detail = f.subscribed.isEmpty()
                 ? QCoreApplication::translate("RunController", "Connected; subscribing")
                 : QCoreApplication::translate("RunController", "Connected; subscribed to %1")
                       .arg(f.subscribed.join(QStringLiteral(", ")));
  } else if (f.attempt > 0) {
    const QString backoff = QLocale().toString(f.backoffSeconds, 'g', 3);
    n.before = QCoreApplication::translate("RunController", "reconnecting #%1 · %2 s")
                   .arg(static_cast<qulonglong>(f.attempt))
                   .arg(backoff);
    detail = QCoreApplication::translate("RunController",
                                         "Reconnecting: attempt %1 failed; the next one after a back-off of %2 s")
                 .arg(static_cast<qulonglong>(f.attempt))
                 .arg(backoff);
  } else {
    n.before = QCoreApplication::translate("RunController", "connecting");
    detail = QCoreApplication::translate("RunController", "Connecting");
  }
  n.detail = QStringLiteral("<b>%1</b><br>%2").arg(node.toHtmlEscaped(), detail.toHtmlEscaped());
  return n;
}

}  // namespace

// Taps of the current run, by node id. Replaced (not cleared) per run, so a
// wrapper of an old run never writes into a new run's taps.
struct TapBoard {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<Tap>> taps;
  std::shared_ptr<Tap> tapFor(const std::string& nodeId) {
    std::lock_guard lock(mutex);
    auto& tap = taps[nodeId];
    if (!tap) tap = std::make_shared<Tap>();
    return tap;
  }
  std::shared_ptr<Tap> find(const std::string& nodeId) {
    std::lock_guard lock(mutex);
    auto it = taps.find(nodeId);
    return it == taps.end() ? nullptr : it->second;
  }
};

struct RunController::Impl {
  std::shared_ptr<TapBoard> board;
  runtime::FactoryRegistry tapped;
  std::unique_ptr<runtime::Engine> engine;
  model::Pipeline pipeline;
  std::map<std::string, std::uint64_t> lastCounts;
  std::map<std::string, double> rates;
  Clock::time_point lastSample;
  std::uint64_t previewVersion = 0;
};

RunController::RunController(const runtime::FactoryRegistry& factories, PipelineScene* scene, DataPreview* preview,
                             QObject* parent)
    : QObject(parent),
      m_impl(std::make_unique<Impl>()),
      m_factories(factories),
      m_runState(scene ? scene->runState() : nullptr),
      m_preview(preview),
      m_timer(new QTimer(this)),
      m_registry(std::make_shared<metrics::Registry>()) {
  // The same node types, each wrapped so that Data Preview can see its records.
  // The wrappers read the current board through a shared pointer captured here.
  auto boardRef = std::make_shared<std::shared_ptr<TapBoard>>(std::make_shared<TapBoard>());
  m_impl->board = *boardRef;
  for (const model::NodeSpec* spec : factories.specs().all()) {
    const runtime::NodeFactory* inner = factories.find(spec->type);
    if (!inner) continue;
    runtime::NodeFactory wrapped = *inner;
    auto tapOf = [boardRef](const runtime::NodeContext& ctx) { return (*boardRef)->tapFor(ctx.nodeId); };
    if (inner->source)
      wrapped.source = [f = inner->source,
                        tapOf](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Source>> {
        auto made = f(ctx);
        if (!made) return made.error();
        return std::unique_ptr<runtime::Source>(std::make_unique<TappedSource>(std::move(made.value()), tapOf(ctx)));
      };
    if (inner->transform)
      wrapped.transform = [f = inner->transform,
                           tapOf](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Transform>> {
        auto made = f(ctx);
        if (!made) return made.error();
        return std::unique_ptr<runtime::Transform>(
            std::make_unique<TappedTransform>(std::move(made.value()), tapOf(ctx)));
      };
    if (inner->sink)
      wrapped.sink = [f = inner->sink,
                      tapOf](const runtime::NodeContext& ctx) -> Result<std::unique_ptr<runtime::Sink>> {
        auto made = f(ctx);
        if (!made) return made.error();
        return std::unique_ptr<runtime::Sink>(std::make_unique<TappedSink>(std::move(made.value()), tapOf(ctx)));
      };
    m_impl->tapped.add(std::move(wrapped));
  }
  // The hooks the Kafka connectors registered: dead-letter topics, and the
  // partition counts the repartition planner asks for.
  m_impl->tapped.setDeadLetterTopicFactory(factories.deadLetterTopicFactory());
  m_impl->tapped.setTopicPartitions(factories.topicPartitions());
  m_boardRef = boardRef;
  m_timer->setInterval(500);
  connect(m_timer, &QTimer::timeout, this, &RunController::sample);
}

RunController::~RunController() {
  m_timer->stop();
  if (m_metricsServer) m_metricsServer->stop();
  // Closing the window while a run is active: stop it gracefully (drain and
  // checkpoint, bounded) rather than destroying a running engine.
  if (m_impl->engine) {
    m_impl->engine->stop();
    m_impl->engine->waitFor(std::chrono::seconds(10));
  }
  // Joins the engine's threads; queued events to us are dropped with us.
  m_impl->engine.reset();
}

QString RunController::stateName(State state) {
  switch (state) {
    case State::Idle:
      return tr("Idle");
    case State::Starting:
      return tr("Starting");
    case State::Running:
      return tr("Running");
    case State::Stopping:
      return tr("Stopping");
    case State::Stopped:
      return tr("Stopped");
    case State::Failed:
      return tr("Failed");
  }
  return {};
}

Status RunController::start(const model::Pipeline& pipeline, const QString& workDir) {
  if (isActive()) return makeError(ErrorCode::Invalid, "a run is already active");
  m_impl->engine.reset();
  auto resolved = model::resolveSecrets(pipeline, model::SecretSource::system());
  if (!resolved) return makeError(resolved.error().code, resolved.error().toString());
  if (kafka::needsEmbeddedBroker(*resolved)) {
    auto broker = kafka::ensureEmbeddedBroker(log::stateDirectory() / "broker");
    if (!broker)
      return makeError(broker.error().code, "cannot start the embedded broker: " + broker.error().toString());
    // The designer's embedded broker always serves its Schema Registry too (a
    // free loopback port, logged and shown by the topic browser's Local cluster);
    // only a pipeline that names it fails without it.
    auto url = registry::ensureEmbeddedRegistry();
    if (!url && registry::needsEmbeddedRegistry(*resolved))
      return makeError(url.error().code, "cannot start the embedded schema registry: " + url.error().toString());
    if (url)
      spdlog::info("embedded schema registry on {}", *url);
    else
      spdlog::warn("the embedded schema registry did not start: {}", url.error().toString());
  }
  auto board = std::make_shared<TapBoard>();
  *m_boardRef = board;
  m_impl->board = board;
  runtime::EngineOptions options;
  QString dir = workDir;
  if (dir.isEmpty())
    dir = toQt(
        (log::stateDirectory() / "runs" / (pipeline.name.empty() ? std::string("untitled") : pipeline.name)).string());
  QDir().mkpath(dir);
  options.workDir = std::filesystem::path(dir.toStdString());
  // Aggregates and joins keep their state in RocksDB stores under the GUI's
  // state directory, as `tributary-runner run` does (bounded memory, and the
  // canvas shows the store size). A designer run still starts over each time:
  // the checkpoint and stores of the previous run are removed first, and no
  // changelog topic is kept (it would outlive the start-over, and a runner
  // may own one of the same name).
  options.stateDir = log::stateDirectory() / "designer";
  options.stateChangelogs = false;
  {
    std::filesystem::path checkpoint = runtime::CheckpointStore(options.stateDir, pipeline.name).file();
    std::error_code ec;
    std::filesystem::remove(checkpoint, ec);
    std::filesystem::remove_all(runtime::stateFolderFor(checkpoint), ec);
    if (ec) return makeError(ErrorCode::Io, "cannot remove the state of the previous run: " + ec.message());
  }
  // Counters start from zero for each run: the previous engine is gone, so its series can go.
  if (!m_impl->pipeline.name.empty()) m_registry->removeSeries("pipeline", m_impl->pipeline.name);
  m_registry->removeSeries("pipeline", pipeline.name);
  options.metrics = m_registry;
  auto engine = runtime::Engine::create(*resolved, m_impl->tapped, options);
  if (!engine) return makeError(engine.error().code, engine.error().toString());
  m_impl->engine = std::move(engine.value());
  // The canvas's repartition badges show the counts this run uses, not the declared ones.
  if (m_runState) m_runState->setRepartitions(m_impl->engine->repartitions());
  m_impl->pipeline = pipeline;
  m_impl->lastCounts.clear();
  m_impl->rates.clear();
  m_impl->lastSample = Clock::now();
  m_impl->previewVersion = 0;
  m_totalRate = 0;
  m_impl->engine->subscribe([this](const runtime::StateEvent& event) {
    // Supervisor thread: hand over to the GUI thread.
    QMetaObject::invokeMethod(
        this,
        [this, state = static_cast<int>(event.state), reason = toQt(event.reason)] { onEngineEvent(state, reason); },
        Qt::QueuedConnection);
  });
  spdlog::info("running pipeline {} in {}", pipeline.name, dir.toStdString());
  setState(State::Starting, {});
  m_impl->engine->start();
  m_timer->start();
  sample();
  return {};
}

void RunController::stop() {
  if (!m_impl->engine || !isActive()) return;
  setState(State::Stopping, {});
  m_impl->engine->stop();
}

void RunController::onEngineEvent(int state, const QString& reason) {
  switch (static_cast<runtime::State>(state)) {
    case runtime::State::Starting:
      setState(State::Starting, reason);
      break;
    case runtime::State::Running:
    case runtime::State::Paused:
      if (m_state != State::Stopping) setState(State::Running, reason);
      break;
    case runtime::State::Stopping:
      setState(State::Stopping, reason);
      break;
    case runtime::State::Stopped:
      sample();
      m_timer->stop();
      setState(State::Stopped, reason);
      break;
    case runtime::State::Failed:
      sample();  // the snapshot names the failed node
      m_timer->stop();
      setState(State::Failed, reason);
      break;
  }
}

void RunController::setState(State state, const QString& reason) {
  m_state = state;
  m_reason = reason;
  spdlog::info("pipeline state: {}{}{}", toStd(stateName(state)), reason.isEmpty() ? "" : " — ", toStd(reason));
  Q_EMIT stateChanged(state, reason);
}

void RunController::sample() {
  if (!m_impl->engine) return;
  runtime::EngineSnapshot snap = m_impl->engine->snapshot();
  auto now = Clock::now();
  double dt = std::chrono::duration<double>(now - m_impl->lastSample).count();
  bool first = m_impl->lastCounts.empty();
  m_impl->lastSample = now;
  bool final = isFinal(snap.state);
  double total = 0;
  std::map<std::string, EdgeLoad> loads;  // node -> its input channel
  for (const auto& node : snap.nodes)
    if (node.queueCapacity > 0) loads[node.id] = {node.queueFill, node.queueDepth, node.queueCapacity};
  const std::vector<metrics::FamilySnapshot> families =
      m_runState ? m_registry->collect() : std::vector<metrics::FamilySnapshot>();
  const std::map<std::string, StateFigures> state = stateFigures(families, m_impl->pipeline.name);
  // Members of consumer groups and restores, read from the gauges as for runners.
  const std::map<std::string, RunGauges> gauges =
      final ? std::map<std::string, RunGauges>() : readRunGauges(families, m_impl->pipeline.name);
  for (const auto& node : snap.nodes) {
    // A node's throughput: what it emits, or for a sink what it takes in.
    std::uint64_t count = node.category == model::NodeCategory::Sink ? node.recordsIn : node.recordsOut;
    double rate = 0;
    if (!first && dt > 0.05)
      rate = static_cast<double>(count - std::min(count, m_impl->lastCounts[node.id])) / dt;
    else if (!first)
      rate = m_impl->rates[node.id];
    m_impl->lastCounts[node.id] = count;
    if (final) rate = 0;
    m_impl->rates[node.id] = rate;
    if (node.category == model::NodeCategory::Source) total += rate;
    if (!m_runState) continue;
    const bool failed = snap.state == runtime::State::Failed && node.id == snap.failedNode;
    NodeRunFigures figures;
    figures.rate = rate;
    figures.records = count;
    figures.errors = node.errors + node.deadLettered;
    figures.status = failed ? RunNodeStatus::Failed : final ? RunNodeStatus::Stopped : RunNodeStatus::Running;
    if (failed) figures.failure = toQt(snap.reason);
    if (auto it = state.find(node.id); it != state.end()) {
      figures.state = stateNote(it->second);
      if (!final) {  // a stopped run's connection state would be stale
        ConnectionNote connection = connectionNote(it->second, toQt(node.id));
        if (!connection.after.isEmpty())
          figures.note = figures.note.isEmpty() ? connection.after : figures.note + QStringLiteral(" · ") + connection.after;
        figures.lead = connection.before;
        figures.detail = connection.detail;
      }
    }
    addRunGauges(figures, gauges, node.id);
    // Back-pressure: a full channel downstream makes this node wait.
    if (!final) figures.note = withWaitingNote(m_impl->pipeline, node.id, loads, figures.note);
    m_runState->setNode(toQt(node.id), std::move(figures));
  }
  m_totalRate = total;
  if (m_runState) {
    showEdges(*m_runState, m_impl->pipeline, m_impl->rates, loads, final);
    if (final) m_runState->end();
  }
  updatePreview();
  Q_EMIT sampled();
}

void RunController::updatePreview() {
  if (!m_preview) return;
  if (!m_previewEdge) {
    if (m_impl->engine)
      m_preview->showMessage(tr("Select a connection on the canvas to see the records passing along it."));
    m_impl->previewVersion = 0;
    return;
  }
  // What left the upstream node is what passed along the edge; a topic has no
  // tap of its own, so fall back to what the downstream node received.
  std::shared_ptr<Tap> tap = m_impl->board->find(m_previewEdge->from);
  QString title = tr("Last records from %1 to %2").arg(toQt(m_previewEdge->from), toQt(m_previewEdge->to));
  if (!tap) tap = m_impl->board->find(m_previewEdge->to);
  if (!tap) {
    m_preview->showMessage(
        tr("No records have passed along %1 → %2 yet.").arg(toQt(m_previewEdge->from), toQt(m_previewEdge->to)));
    return;
  }
  auto [records, version] = tap->take();
  if (records.isEmpty()) {
    m_preview->showMessage(
        tr("No records have passed along %1 → %2 yet.").arg(toQt(m_previewEdge->from), toQt(m_previewEdge->to)));
    return;
  }
  if (version == m_impl->previewVersion && m_preview->recordCount() > 0) return;
  m_impl->previewVersion = version;
  m_preview->setRecords(title + tr(" · a sample of %n", nullptr, static_cast<int>(records.size())), records);
}

void RunController::setPreviewEdge(std::optional<model::Edge> edge) {
  m_previewEdge = std::move(edge);
  m_impl->previewVersion = 0;
  if (m_impl->engine) updatePreview();
}

QString RunController::pipelineName() const {
  return m_impl->engine ? toQt(m_impl->pipeline.name) : QString();
}

Status RunController::setMetricsListen(const QString& address) {
  if (m_metricsServer) m_metricsServer->stop();
  if (address.isEmpty()) {
    m_metricsServer.reset();
    return {};
  }
  // The callback runs on the server's threads: it holds the registry, not us.
  auto server = std::make_unique<metrics::MetricsServer>(
      [registry = m_registry] { return metrics::renderPrometheus(*registry); });
  if (auto status = server->start(toStd(address)); !status) return status;
  spdlog::info("serving metrics on {}", server->url());
  m_metricsServer = std::move(server);
  return {};
}

QString RunController::metricsUrl() const {
  return m_metricsServer ? toQt(m_metricsServer->url()) : QString();
}

double RunController::nodeRate(const QString& nodeId) const {
  auto it = m_impl->rates.find(toStd(nodeId));
  return it == m_impl->rates.end() ? 0 : it->second;
}

}  // namespace tributary::widgets
