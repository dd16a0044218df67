#include "widgets/browser/topic_list_model.h"

#include <QFont>
#include <QLocale>

#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

TopicListModel::TopicListModel(QObject* parent) : QAbstractTableModel(parent) {}

int TopicListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : m_shown;
}
int TopicListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_shown) return {};
  const TopicRow& t = topic(index.row());
  int under = 0;
  for (const auto& p : t.info.partitions) under += p.underReplicated() ? 1 : 0;
  if (role == Qt::DisplayRole) {
    QLocale locale;
    switch (index.column()) {
      case Name:
        return toQt(t.info.name);
      case Partitions:
        return static_cast<int>(t.info.partitions.size());
      case Replication:
        return t.info.replicationFactor;
      case Messages:
        return locale.toString(static_cast<qlonglong>(t.info.messages()));
      case UnderReplicated:
        return under;
      case Groups:
        return t.groups;
      case Lag:
        return t.lag < 0 ? QStringLiteral("—") : locale.toString(static_cast<qlonglong>(t.lag));
    }
  }
  // Sorting compares numbers, not their display text.
  if (role == Qt::UserRole) {
    switch (index.column()) {
      case Name:
        return toQt(t.info.name);
      case Messages:
        return static_cast<qlonglong>(t.info.messages());
      case Lag:
        return static_cast<qlonglong>(t.lag);
      default:
        return data(index, Qt::DisplayRole);
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() != Name) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole) {
    if (index.column() == UnderReplicated && under > 0) return colors::warning();
    if (index.column() == Name && t.info.internal) return colors::mutedText();
  }
  if (role == Qt::ToolTipRole && index.column() == Name && t.info.internal) return tr("An internal topic of Kafka");
  return {};
}

QVariant TopicListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Name:
      return tr("Topic");
    case Partitions:
      return tr("Partitions");
    case Replication:
      return tr("Replication");
    case Messages:
      return tr("Messages");
    case UnderReplicated:
      return tr("Under-replicated");
    case Groups:
      return tr("Groups");
    case Lag:
      return tr("Consumer lag");
  }
  return {};
}

bool TopicListModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && m_shown < available();
}

void TopicListModel::fetchMore(const QModelIndex& parent) {
  if (parent.isValid()) return;
  int more = std::min(kChunk, available() - m_shown);
  if (more <= 0) return;
  beginInsertRows({}, m_shown, m_shown + more - 1);
  m_shown += more;
  endInsertRows();
}

void TopicListModel::rebuild() {
  beginResetModel();
  m_visible.clear();
  for (std::size_t i = 0; i < m_all.size(); ++i)
    if (m_showInternal || !m_all[i].info.internal) m_visible.push_back(i);
  m_shown = std::min(kChunk, available());
  endResetModel();
}

void TopicListModel::setTopics(std::vector<TopicRow> topics) {
  std::sort(topics.begin(), topics.end(),
            [](const TopicRow& a, const TopicRow& b) { return a.info.name < b.info.name; });
  m_all = std::move(topics);
  rebuild();
}

void TopicListModel::setShowInternal(bool show) {
  if (show == m_showInternal) return;
  m_showInternal = show;
  rebuild();
}

int TopicListModel::rowOf(const QString& name) const {
  std::string n = name.toStdString();
  for (int r = 0; r < available(); ++r)
    if (topic(r).info.name == n) return r;
  return -1;
}

}  // namespace tributary::widgets
