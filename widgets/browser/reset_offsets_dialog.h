#pragma once
// ResetOffsetsDialog: where to move an (empty) consumer group's committed
// offsets for one of its topics: earliest, latest, a time, or an offset.
// Collects input only; the caller resets on a worker thread. GUI thread only.

#include <QDialog>

#include "core/kafka/cluster.h"

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;

namespace tributary::widgets {

class ResetOffsetsDialog final : public QDialog {
  Q_OBJECT

 public:
  ResetOffsetsDialog(const QString& group, const QStringList& topics, QWidget* parent = nullptr);

  QString topic() const;
  Result<kafka::OffsetReset> reset() const;

  QComboBox* topicCombo() const { return m_topic; }
  QComboBox* targetCombo() const { return m_target; }
  QLineEdit* offsetEdit() const { return m_offset; }
  QDateTimeEdit* timeEdit() const { return m_time; }
  void showError(const QString& text);

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  void resetRequested(const QString& topic, const kafka::OffsetReset& reset);

 private:
  QComboBox* m_topic;
  QComboBox* m_target;
  QLineEdit* m_offset;
  QDateTimeEdit* m_time;
  QLabel* m_error;
};

}  // namespace tributary::widgets
