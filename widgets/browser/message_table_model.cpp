#include "widgets/browser/message_table_model.h"

#include <QDateTime>
#include <QFont>

#include "core/avro/codec.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

MessageTableModel::MessageTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int MessageTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : m_shown;
}
int MessageTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString MessageTableModel::timestampText(std::int64_t ms) {
  if (ms < 0) return QStringLiteral("—");
  return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString MessageTableModel::preview(const std::optional<std::string>& bytes, const QString& format, int maxChars) {
  if (!bytes) return QStringLiteral("null");
  const std::string& b = *bytes;
  bool binary = false;
  if (format == QLatin1String("auto"))
    for (std::size_t i = 0; i < std::min<std::size_t>(b.size(), 256); ++i) {
      auto c = static_cast<unsigned char>(b[i]);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        binary = true;
        break;
      }
    }
  // Confluent-framed Avro: say so (the detail pane decodes it with the cluster's registry).
  if (binary)
    if (auto frame = avro::parseConfluentFrame(b); frame && frame->first > 0)
      return tr("Avro · schema %1 · %2 bytes").arg(frame->first).arg(frame->second.size());
  if (format == QLatin1String("hex") || binary) {
    static const char* digits = "0123456789abcdef";
    QString out;
    std::size_t n = std::min<std::size_t>(b.size(), static_cast<std::size_t>(maxChars / 3));
    for (std::size_t i = 0; i < n; ++i) {
      if (i) out += QLatin1Char(' ');
      out += QLatin1Char(digits[static_cast<unsigned char>(b[i]) >> 4]);
      out += QLatin1Char(digits[static_cast<unsigned char>(b[i]) & 15]);
    }
    if (n < b.size()) out += QStringLiteral(" …");
    return out;
  }
  // A preview only needs the start; whitespace runs collapse so JSON stays on one line.
  QString text = QString::fromUtf8(b.data(), static_cast<qsizetype>(std::min<std::size_t>(b.size(), maxChars * 2)));
  text = text.simplified();
  if (text.size() > maxChars || static_cast<std::size_t>(maxChars * 2) < b.size())
    text = text.left(maxChars) + QStringLiteral("…");
  return text;
}

QVariant MessageTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_shown) return {};
  const kafka::Message& m = m_messages[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case Partition:
        return m.partition;
      case Offset:
        return QString::number(m.offset);
      case Timestamp:
        return timestampText(m.timestampMs);
      case Key:
        return m.key ? preview(m.key, m_format, 60) : QString();
      case Value: {
        QString text = preview(m.value, m_format);
        if (m.valueTruncated()) text = QStringLiteral("[%1 bytes] ").arg(m.valueSize) + text;
        return text;
      }
      case Headers: {
        QStringList parts;
        for (const auto& [k, v] : m.headers)
          parts << toQt(k) + QLatin1Char('=') + (v ? preview(v, QStringLiteral("string"), 40) : QStringLiteral("null"));
        return parts.join(QStringLiteral(", "));
      }
    }
  }
  if (role == Qt::ForegroundRole && ((index.column() == Value && !m.value) || (index.column() == Key && !m.key)))
    return colors::mutedText();
  if (role == Qt::FontRole && index.column() == Value && !m.value) {
    QFont f;
    f.setItalic(true);
    return f;
  }
  if (role == Qt::TextAlignmentRole && (index.column() == Partition || index.column() == Offset))
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() == Value && m.valueTruncated())
    return tr("%1 bytes; the preview shows the first %2. Select the row to load it whole.")
        .arg(m.valueSize)
        .arg(m.value ? m.value->size() : 0);
  return {};
}

QVariant MessageTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Partition:
      return tr("Partition");
    case Offset:
      return tr("Offset");
    case Timestamp:
      return tr("Timestamp");
    case Key:
      return tr("Key");
    case Value:
      return tr("Value");
    case Headers:
      return tr("Headers");
  }
  return {};
}

bool MessageTableModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && static_cast<std::size_t>(m_shown) < m_messages.size();
}

void MessageTableModel::fetchMore(const QModelIndex& parent) {
  if (parent.isValid()) return;
  int more = static_cast<int>(std::min<std::size_t>(kChunk, m_messages.size() - static_cast<std::size_t>(m_shown)));
  if (more <= 0) return;
  beginInsertRows({}, m_shown, m_shown + more - 1);
  m_shown += more;
  endInsertRows();
}

std::size_t MessageTableModel::footprint(const kafka::Message& m) {
  std::size_t bytes = sizeof(kafka::Message) + (m.key ? m.key->size() : 0) + (m.value ? m.value->size() : 0);
  for (const auto& [k, v] : m.headers) bytes += k.size() + (v ? v->size() : 0) + 64;
  return bytes;
}

void MessageTableModel::setLimits(std::size_t maxMessages, std::size_t maxBytes) {
  m_maxMessages = std::max<std::size_t>(1, maxMessages);
  m_maxBytes = maxBytes;
}

void MessageTableModel::append(std::vector<kafka::Message> messages) {
  if (messages.empty()) return;
  for (auto& m : messages) {
    m_bytes += footprint(m);
    m_messages.push_back(std::move(m));
  }
  // Keep memory bounded (an endless tail): the oldest go first, the newest always stays.
  std::size_t drop = 0;
  while (m_messages.size() - drop > 1 && (m_messages.size() - drop > m_maxMessages || m_bytes > m_maxBytes)) {
    m_bytes -= footprint(m_messages[drop]);
    ++drop;
  }
  if (drop > 0) {
    int shownDrop = static_cast<int>(std::min<std::size_t>(drop, static_cast<std::size_t>(m_shown)));
    if (shownDrop > 0) beginRemoveRows({}, 0, shownDrop - 1);
    m_messages.erase(m_messages.begin(), m_messages.begin() + static_cast<std::ptrdiff_t>(drop));
    m_shown -= shownDrop;
    m_dropped += drop;
    if (shownDrop > 0) endRemoveRows();
  }
  // The first chunk appears at once; the rest as the view asks (fetchMore).
  if (m_shown == 0) fetchMore({});
}

void MessageTableModel::clear() {
  beginResetModel();
  m_messages.clear();
  m_shown = 0;
  m_bytes = 0;
  m_dropped = 0;
  endResetModel();
}

void MessageTableModel::replace(int row, kafka::Message message) {
  if (row < 0 || static_cast<std::size_t>(row) >= m_messages.size()) return;
  kafka::Message& slot = m_messages[static_cast<std::size_t>(row)];
  m_bytes = m_bytes - footprint(slot) + footprint(message);
  slot = std::move(message);
  if (row < m_shown) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void MessageTableModel::setFormat(const QString& format) {
  if (format == m_format) return;
  m_format = format;
  if (m_shown > 0) Q_EMIT dataChanged(index(0, Key), index(m_shown - 1, Value));
}

}  // namespace tributary::widgets
