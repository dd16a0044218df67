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
//
// The cluster's Schema Registry (config().schemaRegistry: a URL or
// "embedded") has a thread of its own, so a slow or unreachable registry never
// holds up the admin calls; registryCall() runs there. The session owns one
// RegistryClient and one AvroMessageDecoder for the cluster, so schemas are
// fetched once per id however many messages are browsed. For the "embedded"
// bootstrap the embedded broker's registry is started with the broker.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>

#include "core/base/result.h"
#include "core/kafka/browser.h"
#include "core/kafka/cluster.h"
#include "core/registry/message_decoder.h"
#include "core/registry/registry_client.h"
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

  // True when the cluster names a Schema Registry.
  bool hasRegistry() const { return !m_config.schemaRegistry.empty(); }
  // Its URL once a registry call has reached it (GUI thread), else empty.
  QString registryUrl() const { return m_registryUrl; }

  // Runs `work` on the registry thread with the cluster's registry client,
  // then `done` on the GUI thread (skipped when `receiver` is gone). Without a
  // registry, or when "embedded" cannot be started, `done` gets the error.
  template <class T>
  void registryCall(QObject* receiver, std::function<Result<T>(registry::RegistryClient&)> work,
                    std::function<void(Result<T>)> done) {
    QPointer<QObject> guard(receiver);
    runOnRegistryThread([this, guard, work = std::move(work), done = std::move(done)] {
      auto client = connectedRegistry();
      auto result = std::make_shared<Result<T>>(client ? work(**client) : Result<T>(client.error()));
      post(guard, [done, result] { done(std::move(*result)); });
    });
  }

  // A browsed message's key and value, decoded when they are Confluent-framed
  // Avro (nullopt: not framed). `error` is set when there is no registry.
  struct DecodedMessage {
    std::optional<registry::AvroPayload> key;
    std::optional<registry::AvroPayload> value;
  };
  // Decodes on the registry thread with the session's decoder (its id cache), then `done` on the GUI thread.
  void decodeAvro(QObject* receiver, const kafka::Message& message, std::function<void(DecodedMessage)> done);
  // The schema id of a Confluent-framed payload, or 0.
  static std::int32_t confluentSchemaId(const std::optional<std::string>& bytes);

 Q_SIGNALS:
  // GUI thread: after each attempt to connect.
  void connectionChanged(bool connected, const QString& message);
  // GUI thread: after the registry was set up (url) or could not be (error).
  void registryChanged(const QString& url, const QString& error);

 private:
  void runOnWorker(std::function<void()> fn);
  void runOnRegistryThread(std::function<void()> fn);
  // Registry thread: the client and decoder, set up on first use (starting the
  // embedded registry for "embedded"). A failure is not remembered.
  Result<registry::RegistryClient*> connectedRegistry();
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
  QThread* m_registryThread;
  QObject* m_registryWorker;                                // lives on m_registryThread
  std::shared_ptr<registry::RegistryClient> m_registry;     // registry thread only
  std::unique_ptr<registry::AvroMessageDecoder> m_decoder;  // registry thread only
  QString m_registryUrl;                                    // GUI thread
};

}  // namespace tributary::widgets
