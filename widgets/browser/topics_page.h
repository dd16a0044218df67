#pragma once
// TopicsPage: the Topics view of a cluster — a filterable, sortable table of
// topics (internal ones hidden unless asked), with Create and Delete (typed
// confirmation). Double-click opens a topic. Loading runs on the session's
// worker thread. GUI thread only.

#include <QWidget>

#include "core/base/result.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace tributary::widgets {

class ClusterSession;
class TopicListModel;
class CreateTopicDialog;
class ConfirmDeleteDialog;

class TopicsPage final : public QWidget {
  Q_OBJECT

 public:
  TopicsPage(ClusterSession* session, QWidget* parent = nullptr);

  void refresh();
  // Opens the dialogs (non-modal to the event loop: they use open()).
  CreateTopicDialog* openCreateDialog();
  ConfirmDeleteDialog* openDeleteDialog(const QString& topic);

  TopicListModel* model() const { return m_model; }
  QSortFilterProxyModel* proxy() const { return m_proxy; }
  QTableView* view() const { return m_view; }
  QLineEdit* filterEdit() const { return m_filter; }
  QCheckBox* internalCheck() const { return m_internal; }
  QString statusText() const;
  bool isLoading() const { return m_loading; }

 Q_SIGNALS:
  void topicActivated(const QString& topic);
  // After every refresh (ok or not).
  void refreshed();
  // After a create or delete succeeded.
  void topicsChanged();

 private:
  void setStatus(const QString& text, bool error = false);
  QString selectedTopic() const;

  ClusterSession* m_session;
  TopicListModel* m_model;
  QSortFilterProxyModel* m_proxy;
  QTableView* m_view;
  QLineEdit* m_filter;
  QCheckBox* m_internal;
  QLabel* m_status;
  bool m_loading = false;
  int m_generation = 0;  // answers of older refreshes are dropped
};

}  // namespace tributary::widgets
