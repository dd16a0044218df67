#pragma once
// MainWindow: the designer. Palette (left), canvas (centre), inspector (right),
// Problems / Log / Data Preview (bottom docks), menus, tool bar and status bar.
// It owns the PipelineDocument and wires the views to it; it also handles
// files (new, open, save, recent files, templates, autosave and recovery) and
// starts/stops runs through a RunController when one is attached.
// Created by app/gui/main.cpp (or a test); GUI thread only.

#include <memory>

#include <QMainWindow>
#include <QPointer>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"
#include "core/model/validate.h"

class QAction;
class QDockWidget;
class QLabel;
class QTabWidget;
class QMenu;
class QTimer;
class QToolButton;

namespace tributary::widgets {

class AutosaveManager;
class PipelineDocument;
class PipelineScene;
class PipelineView;
class NodePalette;
class Inspector;
class ProblemsPanel;
class LogPanel;
class DataPreview;
class InfoBar;
class RunController;
class TopicBrowserWindow;  // topic browser
class DashboardWidget;
class RunnersPanel;       // remote runners
class SandboxController;  // local servers for templates
class SandboxPanel;

class MainWindow final : public QMainWindow {
  Q_OBJECT

 public:
  struct Options {
    // Where autosave files go; empty: <state dir>/autosave.
    QString autosaveDirectory;
    int autosaveIntervalMs = 30000;
    // Ask before discarding changes (off for automation and tests).
    bool interactive = true;
  };

  MainWindow(const model::SpecRegistry& registry, Options options, QWidget* parent = nullptr);
  ~MainWindow() override;

  PipelineDocument* document() const { return m_document; }
  PipelineScene* scene() const { return m_scene; }
  PipelineView* view() const { return m_view; }
  NodePalette* palette() const { return m_palette; }
  Inspector* inspector() const { return m_inspector; }
  ProblemsPanel* problems() const { return m_problems; }
  LogPanel* logPanel() const { return m_log; }
  DataPreview* dataPreview() const { return m_preview; }
  DashboardWidget* dashboard() const { return m_dashboard; }  // Dashboard dock
  QDockWidget* dashboardDock() const { return m_dashboardDock; }
  // The centre: the "Designer" tab (the canvas) and the "Dashboard" tab (the full-size dashboard).
  QTabWidget* mainTabs() const { return m_tabs; }
  QString filePath() const { return m_filePath; }
  bool isModified() const;

  // File operations without dialogs; on failure they return the error and
  // leave the current pipeline untouched.
  Status openFile(const QString& path);
  Status saveTo(const QString& path);
  // A template becomes a new, unsaved pipeline.
  Status openTemplate(const QString& path);
  void newPipeline();
  // Opens the demo template and offers to run it (first start).
  bool openDemo();


  // Attaches the embedded runtime (Run / Stop). Without one, Run is hidden.
  void setRunController(RunController* controller);
  RunController* runController() const;
  void startRun();
  void stopRun();

  // Autosave: writes the current pipeline if it changed; recovery offers files of crashed sessions.
  void autosaveNow();
  QString autosavePath() const;
  void offerRecovery();

  // Selects a node by id, or a connection written "from->to" (automation).
  bool selectByName(const QString& name);

  // Switches light/dark/system at run time.
  void setThemeMode(int mode);
  // Stores the language setting (empty: the system's); it applies at the next start.
  void setLanguage(const QString& code);

  // Topic browser: View → Topic Browser (Ctrl+Shift+T) shows it;
  // created on first use, a separate top-level window owned by this one.
  TopicBrowserWindow* topicBrowser();

  // Sandbox: local servers for templates; a dock shows them.
  SandboxController* sandboxController() const { return m_sandbox; }
  SandboxPanel* sandboxPanel() const { return m_sandboxPanel; }
  QDockWidget* sandboxDock() const { return m_sandboxDock; }
  // Opens the template, starts its servers, schema and traffic, then runs it.
  Status startTemplateWithSandbox(const QString& path);
  QAction* topicBrowserAction() const { return m_topicBrowserAction; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createActions();
  void createMenus();
  void createToolBar();
  void createDocks();
  void createStatusBar();
  void retheme();
  void updateTitle();
  void updateActions();
  void updateStatus();
  void onSelectionChanged();
  void onProblemActivated(const QString& nodeId, const QString& field);
  bool maybeSave();
  bool save();
  bool saveAs();
  void openDialog();
  void showTemplateGallery();
  void importKafkaConnect();
  void addRecentFile(const QString& path);
  void rebuildRecentMenu();
  void copySelection();
  void paste();
  void duplicateSelection();
  void cutSelection();
  void addNodeAtCentre(const QString& type);
  void loadPipeline(model::Pipeline pipeline, const QString& path);
  void showError(const QString& title, const QString& text);
  void showError(const QString& title, const Error& error);
  void restoreLayout();
  void saveLayout();
  void showDocksForTab();
  void clearAutosave();

  const model::SpecRegistry& m_registry;
  Options m_options;
  PipelineDocument* m_document;
  PipelineScene* m_scene;
  PipelineView* m_view;
  InfoBar* m_infoBar;
  NodePalette* m_palette = nullptr;
  Inspector* m_inspector = nullptr;
  ProblemsPanel* m_problems = nullptr;
  LogPanel* m_log = nullptr;
  DataPreview* m_preview = nullptr;
  QTabWidget* m_tabs = nullptr;
  QByteArray m_designerLayout;  // the docks' layout while the Dashboard tab hides them
  QDockWidget* m_paletteDock = nullptr;
  QDockWidget* m_inspectorDock = nullptr;
  QDockWidget* m_problemsDock = nullptr;
  QDockWidget* m_logDock = nullptr;
  QDockWidget* m_previewDock = nullptr;
  DashboardWidget* m_dashboard = nullptr;  // Dashboard dock
  QDockWidget* m_dashboardDock = nullptr;
  QDockWidget* m_runnersDock = nullptr;  // remote runners
  RunnersPanel* m_runners = nullptr;
  QMenu* m_recentMenu = nullptr;
  QMenu* m_viewMenu = nullptr;
  QLabel* m_clusterLabel = nullptr;
  QLabel* m_stateLabel = nullptr;
  QLabel* m_zoomLabel = nullptr;
  AutosaveManager* m_autosave;
  QPointer<RunController> m_run;
  QString m_filePath;
  int m_pasteCount = 0;
  QPointer<TopicBrowserWindow> m_topicBrowser;  // topic browser
  QAction* m_topicBrowserAction = nullptr;      // topic browser
  SandboxController* m_sandbox = nullptr;       // local servers for templates
  SandboxPanel* m_sandboxPanel = nullptr;
  QDockWidget* m_sandboxDock = nullptr;

  struct Actions {
    QAction *newFile, *open, *openTemplate, *save, *saveAs, *quit;
    QAction *undo, *redo, *cut, *copy, *paste, *duplicate, *remove, *selectAll;
    QAction *zoomIn, *zoomOut, *zoomReset, *fit, *snap, *layout, *grid;
    QAction *run, *stop, *validate;
    QAction* about;
  } m_actions{};
};

}  // namespace tributary::widgets
