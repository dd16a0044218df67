#pragma once
// ProduceDialog: compose one message for a topic — key, value, headers
// (one NAME=VALUE a line) and partition (or the partitioner's choice). The
// value is sent as typed, or as Avro: pick a subject and version of the
// cluster's Schema Registry (read on the session's registry thread), type the
// value as JSON; it is checked against the schema (errors name the field) and
// encoded in Confluent's framing. It only collects and checks input; the
// caller produces on a worker thread. GUI thread only.

#include <QDialog>

#include <memory>

#include "core/avro/codec.h"
#include "core/kafka/cluster.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace tributary::widgets {

class ClusterSession;

class ProduceDialog final : public QDialog {
  Q_OBJECT

 public:
  // `session` (may be null) gives the Schema Registry for Avro.
  ProduceDialog(const QString& topic, int partitions, ClusterSession* session = nullptr, QWidget* parent = nullptr);

  // The message, or an error naming the bad input (e.g. a header line without '=').
  Result<kafka::ProduceMessage> message() const;

  QLineEdit* keyEdit() const { return m_key; }
  QCheckBox* nullKey() const { return m_nullKey; }
  QPlainTextEdit* valueEdit() const { return m_value; }
  QPlainTextEdit* headersEdit() const { return m_headers; }
  QComboBox* partitionCombo() const { return m_partition; }
  QComboBox* valueFormatCombo() const { return m_valueFormat; }  // "text" or "avro"
  QComboBox* subjectCombo() const { return m_subject; }
  QComboBox* versionCombo() const { return m_version; }
  QLabel* schemaLabel() const { return m_schemaLabel; }
  // Avro: the schema id chosen, once loaded (0 before).
  int schemaId() const { return m_schemaId; }
  void setAvro(bool avro);
  // Shows an error from producing and keeps the dialog open.
  void showError(const QString& text);

 public Q_SLOTS:
  void accept() override;

 Q_SIGNALS:
  // Emitted by accept() with valid input; the dialog stays open until the owner closes it.
  void produceRequested(const kafka::ProduceMessage& message);
  // Avro: after the subjects, a subject's versions, or a version's schema were read.
  void subjectsLoaded(bool ok);
  void versionsLoaded(bool ok);
  void schemaLoaded(bool ok, const QString& message);

 private:
  QLineEdit* m_key;
  QCheckBox* m_nullKey;
  QPlainTextEdit* m_value;
  QPlainTextEdit* m_headers;
  QComboBox* m_partition;
  QLabel* m_error;
  void loadSubjects();
  void loadVersions(const QString& subject);
  void loadSchema(const QString& subject, const QString& version);

  QString m_topic;
  ClusterSession* m_session;
  QComboBox* m_valueFormat;
  QWidget* m_avroRow;
  QFormLayout* m_form;
  QComboBox* m_subject;
  QComboBox* m_version;
  QLabel* m_schemaLabel;
  int m_schemaId = 0;
  std::unique_ptr<avro::Codec> m_codec;  // the chosen version's; encode() is not const
  bool m_subjectsLoaded = false;
};

}  // namespace tributary::widgets
