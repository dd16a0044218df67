#pragma once
// ClusterView: everything about one open cluster — Overview (brokers and
// counts, the Schema Registry's URL), Topics, Consumer groups, Schema
// Registry, and a closable tab per opened topic. It
// owns the cluster's ClusterSession (its worker thread), so several clusters
// can be open at once and switching between them keeps each one's state.
// GUI thread only.

#include <QWidget>

#include "core/kafka/cluster.h"

class QLabel;
class QTabWidget;
class QTableWidget;

namespace tributary::widgets {

class ClusterSession;
class GroupsPage;
class SchemaRegistryPage;
class TopicView;
class TopicsPage;

class ClusterView final : public QWidget {
  Q_OBJECT

 public:
  ClusterView(const kafka::ClusterConfig& config, const QString& embeddedDataDir, QWidget* parent = nullptr);
  ~ClusterView() override;

  ClusterSession* session() const { return m_session; }
  void refreshOverview();
  // Opens (or brings forward) the topic's tab.
  TopicView* openTopic(const QString& topic);
  TopicView* topicView(const QString& topic) const;
  void showOverview();
  void showTopics();
  void showGroups();
  void showRegistry();
  static constexpr int kFixedTabs = 4;

  QTabWidget* tabs() const { return m_tabs; }
  TopicsPage* topicsPage() const { return m_topics; }
  GroupsPage* groupsPage() const { return m_groups; }
  SchemaRegistryPage* registryPage() const { return m_registry; }
  QLabel* registryLabel() const { return m_registryLabel; }
  QTableWidget* brokersTable() const { return m_brokers; }
  QLabel* overviewCounts() const { return m_counts; }
  QLabel* connectionLabel() const { return m_connection; }

 Q_SIGNALS:
  void overviewLoaded(bool ok);
  void connectionChanged(bool connected, const QString& message);

 private:
  ClusterSession* m_session;
  QTabWidget* m_tabs;
  QWidget* m_overview;
  QLabel* m_connection;
  QLabel* m_counts;
  QTableWidget* m_brokers;
  TopicsPage* m_topics;
  GroupsPage* m_groups;
  SchemaRegistryPage* m_registry;
  QLabel* m_registryLabel;
};

}  // namespace tributary::widgets
