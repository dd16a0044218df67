#include "widgets/dashboard/dashboard_widget.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QGridLayout>
#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/metrics/registry.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/dashboard/alert_notifier.h"
#include "widgets/dashboard/alert_rules_dialog.h"
#include "widgets/dashboard/alerts_view.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/full_dashboard.h"
#include "widgets/dashboard/node_table.h"
#include "widgets/dashboard/metrics_feed.h"
#include "widgets/dashboard/panel_edit_dialog.h"
#include "widgets/dashboard/panel_order.h"
#include "widgets/dashboard/time_range_dialog.h"
#include "widgets/dashboard/user_dashboards.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/run/run_controller.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {
constexpr int kColumns = 2;
constexpr int kRowHeight = 270;
const std::int64_t kRanges[] = {5 * 60'000LL,     15 * 60'000LL,    3'600'000LL,      6 * 3'600'000LL,
                                 24 * 3'600'000LL, 7 * 86'400'000LL, 30 * 86'400'000LL};
constexpr int kCustom = static_cast<int>(std::size(kRanges));  // the range box's "Custom…"
const int kRefresh[] = {0, 1000, 5000, 10000, 30000};
}  // namespace

DashboardWidget::DashboardWidget(PipelineDocument* document, PipelineScene* scene, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_scene(scene),
      m_feed(new MetricsFeed(this)),
      m_range(new QComboBox(this)),
      m_refresh(new QComboBox(this)),
      m_pause(new QToolButton(this)),
      m_banner(new QLabel(this)),
      m_status(new QLabel(this)),
      m_scroll(new QScrollArea(this)),
      m_gridHost(new QWidget),
      m_grid(new QGridLayout(m_gridHost)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_alerts(new AlertsView(this)),
      m_redraw(new QTimer(this)),
      m_notifier(new AlertNotifier(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  // The toolbar must not set the dock's minimum width: in German its buttons
  // are wider than the bottom dock, and the main window then squeezed the
  // palette and inspector to make room. Narrower than its buttons, it clips.
  auto* barHost = new QWidget(this);
  barHost->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  auto* bar = new QHBoxLayout(barHost);
  bar->setSizeConstraint(QLayout::SetNoConstraint);
  bar->setContentsMargins(6, 3, 6, 3);
  m_range->setObjectName(QStringLiteral("dashboardRange"));
  for (const auto& [ms, text] : rangePresets()) m_range->addItem(text);
  m_range->addItem(tr("Custom…"));
  m_range->setToolTip(tr("Time range"));
  m_refresh->setObjectName(QStringLiteral("dashboardRefresh"));
  for (const QString& text : {tr("Refresh off"), tr("Every 1 s"), tr("Every 5 s"), tr("Every 10 s"), tr("Every 30 s")})
    m_refresh->addItem(text);
  m_refresh->setCurrentIndex(1);
  m_refresh->setToolTip(tr("How often the charts redraw"));
  m_pause->setText(tr("Pause"));
  m_pause->setCheckable(true);
  m_pause->setToolTip(tr("Freeze the charts (sampling and alerts go on)"));
  auto* add = new QToolButton(this);
  add->setIcon(icons::action(QStringLiteral("add")));
  add->setText(tr("Add panel"));
  add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  add->setAutoRaise(true);
  auto* reset = new QToolButton(this);
  reset->setText(tr("Default layout"));
  reset->setAutoRaise(true);
  reset->setToolTip(tr("Replace the panels with the generated default (alert rules stay)"));
  auto* dashboards = new QToolButton(this);
  dashboards->setObjectName(QStringLiteral("dashboardsMenuButton"));
  dashboards->setText(tr("Dashboards ▾"));
  dashboards->setAutoRaise(true);
  dashboards->setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0; }"));
  dashboards->setPopupMode(QToolButton::InstantPopup);
  dashboards->setToolTip(tr("Save this dashboard by name, or open a saved one for this pipeline"));
  m_dashboardsMenu = new QMenu(dashboards);
  dashboards->setMenu(m_dashboardsMenu);
  connect(m_dashboardsMenu, &QMenu::aboutToShow, this, &DashboardWidget::fillDashboardsMenu);
  m_userDashboards = std::make_unique<UserDashboards>();
  fillDashboardsMenu();
  auto* alerts = new QToolButton(this);
  alerts->setText(tr("Alerts"));
  alerts->setCheckable(true);
  alerts->setChecked(true);
  alerts->setAutoRaise(true);
  bar->addWidget(m_range);
  bar->addWidget(m_refresh);
  bar->addWidget(m_pause);
  bar->addSpacing(12);
  bar->addWidget(add);
  bar->addWidget(reset);
  bar->addWidget(dashboards);
  bar->addWidget(alerts);
  auto* full = new QToolButton(this);
  full->setObjectName(QStringLiteral("dashboardFullSize"));
  full->setText(tr("Full size"));
  full->setAutoRaise(true);
  full->setToolTip(tr("Show the full-size dashboard (the Dashboard tab next to the designer), with stats and a table per node"));
  connect(full, &QToolButton::clicked, this, &DashboardWidget::openFullDashboard);
  bar->addWidget(full);
  m_perRunnerButton = new QToolButton(this);
  m_perRunnerButton->setObjectName(QStringLiteral("dashboardPerRunner"));
  m_perRunnerButton->setText(tr("Per runner"));
  m_perRunnerButton->setCheckable(true);
  m_perRunnerButton->setAutoRaise(true);
  m_perRunnerButton->setToolTip(tr("Also draw each runner's own line next to the merged one"));
  m_perRunnerButton->hide();
  connect(m_perRunnerButton, &QToolButton::toggled, this, &DashboardWidget::setPerRunner);
  bar->addWidget(m_perRunnerButton);
  bar->addStretch(1);
  bar->addWidget(m_status);
  layout->addWidget(barHost);
  m_banner->setObjectName(QStringLiteral("alertBanner"));
  m_banner->setStyleSheet(QStringLiteral("background: %1; color: white; padding: 4px 8px; font-weight: bold;")
                              .arg(colors::error().name()));
  m_banner->setWordWrap(true);
  m_banner->hide();
  layout->addWidget(m_banner);
  m_grid->setContentsMargins(6, 6, 6, 6);
  m_grid->setSpacing(6);
  for (int c = 0; c < kColumns; ++c) m_grid->setColumnStretch(c, 1);
  m_gridHost->setAcceptDrops(true);
  m_gridHost->installEventFilter(this);
  m_dropMarker = new QWidget(m_gridHost);
  m_dropMarker->setObjectName(QStringLiteral("panelDropMarker"));
  m_dropMarker->setAttribute(Qt::WA_StyledBackground);
  m_dropMarker->setStyleSheet(QStringLiteral("background: %1;").arg(colors::accent().name()));
  m_dropMarker->hide();
  m_scroll->setWidget(m_gridHost);
  m_scroll->setWidgetResizable(true);
  m_scroll->setFrameShape(QFrame::NoFrame);
  // Panels scrolled out of view skip drawing; draw them when they come back.
  connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
    for (ChartPanel* p : m_panels) p->syncChart();
  });
  m_splitter->addWidget(m_scroll);
  m_splitter->addWidget(m_alerts);
  m_splitter->setStretchFactor(0, 4);
  m_splitter->setStretchFactor(1, 1);
  m_splitter->setSizes({640, 360});
  layout->addWidget(m_splitter, 1);
  m_status->setStyleSheet(QStringLiteral("color: %1").arg(colors::mutedText().name()));

  connect(m_range, &QComboBox::activated, this, &DashboardWidget::onRangeChosen);
  connect(m_refresh, &QComboBox::currentIndexChanged, this, [this](int i) { setRefreshInterval(kRefresh[i]); });
  connect(m_pause, &QToolButton::toggled, this, &DashboardWidget::setPaused);
  connect(add, &QToolButton::clicked, this, &DashboardWidget::addPanelDialog);
  connect(reset, &QToolButton::clicked, this, [this] {
    DashboardLayout fresh = defaultDashboard(m_document->pipeline(), knownMetrics());
    fresh.alerts = m_layout.alerts;
    setLayoutSpec(std::move(fresh));
  });
  connect(alerts, &QToolButton::toggled, m_alerts, &QWidget::setVisible);
  connect(m_alerts, &AlertsView::editRulesRequested, this, &DashboardWidget::editAlertRules);
  connect(m_redraw, &QTimer::timeout, this, &DashboardWidget::refreshNow);
  connect(m_feed, &MetricsFeed::sampled, this, &DashboardWidget::onSample);
  connect(m_feed, &MetricsFeed::alertsChanged, this, &DashboardWidget::onAlerts);
  connect(m_document, &PipelineDocument::documentReset, this, &DashboardWidget::loadFromDocument);
  connect(m_document, &PipelineDocument::dashboardChanged, this, [this] {
    if (!m_applying) loadFromDocument();
  });
  setRefreshInterval(1000);
  loadFromDocument();
}

DashboardWidget::~DashboardWidget() {
  // A full-size dashboard no tab took is ours.
  if (m_full && !m_full->parentWidget()) delete m_full.data();
}

void DashboardWidget::setRunController(RunController* controller) {
  m_run = controller;
  if (!controller) {
    m_feed->setSource({});
    m_feed->stop();
    return;
  }
  // The feed ticks all the time so alerts keep being evaluated; it samples
  // the registry only while a run is on (afterwards the series go stale, which
  // resolves "above"/"below" rules and fires "absent" ones, as with Prometheus).
  std::weak_ptr<metrics::Registry> registry = controller->metricsRegistry();
  m_feed->setSource([this, registry] {
    auto r = registry.lock();
    return r && m_sampling ? r->collect() : std::vector<metrics::FamilySnapshot>{};
  });
  connect(controller, &RunController::stateChanged, this, [this](RunController::State state, const QString&) {
    if (state == RunController::State::Starting || state == RunController::State::Running) {
      if (!m_sampling) {
        m_sampling = true;
        m_runStartMs = m_feed->now();
        applyRules();
        m_feed->sampleNow();
      }
    } else if (state == RunController::State::Stopped || state == RunController::State::Failed) {
      if (m_sampling) m_feed->sampleNow();  // the final figures
      m_sampling = false;
      applyRules();
      refreshNow();
    }
  });
  m_feed->start();
}

void DashboardWidget::applyRules() {
  // "absent" watches a running pipeline going quiet; before a run and after
  // it every series is quiet, so those rules rest until the next run.
  std::vector<metrics::AlertRule> rules;
  for (const auto& r : m_layout.alerts)
    if (m_sampling || r.condition != metrics::AlertCondition::Absent) rules.push_back(r);
  m_feed->setRules(std::move(rules));
}

metrics::Labels DashboardWidget::scope() const {
  QString name = m_run ? m_run->pipelineName() : QString();
  if (name.isEmpty()) name = toQt(m_document->pipeline().name);
  // The local run's series have no "source" label; the runners' have source="runners",
  // and a "runner" label on the per-runner ones (none on the merged ones).
  metrics::Labels labels = {{"pipeline", toStd(name)}};
  if (!showsRunners()) {
    labels.emplace_back("source", "");
  } else {
    labels.emplace_back("source", "runners");
    if (!m_perRunner) labels.emplace_back("runner", "");
  }
  return labels;
}

void DashboardWidget::setRemoteMonitor(RemoteRunMonitor* monitor) {
  m_remote = monitor;
  if (!monitor) return;
  connect(monitor, &RemoteRunMonitor::sampled, this,
          [this](const std::vector<metrics::FamilySnapshot>& families, qint64 timeMs) {
            m_feed->ingest(families, timeMs);
          });
  connect(monitor, &RemoteRunMonitor::updated, this, [this] {
    const bool remote = showsRunners();
    m_perRunnerButton->setVisible(remote);
    if (remote) m_status->setText(m_remote->summary());
  });
  connect(monitor, &RemoteRunMonitor::activeChanged, this, [this] { refreshNow(); });
}

bool DashboardWidget::showsRunners() const {
  return m_remote && m_remote->active() && !m_sampling;
}

void DashboardWidget::setPerRunner(bool on) {
  m_perRunner = on;
  if (m_perRunnerButton->isChecked() != on) m_perRunnerButton->setChecked(on);
  refreshNow();
}

std::vector<std::string> DashboardWidget::knownMetrics() const {
  std::set<std::string> names;
  for (const auto& key : m_feed->history().keys()) names.insert(key.metric);
  return {names.begin(), names.end()};
}

ChartPanel* DashboardWidget::panel(const QString& id) const {
  for (ChartPanel* p : m_panels)
    if (toQt(p->spec().id) == id) return p;
  return nullptr;
}

void DashboardWidget::loadFromDocument() {
  const model::Pipeline& pipeline = m_document->pipeline();
  std::string error;
  DashboardLayout layout = defaultDashboard(pipeline, knownMetrics());
  if (pipeline.dashboard.is_object()) {
    std::vector<PanelSpec> generated = std::move(layout.panels);
    layout = dashboardFor(pipeline, &error);
    if (!pipeline.dashboard.contains("panels") && error.empty()) layout.panels = std::move(generated);
  }
  if (!error.empty()) {
    m_status->setText(tr("The saved dashboard was not used: %1").arg(toQt(error)));
    m_status->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  } else {
    m_status->setStyleSheet(QStringLiteral("color: %1").arg(colors::mutedText().name()));
  }
  bool panelsChanged = layout.panels != m_layout.panels || m_panels.isEmpty();
  m_layout = std::move(layout);
  if (panelsChanged) rebuildGrid();
  applyRules();
  refreshNow();
}

void DashboardWidget::rebuildGrid() {
  for (ChartPanel* p : m_panels) p->deleteLater();
  m_panels.clear();
  while (QLayoutItem* item = m_grid->takeAt(0)) delete item;
  m_dropMarker->hide();
  // Packs the panels in order: each goes to the first free cell it fits.
  std::vector<std::array<bool, kColumns>> used;
  auto fits = [&used](int r, int c, int w, int h) {
    if (c + w > kColumns) return false;
    for (int y = r; y < r + h; ++y)
      for (int x = c; x < c + w; ++x)
        if (y < static_cast<int>(used.size()) && used[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)])
          return false;
    return true;
  };
  int rows = 0;
  for (const PanelSpec& spec : m_layout.panels) {
    int w = std::clamp(spec.width, 1, kColumns), h = std::clamp(spec.height, 1, 2);
    int r = 0, c = 0;
    for (;; ++r) {
      bool placed = false;
      for (c = 0; c < kColumns; ++c)
        if (fits(r, c, w, h)) {
          placed = true;
          break;
        }
      if (placed) break;
    }
    while (static_cast<int>(used.size()) < r + h) used.push_back({});
    for (int y = r; y < r + h; ++y)
      for (int x = c; x < c + w; ++x) used[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = true;
    rows = std::max(rows, r + h);
    auto* chart = new ChartPanel(spec, m_gridHost);
    QString id = toQt(spec.id);
    connect(chart, &ChartPanel::removeRequested, this, [this, id] { removePanel(id); });
    connect(chart, &ChartPanel::moveRequested, this, [this, id](int delta) { movePanel(id, delta); });
    connect(chart, &ChartPanel::resizeRequested, this, [this, id](int pw, int ph) { resizePanel(id, pw, ph); });
    connect(chart, &ChartPanel::dragFinished, this, [this] {
      if (m_pendingDrop.isEmpty()) return;
      QString dropped = std::exchange(m_pendingDrop, QString());
      dropPanelAt(dropped, m_pendingDropAt);
    });
    connect(chart, &ChartPanel::editRequested, this, [this, id] {
      ChartPanel* p = panel(id);
      if (!p) return;
      PanelEditDialog dialog(p->spec(), knownMetrics(), this);
      if (dialog.exec() != QDialog::Accepted) return;
      auto edited = dialog.result();
      if (!edited) return;
      for (auto& s : m_layout.panels)
        if (toQt(s.id) == id) s = *edited;
      rebuildGrid();
      commit();
    });
    m_grid->addWidget(chart, r, c, h, w);
    m_panels.append(chart);
  }
  for (int r = 0; r < rows; ++r) m_grid->setRowMinimumHeight(r, kRowHeight);
  m_grid->setRowStretch(rows, 1);
  refreshNow();
}

void DashboardWidget::commit() {
  m_applying = true;
  m_document->setDashboard(toJson(m_layout));
  m_applying = false;
}

void DashboardWidget::setLayoutSpec(DashboardLayout layout) {
  m_layout = std::move(layout);
  rebuildGrid();
  applyRules();
  commit();
}

void DashboardWidget::addPanel(PanelSpec spec) {
  std::set<std::string> ids;
  for (const auto& p : m_layout.panels) ids.insert(p.id);
  if (spec.id.empty() || ids.count(spec.id)) {
    int n = 1;
    while (ids.count("panel-" + std::to_string(n))) ++n;
    spec.id = "panel-" + std::to_string(n);
  }
  m_layout.panels.push_back(std::move(spec));
  rebuildGrid();
  commit();
}

void DashboardWidget::addPanelDialog() {
  PanelEditDialog dialog(newPanel("timeseries"), knownMetrics(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  if (auto edited = dialog.result()) addPanel(*edited);
}

void DashboardWidget::removePanel(const QString& id) {
  auto& panels = m_layout.panels;
  panels.erase(std::remove_if(panels.begin(), panels.end(), [&](const PanelSpec& p) { return toQt(p.id) == id; }),
               panels.end());
  rebuildGrid();
  commit();
}

void DashboardWidget::movePanel(const QString& id, int delta) {
  auto& panels = m_layout.panels;
  for (std::size_t i = 0; i < panels.size(); ++i) {
    if (toQt(panels[i].id) != id) continue;
    auto j = static_cast<std::ptrdiff_t>(i) + delta;
    if (delta == 0 || j < 0 || j >= static_cast<std::ptrdiff_t>(panels.size())) return;
    std::swap(panels[i], panels[static_cast<std::size_t>(j)]);
    rebuildGrid();
    commit();
    return;
  }
}

void DashboardWidget::resizePanel(const QString& id, int width, int height) {
  for (auto& p : m_layout.panels)
    if (toQt(p.id) == id) {
      if (p.width == width && p.height == height) return;
      p.width = std::clamp(width, 1, 2);
      p.height = std::clamp(height, 1, 2);
    }
  rebuildGrid();
  commit();
}

void DashboardWidget::setAlertRules(std::vector<metrics::AlertRule> rules) {
  m_layout.alerts = std::move(rules);
  applyRules();
  commit();
  m_alerts->update(m_feed->alerts());
}

void DashboardWidget::editAlertRules() {
  std::vector<std::string> series;
  for (const auto& name : knownMetrics()) series.push_back(name);
  AlertRulesDialog dialog(m_layout.alerts, series, this, &m_feed->history(), m_feed->now());
  if (dialog.exec() != QDialog::Accepted) return;
  if (auto rules = dialog.rules()) setAlertRules(std::move(*rules));
}

void DashboardWidget::onRangeChosen(int index) {
  if (index < kCustom) {
    setRange(kRanges[index]);
    return;
  }
  std::int64_t now = m_feed->now();
  bool custom = m_customFrom >= 0;
  TimeRangeDialog dialog(custom ? m_customFrom : now - 3'600'000, custom ? m_customTo : now, this);
  if (dialog.exec() == QDialog::Accepted && dialog.problem().isEmpty())
    setCustomRange(dialog.fromMs(), dialog.toMs());
  else if (custom)
    m_range->setCurrentIndex(kCustom);  // cancelled: the custom range stays
  else
    setRange(m_rangeMs);  // cancelled: back to the preset
}

void DashboardWidget::setRange(std::int64_t ms) {
  m_rangeMs = ms;
  m_customFrom = m_customTo = -1;
  for (int i = 0; i < kCustom; ++i)
    if (kRanges[i] == ms) m_range->setCurrentIndex(i);
  refreshNow();
}

void DashboardWidget::setCustomRange(std::int64_t fromMs, std::int64_t toMs) {
  m_customFrom = fromMs;
  m_customTo = toMs;
  m_range->setCurrentIndex(kCustom);
  m_range->setItemText(kCustom, tr("%1 – %2")
                              .arg(QDateTime::fromMSecsSinceEpoch(fromMs).toString(QStringLiteral("dd.MM HH:mm")),
                                   QDateTime::fromMSecsSinceEpoch(toMs).toString(QStringLiteral("dd.MM HH:mm"))));
  refreshNow();
}

void DashboardWidget::setRefreshInterval(int ms) {
  for (int i = 0; i < 5; ++i)
    if (kRefresh[i] == ms && m_refresh->currentIndex() != i) m_refresh->setCurrentIndex(i);
  if (ms <= 0)
    m_redraw->stop();
  else
    m_redraw->start(ms);
}

void DashboardWidget::setPaused(bool paused) {
  m_paused = paused;
  if (m_pause->isChecked() != paused) m_pause->setChecked(paused);
  m_pause->setText(paused ? tr("Resume") : tr("Pause"));
  if (!paused) refreshNow();
}

std::vector<std::pair<std::int64_t, QString>> DashboardWidget::rangePresets() {
  const QString names[] = {tr("Last 5 minutes"), tr("Last 15 minutes"), tr("Last hour"), tr("Last 6 hours"),
                           tr("Last 24 hours"),  tr("Last 7 days"),     tr("Last 30 days")};
  std::vector<std::pair<std::int64_t, QString>> out;
  for (int i = 0; i < kCustom; ++i) out.emplace_back(kRanges[i], names[i]);
  return out;
}

std::pair<std::int64_t, std::int64_t> DashboardWidget::visibleRange() const {
  if (m_customFrom >= 0) return {m_customFrom, m_customTo};
  const std::int64_t to = m_feed->now();
  std::int64_t from = to - m_rangeMs;
  // A local run: since it started (a second before, so its first sample is
  // not on the edge), capped at the chosen range, and at least 10 seconds.
  if (m_runStartMs >= 0 && !showsRunners()) from = std::max(from, std::min(m_runStartMs - 1000, to - 10'000));
  return {from, to};
}

FullDashboard* DashboardWidget::fullDashboard() const {
  return m_full;
}

FullDashboard* DashboardWidget::fullDashboardView() {
  if (!m_full) m_full = new FullDashboard(this);
  return m_full;
}

void DashboardWidget::openFullDashboard() {
  FullDashboard* full = fullDashboardView();
  Q_EMIT fullDashboardRequested();
  if (!full->parentWidget()) {
    // Not in a tab: a window of its own.
    if (!full->isVisible()) full->resize(1500, 950);
    full->show();
    full->raise();
    full->activateWindow();
  }
  full->refreshNow();
}

void DashboardWidget::refreshNow() {
  if (m_paused) return;
  const auto [from, to] = visibleRange();
  metrics::Labels labels = scope();
  std::vector<std::string> order;  // table panels list nodes in the pipeline's order
  for (const model::Node& node : m_document->pipeline().nodes) order.push_back(node.id);
  for (ChartPanel* p : m_panels) {
    if (p->tableBody()) p->tableBody()->setNodeOrder(order);
    p->refresh(m_feed->history(), labels, from, to);
  }
  if (m_full && m_full->isVisible()) m_full->refreshNow();
}

void DashboardWidget::onSample() {
  if (showsRunners()) {
    m_alerts->update(m_feed->alerts());
    return;  // the status line is the runners' summary
  }
  const auto& history = m_feed->history();
  m_status->setText(tr("%1 series · history %2 kB")
                        .arg(history.seriesCount())
                        .arg(static_cast<double>(history.memoryBytes()) / 1024.0, 0, 'f', 0));
  m_alerts->update(m_feed->alerts());
}

void DashboardWidget::onAlerts(const std::vector<metrics::AlertTransition>& transitions) {
  std::vector<std::pair<QString, QString>> firing;
  for (const auto& t : transitions) {
    // "node X: ..." puts the alert in the log view's Node column, as the runtime's messages do.
    std::string node = t.series.label("node");
    std::string prefix = node.empty() ? std::string() : "node " + node + ": ";
    if (t.to == metrics::AlertState::Firing) {
      spdlog::warn("{}alert firing: {} ({} = {})", prefix, t.ruleName, t.series.metric, t.value);
      firing.emplace_back(toQt(t.ruleName),
                          tr("%1 is %2").arg(toQt(t.series.toString()), QString::number(t.value, 'g', 6)));
    } else if (t.from == metrics::AlertState::Firing) {
      spdlog::info("{}alert resolved: {} ({})", prefix, t.ruleName, t.series.metric);
    } else if (t.to == metrics::AlertState::Pending) {
      spdlog::info("{}alert pending: {} ({} = {})", prefix, t.ruleName, t.series.metric, t.value);
    }
  }
  m_notifier->firing(firing);
  m_alerts->update(m_feed->alerts());
  updateBadges();
}

void DashboardWidget::updateBadges() {
  std::map<QString, QStringList> byNode;  // node id -> its firing alerts
  QStringList firing;
  std::string pipeline = scope().front().second;
  for (const auto& a : m_feed->alerts().active()) {
    if (a.state != metrics::AlertState::Firing) continue;
    QString name = toQt(a.ruleId);
    for (const auto& r : m_feed->alerts().rules())
      if (r.id == a.ruleId) name = toQt(r.displayName());
    firing << name + QStringLiteral(" (") + toQt(a.series.toString()) + QLatin1Char(')');
    std::string node = a.series.label("node");
    std::string p = a.series.label("pipeline");
    if (!node.empty() && (p.empty() || p == pipeline)) byNode[toQt(node)] << tr("Alert firing: %1").arg(name);
  }
  firing.removeDuplicates();
  m_firingText = firing.isEmpty() ? QString() : tr("Firing: %1").arg(firing.join(QStringLiteral(" · ")));
  m_banner->setText(m_firingText);
  m_banner->setVisible(!firing.isEmpty());
  if (!m_scene) return;
  std::map<QString, QString> badges;
  for (const auto& [node, alerts] : byNode) badges[node] = alerts.join(QLatin1Char('\n'));
  m_scene->runState()->setBadges(badges);  // the scene puts them on the nodes
}

QString DashboardWidget::bannerText() const {
  return m_firingText;
}

// --- Drag and drop of panels ---

bool DashboardWidget::movePanelNextTo(const QString& id, const QString& targetId, bool after) {
  if (!widgets::movePanelNextTo(m_layout.panels, toStd(id), toStd(targetId), after)) return false;
  rebuildGrid();
  commit();
  return true;
}

bool DashboardWidget::dropPanelAt(const QString& id, QPoint pos) {
  m_dropMarker->hide();
  for (ChartPanel* p : m_panels) {
    if (!p->geometry().contains(pos)) continue;
    QString target = toQt(p->spec().id);
    if (target == id) return false;
    return movePanelNextTo(id, target, pos.x() >= p->geometry().center().x());
  }
  return movePanelNextTo(id, QString(), true);  // empty space: to the end
}

void DashboardWidget::showDropMarker(const QString& id, QPoint pos) {
  for (ChartPanel* p : m_panels) {
    if (!p->geometry().contains(pos) || toQt(p->spec().id) == id) continue;
    QRect g = p->geometry();
    int x = pos.x() >= g.center().x() ? g.right() + 1 : g.left() - 4;
    m_dropMarker->setGeometry(std::max(0, x), g.top(), 3, g.height());
    m_dropMarker->show();
    m_dropMarker->raise();
    return;
  }
  m_dropMarker->hide();
}

bool DashboardWidget::eventFilter(QObject* watched, QEvent* event) {
  if (watched != m_gridHost) return QWidget::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
      auto* drag = static_cast<QDragMoveEvent*>(event);
      QString id = ChartPanel::panelIdFrom(drag->mimeData());
      if (id.isEmpty() || !panel(id)) {
        drag->ignore();
        return true;
      }
      drag->setDropAction(Qt::MoveAction);
      drag->accept();
      showDropMarker(id, drag->position().toPoint());
      return true;
    }
    case QEvent::DragLeave:
      m_dropMarker->hide();
      return true;
    case QEvent::Drop: {
      auto* drop = static_cast<QDropEvent*>(event);
      QString id = ChartPanel::panelIdFrom(drop->mimeData());
      m_dropMarker->hide();
      if (id.isEmpty() || !panel(id)) {
        drop->ignore();
        return true;
      }
      drop->setDropAction(Qt::MoveAction);
      drop->accept();
      // Our own panel's drag is still inside QDrag::exec(): move when it returns (dragFinished).
      if (auto* source = qobject_cast<ChartPanel*>(drop->source()); source && m_panels.contains(source)) {
        m_pendingDrop = id;
        m_pendingDropAt = drop->position().toPoint();
      } else {
        dropPanelAt(id, drop->position().toPoint());
      }
      return true;
    }
    default:
      return QWidget::eventFilter(watched, event);
  }
}

// --- User dashboards ---

void DashboardWidget::setUserDashboardDirectory(const QString& directory) {
  m_userDashboards = std::make_unique<UserDashboards>(directory);
}

Status DashboardWidget::saveUserDashboard(const QString& name) {
  Status s = m_userDashboards->save(name, m_layout);
  if (s) m_status->setText(tr("Saved as user dashboard \"%1\"").arg(name));
  return s;
}

Status DashboardWidget::openUserDashboard(const QString& name) {
  auto loaded = m_userDashboards->load(name);
  if (!loaded) return loaded.error();
  DashboardLayout layout;
  layout.panels = std::move(loaded->panels);
  layout.alerts = m_layout.alerts;
  std::set<std::string> ids;
  for (const auto& r : layout.alerts) ids.insert(r.id);
  for (auto& r : loaded->alerts)
    if (ids.insert(r.id).second) layout.alerts.push_back(std::move(r));
  setLayoutSpec(std::move(layout));
  m_status->setText(tr("User dashboard \"%1\"").arg(name));
  return {};
}

void DashboardWidget::fillDashboardsMenu() {
  m_dashboardsMenu->clear();
  m_dashboardsMenu->addAction(tr("Save as user dashboard…"), this, &DashboardWidget::saveUserDashboardDialog);
  QStringList names = m_userDashboards->names();
  QMenu* open = m_dashboardsMenu->addMenu(tr("Open user dashboard"));
  QMenu* remove = m_dashboardsMenu->addMenu(tr("Delete user dashboard"));
  open->setObjectName(QStringLiteral("openUserDashboardMenu"));
  remove->setObjectName(QStringLiteral("deleteUserDashboardMenu"));
  if (names.isEmpty()) {
    open->addAction(tr("(none saved yet)"))->setEnabled(false);
    remove->setEnabled(false);
  }
  for (const QString& name : names) {
    open->addAction(name, this, [this, name] {
      if (Status s = openUserDashboard(name); !s)
        QMessageBox::warning(this, tr("Open user dashboard"), toQt(s.error().toString()));
    });
    remove->addAction(name, this, [this, name] {
      if (QMessageBox::question(this, tr("Delete user dashboard"), tr("Delete the user dashboard \"%1\"?").arg(name)) !=
          QMessageBox::Yes)
        return;
      if (Status s = m_userDashboards->remove(name); !s)
        QMessageBox::warning(this, tr("Delete user dashboard"), toQt(s.error().toString()));
    });
  }
  m_dashboardsMenu->addSeparator();
  QAction* where = m_dashboardsMenu->addAction(tr("Stored in %1").arg(m_userDashboards->directory()));
  where->setEnabled(false);
}

void DashboardWidget::saveUserDashboardDialog() {
  QString name = toQt(m_document->pipeline().name);
  while (true) {
    bool ok = false;
    name = QInputDialog::getText(this, tr("Save as user dashboard"),
                                 tr("Name (letters, digits, space, '.', '-', '_'):"), QLineEdit::Normal, name, &ok);
    if (!ok) return;
    if (QString why = UserDashboards::checkName(name); !why.isEmpty()) {
      QMessageBox::warning(this, tr("Save as user dashboard"), why);
      continue;
    }
    if (m_userDashboards->exists(name) &&
        QMessageBox::question(this, tr("Save as user dashboard"),
                              tr("A user dashboard \"%1\" exists. Replace it?").arg(name)) != QMessageBox::Yes)
      continue;
    break;
  }
  if (Status s = saveUserDashboard(name); !s)
    QMessageBox::warning(this, tr("Save as user dashboard"), toQt(s.error().toString()));
}

}  // namespace tributary::widgets
