#pragma once
// MessageDetail: the pane under the message table. It shows one message:
// metadata (partition, offset, time, sizes), the value as a collapsible,
// syntax-coloured JSON tree when it is JSON (else the formatted text), the
// key, and the headers; with Copy and Save. A value cut at the browse limit
// is marked, and the owner loads it whole on demand (setMessage again).
// A key or value in Confluent's Avro framing is shown as hex with a note
// until the owner gives its decoding (setAvro): then as a JSON tree, with the
// schema id and the subjects and versions that use it — or the reason it
// could not be decoded, next to the hex. GUI thread only.

#include <QWidget>

#include <optional>

#include "core/kafka/browser.h"
#include "core/registry/message_decoder.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace tributary::widgets {

class MessageDetail final : public QWidget {
  Q_OBJECT

 public:
  explicit MessageDetail(QWidget* parent = nullptr);

  void setMessage(const QString& topic, const kafka::Message& message, const QString& format);
  // The decoded key and value of the message shown (nullopt: not framed Avro).
  void setAvro(const std::optional<registry::AvroPayload>& key, const std::optional<registry::AvroPayload>& value);
  // A note over the value while the decoding is under way, or why there is none.
  void setAvroNote(const QString& text, bool error);
  void setLoading(const QString& text);
  void clear();

  bool hasMessage() const { return m_has; }
  const kafka::Message& message() const { return m_message; }
  // The value as the detail shows it (pretty JSON, text or hex), for Copy.
  QString valueText() const;
  QTreeWidget* jsonTree() const { return m_tree; }
  QTableWidget* headersTable() const { return m_headers; }
  QLabel* metadataLabel() const { return m_meta; }
  QLabel* avroLabel() const { return m_avro; }
  QString keyText() const;
  bool showsTree() const;

  // Builds a coloured tree for a JSON document; false when `bytes` is not JSON.
  static bool fillJsonTree(QTreeWidget* tree, const std::string& bytes, int maxItems = 20000);

 Q_SIGNALS:
  void loadFullValueRequested();

 private:
  void copyValue();
  void saveValue();

  QLabel* m_meta;
  QLabel* m_avro;
  QTabWidget* m_tabs;
  QStackedWidget* m_valueStack;
  QTreeWidget* m_tree;
  QPlainTextEdit* m_text;
  QPlainTextEdit* m_key;
  QTableWidget* m_headers;
  QPushButton* m_copy;
  QPushButton* m_save;
  QPushButton* m_loadFull;
  kafka::Message m_message;
  QString m_topic;
  QString m_format;
  QString m_avroValueJson;  // the decoded value, for Copy
  bool m_has = false;
};

}  // namespace tributary::widgets
