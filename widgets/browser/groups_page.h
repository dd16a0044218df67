#pragma once
// GroupsPage: the consumer groups of a cluster — state, members and their
// assignments, committed offset and lag per partition with a total — and the
// Reset offsets dialog, offered only for empty groups (Kafka refuses to move
// the offsets of a group whose members are consuming; the page says so).
// Calls run on the session's worker thread. GUI thread only.

#include <QWidget>

#include "core/kafka/cluster.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace tributary::widgets {

class ClusterSession;
class ResetOffsetsDialog;

class GroupsPage final : public QWidget {
  Q_OBJECT

 public:
  GroupsPage(ClusterSession* session, QWidget* parent = nullptr);

  void refresh();
  void selectGroup(const QString& id);
  ResetOffsetsDialog* openResetDialog();

  QTableWidget* groupsTable() const { return m_groups; }
  QTableWidget* membersTable() const { return m_members; }
  QTableWidget* offsetsTable() const { return m_offsets; }
  QLabel* totalLagLabel() const { return m_total; }
  QPushButton* resetButton() const { return m_reset; }
  QLabel* resetExplanation() const { return m_resetWhy; }
  QString currentGroup() const { return m_current; }
  QLabel* statusLabel() const { return m_status; }
  // The detail of the shown group (valid after detailLoaded).
  const kafka::GroupDetail& detail() const { return m_detail; }

 Q_SIGNALS:
  void refreshed();
  void detailLoaded(const QString& group);
  void offsetsReset(const QString& group);

 private:
  void loadDetail(const QString& id);
  void showDetail(const kafka::GroupDetail& detail);
  void setStatus(const QString& text, bool error = false);

  ClusterSession* m_session;
  QTableWidget* m_groups;
  QLabel* m_title;
  QTableWidget* m_members;
  QTableWidget* m_offsets;
  QLabel* m_total;
  QPushButton* m_reset;
  QLabel* m_resetWhy;
  QLabel* m_status;
  QString m_current;
  kafka::GroupDetail m_detail;
};

}  // namespace tributary::widgets
