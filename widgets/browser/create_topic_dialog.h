#pragma once
// CreateTopicDialog: name, partitions, replication factor and configs
// (one KEY=VALUE a line) for a new topic. Collects and checks input only;
// the caller creates the topic on a worker thread. GUI thread only.

#include <QDialog>

#include "core/base/result.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tributary::widgets {

class CreateTopicDialog final : public QDialog {
  Q_OBJECT

 public:
  struct Request {
    QString name;
    int partitions = 1;
    int replication = 1;
    std::vector<std::pair<std::string, std::string>> configs;
  };

  explicit CreateTopicDialog(QWidget* parent = nullptr);
  Result<Request> request() const;

  QLineEdit* nameEdit() const { return m_name; }
  QSpinBox* partitionsSpin() const { return m_partitions; }
  QSpinBox* replicationSpin() const { return m_replication; }
  QPlainTextEdit* configsEdit() const { return m_configs; }
  void showError(const QString& text);

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  void createRequested(const tributary::widgets::CreateTopicDialog::Request& request);

 private:
  QLineEdit* m_name;
  QSpinBox* m_partitions;
  QSpinBox* m_replication;
  QPlainTextEdit* m_configs;
  QLabel* m_error;
};

}  // namespace tributary::widgets
