#include "widgets/browser/cluster_session.h"

#include <QThread>

#include "core/kafka/embedded.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

ClusterSession::ClusterSession(kafka::ClusterConfig config, QString embeddedDataDir, QObject* parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_embeddedDataDir(std::move(embeddedDataDir)),
      m_thread(new QThread),
      m_worker(new QObject) {
  m_thread->setObjectName(QStringLiteral("cluster:%1").arg(name()));
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread->start();
}

ClusterSession::~ClusterSession() {
  for (Job& job : m_jobs) job.cancel->store(true);
  for (Job& job : m_jobs) {
    job.thread->wait();
    delete job.thread;
  }
  m_thread->quit();
  m_thread->wait();
  delete m_thread;
  // Queued posts to this object die with it; nothing else refers to m_client now.
}

void ClusterSession::runOnWorker(std::function<void()> fn) {
  QMetaObject::invokeMethod(m_worker, std::move(fn), Qt::QueuedConnection);
}

void ClusterSession::post(QPointer<QObject> receiver, std::function<void()> fn) {
  // Posted to the session (alive until every thread it started has ended),
  // which checks the receiver on the GUI thread.
  QMetaObject::invokeMethod(
      this,
      [receiver, fn = std::move(fn)] {
        if (receiver) fn();
      },
      Qt::QueuedConnection);
}

Result<kafka::ClusterClient*> ClusterSession::connectedClient() {
  std::lock_guard lock(m_connectMutex);
  if (m_client) return m_client.get();
  // Start the embedded broker only when nobody runs one yet (a run of the
  // designer, or a test or benchmark that started its own, may have).
  if (m_config.bootstrap == "embedded" && !kafka::resolveBootstrap("embedded")) {
    auto started = kafka::ensureEmbeddedBroker(m_embeddedDataDir.toStdString());
    if (!started) {
      Error e = started.error();
      QMetaObject::invokeMethod(
          this, [this, e] { Q_EMIT connectionChanged(false, toQt(e.message)); },
          Qt::QueuedConnection);
      return e;
    }
  }
  auto connected = kafka::ClusterClient::connect(m_config);
  if (!connected) {
    Error e = connected.error();
    QMetaObject::invokeMethod(
        this, [this, e] { Q_EMIT connectionChanged(false, toQt(e.message)); }, Qt::QueuedConnection);
    return e;
  }
  m_client = std::move(*connected);
  QString where = toQt(m_client->bootstrap());
  QMetaObject::invokeMethod(
      this, [this, where] { Q_EMIT connectionChanged(true, where); }, Qt::QueuedConnection);
  return m_client.get();
}

std::shared_ptr<kafka::CancelFlag> ClusterSession::startJob(
    QObject* receiver, std::function<Status(kafka::ClusterClient&, const kafka::CancelFlag&)> work,
    std::function<void(Status)> finished) {
  auto cancel = std::make_shared<kafka::CancelFlag>(false);
  QPointer<QObject> guard(receiver);
  QThread* thread = QThread::create([this, cancel, guard, work = std::move(work), finished = std::move(finished)] {
    auto client = connectedClient();
    auto status = std::make_shared<Status>(client ? work(**client, *cancel) : Status(client.error()));
    post(guard, [finished, status] { finished(*status); });
  });
  thread->setObjectName(QStringLiteral("cluster-job:%1").arg(name()));
  connect(thread, &QThread::finished, this, [this, thread] {
    auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [thread](const Job& j) { return j.thread == thread; });
    if (it != m_jobs.end()) {
      m_jobs.erase(it);
      thread->deleteLater();
    }
  });
  m_jobs.push_back(Job{thread, cancel});
  thread->start();
  return cancel;
}

int ClusterSession::runningJobs() const {
  return static_cast<int>(m_jobs.size());
}

}  // namespace tributary::widgets
