#pragma once
// FullDashboard: the dashboard at full size, as the main window's
// "Dashboard" tab next to the designer canvas (a window of its own where no
// main window hosts it, e.g. in tests); the dock stays for a glance. On top, single stats with sparklines and thresholds
// (records in and out per second, errors per second, end-to-end p99, fullest
// input queue) and a table of current values per node; below, the pipeline's
// panels in a grid that takes as many columns as the window's width allows
// (each panel keeps its 1-2 column, 1-2 row size; resize panels from their
// menu). It reads the DashboardWidget's history, scope and time range (the
// range box here sets the dock's too), redraws with the dock (its interval and pause) while shown, and
// follows layout edits. Owned by the tab it is in, else by the DashboardWidget. GUI thread only.

#include <set>
#include <string>

#include <QWidget>

#include "widgets/dashboard/dashboard_layout.h"
#include "widgets/dashboard/node_table.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;

namespace tributary::widgets {

class ChartPanel;
class DashboardWidget;
class StatPanel;

class FullDashboard final : public QWidget {
  Q_OBJECT

 public:
  explicit FullDashboard(DashboardWidget* dashboard, QWidget* parent = nullptr);

  void refreshNow();
  QList<ChartPanel*> panels() const { return m_panels; }
  QList<StatPanel*> stats() const { return m_stats; }
  NodeTable* nodeTable() const { return m_nodes; }
  int columns() const { return m_columns; }

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void rebuildPanels();
  void layoutPanels();
  void fillNodeTable(std::int64_t nowMs);

  DashboardWidget* m_dashboard;
  QComboBox* m_range;
  QLabel* m_rangeNote;
  QList<StatPanel*> m_stats;
  NodeTable* m_nodes;
  QScrollArea* m_scroll;
  QWidget* m_gridHost;
  QGridLayout* m_grid;
  QList<ChartPanel*> m_panels;
  std::vector<PanelSpec> m_shown;  // the specs m_panels were built from
  std::set<std::string> m_sources, m_sinks;  // node ids, for the records in/out stats
  int m_columns = 0;
};

}  // namespace tributary::widgets
