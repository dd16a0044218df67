#pragma once
// AlertRulesDialog: edits a pipeline's alert rules in a table (name, series,
// condition, threshold, for, keep firing for). Each row is checked as the
// pipeline file would be (metrics::alertRuleFromJson); OK is refused while a
// row is wrong, and the message names the row and the column. GUI thread only.

#include <QDialog>

#include "core/base/result.h"
#include "core/metrics/alert_rule.h"

class QLabel;
class QTableWidget;

namespace tributary::widgets {

class AlertRulesDialog final : public QDialog {
  Q_OBJECT

 public:
  AlertRulesDialog(const std::vector<metrics::AlertRule>& rules, const std::vector<std::string>& knownMetrics,
                   QWidget* parent = nullptr);

  // The edited rules; an error naming the row and column while a row is invalid.
  Result<std::vector<metrics::AlertRule>> rules() const;
  void addRow(const metrics::AlertRule& rule);
  QTableWidget* table() const { return m_table; }
  void accept() override;

 private:
  QTableWidget* m_table;
  QLabel* m_error;
  std::vector<std::string> m_metrics;
};

}  // namespace tributary::widgets
