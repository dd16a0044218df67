#pragma once
// StatPanel: one number in large type (the newest value of a sum over
// series), coloured by thresholds (below the first: normal; between: amber;
// above the last: red; `higherIsWorse` false flips them), with a sparkline of
// the same sum over the visible range. A panel type of the full-size
// dashboard. GUI thread only.

#include <functional>
#include <vector>

#include <QWidget>

#include "core/metrics/metric_history.h"
#include "widgets/dashboard/dashboard_layout.h"

namespace tributary::widgets {

class StatPanel final : public QWidget {
  Q_OBJECT

 public:
  struct Spec {
    QString title;                    // empty: none drawn (the panel frame shows it)
    std::vector<std::string> series;  // selectors, summed over their series in scope that `include` accepts
    std::function<bool(const metrics::SeriesKey&)> include;  // null: every series
    std::string unit;
    double scale = 1;
    std::vector<double> thresholds;  // ascending, at most two used: amber from [0], red from [1]
    bool max = false;                // the largest series instead of the sum
  };
  explicit StatPanel(Spec spec, QWidget* parent = nullptr);
  // The stat panel type: its queries, unit, scale, thresholds and reduce.
  static Spec fromPanel(const PanelSpec& panel);

  void refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t fromMs,
               std::int64_t toMs);
  // What is shown (tests): the value (NaN: no data) and its text.
  double value() const { return m_value; }
  QString valueText() const;
  QSize sizeHint() const override { return {220, 110}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  Spec m_spec;
  double m_value;
  std::vector<std::pair<std::int64_t, double>> m_spark;
  std::int64_t m_from = 0, m_to = 0;
};

}  // namespace tributary::widgets
