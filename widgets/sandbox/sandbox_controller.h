#pragma once
// SandboxController: the GUI's side of core/sandbox. Starts a template's
// servers off the GUI thread ("Start sandbox and run"), loads its schema, runs
// its traffic script while the window lives, polls every server's state for
// the Sandbox panel, and stops the servers it started when the window closes
// unless the user pinned them. Owned by the main window; GUI thread only
// (the blocking work runs on a helper thread and reports back queued).

#include <functional>
#include <memory>
#include <set>
#include <vector>

#include <QObject>
#include <QString>

#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandbox_template.h"

class QTimer;

namespace tributary::widgets {

class SandboxController final : public QObject {
  Q_OBJECT

 public:
  explicit SandboxController(QObject* parent = nullptr);
  ~SandboxController() override;

  // Whether the template ships a sandbox (TEMPLATE.sandbox.json), and which servers it needs.
  static bool hasSandbox(const QString& templateFile);
  static QStringList serversNeeded(const QString& templateFile);

  // Starts the template's servers and schema on a helper thread, then (back on
  // the GUI thread) exports the connection variables, starts the traffic
  // script and calls `ready`. Failures arrive as failed().
  void startForTemplate(const QString& templateFile, std::function<void()> ready);
  bool busy() const { return m_busy; }

  // One server by hand (the panel's buttons); also off the GUI thread.
  void startServer(sandbox::Kind kind);
  void stopServer(sandbox::Kind kind);

  const std::vector<sandbox::ServerStatus>& servers() const { return m_servers; }
  void refresh();

  // Pinned servers keep running after the window closes.
  void setPinned(sandbox::Kind kind, bool pinned);
  bool isPinned(sandbox::Kind kind) const { return m_pinned.count(kind) > 0; }

  // Stops the traffic and every server this window started and did not pin (blocking).
  void shutdown();
  sandbox::Sandbox& sandbox() { return m_sandbox; }

 Q_SIGNALS:
  void changed();
  void progress(const QString& message);
  void failed(const QString& message);

 private:
  void runInBackground(std::function<QString()> work, std::function<void()> done);

  sandbox::Sandbox m_sandbox;
  std::unique_ptr<sandbox::SandboxSession> m_session;
  std::vector<sandbox::ServerStatus> m_servers;
  std::set<sandbox::Kind> m_started;
  std::set<sandbox::Kind> m_pinned;
  QTimer* m_poll;
  bool m_busy = false;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace tributary::widgets
