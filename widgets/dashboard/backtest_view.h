#pragma once
// BacktestView: "Test against history" for one alert rule, shown in the rule
// editor. Runs metrics::backtestAlert (the live evaluator over the recorded
// history) for a chosen range and shows the rule's series with its Pending
// (amber) and Firing (red) intervals shaded, the threshold, a summary, and
// every transition with its time, series and value. GUI thread only; the
// history is the dashboard's (owned by its MetricsFeed, which outlives the dialog).

#include <QWidget>

#include "core/base/result.h"
#include "core/metrics/alert_backtest.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace tributary::widgets {

class ChartPanel;

class BacktestView final : public QWidget {
  Q_OBJECT

 public:
  // nowMs: the end of every range ("the last hour" before now).
  BacktestView(const metrics::MetricHistory& history, std::int64_t nowMs, QWidget* parent = nullptr);

  // Ranges offered, in ms: 15 min, 1 h, 6 h, 24 h, 7 d, 30 d.
  static const std::vector<std::int64_t>& ranges();
  void setRangeIndex(int index);
  // Runs the rule over [now - range, now] and shows the result (or the error).
  Result<metrics::BacktestResult> run(const metrics::AlertRule& rule);

  QTableWidget* transitions() const { return m_table; }
  ChartPanel* chart() const { return m_chart; }
  QString summary() const;

 private:
  const metrics::MetricHistory& m_history;
  std::int64_t m_now;
  QComboBox* m_range;
  QLabel* m_summary;
  ChartPanel* m_chart;
  QTableWidget* m_table;
};

}  // namespace tributary::widgets
