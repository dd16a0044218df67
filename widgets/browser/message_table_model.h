#pragma once
// MessageTableModel: the messages of one topic view (browse results, search
// matches or a live tail) as a table: partition, offset, timestamp, key,
// value preview, headers. Messages are appended in batches; rows become
// visible through canFetchMore/fetchMore in chunks, so neither a 100,000
// message stream nor a large browse makes the view lay out everything at
// once. At most kMaxMessages messages and about kMaxBytes of them are kept
// (the oldest go first, for endless tails).
// GUI thread only.

#include <deque>
#include <vector>

#include <QAbstractTableModel>

#include "core/kafka/browser.h"

namespace tributary::widgets {

class MessageTableModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Partition, Offset, Timestamp, Key, Value, Headers, ColumnCount };
  static constexpr int kChunk = 1000;
  static constexpr std::size_t kMaxMessages = 1'000'000;
  static constexpr std::size_t kMaxBytes = 512u << 20;

  explicit MessageTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;

  void append(std::vector<kafka::Message> messages);
  void clear();
  // Lower limits (tests); the defaults are kMaxMessages and kMaxBytes.
  void setLimits(std::size_t maxMessages, std::size_t maxBytes);
  // Messages dropped (oldest first) to stay within the limits since clear().
  std::size_t dropped() const { return m_dropped; }
  std::size_t bytes() const { return m_bytes; }
  // Replaces a message (e.g. with its whole value, loaded on demand).
  void replace(int row, kafka::Message message);
  // "auto", "json", "string" or "hex": how key and value previews are shown.
  void setFormat(const QString& format);
  QString format() const { return m_format; }

  // Every message held, shown or not yet (loaded() >= rowCount()).
  std::size_t loaded() const { return m_messages.size(); }
  const kafka::Message& message(std::size_t i) const { return m_messages[i]; }
  // Rows shown so far (what "export shown" writes).
  int shown() const { return m_shown; }

  static QString preview(const std::optional<std::string>& bytes, const QString& format, int maxChars = 200);
  static QString timestampText(std::int64_t ms);

 private:
  std::deque<kafka::Message> m_messages;
  static std::size_t footprint(const kafka::Message& m);

  int m_shown = 0;
  std::size_t m_bytes = 0;
  std::size_t m_dropped = 0;
  std::size_t m_maxMessages = kMaxMessages;
  std::size_t m_maxBytes = kMaxBytes;
  QString m_format = QStringLiteral("auto");
};

}  // namespace tributary::widgets
