#pragma once
// AlertsView: the alerts of the running pipeline — active (pending and firing)
// instances with the value and since when, and the history of transitions,
// newest first. Reads an AlertEvaluator on request; GUI thread only.

#include <QWidget>

#include "core/metrics/alert_evaluator.h"

class QLabel;
class QTreeWidget;

namespace tributary::widgets {

class AlertsView final : public QWidget {
  Q_OBJECT

 public:
  explicit AlertsView(QWidget* parent = nullptr);
  void update(const metrics::AlertEvaluator& evaluator);
  QTreeWidget* activeList() const { return m_active; }
  QTreeWidget* historyList() const { return m_history; }

 Q_SIGNALS:
  void editRulesRequested();

 private:
  QLabel* m_summary;
  QTreeWidget* m_active;
  QTreeWidget* m_history;
  std::size_t m_shownHistory = static_cast<std::size_t>(-1);
  std::int64_t m_lastHistoryTime = -1;
};

}  // namespace tributary::widgets
