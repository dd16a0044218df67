#include "widgets/dashboard/full_dashboard.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/dashboard/metrics_feed.h"
#include "widgets/dashboard/node_table.h"
#include "widgets/dashboard/stat_panel.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {

// The node table's columns: title, series, unit, scale.
struct NodeColumn {
  const char* title;
  const char* metric;
  const char* unit;
  double scale;
};
const NodeColumn kNodeColumns[] = {
    {QT_TRANSLATE_NOOP("FullDashboard", "In /s"), {"tributary_node_records_in_total:rate"}, "", 1},
    {QT_TRANSLATE_NOOP("FullDashboard", "Out /s"), {"tributary_node_records_out_total:rate"}, "", 1},
    {QT_TRANSLATE_NOOP("FullDashboard", "Errors /s"), {"tributary_node_errors_total:rate"}, "", 1},
    {QT_TRANSLATE_NOOP("FullDashboard", "Queue"), "tributary_node_queue_depth", "records", 1},
    {QT_TRANSLATE_NOOP("FullDashboard", "Queue fill"), {"tributary_node_queue_fill"}, "%", 100},
    {QT_TRANSLATE_NOOP("FullDashboard", "Batch p99"), "tributary_node_batch_latency_seconds:p99", "ms", 1000},
};

}  // namespace

FullDashboard::FullDashboard(DashboardWidget* dashboard, QWidget* parent)
    : QWidget(parent),
      m_dashboard(dashboard),
      m_range(new QComboBox(this)),
      m_rangeNote(new QLabel(this)),
      m_nodes(new NodeTable({}, this)),
      m_scroll(new QScrollArea(this)),
      m_gridHost(new QWidget),
      m_grid(new QGridLayout(m_gridHost)) {
  setObjectName(QStringLiteral("fullDashboard"));
  setWindowTitle(tr("Dashboard"));
  for (const auto& [ms, text] : DashboardWidget::rangePresets()) m_range->addItem(text, QVariant::fromValue(ms));
  m_range->setObjectName(QStringLiteral("fullDashboardRange"));
  connect(m_range, &QComboBox::activated, this, [this](int index) {
    m_dashboard->setRange(m_range->itemData(index).toLongLong());
    refreshNow();
  });
  auto* bar = new QHBoxLayout;
  auto* title = new QLabel(this);
  title->setTextFormat(Qt::RichText);
  title->setText(QStringLiteral("<b>%1</b>").arg(tr("Dashboard")));
  bar->addWidget(title);
  bar->addStretch(1);
  bar->addWidget(m_rangeNote);
  bar->addWidget(m_range);

  // The sampler drops the "type" label: sources and sinks by node id, from the pipeline.
  auto inScope = [this](bool sources) {
    return [this, sources](const metrics::SeriesKey& key) {
      return (sources ? m_sources : m_sinks).count(key.label("node")) > 0;
    };
  };
  auto* stats = new QHBoxLayout;
  const std::vector<StatPanel::Spec> specs{
      {tr("Records in /s"), {"tributary_node_records_out_total:rate"}, inScope(true), "records/s", 1, {}, false},
      {tr("Records out /s"), {"tributary_node_records_in_total:rate"}, inScope(false), "records/s", 1, {}, false},
      {tr("Errors /s"), {"tributary_node_errors_total:rate"}, nullptr, "records/s", 1, {0.001, 10}, false},
      {tr("End-to-end p99"), {"tributary_pipeline_latency_seconds:p99"}, nullptr, "ms", 1000, {500, 2000}, true},
      {tr("Fullest queue"), {"tributary_node_queue_fill"}, nullptr, "%", 100, {50, 90}, true}};
  for (const auto& spec : specs) {
    auto* stat = new StatPanel(spec, this);
    stats->addWidget(stat, 1);
    m_stats.append(stat);
  }
  std::vector<NodeTable::Column> columns;
  for (const auto& c : kNodeColumns) columns.push_back({tr(c.title), c.metric, c.unit, c.scale});
  m_nodes->setColumns(std::move(columns));
  m_nodes->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

  m_scroll->setWidget(m_gridHost);
  m_scroll->setWidgetResizable(true);
  m_scroll->setFrameShape(QFrame::NoFrame);
  m_grid->setContentsMargins(0, 0, 0, 0);
  m_grid->setSpacing(6);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addLayout(stats);
  layout->addWidget(m_nodes);
  layout->addWidget(m_scroll, 1);

  rebuildPanels();
}

void FullDashboard::rebuildPanels() {
  for (ChartPanel* p : m_panels) p->deleteLater();
  m_panels.clear();
  m_shown = m_dashboard->layoutSpec().panels;
  for (const PanelSpec& spec : m_shown) {
    auto* panel = new ChartPanel(spec, m_gridHost);
    // Taller charts than in the dock; the panel's own layout keeps the legend below.
    if (auto* view = panel->findChild<QChartView*>()) view->setMinimumHeight(220);
    const QString id = toQt(spec.id);
    // The same edits as in the dock: they go to the document, and both views follow.
    connect(panel, &ChartPanel::resizeRequested, m_dashboard,
            [this, id](int w, int h) { m_dashboard->resizePanel(id, w, h); });
    connect(panel, &ChartPanel::moveRequested, m_dashboard, [this, id](int d) { m_dashboard->movePanel(id, d); });
    connect(panel, &ChartPanel::removeRequested, m_dashboard, [this, id] { m_dashboard->removePanel(id); });
    m_panels.append(panel);
  }
  m_columns = 0;
  layoutPanels();
}

void FullDashboard::layoutPanels() {
  // As many columns as fit at 480 px or more each.
  const int columns = std::max(1, m_scroll->viewport()->width() / 480);
  if (columns == m_columns) return;
  m_columns = columns;
  while (m_grid->count()) m_grid->takeAt(0);
  std::vector<std::vector<bool>> used;
  auto free = [&](int r, int c, int w, int h) {
    for (int y = r; y < r + h; ++y)
      for (int x = c; x < c + w; ++x) {
        if (x >= columns) return false;
        if (y < static_cast<int>(used.size()) && used[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)])
          return false;
      }
    return true;
  };
  for (int i = 0; i < m_panels.size(); ++i) {
    const PanelSpec& spec = m_shown[static_cast<std::size_t>(i)];
    int w = std::min(spec.width, columns), h = spec.height;
    int r = 0, c = 0;
    while (!free(r, c, w, h)) {
      if (++c + w > columns) c = 0, ++r;
    }
    while (static_cast<int>(used.size()) < r + h) used.emplace_back(static_cast<std::size_t>(columns), false);
    for (int y = r; y < r + h; ++y)
      for (int x = c; x < c + w; ++x) used[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = true;
    m_grid->addWidget(m_panels[i], r, c, h, w);
  }
  for (int c = 0; c < columns; ++c) m_grid->setColumnStretch(c, 1);
}

void FullDashboard::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  layoutPanels();
}

void FullDashboard::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  refreshNow();  // its tab was chosen: draw now, not at the next tick
}

void FullDashboard::refreshNow() {
  if (m_dashboard->layoutSpec().panels != m_shown) rebuildPanels();
  for (int i = 0; i < m_range->count(); ++i)
    if (m_range->itemData(i).toLongLong() == m_dashboard->rangeMs() && m_range->currentIndex() != i)
      m_range->setCurrentIndex(i);
  const auto [from, to] = m_dashboard->visibleRange();
  m_rangeNote->setText(to - from < m_dashboard->rangeMs() && m_dashboard->customRange().first < 0
                           ? tr("since the run started (%1)").arg(QDateTime::fromMSecsSinceEpoch(from).toString(QStringLiteral("HH:mm:ss")))
                           : QString());
  m_sources.clear();
  m_sinks.clear();
  for (const model::Node& node : m_dashboard->document()->pipeline().nodes) {
    if (node.type.rfind("source.", 0) == 0) m_sources.insert(node.id);
    if (node.type.rfind("sink.", 0) == 0) m_sinks.insert(node.id);
  }
  const auto& history = m_dashboard->feed()->history();
  const metrics::Labels scope = m_dashboard->currentScope();
  for (StatPanel* s : m_stats) s->refresh(history, scope, from, to);
  fillNodeTable(to);
  std::vector<std::string> order;  // table panels list nodes in the pipeline's order
  for (const model::Node& node : m_dashboard->document()->pipeline().nodes) order.push_back(node.id);
  for (ChartPanel* p : m_panels) {
    if (p->tableBody()) p->tableBody()->setNodeOrder(order);
    p->refresh(history, scope, from, to);
  }
}

void FullDashboard::fillNodeTable(std::int64_t nowMs) {
  std::vector<std::string> order;
  for (const model::Node& node : m_dashboard->document()->pipeline().nodes) order.push_back(node.id);
  m_nodes->setNodeOrder(std::move(order));
  m_nodes->refresh(m_dashboard->feed()->history(), m_dashboard->currentScope(), nowMs);
  // As tall as its rows (up to eight), so the panels get the rest.
  m_nodes->fitHeight(8);
}

}  // namespace tributary::widgets
