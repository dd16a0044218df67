#pragma once
// TopicView: one open topic of a cluster — Messages (MessagesPage),
// Partitions (leader, replicas, ISR, watermarks, count), Consumers (the
// groups reading it, with lag per partition) and Configuration (view and
// edit; defaults marked). Loads on the session's worker thread. GUI thread only.

#include <QWidget>

#include "core/kafka/cluster.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace tributary::widgets {

class ClusterSession;
class MessagesPage;

class TopicView final : public QWidget {
  Q_OBJECT

 public:
  TopicView(ClusterSession* session, const QString& topic, QWidget* parent = nullptr);

  QString topic() const { return m_topic; }
  void refresh();  // partitions, consumers and configuration
  // Changes the configs whose value cells were edited; returns how many it sends.
  int applyConfigChanges();

  QTabWidget* tabs() const { return m_tabs; }
  MessagesPage* messages() const { return m_messages; }
  QTableWidget* partitionsTable() const { return m_partitions; }
  QTableWidget* consumersTable() const { return m_consumers; }
  QTableWidget* configTable() const { return m_configs; }
  const kafka::TopicInfo& info() const { return m_info; }

 Q_SIGNALS:
  void partitionsLoaded();
  void consumersLoaded();
  void configsLoaded();
  void configsApplied(bool ok, const QString& message);

 private:
  void loadPartitions();
  void loadConsumers();
  void loadConfigs();

  ClusterSession* m_session;
  QString m_topic;
  kafka::TopicInfo m_info;
  QTabWidget* m_tabs;
  MessagesPage* m_messages;
  QTableWidget* m_partitions;
  QLabel* m_partitionsSummary;
  QTableWidget* m_consumers;
  QLabel* m_consumersSummary;
  QTableWidget* m_configs;
  QLabel* m_configStatus;
  QPushButton* m_apply;
  bool m_fillingConfigs = false;
};

}  // namespace tributary::widgets
