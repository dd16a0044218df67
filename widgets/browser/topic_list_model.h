#pragma once
// TopicListModel: the topics of one cluster as a table — name, partitions,
// replication, messages (from watermarks), under-replicated partitions and
// the total lag of the consumer groups reading each. Internal topics are held
// but hidden unless asked for; the page filters by name through a proxy.
// Rows arrive in one refresh (a cluster has at most some thousands of
// topics) and are inserted in chunks through fetchMore. GUI thread only.

#include <vector>

#include <QAbstractTableModel>

#include "core/kafka/cluster.h"

namespace tributary::widgets {

struct TopicRow {
  kafka::TopicInfo info;
  std::int64_t lag = -1;  // -1: no group reads it
  int groups = 0;
};

class TopicListModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Partitions, Replication, Messages, UnderReplicated, Groups, Lag, ColumnCount };
  static constexpr int kChunk = 500;

  explicit TopicListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;

  void setTopics(std::vector<TopicRow> topics);
  void setShowInternal(bool show);
  bool showInternal() const { return m_showInternal; }
  // Rows available (shown or not yet fetched) after hiding internal topics.
  int available() const { return static_cast<int>(m_visible.size()); }
  const TopicRow& topic(int row) const { return m_all[m_visible[static_cast<std::size_t>(row)]]; }
  int rowOf(const QString& name) const;

 private:
  void rebuild();
  std::vector<TopicRow> m_all;
  std::vector<std::size_t> m_visible;  // indexes into m_all
  int m_shown = 0;
  bool m_showInternal = false;
};

}  // namespace tributary::widgets
