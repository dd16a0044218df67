#pragma once
// RunnersPanel: the remote runners this window talks to. Add a
// runner by URL and token; the panel polls each one every few seconds for
// health, version and its pipelines (with state and, in cluster mode, whether
// it runs the singleton part), and deploys the open pipeline to the selected
// runners (all of them when none is selected), or starts/stops it there.
//
// Threads: every request runs on the panel's own thread pool through a
// remote::RunnerClient made for that request; results come back to the GUI
// thread as queued calls. The destructor waits for requests in flight (each
// is bounded by a 5 s timeout). The runners are remembered across restarts
// (RunnerStore): their URLs and their tokens as secret references (a typed
// token goes into a file only the owner can read), never a token in plain
// text in the settings.

#include <QString>
#include <QThreadPool>
#include <QWidget>

#include <nlohmann/json.hpp>

class QComboBox;
class QLabel;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace tributary::widgets {

class PipelineDocument;
class RemoteRunMonitor;

class RunnersPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit RunnersPanel(PipelineDocument* document, QWidget* parent = nullptr);
  ~RunnersPanel() override;

  // Adds a runner (GUI thread); refreshes it at once.
  void addRunner(const QString& url, const QString& token);
  int runnerCount() const;
  // Live metrics of the open pipeline on these runners (canvas, dashboard).
  RemoteRunMonitor* monitor() const { return m_monitor; }

 private:
  struct RunnerEntry {
    QString url;
    QString token;   // what requests use: as typed, or a reference (resolved on the worker)
    QString stored;          // the reference kept in the settings (empty: no token)
    bool persisted = false;  // false while the token is being stored
  };
  void askForRunner();
  void removeSelected();
  void refreshAll();
  void deployOpenPipeline();
  void lifecycle(const QString& action);
  std::vector<int> targets() const;  // selected runners, or all
  QTreeWidgetItem* itemFor(int index) const;
  // GUI thread: shows what a refresh found.
  void showStatus(int index, bool ok, const QString& error, const nlohmann::json& health,
                  const nlohmann::json& pipelines);
  void report(const QString& message);
  void runnersChanged();  // the list changed: tell the monitor, save it
  void appendRunner(const QString& url, const QString& token, const QString& stored, bool persisted);
  void showLive();        // GUI thread: the monitor finished a round
  QString liveText(int index) const;

  PipelineDocument* m_document;
  std::vector<RunnerEntry> m_runners;
  QTreeWidget* m_tree;
  QLabel* m_message;
  QLabel* m_live;
  QComboBox* m_restart;  // the restart policy Deploy asks for
  RemoteRunMonitor* m_monitor;
  QTimer* m_timer;
  QThreadPool m_pool;
};

}  // namespace tributary::widgets
