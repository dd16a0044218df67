#include "widgets/sandbox/sandbox_controller.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

#include <thread>

namespace tributary::widgets {

SandboxController::SandboxController(QObject* parent) : QObject(parent), m_poll(new QTimer(this)) {
  // Cheap (a file read, kill(pid, 0) and a loopback connect per server): it
  // keeps the panel truthful when a server dies or another tool stops it.
  m_poll->setInterval(2000);
  connect(m_poll, &QTimer::timeout, this, &SandboxController::refresh);
  m_poll->start();
  refresh();
}

SandboxController::~SandboxController() {
  *m_alive = false;
  shutdown();
}

bool SandboxController::hasSandbox(const QString& templateFile) {
  auto loaded = sandbox::loadTemplateSandbox(templateFile.toStdString());
  return loaded.ok() && loaded->has_value();
}

QStringList SandboxController::serversNeeded(const QString& templateFile) {
  QStringList out;
  auto loaded = sandbox::loadTemplateSandbox(templateFile.toStdString());
  if (loaded.ok() && loaded->has_value())
    for (auto kind : (*loaded)->servers) out << QString::fromStdString(std::string(sandbox::toString(kind)));
  return out;
}

void SandboxController::refresh() {
  std::vector<sandbox::ServerStatus> now;
  for (auto kind : sandbox::allKinds()) now.push_back(m_sandbox.status(kind));
  m_servers = std::move(now);
  if (m_session) {
    if (auto health = m_session->trafficHealth(); !health)
      Q_EMIT failed(tr("Sandbox traffic stopped: %1").arg(QString::fromStdString(health.error().toString())));
  }
  Q_EMIT changed();
}

void SandboxController::runInBackground(std::function<QString()> work, std::function<void()> done) {
  m_busy = true;
  Q_EMIT changed();
  QPointer<SandboxController> self(this);
  std::thread([self, work = std::move(work), done = std::move(done)]() mutable {
    QString error = work();
    // Back on the GUI thread; the controller may be gone by then.
    QMetaObject::invokeMethod(
        qApp, [self, error, done = std::move(done)] {
          if (!self) return;
          self->m_busy = false;
          self->refresh();
          if (!error.isEmpty())
            Q_EMIT self->failed(error);
          else if (done)
            done();
        },
        Qt::QueuedConnection);
  }).detach();
}

void SandboxController::startForTemplate(const QString& templateFile, std::function<void()> ready) {
  if (m_busy) return;
  auto loaded = sandbox::loadTemplateSandbox(templateFile.toStdString());
  if (!loaded) {
    Q_EMIT failed(QString::fromStdString(loaded.error().toString()));
    return;
  }
  if (!loaded->has_value()) {
    Q_EMIT failed(tr("%1 has no sandbox").arg(templateFile));
    return;
  }
  if (m_session) m_session->stopTraffic();
  m_session = std::make_unique<sandbox::SandboxSession>(m_sandbox, std::move(**loaded));
  for (auto kind : m_session->spec().servers) m_started.insert(kind);
  Q_EMIT progress(tr("Starting the sandbox: %1…").arg(serversNeeded(templateFile).join(QStringLiteral(", "))));
  // The session is only touched by the helper until it reports back.
  sandbox::SandboxSession* session = m_session.get();
  runInBackground(
      [session]() -> QString {
        auto started = session->startServers();
        return started ? QString() : QString::fromStdString(started.error().toString());
      },
      [this, ready = std::move(ready)] {
        m_session->exportEnvironment();
        if (auto traffic = m_session->startTraffic(); !traffic) {
          Q_EMIT failed(QString::fromStdString(traffic.error().toString()));
          return;
        }
        Q_EMIT progress(tr("Sandbox running"));
        if (ready) ready();
      });
}

void SandboxController::startServer(sandbox::Kind kind) {
  if (m_busy) return;
  m_started.insert(kind);
  runInBackground(
      [kind, root = m_sandbox.root()]() -> QString {
        sandbox::Sandbox box(root);
        auto s = box.start(kind);
        return s ? QString() : QString::fromStdString(s.error().toString());
      },
      {});
}

void SandboxController::stopServer(sandbox::Kind kind) {
  if (m_busy) return;
  runInBackground(
      [kind, root = m_sandbox.root()]() -> QString {
        sandbox::Sandbox box(root);
        auto s = box.stop(kind);
        return s ? QString() : QString::fromStdString(s.error().toString());
      },
      {});
}

void SandboxController::setPinned(sandbox::Kind kind, bool pinned) {
  if (pinned)
    m_pinned.insert(kind);
  else
    m_pinned.erase(kind);
  Q_EMIT changed();
}

void SandboxController::shutdown() {
  if (m_session) m_session->stopTraffic();
  for (auto kind : m_started)
    if (!m_pinned.count(kind)) (void)m_sandbox.stop(kind);
  m_started.clear();
}

}  // namespace tributary::widgets
