#pragma once
// ClusterDialog: add or edit a cluster — name, bootstrap servers, librdkafka
// properties (security.protocol, sasl.*, ssl.*, one KEY=VALUE a line; secrets
// as ${env:NAME} or ${file:/path}), its Schema Registry (URL or "embedded",
// user and password as secret references) — with "Test connection", which
// connects on a thread of its own and reports the brokers found or the error,
// and "Test registry", which calls GET /subjects and says what was wrong.
// GUI thread only; the destructor waits for a test still running.

#include <functional>
#include <utility>

#include <QDialog>
#include <QPointer>

#include "widgets/browser/cluster_store.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QThread;

namespace tributary::widgets {

class ClusterDialog final : public QDialog {
  Q_OBJECT

 public:
  explicit ClusterDialog(const ClusterEntry& entry, const QStringList& takenNames, QWidget* parent = nullptr);
  ~ClusterDialog() override;

  Result<ClusterEntry> entry() const;
  void testConnection();
  void testRegistry();

  QLineEdit* nameEdit() const { return m_name; }
  QLineEdit* bootstrapEdit() const { return m_bootstrap; }
  QPlainTextEdit* propertiesEdit() const { return m_properties; }
  QLineEdit* registryEdit() const { return m_registry; }
  QLineEdit* registryUserEdit() const { return m_registryUser; }
  QLineEdit* registryPasswordEdit() const { return m_registryPassword; }
  QLabel* statusLabel() const { return m_status; }

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  void testFinished(bool ok, const QString& message);
  void registryTestFinished(bool ok, const QString& message);

 private:
  void showStatus(bool ok, const QString& text);
  // Runs `work` on a thread of its own (one test at a time), then shows its outcome.
  void runTest(const QString& busyText, std::function<std::pair<bool, QString>()> work, bool registry);

  QStringList m_taken;
  QLineEdit* m_name;
  QLineEdit* m_bootstrap;
  QPlainTextEdit* m_properties;
  QLineEdit* m_registry;
  QLineEdit* m_registryUser;
  QLineEdit* m_registryPassword;
  QPushButton* m_test;
  QPushButton* m_testRegistry;
  QLabel* m_status;
  QThread* m_testThread = nullptr;
};

}  // namespace tributary::widgets
