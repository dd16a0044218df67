#pragma once
// HeatmapPanel: one row per series (for consumer lag: per topic partition,
// sorted by node, topic and partition number), time to the right, each cell
// coloured by the largest value in its time slice (pale: 0, through amber to
// red: the largest value in view; empty: no sample). The heatmap panel type.
// GUI thread only.

#include <string>
#include <vector>

#include <QWidget>

#include "core/metrics/metric_history.h"

namespace tributary::widgets {

class HeatmapPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit HeatmapPanel(QWidget* parent = nullptr);

  // Reads the series `selector` (plus `scope`) selects over [fromMs, toMs],
  // the value times `scale`; rows are named by `legend` ("{topic}/{partition}").
  void refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, const std::string& selector,
               const std::string& legend, double scale, const std::string& unit, std::int64_t fromMs,
               std::int64_t toMs);

  // What is shown (tests): rows top to bottom, each with its cells left to
  // right (NaN: no sample in that slice), and the largest value.
  struct Row {
    QString name;
    std::vector<double> cells;
  };
  const std::vector<Row>& rows() const { return m_rows; }
  double maxValue() const { return m_max; }
  // The cell colour for a value (the legend's ramp).
  QColor colorFor(double value) const;
  QSize sizeHint() const override { return {400, 200}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int labelWidth() const;
  int cellColumns() const;

  std::vector<Row> m_rows;
  double m_max = 0;
  std::string m_unit;
  std::int64_t m_from = 0, m_to = 0;
};

}  // namespace tributary::widgets
