#pragma once
// RunController: runs the designed pipeline on the embedded runtime
// (runtime::Engine, worker threads in this process) and shows it live: it
// samples the engine's per-node counters every 500 ms on the GUI thread and
// writes them into the scene's RunState (records/s per node and edge, the
// failed node from the engine's snapshot); the scene draws from there. Engine
// state events arrive on the engine's supervisor thread and are forwarded as
// queued signals. Owned by the main window; GUI thread only.

#include <memory>
#include <optional>

#include <QObject>
#include <QPointer>
#include <QString>

#include "core/base/result.h"
#include "core/model/pipeline.h"

class QTimer;

namespace tributary::runtime {
class Engine;
class FactoryRegistry;
}  // namespace tributary::runtime
namespace tributary::metrics {
class Registry;
class MetricsServer;
}  // namespace tributary::metrics

namespace tributary::widgets {

class PipelineScene;
class RunState;
class DataPreview;
struct TapBoard;

class RunController final : public QObject {
  Q_OBJECT

 public:
  enum class State { Idle, Starting, Running, Stopping, Stopped, Failed };

  RunController(const runtime::FactoryRegistry& factories, PipelineScene* scene, DataPreview* preview,
                QObject* parent = nullptr);
  ~RunController() override;

  // Starts a run of `pipeline`; relative paths in node configs resolve against
  // `workDir` (empty: a folder per pipeline under the state directory).
  // Fails when it cannot start (a secret missing, a node type without a runtime).
  Status start(const model::Pipeline& pipeline, const QString& workDir = {});
  // Asks the run to drain and stop; stateChanged(Stopped) follows.
  void stop();
  bool isActive() const {
    return m_state == State::Starting || m_state == State::Running || m_state == State::Stopping;
  }
  State state() const { return m_state; }
  QString reason() const { return m_reason; }
  static QString stateName(State state);

  // Which connection Data Preview shows (none: a hint).
  void setPreviewEdge(std::optional<model::Edge> edge);
  // Figures of the last sample, for tests and the status bar.
  double nodeRate(const QString& nodeId) const;
  double totalRate() const { return m_totalRate; }

  // The metrics of every run (one registry for the controller's lifetime; a
  // new run of a pipeline first drops the series of its previous run). Read
  // by the dashboard (GUI thread) and the /metrics endpoint (its threads).
  std::shared_ptr<metrics::Registry> metricsRegistry() const { return m_registry; }
  // The name of the pipeline of the current (or last) run; empty before the first.
  QString pipelineName() const;
  // Serves GET /metrics (Prometheus text 0.0.4) on "HOST:PORT" / ":PORT";
  // empty stops serving. Fails when it cannot listen.
  Status setMetricsListen(const QString& address);
  QString metricsUrl() const;

 Q_SIGNALS:
  void stateChanged(tributary::widgets::RunController::State state, const QString& reason);
  void sampled();

 private:
  void sample();
  void setState(State state, const QString& reason);
  void onEngineEvent(int state, const QString& reason);
  void updatePreview();

  struct Impl;
  std::unique_ptr<Impl> m_impl;
  const runtime::FactoryRegistry& m_factories;
  QPointer<RunState> m_runState;  // the scene's: what the canvas shows
  DataPreview* m_preview;
  QTimer* m_timer;
  State m_state = State::Idle;
  QString m_reason;
  double m_totalRate = 0;
  std::optional<model::Edge> m_previewEdge;
  std::shared_ptr<std::shared_ptr<TapBoard>> m_boardRef;
  std::shared_ptr<metrics::Registry> m_registry;
  std::unique_ptr<metrics::MetricsServer> m_metricsServer;
};

}  // namespace tributary::widgets
