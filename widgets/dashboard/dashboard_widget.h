#pragma once
// DashboardWidget: the "Dashboard" dock. Shows the running pipeline's metrics
// as a grid of ChartPanels (the pipeline's saved dashboard, or the default
// one), with a time range (5 m, 15 m, 1 h, 6 h, custom), a redraw interval
// (off, 1 s, 5 s, 10 s, 30 s), pause, and the alerts: rules editor, list with
// history, a banner while an alert fires, a badge on the canvas node the
// alert is about, and a desktop notification when one starts firing.
//
// Data flow: a MetricsFeed samples the RunController's registry once a second
// into its history and evaluates the rules; the panels redraw from the history
// at the chosen interval. Edits (panels, rules) go into the document as one
// undoable change each, so they are saved with the pipeline. A dashboard can
// also be saved by name as a user dashboard (user_dashboards.h) and opened for
// any pipeline ("Dashboards" menu). Panels are reordered by dragging their
// title onto another panel (or with their menu's "Move earlier/later").
// GUI thread only.

#include <memory>

#include <QPointer>
#include <QWidget>

#include "core/metrics/alert_evaluator.h"
#include "widgets/dashboard/dashboard_layout.h"

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;
class QSplitter;
class QTimer;
class QToolButton;
class QMenu;

namespace tributary::widgets {

class AlertNotifier;
class AlertsView;
class ChartPanel;
class MetricsFeed;
class PipelineDocument;
class PipelineScene;
class RemoteRunMonitor;
class RunController;
class UserDashboards;

class DashboardWidget final : public QWidget {
  Q_OBJECT

 Q_SIGNALS:
  void fullDashboardRequested();

 public:
  DashboardWidget(PipelineDocument* document, PipelineScene* scene, QWidget* parent = nullptr);
  ~DashboardWidget() override;

  void setRunController(RunController* controller);
  // Issue 10: the open pipeline's metrics from remote runners. While no local
  // run is on and the pipeline is deployed to runners, the panels show the
  // runners' merged series (labels source="runners"), and with "Per runner"
  // one more line per runner and series.
  void setRemoteMonitor(RemoteRunMonitor* monitor);
  bool showsRunners() const;
  void setPerRunner(bool on);
  bool perRunner() const { return m_perRunner; }

  MetricsFeed* feed() const { return m_feed; }
  PipelineDocument* document() const { return m_document; }
  const DashboardLayout& layoutSpec() const { return m_layout; }
  QList<ChartPanel*> panels() const { return m_panels; }
  ChartPanel* panel(const QString& id) const;
  AlertsView* alertsView() const { return m_alerts; }
  AlertNotifier* notifier() const { return m_notifier; }

  // Range presets in ms with their names (5 min ... 30 days); custom: a fixed [from, to].
  static std::vector<std::pair<std::int64_t, QString>> rangePresets();
  void setRange(std::int64_t ms);
  void setCustomRange(std::int64_t fromMs, std::int64_t toMs);
  std::int64_t rangeMs() const { return m_rangeMs; }
  // The custom range, or {-1, -1} while a preset is used.
  std::pair<std::int64_t, std::int64_t> customRange() const { return {m_customFrom, m_customTo}; }
  // Redraw interval in ms; 0 = off (redraw only on request).
  void setRefreshInterval(int ms);
  void setPaused(bool paused);
  bool paused() const { return m_paused; }
  void refreshNow();
  // What the panels show: the custom range, or the chosen one up to now; while
  // a local run is shown, from the run's start, capped at the chosen range.
  std::pair<std::int64_t, std::int64_t> visibleRange() const;
  // The labels the panels add to their queries (this pipeline; local or runners).
  metrics::Labels currentScope() const { return scope(); }
  // The full-size dashboard (created on first use; the dock stays). The main
  // window puts it in its "Dashboard" tab and shows that tab on
  // fullDashboardRequested(); a dashboard no one hosts opens it as a window.
  void openFullDashboard();
  class FullDashboard* fullDashboard() const;
  class FullDashboard* fullDashboardView();

  // Edits (each one undo step in the document).
  void setLayoutSpec(DashboardLayout layout);
  void addPanel(PanelSpec spec);
  void removePanel(const QString& id);
  void movePanel(const QString& id, int delta);
  void resizePanel(const QString& id, int width, int height);
  void setAlertRules(std::vector<metrics::AlertRule> rules);
  void editAlertRules();
  void addPanelDialog();
  // Drag and drop: moves panel `id` before (or after) `targetId`; empty target: to the end.
  bool movePanelNextTo(const QString& id, const QString& targetId, bool after);
  // The drop of panel `id` at `pos` (in the grid's coordinates): next to the
  // panel there (its left half: before, right half: after), else to the end.
  bool dropPanelAt(const QString& id, QPoint pos);
  QWidget* gridHost() const { return m_gridHost; }

  // User dashboards (user_dashboards.h). Saving stores the panels and alert
  // rules shown; opening replaces the panels (one undo step; saved with the
  // pipeline from then on) and adds the alert rules whose ids are new.
  UserDashboards& userDashboards() { return *m_userDashboards; }
  void setUserDashboardDirectory(const QString& directory);
  Status saveUserDashboard(const QString& name);
  Status openUserDashboard(const QString& name);
  QMenu* dashboardsMenu() const { return m_dashboardsMenu; }

  // Firing alerts as shown in the banner (tests, status).
  QString bannerText() const;
  std::vector<std::string> knownMetrics() const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void fillDashboardsMenu();
  void saveUserDashboardDialog();
  void showDropMarker(const QString& id, QPoint pos);
  void loadFromDocument();
  void rebuildGrid();
  void commit();
  void applyRules();
  void onSample();
  void onAlerts(const std::vector<metrics::AlertTransition>& transitions);
  void updateBadges();
  metrics::Labels scope() const;
  void onRangeChosen(int index);

  PipelineDocument* m_document;
  PipelineScene* m_scene;
  QPointer<RunController> m_run;
  QPointer<RemoteRunMonitor> m_remote;
  QToolButton* m_perRunnerButton = nullptr;
  bool m_perRunner = false;
  MetricsFeed* m_feed;
  DashboardLayout m_layout;
  QList<ChartPanel*> m_panels;
  QComboBox* m_range;
  QComboBox* m_refresh;
  QToolButton* m_pause;
  QLabel* m_banner;
  QLabel* m_status;
  QScrollArea* m_scroll;
  QWidget* m_gridHost;
  QGridLayout* m_grid;
  QSplitter* m_splitter;
  AlertsView* m_alerts;
  QTimer* m_redraw;
  AlertNotifier* m_notifier;
  std::int64_t m_rangeMs = 5 * 60 * 1000;
  std::int64_t m_customFrom = -1, m_customTo = -1;
  std::int64_t m_runStartMs = -1;  // when the last local run started sampling
  QPointer<class FullDashboard> m_full;
  bool m_paused = false;
  bool m_applying = false;
  bool m_sampling = false;  // a run is on: the feed reads the registry
  QString m_firingText;
  std::unique_ptr<UserDashboards> m_userDashboards;
  QMenu* m_dashboardsMenu = nullptr;
  QWidget* m_dropMarker = nullptr;
  QString m_pendingDrop;  // a panel dropped here while its own drag still runs: moved when it ends
  QPoint m_pendingDropAt;
};

}  // namespace tributary::widgets
