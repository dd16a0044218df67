#pragma once
// ClusterSession: one open cluster of the topic browser. It owns a worker
// thread on which short admin calls (topics, groups, configs, produce, ...)
// run one after the other, and it starts long jobs (browse, search, live
// tail) on threads of their own, each with a cancel flag. The ClusterClient
// is connected on first use, on whichever of those threads needs it first
// (for the "embedded" bootstrap the embedded broker is started then).
//
// Threads: create, call and destroy on the GUI thread. `work` callbacks run on
// the worker or job thread; `done` callbacks run on the GUI thread, and only
// while their receiver still exists. post() may be called from any thread.
// The destructor cancels jobs and waits for every thread it started.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>

#include "core/base/result.h"
#include "core/kafka/cluster.h"
#include "widgets/document/qt_json.h"

class QThread;

namespace tributary::widgets {

class ClusterSession final : public QObject {
  Q_OBJECT

 public:
  // `embeddedDataDir`: where the embedded broker keeps its log if this session starts it.
  ClusterSession(kafka::ClusterConfig config, QString embeddedDataDir, QObject* parent = nullptr);
  ~ClusterSession() override;

  const kafka::ClusterConfig& config() const { return m_config; }
  QString name() const { return toQt(m_config.name); }

  // Runs `work` on the session's worker thread, then `done` with its result on
  // the GUI thread (skipped when `receiver` is gone by then).
  template <class T>
  void call(QObject* receiver, std::function<Result<T>(kafka::ClusterClient&)> work,
            std::function<void(Result<T>)> done) {
    QPointer<QObject> guard(receiver);
    runOnWorker([this, guard, work = std::move(work), done = std::move(done)] {
      auto client = connectedClient();
      auto result = std::make_shared<Result<T>>(client ? work(**client) : Result<T>(client.error()));
      post(guard, [done, result] { done(std::move(*result)); });
    });
  }

  // Runs `work` on a thread of its own (a long job); the flag it gets is the
  // returned one, set by cancel() or by the destructor. `finished` runs on the
  // GUI thread with the job's status (connection errors included).
  std::shared_ptr<kafka::CancelFlag> startJob(
      QObject* receiver, std::function<Status(kafka::ClusterClient&, const kafka::CancelFlag&)> work,
      std::function<void(Status)> finished);

  // Runs `fn` on the GUI thread if `receiver` still exists then. Any thread.
  void post(QPointer<QObject> receiver, std::function<void()> fn);

  // Jobs still running (for tests and the status line).
  int runningJobs() const;

 Q_SIGNALS:
  // GUI thread: after each attempt to connect.
  void connectionChanged(bool connected, const QString& message);

 private:
  void runOnWorker(std::function<void()> fn);
  // Worker or job thread: the connected client, connecting (and starting the
  // embedded broker) when needed. A failure is not remembered: the next call retries.
  Result<kafka::ClusterClient*> connectedClient();

  kafka::ClusterConfig m_config;
  QString m_embeddedDataDir;
  QThread* m_thread;
  QObject* m_worker;  // lives on m_thread; runs the queued calls
  std::mutex m_connectMutex;
  std::unique_ptr<kafka::ClusterClient> m_client;  // guarded by m_connectMutex until set, then shared read-only
  struct Job {
    QThread* thread;
    std::shared_ptr<kafka::CancelFlag> cancel;
  };
  std::vector<Job> m_jobs;  // GUI thread only
};

}  // namespace tributary::widgets
