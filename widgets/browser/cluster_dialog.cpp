#include "widgets/browser/cluster_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include "core/kafka/cluster.h"
#include "core/registry/registry_client.h"
#include "widgets/browser/registry_api.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

ClusterDialog::ClusterDialog(const ClusterEntry& entry, const QStringList& takenNames, QWidget* parent)
    : QDialog(parent), m_taken(takenNames) {
  setWindowTitle(entry.name.isEmpty() ? tr("Add cluster") : tr("Edit cluster %1").arg(entry.name));
  setObjectName(QStringLiteral("clusterDialog"));
  resize(600, 480);
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_name = new QLineEdit(entry.name);
  m_name->setPlaceholderText(tr("production"));
  m_bootstrap = new QLineEdit(entry.bootstrap);
  m_bootstrap->setPlaceholderText(tr("kafka-1:9092,kafka-2:9092"));
  m_properties = new QPlainTextEdit(ClusterStore::propertiesText(entry));
  m_properties->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_properties->setPlaceholderText(
      tr("security.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\nsasl.username=app\nsasl.password=${env:KAFKA_PASSWORD}"));
  form->addRow(tr("Name"), m_name);
  form->addRow(tr("Bootstrap servers"), m_bootstrap);
  form->addRow(tr("Properties"), m_properties);
  m_registry = new QLineEdit(entry.schemaRegistry);
  m_registry->setPlaceholderText(tr("http://schema-registry:8081, or embedded"));
  m_registryUser = new QLineEdit(entry.schemaRegistryUser);
  m_registryUser->setPlaceholderText(tr("user (optional)"));
  m_registryPassword = new QLineEdit(entry.schemaRegistryPassword);
  m_registryPassword->setPlaceholderText(tr("${env:SCHEMA_REGISTRY_PASSWORD}"));
  auto* auth = new QHBoxLayout;
  auth->addWidget(m_registryUser, 1);
  auth->addWidget(m_registryPassword, 2);
  form->addRow(tr("Schema Registry"), m_registry);
  form->addRow(tr("Registry user, password"), auth);
  layout->addLayout(form);
  auto* hint =
      new QLabel(tr("Any librdkafka property, one KEY=VALUE a line. Write secrets as ${env:NAME} or "
                    "${file:/path}: they are stored as references and resolved when the cluster is opened."));
  hint->setWordWrap(true);
  hint->setStyleSheet(QStringLiteral("color: %1").arg(colors::mutedText().name()));
  layout->addWidget(hint);
  m_status = new QLabel;
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_status);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
  connect(m_test, &QPushButton::clicked, this, &ClusterDialog::testConnection);
  m_testRegistry = buttons->addButton(tr("Test registry"), QDialogButtonBox::ActionRole);
  connect(m_testRegistry, &QPushButton::clicked, this, &ClusterDialog::testRegistry);
  connect(buttons, &QDialogButtonBox::accepted, this, &ClusterDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ClusterDialog::reject);
  layout->addWidget(buttons);
}

ClusterDialog::~ClusterDialog() {
  if (m_testThread) {
    m_testThread->wait();
    delete m_testThread;
  }
}

Result<ClusterEntry> ClusterDialog::entry() const {
  ClusterEntry e;
  e.name = m_name->text().trimmed();
  e.bootstrap = m_bootstrap->text().trimmed();
  if (e.name.isEmpty()) return makeError(ErrorCode::Invalid, tr("give the cluster a name").toStdString(), "name");
  if (m_taken.contains(e.name))
    return makeError(ErrorCode::Invalid, tr("a cluster named \"%1\" exists already").arg(e.name).toStdString(), "name");
  if (e.bootstrap.isEmpty())
    return makeError(ErrorCode::Invalid, tr("bootstrap servers are missing (host:port, comma-separated)").toStdString(),
                     "bootstrap");
  auto props = ClusterStore::parseProperties(m_properties->toPlainText());
  if (!props) return makeError(ErrorCode::Invalid, "properties: " + props.error().message, "properties");
  e.properties = *props;
  e.schemaRegistry = m_registry->text().trimmed();
  e.schemaRegistryUser = m_registryUser->text().trimmed();
  e.schemaRegistryPassword = m_registryPassword->text().trimmed();
  if (Status s = ClusterStore::checkRegistry(e); !s) return s.error();
  return e;
}

void ClusterDialog::showStatus(bool ok, const QString& text) {
  m_status->setStyleSheet(QStringLiteral("color: %1").arg((ok ? colors::success() : colors::error()).name()));
  m_status->setText(text);
}

void ClusterDialog::testConnection() {
  auto e = entry();
  if (!e) {
    showStatus(false, toQt(e.error().message));
    return;
  }
  auto config = ClusterStore::resolve(*e);
  if (!config) {
    showStatus(false, toQt(config.error().message));
    return;
  }
  runTest(
      tr("Connecting to %1…").arg(e->bootstrap),
      [config = *config] {
        auto client = kafka::ClusterClient::connect(config, std::chrono::seconds(10));
        if (!client) return std::pair<bool, QString>(false, toQt(client.error().message));
        auto overview = (*client)->overview();
        if (!overview) return std::pair<bool, QString>(false, toQt(overview.error().message));
        return std::pair<bool, QString>(
            true, tr("Connected: %n broker(s), ", nullptr, static_cast<int>(overview->brokers.size())) +
                      tr("%n topic(s).", nullptr, overview->topics));
      },
      false);
}

void ClusterDialog::testRegistry() {
  auto e = entry();
  if (!e) {
    showStatus(false, toQt(e.error().message));
    return;
  }
  if (e->schemaRegistry.isEmpty()) {
    showStatus(false, tr("No Schema Registry URL to test."));
    return;
  }
  auto config = ClusterStore::resolve(*e);
  if (!config) {
    showStatus(false, toQt(config.error().message));
    return;
  }
  runTest(
      tr("Calling %1/subjects…").arg(e->schemaRegistry),
      [config = *config] {
        std::string url = config.schemaRegistry;
        if (url == "embedded") {
          auto resolved = kafka::resolveSchemaRegistry(url);
          if (!resolved)
            return std::pair<bool, QString>(
                false, tr("The embedded Schema Registry is not running (it starts with the Local cluster): %1")
                           .arg(toQt(resolved.error().message)));
          url = *resolved;
        }
        registry::RegistryClientConfig rc;
        rc.url = url;
        rc.user = config.schemaRegistryUser;
        rc.password = config.schemaRegistryPassword;
        rc.timeout = std::chrono::milliseconds(8000);
        registry::RegistryClient client(rc);
        auto subjects = registryJson(client, "GET", "/subjects");
        if (!subjects)
          return std::pair<bool, QString>(false, tr("%1: %2").arg(toQt(url), toQt(subjects.error().message)));
        if (!subjects->is_array())
          return std::pair<bool, QString>(
              false,
              tr("%1/subjects did not answer with a list of subjects — is this a Schema Registry?").arg(toQt(url)));
        return std::pair<bool, QString>(
            true, tr("Schema Registry at %1 answers: %n subject(s).", nullptr, static_cast<int>(subjects->size()))
                      .arg(toQt(url)));
      },
      true);
}

void ClusterDialog::runTest(const QString& busyText, std::function<std::pair<bool, QString>()> work, bool registry) {
  if (m_testThread) return;  // one at a time
  showStatus(true, busyText);
  m_status->setStyleSheet({});
  m_test->setEnabled(false);
  m_testRegistry->setEnabled(false);
  QPointer<ClusterDialog> self(this);
  m_testThread = QThread::create([self, work = std::move(work), registry] {
    auto [ok, message] = work();
    // The dialog waits for this thread in its destructor, so it is alive here;
    // the queued call runs on the GUI thread.
    QMetaObject::invokeMethod(
        self.data(),
        [self, ok = ok, message = message, registry] {
          if (!self) return;
          self->m_testThread->wait();
          delete self->m_testThread;
          self->m_testThread = nullptr;
          self->m_test->setEnabled(true);
          self->m_testRegistry->setEnabled(true);
          self->showStatus(ok, message);
          if (registry)
            Q_EMIT self->registryTestFinished(ok, message);
          else
            Q_EMIT self->testFinished(ok, message);
        },
        Qt::QueuedConnection);
  });
  m_testThread->start();
}

void ClusterDialog::accept() {
  auto e = entry();
  if (!e) {
    showStatus(false, toQt(e.error().message));
    return;
  }
  QDialog::accept();
}

}  // namespace tributary::widgets
