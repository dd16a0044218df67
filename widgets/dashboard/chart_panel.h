#pragma once
// ChartPanel: one dashboard panel — a QtCharts line chart of the series its
// queries select over a time range, with threshold lines, a legend table
// (min, max, mean, last per series, in the panel's unit), a hover tooltip
// listing every series at the time under the mouse, and export of the
// picture (PNG) and of the data (CSV). The panel's menu asks the dashboard
// to edit, resize, move or remove it (signals); dragging the title starts a
// drag carrying the panel's id (dragMimeData), which the dashboard's grid
// takes as a move. GUI thread only.

#include <tuple>

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

#include "core/metrics/metric_history.h"
#include "widgets/dashboard/dashboard_layout.h"

class QChart;
class QChartView;
class QLabel;
class QMimeData;
class QLineSeries;
class QValueAxis;
class QToolButton;

namespace tributary::widgets {

class HeatmapPanel;
class NodeTable;
class StatPanel;

class ChartPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit ChartPanel(PanelSpec spec, QWidget* parent = nullptr);
  ~ChartPanel() override;

  const PanelSpec& spec() const { return m_spec; }
  void setSpec(PanelSpec spec);

  // Redraws from `history`: the queries' series that also match `scope` (the
  // running pipeline), over [fromMs, toMs], downsampled to min/max per pixel
  // column. The lines (legend, tooltip, CSV) are always updated; the chart
  // only while the panel is on screen (else when it comes back: syncChart()).
  void refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t fromMs,
               std::int64_t toMs);
  // Shaded stretches of time behind the lines (a back-test's Pending and Firing).
  struct Band {
    std::int64_t fromMs = 0, toMs = 0;
    QColor color;
  };
  void setBands(std::vector<Band> bands);
  // Without the menu and title drag: a chart that is not a dashboard panel.
  void setMenuVisible(bool visible);
  // Draws what the last refresh() left undrawn, if the panel is on screen now
  // (the dashboard calls it when its grid scrolls).
  void syncChart();
  // Whether line series use OpenGL here (a hardware context; see the .cpp).
  static bool useOpenGL();
  // Points to draw, x in ms since fromMs: one per pixel column, or its min and
  // max when they lie more than `pixelHeight` (value units per pixel row) apart.
  // [lo, hi] widened to nice numbers for an axis of about `ticks` ticks: (lo, hi, tick count).
  static std::tuple<double, double, int> niceRange(double lo, double hi, int ticks);
  static QList<QPointF> pixelPoints(const std::vector<metrics::SeriesPoint>& points, std::int64_t fromMs,
                                    double pixelHeight);

  // The body of a panel that is not a time series (spec().type "stat",
  // "table", "heatmap"), in this frame (title, menu, drag); null otherwise.
  StatPanel* statBody() const { return m_stat; }
  NodeTable* tableBody() const { return m_table; }
  HeatmapPanel* heatmapBody() const { return m_heatmap; }
  // A series' legend: "{node} p99" with the key's labels filled in (empty: the key).
  static QString seriesName(const std::string& legend, const metrics::SeriesKey& key);

  // What is drawn, for the legend, tests and CSV.
  struct Line {
    QString name;
    std::vector<metrics::SeriesPoint> points;  // scaled
    double min = 0, max = 0, mean = 0, last = 0;
  };
  const std::vector<Line>& lines() const { return m_lines; }
  QString legendText() const;
  // Hover tooltip text at a time (as shown when the mouse is there).
  QString tooltipAt(std::int64_t timeMs) const;
  QString csv() const;
  bool exportPng(const QString& path) const;
  bool exportCsv(const QString& path) const;

  // What a drag of this panel carries, and the panel id in such data (empty: not a panel drag).
  static constexpr const char* kMimeType = "application/x-tributary-dashboard-panel";
  QMimeData* dragMimeData() const;
  static QString panelIdFrom(const QMimeData* data);

  // "1.23k records/s", "3.4 ms", "12.0 MB/s"; without the unit: "1.23k", "3.4", "12.0 MB".
  static QString formatValue(double value, const std::string& unit, bool withUnit = true);

 Q_SIGNALS:
  void editRequested();
  void removeRequested();
  void moveRequested(int delta);
  void resizeRequested(int width, int height);
  // A drag of this panel ended (dropped or not); emitted last, nothing of the panel is used after it.
  void dragFinished();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void buildMenu();
  void updateLegend();
  void updateChart();
  int pixelColumns() const;
  bool isOnScreen() const;

  PanelSpec m_spec;
  QLabel* m_title;
  QToolButton* m_menuButton;
  QChart* m_chart;
  QChartView* m_view;
  QValueAxis* m_axisX;  // hidden: ms since the range start (the line layer draws the time axis)
  QValueAxis* m_axisY;
  class LegendView* m_legend;
  std::vector<Line> m_lines;
  class LineLayer* m_lineLayer;  // time axis, and the lines without OpenGL (owned by m_chart)
  std::vector<QLineSeries*> m_series;      // with OpenGL: parallel to m_lines
  std::vector<QLineSeries*> m_thresholds;  // one per threshold
  std::int64_t m_from = 0, m_to = 0;
  bool m_chartStale = false;
  bool m_movable = true;  // the title drags the panel  // m_lines changed while the panel was off screen
  QPoint m_pressAt{-1, -1};
  QWidget* m_body = nullptr;  // m_stat, m_table or m_heatmap
  StatPanel* m_stat = nullptr;
  NodeTable* m_table = nullptr;
  HeatmapPanel* m_heatmap = nullptr;
  QString m_emptyText = tr("No data in this range yet.");  // the legend's text without lines  // where a press on the title started (a drag begins after startDragDistance)
};

}  // namespace tributary::widgets
