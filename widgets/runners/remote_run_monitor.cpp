#include "widgets/runners/remote_run_monitor.h"

#include <QDateTime>
#include <QTimer>
#include <QUrl>

#include "core/metrics/prometheus_parse.h"
#include "core/remote/deployment_state.h"
#include "core/remote/runner_client.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/document/run_async.h"
#include "widgets/run/run_controller.h"
#include "widgets/run/run_gauges.h"
#include "widgets/run/run_state.h"
#include "widgets/runners/runner_store.h"

namespace tributary::widgets {
namespace {

constexpr auto kTimeout = std::chrono::milliseconds(2000);

// What one runner says about `pipeline` (worker thread).
remote::RunnerReading readRunner(const RemoteRunMonitor::RunnerRef& ref, const std::string& pipeline) {
  remote::RunnerReading r;
  r.runner = RemoteRunMonitor::runnerLabel(ref.url).toStdString();
  remote::ClientOptions options;
  auto token = RunnerStore::resolveToken(ref.token);
  if (!token) {
    r.error = token.error().message;
    return r;
  }
  options.token = *token;
  options.timeout = kTimeout;
  auto client = remote::RunnerClient::create(ref.url.toStdString(), options);
  if (!client) {
    r.error = client.error().message;
    return r;
  }
  auto list = (*client)->pipelines();
  if (!list) {
    r.error = list.error().message;
    return r;
  }
  if (list->contains("pipelines") && (*list)["pipelines"].is_array())
    for (const auto& p : (*list)["pipelines"])
      if (p.value("name", std::string()) == pipeline) {
        r.deployed = true;
        r.state = p.value("state", std::string());
        r.reason = p.value("reason", std::string());
        r.failedNode = p.value("failed_node", std::string());
        if (p.contains("status_text") && p["status_text"].is_string())  // "restarting (attempt 2, next in 4s)"
          r.reason = p["status_text"].get<std::string>() + (r.reason.empty() ? "" : " after: " + r.reason);
      }
  if (r.deployed) {
    auto text = (*client)->prometheus();
    if (!text) {
      r.error = text.error().message;
      return r;
    }
    auto families = metrics::parsePrometheus(*text);
    if (!families) {
      r.error = "its /metrics cannot be read: " + families.error().message;
      return r;
    }
    r.families = std::move(*families);
  }
  r.answered = true;
  r.timeMs = QDateTime::currentMSecsSinceEpoch();
  return r;
}

QString formatRecords(std::uint64_t n) {
  return QLocale::system().toString(static_cast<qulonglong>(n));
}

}  // namespace

RemoteRunMonitor::RemoteRunMonitor(PipelineDocument* document, QObject* parent)
    : QObject(parent), m_document(document), m_timer(new QTimer(this)) {
  m_pool.setMaxThreadCount(4);
  m_timer->setInterval(1000);
  connect(m_timer, &QTimer::timeout, this, &RemoteRunMonitor::pollNow);
  m_fleet.setPipeline(m_document->pipeline(), m_document->registry());
  connect(m_document, &PipelineDocument::changed, this,
          [this] { m_fleet.setPipeline(m_document->pipeline(), m_document->registry()); });
}

RemoteRunMonitor::~RemoteRunMonitor() {
  m_timer->stop();
  m_pool.clear();
  m_pool.waitForDone();
}

QString RemoteRunMonitor::runnerLabel(const QString& url) {
  QUrl u(url);
  if (!u.isValid() || u.host().isEmpty()) return url;
  return u.port() > 0 ? QStringLiteral("%1:%2").arg(u.host()).arg(u.port()) : u.host();
}

void RemoteRunMonitor::setRunners(std::vector<RunnerRef> runners) {
  m_runners = std::move(runners);
  if (m_runners.empty()) {
    m_timer->stop();
    onRound({});
  } else if (!m_timer->isActive()) {
    m_timer->start();
    pollNow();
  }
}

void RemoteRunMonitor::setScene(PipelineScene* scene) {
  m_scene = scene;
}

void RemoteRunMonitor::setLocalRun(RunController* run) {
  m_run = run;
}

void RemoteRunMonitor::setInterval(int ms) {
  m_timer->setInterval(ms);
}

void RemoteRunMonitor::pollNow() {
  if (!m_inFlight && !m_runners.empty()) startRound();
}

void RemoteRunMonitor::startRound() {
  m_inFlight = true;
  // Filled on the GUI thread as the answers arrive; the last one ends the round.
  struct Round {
    std::vector<remote::RunnerReading> readings;
    std::size_t remaining = 0;
  };
  auto round = std::make_shared<Round>();
  round->readings.resize(m_runners.size());
  round->remaining = m_runners.size();
  const std::string pipeline = m_document->pipeline().name;
  for (std::size_t i = 0; i < m_runners.size(); ++i)
    runAsync(
        m_pool, this, [ref = m_runners[i], pipeline] { return readRunner(ref, pipeline); },
        [this, round, i](remote::RunnerReading reading) {
          round->readings[i] = std::move(reading);
          if (--round->remaining == 0) onRound(std::move(round->readings));
        });
}

void RemoteRunMonitor::onRound(std::vector<remote::RunnerReading> readings) {
  m_inFlight = false;
  // A round started before the runner list changed may name runners that are gone.
  std::vector<remote::RunnerReading> known;
  for (auto& r : readings)
    for (const RunnerRef& ref : m_runners)
      if (runnerLabel(ref.url).toStdString() == r.runner) {
        known.push_back(std::move(r));
        break;
      }
  m_fleet.update(std::move(known));
  const bool isActive = active();
  if (isActive) {
    showOnCanvas();
    Q_EMIT sampled(m_fleet.families(), QDateTime::currentMSecsSinceEpoch());
  } else if (m_onCanvas && m_scene && !(m_run && m_run->isActive())) {
    m_scene->runState()->end();
    m_onCanvas = false;
  }
  if (isActive != m_wasActive) {
    m_wasActive = isActive;
    Q_EMIT activeChanged(isActive);
  }
  Q_EMIT updated();
}

QString RemoteRunMonitor::summary() const {
  const int deployed = m_fleet.deployedCount(), stale = m_fleet.staleCount();
  if (!deployed) return {};
  QString text = tr("%1: merged from %n runner(s)", nullptr, deployed).arg(toQt(m_fleet.pipelineName()));
  if (stale)
    text += tr(" · %n unreachable (its last totals are kept, its rates are not counted)", nullptr, stale);
  return text;
}

void RemoteRunMonitor::showOnCanvas() {
  if (!m_scene || (m_run && m_run->isActive())) return;
  m_onCanvas = true;
  const auto mergedFigures = m_fleet.nodes();
  const auto runners = m_fleet.runners();
  // The pipeline's state over the runners that answered: running anywhere wins; a failure names its node.
  RunState* state = m_scene->runState();
  bool running = false;
  std::map<std::string, QString> failedNodes;
  for (const auto& r : runners) {
    if (!r.live || !r.deployed) continue;
    auto deployment = remote::parseDeploymentState(r.state);
    if (!deployment) continue;
    if (remote::isActive(*deployment)) running = true;
    if (remote::isFailure(*deployment) && !r.failedNode.empty())
      failedNodes[r.failedNode] = tr("on %1: %2").arg(toQt(r.runner), toQt(r.reason));
  }
  // Back-pressure from the queue gauges the runners report, as for a local run.
  std::map<std::string, EdgeLoad> loads;
  std::map<std::string, double> rates;
  for (const auto& [id, f] : mergedFigures) {
    if (f.queueCapacity > 0) loads[id] = {f.queueFill, f.queueDepth, f.queueCapacity};
    rates[id] = running ? f.rate : 0;
  }
  const model::Pipeline& pipeline = m_document->pipeline();
  // Members of consumer groups (per runner) and restores, read from the gauges as for a local run.
  const std::map<std::string, RunGauges> gauges =
      running ? readRunGauges(m_fleet.families(), m_fleet.pipelineName()) : std::map<std::string, RunGauges>();
  std::map<std::string, std::map<std::string, remote::FleetMetrics::NodeFigures>> perRunner;
  for (const auto& r : runners)
    if (r.deployed) perRunner[r.runner] = m_fleet.nodes(r.runner);
  for (const model::Node& node : m_document->pipeline().nodes) {
    remote::FleetMetrics::NodeFigures merged;
    if (auto it = mergedFigures.find(node.id); it != mergedFigures.end()) merged = it->second;
    NodeRunFigures figures;
    figures.rate = running ? merged.rate : 0;
    figures.records = merged.records;
    figures.errors = merged.errors;
    figures.status = running ? RunNodeStatus::Running : RunNodeStatus::Stopped;
    if (auto f = failedNodes.find(node.id); f != failedNodes.end()) {
      figures.status = RunNodeStatus::Failed;  // its tooltip says why
      figures.failure = f->second;
      state->setNode(toQt(node.id), std::move(figures));
      continue;
    }
    // Not silently: the totals hold the last figures of runners that no longer answer.
    if (const int stale = m_fleet.staleCount())
      figures.note = tr("%n stale", nullptr, stale);  // the tooltip says which runner
    if (running) figures.note = withWaitingNote(pipeline, node.id, loads, figures.note);
    addRunGauges(figures, gauges, node.id);
    // The breakdown per runner, in the tooltip.
    QString tip = QStringLiteral("<b>%1</b><br>").arg(toQt(node.label.empty() ? node.id : node.label).toHtmlEscaped());
    tip += tr("Merged from %n runner(s):", nullptr, static_cast<int>(perRunner.size()));
    for (const auto& r : runners) {
      if (!r.deployed) continue;
      remote::FleetMetrics::NodeFigures f;
      if (auto it = perRunner[r.runner].find(node.id); it != perRunner[r.runner].end()) f = it->second;
      QString line = tr("%1: %2 records").arg(toQt(r.runner).toHtmlEscaped(), formatRecords(f.records));
      if (r.live)
        line += tr(", %1/s").arg(f.rate, 0, 'f', f.rate < 10 ? 1 : 0);
      else
        line += tr(" — <span style='color:#d04545'>unreachable since %1: last total counted, rate not</span>")
                    .arg(QDateTime::fromMSecsSinceEpoch(r.lastAnswerMs).toString(QStringLiteral("HH:mm:ss")));
      if (f.errors) line += tr(", %n error(s)", nullptr, static_cast<int>(std::min<std::uint64_t>(f.errors, 1 << 30)));
      tip += QStringLiteral("<br>&nbsp;&nbsp;") + line;
    }
    figures.detail = tip;
    state->setNode(toQt(node.id), std::move(figures));
  }
  showEdges(*state, pipeline, rates, loads, !running);
  if (!running) state->end();
}

}  // namespace tributary::widgets
