#pragma once
// AlertRulesDialog: edits a pipeline's alert rules in a table (name, series,
// condition, threshold, for, keep firing for). Each row is checked as the
// pipeline file would be (metrics::alertRuleFromJson); OK is refused while a
// row is wrong, and the message names the row and the column. GUI thread only.

#include <QDialog>

#include "core/base/result.h"
#include "core/metrics/alert_backtest.h"
#include "core/metrics/alert_rule.h"

class QLabel;
class QTableWidget;

namespace tributary::widgets {

class AlertRulesDialog final : public QDialog {
  Q_OBJECT

 public:
  // history: the recorded metrics to back-test against (null: no back-testing);
  // nowMs: the end of the back-test ranges.
  AlertRulesDialog(const std::vector<metrics::AlertRule>& rules, const std::vector<std::string>& knownMetrics,
                   QWidget* parent = nullptr, const metrics::MetricHistory* history = nullptr, std::int64_t nowMs = 0);

  // The edited rules; an error naming the row and column while a row is invalid.
  Result<std::vector<metrics::AlertRule>> rules() const;
  void addRow(const metrics::AlertRule& rule);
  QTableWidget* table() const { return m_table; }
  void accept() override;
  // Back-tests the rule in `row` as edited (an error names the row and column
  // while it is invalid). Null view: no history was given.
  Result<metrics::BacktestResult> testAgainstHistory(int row);
  class BacktestView* backtest() const { return m_backtest; }

 private:
  QTableWidget* m_table;
  QLabel* m_error;
  class BacktestView* m_backtest = nullptr;
  std::vector<std::string> m_metrics;
};

}  // namespace tributary::widgets
