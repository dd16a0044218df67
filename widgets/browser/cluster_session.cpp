#include "widgets/browser/cluster_session.h"

#include <QThread>

#include "core/avro/codec.h"
#include "core/kafka/embedded.h"
#include "core/registry/embedded_registry.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

ClusterSession::ClusterSession(kafka::ClusterConfig config, QString embeddedDataDir, QObject* parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_embeddedDataDir(std::move(embeddedDataDir)),
      m_thread(new QThread),
      m_worker(new QObject),
      m_registryThread(new QThread),
      m_registryWorker(new QObject) {
  m_thread->setObjectName(QStringLiteral("cluster:%1").arg(name()));
  m_worker->moveToThread(m_thread);
  m_thread->start();
  m_registryThread->setObjectName(QStringLiteral("registry:%1").arg(name()));
  m_registryWorker->moveToThread(m_registryThread);
  m_registryThread->start();
}

ClusterSession::~ClusterSession() {
  for (Job& job : m_jobs) job.cancel->store(true);
  for (Job& job : m_jobs) {
    job.thread->wait();
    delete job.thread;
  }
  m_thread->quit();
  m_registryThread->quit();
  m_thread->wait();
  m_registryThread->wait();
  // Each thread may post to the other's worker until both have ended (the
  // cluster thread starts the embedded registry on the registry thread), so
  // the workers go only now, not when their own thread finishes.
  delete m_worker;
  delete m_registryWorker;
  delete m_thread;
  delete m_registryThread;
  // Queued posts to this object die with it; nothing else refers to m_client now.
}

void ClusterSession::runOnWorker(std::function<void()> fn) {
  QMetaObject::invokeMethod(m_worker, std::move(fn), Qt::QueuedConnection);
}

void ClusterSession::runOnRegistryThread(std::function<void()> fn) {
  QMetaObject::invokeMethod(m_registryWorker, std::move(fn), Qt::QueuedConnection);
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
          this, [this, e] { Q_EMIT connectionChanged(false, toQt(e.message)); }, Qt::QueuedConnection);
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
  // The embedded broker serves its Schema Registry too, on a free loopback port
  // the cluster view shows (a failure leaves the broker usable and is said there).
  if (m_config.bootstrap == "embedded" && m_config.schemaRegistry == "embedded")
    runOnRegistryThread([this] { (void)connectedRegistry(); });
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

Result<registry::RegistryClient*> ClusterSession::connectedRegistry() {
  if (m_registry) {
    if (m_config.schemaRegistry != "embedded") return m_registry.get();
    // The embedded registry comes back on another port when the embedded broker is restarted.
    auto now = kafka::resolveSchemaRegistry("embedded");
    if (now && *now == m_registry->config().url) return m_registry.get();
    m_decoder.reset();
    m_registry.reset();
  }
  auto fail = [this](const Error& e) -> Error {
    QString text = toQt(e.message);
    QMetaObject::invokeMethod(
        this, [this, text] { Q_EMIT registryChanged(QString(), text); }, Qt::QueuedConnection);
    return e;
  };
  if (m_config.schemaRegistry.empty())
    return fail(makeError(ErrorCode::NotFound,
                          "no Schema Registry is set for this cluster (edit the cluster: Schema Registry URL)"));
  std::string url = m_config.schemaRegistry;
  if (url == "embedded") {
    // The embedded registry lives next to the embedded broker: start that first when it is ours to start.
    if (!kafka::resolveBootstrap("embedded")) {
      if (m_config.bootstrap != "embedded")
        return fail(makeError(ErrorCode::Unavailable,
                              "the embedded Schema Registry runs with the embedded broker, which is not running"));
      auto connected = connectedClient();
      if (!connected) return fail(connected.error());
    }
    auto started = registry::ensureEmbeddedRegistry();
    if (!started) return fail(started.error());
    url = *started;
  }
  registry::RegistryClientConfig config;
  config.url = url;
  config.user = m_config.schemaRegistryUser;
  config.password = m_config.schemaRegistryPassword;
  config.timeout = std::chrono::milliseconds(5000);
  m_registry = std::make_shared<registry::RegistryClient>(config);
  m_decoder = std::make_unique<registry::AvroMessageDecoder>(m_registry);
  QString shown = toQt(url);
  QMetaObject::invokeMethod(
      this,
      [this, shown] {
        m_registryUrl = shown;
        Q_EMIT registryChanged(shown, QString());
      },
      Qt::QueuedConnection);
  return m_registry.get();
}

std::int32_t ClusterSession::confluentSchemaId(const std::optional<std::string>& bytes) {
  if (!bytes) return 0;
  auto frame = avro::parseConfluentFrame(*bytes);
  return frame && frame->first > 0 ? frame->first : 0;
}

void ClusterSession::decodeAvro(QObject* receiver, const kafka::Message& message,
                                std::function<void(DecodedMessage)> done) {
  QPointer<QObject> guard(receiver);
  std::optional<std::string> key = message.key;
  std::optional<std::string> value = message.value;
  bool truncated = message.valueTruncated();
  runOnRegistryThread([this, guard, key, value, truncated, done = std::move(done)] {
    auto result = std::make_shared<DecodedMessage>();
    auto client = connectedRegistry();
    auto one = [&](const std::optional<std::string>& bytes, bool cut) -> std::optional<registry::AvroPayload> {
      std::int32_t id = confluentSchemaId(bytes);
      if (id == 0) return std::nullopt;
      if (!client) return registry::AvroPayload{id, {}, {}, client.error().message};
      return m_decoder->decode(*bytes, cut);
    };
    result->key = one(key, false);
    result->value = one(value, truncated);
    post(guard, [done, result] { done(std::move(*result)); });
  });
}

int ClusterSession::runningJobs() const {
  return static_cast<int>(m_jobs.size());
}

}  // namespace tributary::widgets
