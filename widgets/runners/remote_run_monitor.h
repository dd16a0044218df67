#pragma once
// RemoteRunMonitor: live metrics of the open pipeline from the remote runners
// it is deployed to — the second source, next to the local run
// (RunController), that the canvas and the dashboard show.
//
// Once a second it asks every known runner (on worker threads, through
// runAsync) for its
// pipelines (is the open pipeline deployed there? in which state?) and, where
// it is, for /metrics (Prometheus text, parsed). A round ends when every
// runner answered or failed (2 s timeout each); its readings go into a
// remote::FleetMetrics (see fleet_metrics.h for how runners are merged and
// what a runner that stops answering counts for). Then, on the GUI thread:
//   - the scene's RunState gets the merged figures per node (records,
//     records/s, errors; a tooltip with the per-runner breakdown; the failed
//     node, from the runner's "failed_node"), unless a local run is on (that
//     one owns the canvas);
//   - sampled(families, time) carries the merged and per-runner series to
//     the dashboard (labels source="runners", runner=<host:port>);
//   - updated() tells the Runners panel to show the per-runner state.
//
// Threads: GUI thread for everything public; requests on the monitor's own
// pool; the destructor waits for them (each bounded by the timeout).

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include "core/remote/fleet_metrics.h"

class QTimer;

namespace tributary::widgets {

class PipelineDocument;
class PipelineScene;
class RunController;

class RemoteRunMonitor final : public QObject {
  Q_OBJECT

 public:
  struct RunnerRef {
    QString url;
    QString token;
  };

  explicit RemoteRunMonitor(PipelineDocument* document, QObject* parent = nullptr);
  ~RemoteRunMonitor() override;

  void setRunners(std::vector<RunnerRef> runners);
  // The scene whose RunState this monitor writes (it never touches the items).
  void setScene(PipelineScene* scene);
  // While this run is active it owns the canvas.
  void setLocalRun(RunController* run);
  // Polling interval (default 1000 ms).
  void setInterval(int ms);
  // One round now (when none is in flight).
  void pollNow();

  // The open pipeline is deployed on at least one known runner (as last known).
  bool active() const { return m_fleet.deployedCount() > 0; }
  const remote::FleetMetrics& fleet() const { return m_fleet; }
  // "127.0.0.1:7070" for "http://127.0.0.1:7070": the runner label of its series.
  static QString runnerLabel(const QString& url);
  // A line for status bars: "merged from 2 runners · 1 unreachable (last totals kept, rates not)".
  QString summary() const;

 Q_SIGNALS:
  void sampled(const std::vector<tributary::metrics::FamilySnapshot>& families, qint64 timeMs);
  void updated();
  void activeChanged(bool active);

 private:
  void startRound();
  void onRound(std::vector<remote::RunnerReading> readings);
  void showOnCanvas();

  PipelineDocument* m_document;
  QPointer<PipelineScene> m_scene;  // for its RunState
  QPointer<RunController> m_run;
  std::vector<RunnerRef> m_runners;
  remote::FleetMetrics m_fleet;
  QTimer* m_timer;
  QThreadPool m_pool;
  bool m_inFlight = false;
  bool m_wasActive = false;
  bool m_onCanvas = false;  // the canvas shows our figures
};

}  // namespace tributary::widgets
