#pragma once
// ProduceDialog: compose one message for a topic — key, value, headers
// (one NAME=VALUE a line) and partition (or the partitioner's choice). It only
// collects and checks input; the caller produces on a worker thread.
// GUI thread only.

#include <QDialog>

#include "core/kafka/cluster.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace tributary::widgets {

class ProduceDialog final : public QDialog {
  Q_OBJECT

 public:
  ProduceDialog(const QString& topic, int partitions, QWidget* parent = nullptr);

  // The message, or an error naming the bad input (e.g. a header line without '=').
  Result<kafka::ProduceMessage> message() const;

  QLineEdit* keyEdit() const { return m_key; }
  QCheckBox* nullKey() const { return m_nullKey; }
  QPlainTextEdit* valueEdit() const { return m_value; }
  QPlainTextEdit* headersEdit() const { return m_headers; }
  QComboBox* partitionCombo() const { return m_partition; }
  // Shows an error from producing and keeps the dialog open.
  void showError(const QString& text);

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  // Emitted by accept() with valid input; the dialog stays open until the owner closes it.
  void produceRequested(const kafka::ProduceMessage& message);

 private:
  QLineEdit* m_key;
  QCheckBox* m_nullKey;
  QPlainTextEdit* m_value;
  QPlainTextEdit* m_headers;
  QComboBox* m_partition;
  QLabel* m_error;
};

}  // namespace tributary::widgets
