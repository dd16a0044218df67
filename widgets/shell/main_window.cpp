#include "widgets/shell/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>


#include "core/base/log.h"
#include "core/model/pipeline_file.h"
#include "widgets/browser/topic_browser_window.h"  // topic browser
#include "widgets/canvas/auto_layout.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/dashboard/dashboard_widget.h"  // Dashboard dock
#include "widgets/dashboard/full_dashboard.h"    // and its full-size tab
#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"
#include "widgets/i18n/language.h"
#include "widgets/inspector/inspector.h"
#include "widgets/palette/node_palette.h"
#include "widgets/panels/data_preview.h"
#include "widgets/panels/log_panel.h"
#include "widgets/panels/problems_panel.h"
#include "widgets/run/run_controller.h"
#include "widgets/shell/connect_dialogs.h"
#include "widgets/shell/autosave_manager.h"
#include "widgets/shell/info_bar.h"
#include "widgets/shell/template_gallery.h"
#include "widgets/shell/template_library.h"
#include "widgets/sandbox/sandbox_controller.h"
#include "widgets/sandbox/sandbox_panel.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runners_panel.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

constexpr int kLayoutVersion = 1;
constexpr int kMaxRecent = 8;
const char* kFragmentMime = "application/x-tributary-fragment";

}  // namespace

MainWindow::MainWindow(const model::SpecRegistry& registry, Options options, QWidget* parent)
    : QMainWindow(parent),
      m_registry(registry),
      m_options(std::move(options)),
      m_document(new PipelineDocument(registry, this)),
      m_scene(new PipelineScene(m_document, this)),
      m_view(new PipelineView(m_scene)),
      m_infoBar(new InfoBar),
      m_autosave(new AutosaveManager(m_document, m_options.autosaveDirectory, m_options.autosaveIntervalMs,
                                     [this] { return m_filePath; }, this)) {
  setObjectName(QStringLiteral("MainWindow"));
  setWindowIcon(icons::appIcon());
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
  m_scene->setTheme(CanvasTheme::forDark(isDarkTheme()));

  auto* centre = new QWidget(this);
  auto* column = new QVBoxLayout(centre);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  column->addWidget(m_infoBar);
  column->addWidget(m_view, 1);
  m_tabs = new QTabWidget(this);
  m_tabs->setObjectName(QStringLiteral("mainTabs"));
  m_tabs->setDocumentMode(true);
  m_tabs->addTab(centre, tr("Designer"));
  setCentralWidget(m_tabs);

  createActions();
  createDocks();
  // The full-size dashboard next to the canvas; the dock stays for a glance.
  m_tabs->addTab(m_dashboard->fullDashboardView(), tr("Dashboard"));
  connect(m_dashboard, &DashboardWidget::fullDashboardRequested, this,
          [this] { m_tabs->setCurrentWidget(m_dashboard->fullDashboard()); });
  connect(m_tabs, &QTabWidget::currentChanged, this, [this] { showDocksForTab(); });
  createMenus();
  createToolBar();
  createStatusBar();

  connect(m_document, &PipelineDocument::changed, this, [this] {
    // Figures of a finished run no longer describe an edited pipeline.
    if (!m_run || !m_run->isActive()) m_scene->runState()->clear();
    updateStatus();
  });
  connect(m_document->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
  connect(m_document->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);
  connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::onSelectionChanged);
  connect(m_scene, &PipelineScene::connectionRefused, this,
          [this](const QString& reason) { statusBar()->showMessage(tr("Not connected: %1").arg(reason), 6000); });
  connect(m_problems, &ProblemsPanel::problemActivated, this, &MainWindow::onProblemActivated);
  connect(m_problems, &ProblemsPanel::countChanged, this, [this](int errors, int warnings) {
    m_problemsDock->setWindowTitle(errors + warnings ? tr("Problems (%1)").arg(errors + warnings) : tr("Problems"));
    updateStatus();
  });
  connect(m_palette, &NodePalette::typeActivated, this, &MainWindow::addNodeAtCentre);
  connect(m_view, &PipelineView::zoomChanged, this,
          [this](qreal zoom) { m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(zoom * 100))); });

  resize(1440, 900);
  restoreLayout();
  newPipeline();
}

MainWindow::~MainWindow() {
  // The document goes before the scene (creation order); keep the scene quiet meanwhile.
  m_scene->blockSignals(true);
  m_document->blockSignals(true);
}

// Topic browser
TopicBrowserWindow* MainWindow::topicBrowser() {
  if (!m_topicBrowser) m_topicBrowser = new TopicBrowserWindow({}, this);
  return m_topicBrowser;
}

RunController* MainWindow::runController() const {
  return m_run.data();
}

// ---------------------------------------------------------------- construction

void MainWindow::createActions() {
  auto make = [this](const QString& text, const QString& icon, const QList<QKeySequence>& keys,
                     const QString& tip = {}) {
    auto* action = new QAction(text, this);
    if (!icon.isEmpty()) {
      action->setIcon(icons::action(icon));
      action->setProperty("iconName", icon);
    }
    action->setShortcuts(keys);
    if (!tip.isEmpty()) action->setStatusTip(tip);
    if (!keys.isEmpty())
      action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                                       keys.first().toString(QKeySequence::NativeText)));
    return action;
  };
  Actions& a = m_actions;
  a.newFile = make(tr("&New"), QStringLiteral("new"), QKeySequence::keyBindings(QKeySequence::New),
                   tr("Start an empty pipeline"));
  a.open = make(tr("&Open…"), QStringLiteral("open"), QKeySequence::keyBindings(QKeySequence::Open),
                tr("Open a pipeline file"));
  a.openTemplate = make(tr("New from &Template…"), QStringLiteral("template"), {QKeySequence(tr("Ctrl+Shift+N"))},
                        tr("Start from one of the example pipelines"));
  a.save = make(tr("&Save"), QStringLiteral("save"), QKeySequence::keyBindings(QKeySequence::Save));
  a.saveAs = make(tr("Save &As…"), QString(), QKeySequence::keyBindings(QKeySequence::SaveAs));
  a.quit = make(tr("&Quit"), QString(), QKeySequence::keyBindings(QKeySequence::Quit));
  a.undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
  a.undo->setIcon(icons::action(QStringLiteral("undo")));
  a.undo->setProperty("iconName", QStringLiteral("undo"));
  a.undo->setShortcuts(QKeySequence::Undo);
  a.redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
  a.redo->setIcon(icons::action(QStringLiteral("redo")));
  a.redo->setProperty("iconName", QStringLiteral("redo"));
  a.redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
  a.cut = make(tr("Cu&t"), QStringLiteral("cut"), QKeySequence::keyBindings(QKeySequence::Cut));
  a.copy = make(tr("&Copy"), QStringLiteral("copy"), QKeySequence::keyBindings(QKeySequence::Copy));
  a.paste = make(tr("&Paste"), QStringLiteral("paste"), QKeySequence::keyBindings(QKeySequence::Paste));
  a.duplicate = make(tr("D&uplicate"), QStringLiteral("duplicate"), {QKeySequence(tr("Ctrl+D"))});
  a.remove = make(tr("&Delete"), QStringLiteral("delete"), {QKeySequence(QKeySequence::Delete)});
  a.selectAll = make(tr("Select &All"), QString(), QKeySequence::keyBindings(QKeySequence::SelectAll));
  a.zoomIn = make(tr("Zoom &In"), QStringLiteral("zoom-in"), {QKeySequence(tr("Ctrl+=")), QKeySequence(tr("Ctrl++"))});
  a.zoomOut = make(tr("Zoom &Out"), QStringLiteral("zoom-out"), QKeySequence::keyBindings(QKeySequence::ZoomOut));
  a.zoomReset = make(tr("&Actual Size"), QString(), {QKeySequence(tr("Ctrl+0"))});
  a.fit = make(tr("&Fit to Window"), QStringLiteral("fit"), {QKeySequence(tr("Ctrl+1"))});
  a.layout = make(tr("Auto &Layout"), QStringLiteral("layout"), {QKeySequence(tr("Ctrl+L"))},
                  tr("Arrange the nodes left to right"));
  a.snap = make(tr("&Snap to Grid"), QString(), {});
  a.snap->setCheckable(true);
  a.snap->setChecked(true);
  a.grid = make(tr("Show &Grid"), QString(), {});
  a.grid->setCheckable(true);
  a.grid->setChecked(true);
  a.run = make(tr("&Run"), QStringLiteral("run"), {QKeySequence(tr("F5"))}, tr("Run the pipeline on this machine"));
  a.stop = make(tr("S&top"), QStringLiteral("stop"), {QKeySequence(tr("Shift+F5"))}, tr("Stop the running pipeline"));
  a.validate = make(tr("&Validate"), QStringLiteral("validate"), {QKeySequence(tr("Ctrl+Shift+V"))});
  a.about = make(tr("&About Tributary"), QString(), {});

  connect(a.newFile, &QAction::triggered, this, [this] {
    if (maybeSave()) newPipeline();
  });
  connect(a.open, &QAction::triggered, this, &MainWindow::openDialog);
  connect(a.openTemplate, &QAction::triggered, this, &MainWindow::showTemplateGallery);
  connect(a.save, &QAction::triggered, this, &MainWindow::save);
  connect(a.saveAs, &QAction::triggered, this, &MainWindow::saveAs);
  connect(a.quit, &QAction::triggered, this, &QWidget::close);
  connect(a.cut, &QAction::triggered, this, &MainWindow::cutSelection);
  connect(a.copy, &QAction::triggered, this, &MainWindow::copySelection);
  connect(a.paste, &QAction::triggered, this, &MainWindow::paste);
  connect(a.duplicate, &QAction::triggered, this, &MainWindow::duplicateSelection);
  connect(a.remove, &QAction::triggered, m_scene, &PipelineScene::deleteSelection);
  connect(a.selectAll, &QAction::triggered, this, [this] {
    for (QGraphicsItem* item : m_scene->items())
      if (item->flags() & QGraphicsItem::ItemIsSelectable) item->setSelected(true);
  });
  connect(a.zoomIn, &QAction::triggered, m_view, &PipelineView::zoomIn);
  connect(a.zoomOut, &QAction::triggered, m_view, &PipelineView::zoomOut);
  connect(a.zoomReset, &QAction::triggered, m_view, &PipelineView::resetZoom);
  connect(a.fit, &QAction::triggered, m_view, &PipelineView::fitToContents);
  connect(a.layout, &QAction::triggered, this, [this] {
    m_scene->autoLayout();
    m_view->fitToContents();
  });
  connect(a.snap, &QAction::toggled, m_scene, &PipelineScene::setSnapToGrid);
  connect(a.grid, &QAction::toggled, m_view, &PipelineView::setShowGrid);
  connect(a.run, &QAction::triggered, this, &MainWindow::startRun);
  connect(a.stop, &QAction::triggered, this, &MainWindow::stopRun);
  connect(a.validate, &QAction::triggered, this, [this] {
    m_document->validateNow();
    m_problemsDock->show();
    m_problemsDock->raise();
    int n = static_cast<int>(m_document->diagnostics().size());
    statusBar()->showMessage(n ? tr("%n problem(s) found", nullptr, n) : tr("No problems found"), 4000);
  });
  connect(a.about, &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Tributary"),
                       tr("<h3>Tributary %1</h3><p>Design, run and inspect Kafka streaming pipelines.</p>")
                           .arg(QCoreApplication::applicationVersion()));
  });
  // The canvas context menu and its keyboard shortcuts.
  for (QAction* action : {a.cut, a.copy, a.paste, a.duplicate, a.remove}) m_view->addAction(action);
  auto* sep = new QAction(this);
  sep->setSeparator(true);
  m_view->addAction(sep);
  for (QAction* action : {a.selectAll, a.layout, a.fit}) m_view->addAction(action);
  a.stop->setEnabled(false);
  a.run->setVisible(false);
  a.stop->setVisible(false);
}

void MainWindow::createMenus() {
  const Actions& a = m_actions;
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(a.newFile);
  file->addAction(a.openTemplate);
  file->addAction(a.open);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  file->addSeparator();
  QMenu* importMenu = file->addMenu(tr("&Import"));
  importMenu->addAction(tr("&Kafka Connect Configs…"), this, &MainWindow::importKafkaConnect);
  QMenu* exportMenu = file->addMenu(tr("&Export"));
  exportMenu->addAction(tr("&Kafka Connect Configs…"), this,
                        [this] { exportConnect(m_document->pipeline(), this); });
  file->addSeparator();
  file->addAction(a.save);
  file->addAction(a.saveAs);
  file->addSeparator();
  file->addAction(a.quit);
  rebuildRecentMenu();

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(a.undo);
  edit->addAction(a.redo);
  edit->addSeparator();
  edit->addAction(a.cut);
  edit->addAction(a.copy);
  edit->addAction(a.paste);
  edit->addAction(a.duplicate);
  edit->addAction(a.remove);
  edit->addSeparator();
  edit->addAction(a.selectAll);

  m_viewMenu = menuBar()->addMenu(tr("&View"));
  m_viewMenu->addAction(a.zoomIn);
  m_viewMenu->addAction(a.zoomOut);
  m_viewMenu->addAction(a.zoomReset);
  m_viewMenu->addAction(a.fit);
  m_viewMenu->addSeparator();
  m_viewMenu->addAction(a.layout);
  m_viewMenu->addAction(a.snap);
  m_viewMenu->addAction(a.grid);
  m_viewMenu->addSeparator();
  // Topic browser
  m_topicBrowserAction = m_viewMenu->addAction(tr("Topic &Browser"), this, [this] {
    TopicBrowserWindow* browser = topicBrowser();
    browser->show();
    browser->raise();
    browser->activateWindow();
  });
  m_topicBrowserAction->setObjectName(QStringLiteral("actionTopicBrowser"));
  m_topicBrowserAction->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
  m_topicBrowserAction->setStatusTip(tr("Browse topics, messages and consumer groups of any Kafka cluster"));
  m_viewMenu->addSeparator();
  QMenu* panels = m_viewMenu->addMenu(tr("&Panels"));
  for (QDockWidget* dock :
       {m_paletteDock, m_inspectorDock, m_problemsDock, m_logDock, m_previewDock, m_dashboardDock, m_runnersDock,
        m_sandboxDock})
    panels->addAction(dock->toggleViewAction());
  QMenu* theme = m_viewMenu->addMenu(tr("&Theme"));
  auto* group = new QActionGroup(this);
  const QString names[] = {tr("Follow &System"), tr("&Light"), tr("&Dark")};
  int current = QSettings().value(QStringLiteral("ui/theme"), 0).toInt();
  for (int mode = 0; mode < 3; ++mode) {
    QAction* action = theme->addAction(names[mode]);
    action->setCheckable(true);
    action->setChecked(mode == current);
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, mode] { setThemeMode(mode); });
  }
  QMenu* language = m_viewMenu->addMenu(tr("&Language"));
  language->setObjectName(QStringLiteral("languageMenu"));
  auto* languages = new QActionGroup(this);
  const QString chosen = languageSetting();
  auto addLanguage = [&](const QString& code, const QString& name) {
    QAction* action = language->addAction(name);
    action->setData(code);
    action->setCheckable(true);
    action->setChecked(code == chosen);
    languages->addAction(action);
    connect(action, &QAction::triggered, this, [this, code] { setLanguage(code); });
  };
  addLanguage(QString(), tr("Follow S&ystem"));
  for (const UiLanguage& l : uiLanguages()) addLanguage(l.code, l.nativeName);

  QMenu* pipeline = menuBar()->addMenu(tr("&Pipeline"));
  pipeline->addAction(a.run);
  pipeline->addAction(a.stop);
  pipeline->addSeparator();
  pipeline->addAction(a.validate);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(a.about);
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("mainToolBar"));
  bar->setMovable(false);
  bar->setIconSize(QSize(20, 20));
  bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
  const Actions& a = m_actions;
  bar->addAction(a.newFile);
  bar->addAction(a.openTemplate);
  bar->addAction(a.open);
  bar->addAction(a.save);
  bar->addSeparator();
  bar->addAction(a.undo);
  bar->addAction(a.redo);
  bar->addSeparator();
  bar->addAction(a.duplicate);
  bar->addAction(a.remove);
  bar->addSeparator();
  bar->addAction(a.zoomOut);
  bar->addAction(a.zoomIn);
  bar->addAction(a.fit);
  bar->addAction(a.layout);
  bar->addSeparator();
  // Run and Stop with text: they are the main verbs of the window.
  bar->addAction(a.run);
  bar->addAction(a.stop);
  for (QAction* action : {a.run, a.stop})
    if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action)))
      button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->addAction(a.validate);
}

void MainWindow::createDocks() {
  auto makeDock = [this](const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    return dock;
  };
  m_palette = new NodePalette(m_registry);
  m_paletteDock = makeDock(tr("Palette"), QStringLiteral("paletteDock"), m_palette, Qt::LeftDockWidgetArea);
  m_inspector = new Inspector(m_document);
  m_inspector->setRunState(m_scene->runState());
  m_inspectorDock = makeDock(tr("Inspector"), QStringLiteral("inspectorDock"), m_inspector, Qt::RightDockWidgetArea);
  m_problems = new ProblemsPanel(m_document);
  m_problemsDock = makeDock(tr("Problems"), QStringLiteral("problemsDock"), m_problems, Qt::BottomDockWidgetArea);
  m_log = new LogPanel;
  m_logDock = makeDock(tr("Log"), QStringLiteral("logDock"), m_log, Qt::BottomDockWidgetArea);
  m_preview = new DataPreview;
  m_previewDock = makeDock(tr("Data Preview"), QStringLiteral("previewDock"), m_preview, Qt::BottomDockWidgetArea);
  // Issue 10: remote runners, next to the log.
  m_runners = new RunnersPanel(m_document);
  m_runners->monitor()->setScene(m_scene);
  m_runnersDock = makeDock(tr("Runners"), QStringLiteral("runnersDock"), m_runners,
                           Qt::BottomDockWidgetArea);
  tabifyDockWidget(m_problemsDock, m_logDock);
  tabifyDockWidget(m_logDock, m_previewDock);
  // Dashboard dock: metrics, alerts; tabbed with the bottom panels.
  m_dashboard = new DashboardWidget(m_document, m_scene);
  m_dashboardDock = makeDock(tr("Dashboard"), QStringLiteral("dashboardDock"), m_dashboard, Qt::BottomDockWidgetArea);
  tabifyDockWidget(m_previewDock, m_dashboardDock);
  m_dashboard->setRemoteMonitor(m_runners->monitor());  // runners' metrics
  tabifyDockWidget(m_dashboardDock, m_runnersDock);
  // Issue 21: sandbox servers, next to the runners.
  m_sandbox = new SandboxController(this);
  m_sandboxPanel = new SandboxPanel(m_sandbox);
  m_sandboxDock = makeDock(tr("Sandbox"), QStringLiteral("sandboxDock"), m_sandboxPanel, Qt::BottomDockWidgetArea);
  tabifyDockWidget(m_runnersDock, m_sandboxDock);
  connect(m_sandbox, &SandboxController::failed, this,
          [this](const QString& text) { m_infoBar->showMessage(InfoBar::Kind::Error, text); });
  m_problemsDock->raise();
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  resizeDocks({m_paletteDock, m_inspectorDock}, {250, 330}, Qt::Horizontal);
  resizeDocks({m_problemsDock}, {190}, Qt::Vertical);
}

void MainWindow::createStatusBar() {
  m_clusterLabel = new QLabel(this);
  m_stateLabel = new QLabel(this);
  m_zoomLabel = new QLabel(QStringLiteral("100%"), this);
  m_zoomLabel->setMinimumWidth(48);
  m_zoomLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  m_zoomLabel->setToolTip(tr("Zoom"));
  for (QLabel* label : {m_clusterLabel, m_stateLabel}) label->setContentsMargins(8, 0, 8, 0);
  statusBar()->addPermanentWidget(m_clusterLabel);
  statusBar()->addPermanentWidget(m_stateLabel);
  statusBar()->addPermanentWidget(m_zoomLabel);
  updateStatus();
}

void MainWindow::retheme() {
  for (QAction* action : findChildren<QAction*>()) {
    QString icon = action->property("iconName").toString();
    if (!icon.isEmpty()) action->setIcon(icons::action(icon));
  }
  m_scene->setTheme(CanvasTheme::forDark(isDarkTheme()));
  for (NodeItem* item : m_scene->nodeItems())
    if (const auto* node = m_document->node(item->id())) item->refresh(*node, m_registry.find(node->type));
  m_palette->rebuild();
  if (!m_inspector->currentNode().isEmpty())
    m_inspector->showNode(m_inspector->currentNode());
  else
    m_inspector->showPipeline();
  updateStatus();
}

void MainWindow::setThemeMode(int mode) {
  QSettings().setValue(QStringLiteral("ui/theme"), mode);
  applyTheme(*qApp, static_cast<ThemeMode>(mode));
  retheme();
}

void MainWindow::setLanguage(const QString& code) {
  if (code == languageSetting()) return;
  setLanguageSetting(code);
  const QString message = tr("The language changes at the next start of Tributary.");
  if (m_options.interactive)
    QMessageBox::information(this, tr("Language"), message);
  else
    statusBar()->showMessage(message, 10000);
}

// ---------------------------------------------------------------- state display

bool MainWindow::isModified() const {
  return !m_document->undoStack()->isClean();
}

void MainWindow::updateTitle() {
  QString name = m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
  setWindowTitle(QStringLiteral("%1[*] — Tributary").arg(name));
  setWindowModified(isModified());
  m_actions.save->setEnabled(true);
}

void MainWindow::updateActions() {
  updateTitle();
}

void MainWindow::updateStatus() {
  if (!m_clusterLabel) return;
  QString bootstrap = toQt(m_document->pipeline().cluster.bootstrap);
  QString cluster = bootstrap == QLatin1String("embedded") ? tr("Embedded broker") : bootstrap;
  m_clusterLabel->setText(QStringLiteral("<span style='color:%1'>●</span> %2")
                              .arg(colors::success().name(), tr("Cluster: %1").arg(cluster)));
  m_clusterLabel->setToolTip(tr("Topic nodes use this Kafka cluster (Pipeline settings)"));
  QString state;
  QColor color = colors::mutedText();
  if (m_run && m_run->state() != RunController::State::Idle) {
    state = RunController::stateName(m_run->state());
    switch (m_run->state()) {
      case RunController::State::Running:
        color = colors::accent();
        state = tr("Running · %1 records/s").arg(m_run->totalRate(), 0, 'f', 0);
        break;
      case RunController::State::Failed:
        color = colors::error();
        break;
      default:
        break;
    }
  } else {
    int errors = 0;
    for (const auto& d : m_document->diagnostics()) errors += d.severity == model::Severity::Error;
    if (m_document->pipeline().nodes.empty()) {
      state = tr("Empty");
    } else if (errors) {
      state = tr("Not runnable · %n error(s)", nullptr, errors);
      color = colors::error();
    } else {
      state = tr("Ready to run");
      color = colors::success();
    }
  }
  m_stateLabel->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color.name(), state.toHtmlEscaped()));
}

void MainWindow::onSelectionChanged() {
  QStringList nodes = m_scene->selectedNodeIds();
  auto edges = m_scene->selectedEdges();
  if (nodes.size() == 1 && edges.empty()) {
    m_inspector->showNode(nodes.first());
  } else if (nodes.isEmpty() && edges.size() == 1) {
    m_inspector->showEdge(edges.front());
  } else if (nodes.isEmpty() && edges.empty()) {
    m_inspector->showPipeline();
  }
  if (m_run) m_run->setPreviewEdge(nodes.isEmpty() && edges.size() == 1 ? std::optional(edges.front()) : std::nullopt);
  bool any = !nodes.isEmpty() || !edges.empty();
  m_actions.copy->setEnabled(!nodes.isEmpty());
  m_actions.cut->setEnabled(!nodes.isEmpty());
  m_actions.duplicate->setEnabled(!nodes.isEmpty());
  m_actions.remove->setEnabled(any);
}

void MainWindow::onProblemActivated(const QString& nodeId, const QString& field) {
  if (nodeId.isEmpty()) {
    m_scene->clearSelection();
    return;
  }
  m_scene->selectNode(nodeId);
  m_view->centerOnNode(nodeId);
  m_inspectorDock->show();
  m_inspectorDock->raise();
  if (!field.isEmpty()) m_inspector->focusField(field);
}

bool MainWindow::selectByName(const QString& name) {
  int arrow = name.indexOf(QStringLiteral("->"));
  if (arrow < 0) {
    if (!m_scene->nodeItem(name)) return false;
    m_scene->selectNode(name);
    return true;
  }
  std::string from = toStd(name.left(arrow).trimmed()), to = toStd(name.mid(arrow + 2).trimmed());
  for (const auto& edge : m_document->pipeline().edges)
    if (edge.from == from && edge.to == to) {
      m_scene->clearSelection();
      if (EdgeItem* item = m_scene->edgeItem(edge)) item->setSelected(true);
      m_previewDock->show();
      m_previewDock->raise();
      return true;
    }
  return false;
}

// ---------------------------------------------------------------- files

void MainWindow::loadPipeline(model::Pipeline pipeline, const QString& path) {
  if (m_run && m_run->isActive()) m_run->stop();
  m_filePath = path;
  m_pasteCount = 0;
  m_document->reset(std::move(pipeline));
  m_infoBar->hide();
  updateTitle();
  updateStatus();
  // Fit after the view has its final size.
  QTimer::singleShot(0, m_view, &PipelineView::fitToContents);
}

void MainWindow::newPipeline() {
  model::Pipeline pipeline;
  pipeline.name = "untitled";
  loadPipeline(std::move(pipeline), QString());
  m_view->resetZoom();
  m_view->centerOn(0, 0);
}

void MainWindow::importKafkaConnect() {
  if (!maybeSave()) return;
  const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import Kafka Connect configs"), QString(),
                                                          tr("Connector configs (*.json);;All files (*)"));
  if (files.isEmpty()) return;
  ConnectImportDialog dialog(files, this);
  if (dialog.exec() != QDialog::Accepted || !dialog.pipeline()) return;
  loadPipeline(*dialog.pipeline(), QString());
}

Status MainWindow::openFile(const QString& path) {
  auto loaded = model::loadPipeline(std::filesystem::path(path.toStdString()));
  if (!loaded) return loaded.error();
  loadPipeline(std::move(loaded.value()), QFileInfo(path).absoluteFilePath());
  addRecentFile(m_filePath);
  spdlog::info("opened {}", path.toStdString());
  return {};
}

Status MainWindow::openTemplate(const QString& path) {
  auto loaded = model::loadPipeline(std::filesystem::path(path.toStdString()));
  if (!loaded) return loaded.error();
  // A template is a starting point: lay it out for this canvas's node size.
  model::Pipeline pipeline = std::move(loaded.value());
  for (const auto& [id, pos] : widgets::autoLayout(pipeline, m_registry, m_scene->theme().geometry()))
    if (model::Node* node = pipeline.findNode(toStd(id))) node->position = model::Position{pos.x(), pos.y()};
  loadPipeline(std::move(pipeline), QString());
  statusBar()->showMessage(tr("New pipeline from template %1 — save it to keep it").arg(QFileInfo(path).fileName()),
                           6000);
  return {};
}

bool MainWindow::openDemo() {
  const QStringList templates = TemplateLibrary::files();
  if (templates.isEmpty()) return false;
  if (!openTemplate(templates.first())) return false;
  if (m_run)
    m_infoBar->showMessage(InfoBar::Kind::Info,
                           tr("This is the demo pipeline: generated records flow through a transform into sinks. "
                              "Run it to watch the records move."),
                           tr("Run the demo"), [this] { startRun(); });
  return true;
}

Status MainWindow::saveTo(const QString& path) {
  Status status = model::savePipeline(m_document->pipeline(), std::filesystem::path(path.toStdString()));
  if (!status) return status;
  m_filePath = QFileInfo(path).absoluteFilePath();
  m_document->undoStack()->setClean();
  addRecentFile(m_filePath);
  clearAutosave();
  updateTitle();
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_filePath)), 4000);
  return {};
}

bool MainWindow::save() {
  if (m_filePath.isEmpty()) return saveAs();
  if (Status saved = saveTo(m_filePath); !saved) {
    showError(tr("Cannot save"), saved.error());
    return false;
  }
  return true;
}

bool MainWindow::saveAs() {
  QString suggested = m_filePath;
  if (suggested.isEmpty())
    suggested = QDir::home().filePath(
        toQt(m_document->pipeline().name.empty() ? std::string("pipeline") : m_document->pipeline().name) +
        QStringLiteral(".tributary.json"));
  QString path = QFileDialog::getSaveFileName(this, tr("Save Pipeline"), suggested,
                                              tr("Tributary pipelines (*.tributary.json);;JSON files (*.json)"));
  if (path.isEmpty()) return false;
  if (!path.endsWith(QLatin1String(".json"))) path += QStringLiteral(".tributary.json");
  if (Status saved = saveTo(path); !saved) {
    showError(tr("Cannot save"), saved.error());
    return false;
  }
  return true;
}

void MainWindow::openDialog() {
  if (!maybeSave()) return;
  QString dir = m_filePath.isEmpty() ? QDir::homePath() : QFileInfo(m_filePath).absolutePath();
  QString path = QFileDialog::getOpenFileName(this, tr("Open Pipeline"), dir,
                                              tr("Tributary pipelines (*.tributary.json *.json);;All files (*)"));
  if (path.isEmpty()) return;
  if (Status opened = openFile(path); !opened)
    showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), opened.error());
}

void MainWindow::showTemplateGallery() {
  if (!maybeSave()) return;
  TemplateGallery gallery(m_registry, TemplateLibrary::files(), this);
  if (gallery.exec() != QDialog::Accepted || gallery.selectedFile().isEmpty()) return;
  Status opened = gallery.startSandboxChosen() ? startTemplateWithSandbox(gallery.selectedFile())
                                               : openTemplate(gallery.selectedFile());
  if (!opened)
    showError(tr("Cannot open the template"), opened.error());
}

Status MainWindow::startTemplateWithSandbox(const QString& path) {
  if (Status opened = openTemplate(path); !opened) return opened;
  m_sandboxDock->show();
  m_sandboxDock->raise();
  QPointer<MainWindow> self(this);
  m_sandbox->startForTemplate(path, [self] {
    if (self) self->startRun();
  });
  return {};
}

bool MainWindow::maybeSave() {
  if (!isModified() || !m_options.interactive) return true;
  auto answer = QMessageBox::warning(
      this, tr("Unsaved changes"),
      tr("The pipeline \"%1\" has changes that are not saved.").arg(toQt(m_document->pipeline().name)),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Save) return save();
  return answer == QMessageBox::Discard;
}

void MainWindow::showError(const QString& title, const Error& error) {
  showError(title, toQt(error.toString()));
}

void MainWindow::showError(const QString& title, const QString& text) {
  spdlog::error("{}: {}", title.toStdString(), text.toStdString());
  if (m_options.interactive)
    QMessageBox::critical(this, title, text);
  else
    m_infoBar->showMessage(InfoBar::Kind::Error,
                           QStringLiteral("<b>%1</b> — %2").arg(title.toHtmlEscaped(), text.toHtmlEscaped()));
}

void MainWindow::addRecentFile(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue(QStringLiteral("recentFiles"), recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  if (!m_recentMenu) return;
  m_recentMenu->clear();
  const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
  int n = 0;
  for (const QString& path : recent) {
    if (!QFileInfo::exists(path)) continue;
    QAction* action = m_recentMenu->addAction(QStringLiteral("&%1  %2").arg(++n).arg(QFileInfo(path).fileName()));
    action->setToolTip(path);
    action->setStatusTip(path);
    connect(action, &QAction::triggered, this, [this, path] {
      if (!maybeSave()) return;
      if (Status opened = openFile(path); !opened)
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), opened.error());
    });
  }
  if (n == 0)
    m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
  else {
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, this, [this] {
      QSettings().remove(QStringLiteral("recentFiles"));
      rebuildRecentMenu();
    });
  }
}

// ---------------------------------------------------------------- clipboard

void MainWindow::copySelection() {
  Fragment fragment = m_document->fragment(m_scene->selectedNodeIds());
  if (fragment.nodes.empty()) return;
  model::Pipeline holder;
  holder.name = "clipboard";
  holder.nodes = fragment.nodes;
  holder.edges = fragment.edges;
  QByteArray text = QByteArray::fromStdString(model::serializePipeline(holder));
  auto* data = new QMimeData;
  data->setData(QString::fromLatin1(kFragmentMime), text);
  data->setText(QString::fromUtf8(text));
  QApplication::clipboard()->setMimeData(data);
  m_pasteCount = 0;
  statusBar()->showMessage(tr("Copied %n node(s)", nullptr, static_cast<int>(fragment.nodes.size())), 3000);
}

void MainWindow::cutSelection() {
  copySelection();
  m_scene->deleteSelection();
}

void MainWindow::paste() {
  const QMimeData* data = QApplication::clipboard()->mimeData();
  if (!data) return;
  QByteArray text = data->hasFormat(QString::fromLatin1(kFragmentMime)) ? data->data(QString::fromLatin1(kFragmentMime))
                                                                        : data->text().toUtf8();
  auto parsed = model::parsePipeline(text.toStdString());
  if (!parsed || parsed->nodes.empty()) {
    statusBar()->showMessage(tr("The clipboard holds no pipeline nodes"), 3000);
    return;
  }
  Fragment fragment{parsed->nodes, parsed->edges};
  ++m_pasteCount;
  qreal step = 40.0 * m_pasteCount;
  QStringList ids = m_document->addFragment(std::move(fragment), QPointF(step, step), tr("Paste"));
  m_scene->selectNodes(ids);
}

void MainWindow::duplicateSelection() {
  Fragment fragment = m_document->fragment(m_scene->selectedNodeIds());
  if (fragment.nodes.empty()) return;
  QStringList ids = m_document->addFragment(std::move(fragment), QPointF(40, 40), tr("Duplicate"));
  m_scene->selectNodes(ids);
}

void MainWindow::addNodeAtCentre(const QString& type) {
  QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
  // Step new nodes so that several added in a row do not pile up.
  int n = 0;
  while (n < 20) {
    bool taken = false;
    for (NodeItem* item : m_scene->nodeItems())
      if (item->sceneBoundingRect().contains(centre)) taken = true;
    if (!taken) break;
    centre += QPointF(30, 30);
    ++n;
  }
  m_scene->createNode(type, centre);
  m_view->setFocus();
}

// ---------------------------------------------------------------- run

void MainWindow::setRunController(RunController* controller) {
  m_run = controller;
  m_actions.run->setVisible(controller != nullptr);
  m_actions.stop->setVisible(controller != nullptr);
  if (m_dashboard) m_dashboard->setRunController(controller);  // Dashboard dock
  if (m_runners) m_runners->monitor()->setLocalRun(controller);   // a local run owns the canvas
  if (!controller) return;
  connect(controller, &RunController::stateChanged, this, [this](RunController::State state, const QString& reason) {
    bool active = m_run->isActive();
    m_actions.run->setEnabled(!active);
    m_actions.stop->setEnabled(active && state != RunController::State::Stopping);
    if (state == RunController::State::Failed)
      m_infoBar->showMessage(InfoBar::Kind::Error, tr("The pipeline failed: %1").arg(reason));
    else if (state == RunController::State::Running)
      m_infoBar->hide();
    else if (state == RunController::State::Stopped && !reason.isEmpty())
      statusBar()->showMessage(tr("Stopped: %1").arg(reason), 6000);
    updateStatus();
  });
  connect(controller, &RunController::sampled, this, &MainWindow::updateStatus);
}

void MainWindow::startRun() {
  if (!m_run || m_run->isActive()) return;
  m_document->validateNow();
  if (model::hasErrors(m_document->diagnostics())) {
    m_problemsDock->show();
    m_problemsDock->raise();
    m_infoBar->showMessage(InfoBar::Kind::Warning, tr("Fix the errors listed under Problems before running."));
    return;
  }
  m_scene->runState()->clear();
  QString workDir = m_filePath.isEmpty() ? QString() : QFileInfo(m_filePath).absolutePath();
  if (Status started = m_run->start(m_document->pipeline(), workDir); !started) {
    m_infoBar->showMessage(InfoBar::Kind::Error, tr("Cannot run: %1").arg(toQt(started.error().toString())));
    return;
  }
  if (m_designerLayout.isEmpty()) m_previewDock->show();  // not over the Dashboard tab
  statusBar()->showMessage(tr("Running on the embedded runtime"), 3000);
}

void MainWindow::stopRun() {
  if (m_run) m_run->stop();
}

// ---------------------------------------------------------------- autosave and recovery

void MainWindow::autosaveNow() {
  m_autosave->saveNow();
}

QString MainWindow::autosavePath() const {
  return m_autosave->path();
}

void MainWindow::clearAutosave() {
  m_autosave->clear();
}

void MainWindow::offerRecovery() {
  for (AutosaveManager::Orphan& orphan : m_autosave->orphans()) {
    auto answer = QMessageBox::question(
        this, tr("Recover unsaved work?"),
        tr("Tributary did not close normally. Unsaved changes to \"%1\" from %2 were kept. Recover them?")
            .arg(orphan.original.isEmpty() ? toQt(orphan.pipeline.name) : QFileInfo(orphan.original).fileName(),
                 orphan.when),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    AutosaveManager::discard(orphan.path);
    if (answer == QMessageBox::Yes) {
      loadPipeline(std::move(orphan.pipeline), orphan.original);
      // Recovered content differs from the file on disk: mark it unsaved.
      m_document->undoStack()->resetClean();
      updateTitle();
      return;
    }
  }
}

// ---------------------------------------------------------------- layout and closing

void MainWindow::restoreLayout() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("ui/state")).toByteArray(), kLayoutVersion);
}

void MainWindow::saveLayout() {
  QSettings settings;
  settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
  // On the Dashboard tab the docks are hidden; the designer's layout is the one to keep.
  settings.setValue(QStringLiteral("ui/state"),
                    m_designerLayout.isEmpty() ? saveState(kLayoutVersion) : m_designerLayout);
}

// The Dashboard tab gets the whole window, as Grafana's does: the designer's
// docks (palette, inspector, bottom panels) hide while it is shown and come
// back as they were on the Designer tab.
void MainWindow::showDocksForTab() {
  bool dashboard = m_tabs->currentWidget() != m_tabs->widget(0);
  if (dashboard && m_designerLayout.isEmpty()) {
    m_designerLayout = saveState(kLayoutVersion);
    for (QDockWidget* dock : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) dock->hide();
  } else if (!dashboard && !m_designerLayout.isEmpty()) {
    restoreState(m_designerLayout, kLayoutVersion);
    m_designerLayout.clear();
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSave()) {
    event->ignore();
    return;
  }
  if (m_run && m_run->isActive()) m_run->stop();
  if (m_sandbox) m_sandbox->shutdown();  // unpinned servers stop with the window
  saveLayout();
  clearAutosave();
  event->accept();
}

}  // namespace tributary::widgets
