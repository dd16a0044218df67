#pragma once
// MetricsFeed: the GUI's live metrics. Once a second (on the GUI thread) it
// collects a registry snapshot through the source callback, turns it into
// series in a MetricHistory (MetricsSampler), evaluates the alert rules and
// announces what changed. Collecting is a short lock and a copy of a few
// numbers per node, so it is cheap enough for the GUI thread; no I/O here.
// The clock is injectable (tests). Owned by the DashboardWidget; GUI thread only.

#include <functional>
#include <memory>
#include <vector>

#include <QObject>

#include "core/metrics/alert_evaluator.h"
#include "core/metrics/metric_history.h"
#include "core/metrics/metrics_sampler.h"

class QTimer;

namespace tributary::widgets {

class MetricsFeed final : public QObject {
  Q_OBJECT

 public:
  using Source = std::function<std::vector<metrics::FamilySnapshot>()>;
  using Clock = std::function<std::int64_t()>;  // epoch milliseconds

  explicit MetricsFeed(QObject* parent = nullptr);
  ~MetricsFeed() override;

  // Where snapshots come from (null: nothing is sampled).
  void setSource(Source source);
  void setClock(Clock clock);
  std::int64_t now() const { return m_clock(); }
  // Sampling interval (default 1000 ms, the history's resolution).
  void setInterval(int ms);
  void start();
  void stop();
  bool running() const;

  // One sample and one alert evaluation now.
  void sampleNow();
  // Samples taken elsewhere at `timeMs` (the remote runners' series, see
  // RemoteRunMonitor); alerts see them at the next evaluation.
  void ingest(const std::vector<metrics::FamilySnapshot>& families, std::int64_t timeMs);

  void setRules(std::vector<metrics::AlertRule> rules);
  const std::vector<metrics::AlertRule>& rules() const { return m_evaluator->rules(); }
  const metrics::AlertEvaluator& alerts() const { return *m_evaluator; }
  const metrics::MetricHistory& history() const { return m_history; }
  metrics::MetricHistory& history() { return m_history; }
  // Forgets history and rates (a different pipeline).
  void clear();

 Q_SIGNALS:
  void sampled();
  void alertsChanged(const std::vector<tributary::metrics::AlertTransition>& transitions);

 private:
  metrics::MetricHistory m_history;
  metrics::MetricsSampler m_sampler{m_history};
  Clock m_clock;
  std::unique_ptr<metrics::AlertEvaluator> m_evaluator;
  Source m_source;
  QTimer* m_timer;
};

}  // namespace tributary::widgets
