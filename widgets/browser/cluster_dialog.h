#pragma once
// ClusterDialog: add or edit a cluster — name, bootstrap servers, librdkafka
// properties (security.protocol, sasl.*, ssl.*, one KEY=VALUE a line; secrets
// as ${env:NAME} or ${file:/path}) — with "Test connection", which connects
// on a thread of its own and reports the brokers found or the error.
// GUI thread only; the destructor waits for a test still running.

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

  QLineEdit* nameEdit() const { return m_name; }
  QLineEdit* bootstrapEdit() const { return m_bootstrap; }
  QPlainTextEdit* propertiesEdit() const { return m_properties; }
  QLabel* statusLabel() const { return m_status; }

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  void testFinished(bool ok, const QString& message);

 private:
  void showStatus(bool ok, const QString& text);

  QStringList m_taken;
  QLineEdit* m_name;
  QLineEdit* m_bootstrap;
  QPlainTextEdit* m_properties;
  QPushButton* m_test;
  QLabel* m_status;
  QThread* m_testThread = nullptr;
};

}  // namespace tributary::widgets
