#include "widgets/dashboard/alert_rules_dialog.h"

#include <set>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/dashboard/backtest_view.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {
enum Column { Id, Name, Series, Condition, Threshold, For, KeepFiringFor, ColumnCount };
const char* kColumnKeys[] = {"id", "name", "series", "condition", "threshold", "for", "keepFiringFor"};
}  // namespace

AlertRulesDialog::AlertRulesDialog(const std::vector<metrics::AlertRule>& rules,
                                   const std::vector<std::string>& knownMetrics, QWidget* parent,
                                   const metrics::MetricHistory* history, std::int64_t nowMs)
    : QDialog(parent), m_table(new QTableWidget(0, ColumnCount, this)), m_error(new QLabel(this)), m_metrics(knownMetrics) {
  setWindowTitle(tr("Alert rules"));
  m_table->setHorizontalHeaderLabels(
      {tr("Id"), tr("Name"), tr("Series"), tr("Condition"), tr("Threshold"), tr("For"), tr("Keep firing for")});
  m_table->horizontalHeader()->setSectionResizeMode(Series, QHeaderView::Stretch);
  m_table->verticalHeader()->hide();
  for (const auto& r : rules) addRow(r);
  auto* add = new QPushButton(icons::action(QStringLiteral("add")), tr("Add rule"), this);
  auto* remove = new QPushButton(icons::action(QStringLiteral("remove")), tr("Remove rule"), this);
  connect(add, &QPushButton::clicked, this, [this] {
    metrics::AlertRule r;
    std::set<std::string> ids;
    for (int row = 0; row < m_table->rowCount(); ++row) ids.insert(toStd(m_table->item(row, Id)->text()));
    int n = 1;
    while (ids.count("rule-" + std::to_string(n))) ++n;
    r.id = "rule-" + std::to_string(n);
    r.series = *metrics::SeriesSelector::parse(m_metrics.empty() ? "tributary_node_errors_total:rate" : m_metrics.front());
    r.threshold = 0;
    r.forMs = 30000;
    addRow(r);
    m_table->editItem(m_table->item(m_table->rowCount() - 1, Series));
  });
  connect(remove, &QPushButton::clicked, this, [this] {
    if (m_table->currentRow() >= 0) m_table->removeRow(m_table->currentRow());
  });
  auto* row = new QHBoxLayout;
  row->addWidget(add);
  row->addWidget(remove);
  row->addStretch(1);
  if (history) {
    m_backtest = new BacktestView(*history, nowMs, this);
    auto* test = new QPushButton(tr("Test against history"), this);
    test->setObjectName(QStringLiteral("testAgainstHistory"));
    test->setToolTip(tr("Run the selected rule over the recorded metrics: when would it have been pending and firing?"));
    connect(test, &QPushButton::clicked, this, [this] {
      if (m_table->rowCount() == 0) return;
      auto result = testAgainstHistory(std::max(0, m_table->currentRow()));
      m_error->setText(result ? QString() : toQt(result.error().toString()));
    });
    row->addWidget(test);
  }
  auto* hint = new QLabel(tr("Series: a metric with optional labels, e.g. "
                             "<code>tributary_node_records_out_total:rate{node=\"shape\"}</code>. "
                             "Durations: 30s, 5m, 1h. Pending until the condition has held for <i>For</i>; "
                             "a firing alert stays firing for <i>Keep firing for</i> after it stops holding."),
                          this);
  hint->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: %1").arg(colors::error().name()));
  m_error->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &AlertRulesDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &AlertRulesDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_table, 1);
  layout->addLayout(row);
  layout->addWidget(hint);
  layout->addWidget(m_error);
  if (m_backtest) layout->addWidget(m_backtest, 2);
  layout->addWidget(buttons);
  resize(m_backtest ? 1100 : 900, m_backtest ? 760 : 420);
}

void AlertRulesDialog::addRow(const metrics::AlertRule& rule) {
  int row = m_table->rowCount();
  m_table->insertRow(row);
  auto set = [&](int column, const QString& text) { m_table->setItem(row, column, new QTableWidgetItem(text)); };
  set(Id, toQt(rule.id));
  set(Name, toQt(rule.name));
  set(Series, toQt(rule.series.toString()));
  auto* condition = new QComboBox(m_table);
  for (auto c : {metrics::AlertCondition::Above, metrics::AlertCondition::Below, metrics::AlertCondition::Absent})
    condition->addItem(toQt(std::string(metrics::toString(c))));
  condition->setCurrentText(toQt(std::string(metrics::toString(rule.condition))));
  m_table->setCellWidget(row, Condition, condition);
  set(Threshold, QString::number(rule.threshold, 'g', 12));
  set(For, toQt(metrics::formatAlertDuration(rule.forMs)));
  set(KeepFiringFor, toQt(metrics::formatAlertDuration(rule.keepFiringForMs)));
}

Result<std::vector<metrics::AlertRule>> AlertRulesDialog::rules() const {
  std::vector<metrics::AlertRule> out;
  std::set<std::string> ids;
  for (int row = 0; row < m_table->rowCount(); ++row) {
    nlohmann::json j;
    auto text = [&](int column) {
      auto* item = m_table->item(row, column);
      return item ? toStd(item->text().trimmed()) : std::string();
    };
    j["id"] = text(Id);
    if (!text(Name).empty()) j["name"] = text(Name);
    j["series"] = text(Series);
    auto* condition = qobject_cast<QComboBox*>(m_table->cellWidget(row, Condition));
    j["condition"] = condition ? toStd(condition->currentText()) : std::string("above");
    if (j["condition"] != "absent" || !text(Threshold).empty()) {
      bool ok = false;
      double threshold = toQt(text(Threshold)).toDouble(&ok);
      if (!ok) {
        return invalidInput(tr("Row %1, Threshold: \"%2\" is not a number").arg(row + 1).arg(toQt(text(Threshold))));
      }
      j["threshold"] = threshold;
    }
    j["for"] = text(For).empty() ? "0s" : text(For);
    j["keepFiringFor"] = text(KeepFiringFor).empty() ? "0s" : text(KeepFiringFor);
    auto rule = metrics::alertRuleFromJson(j, "row");
    if (!rule) {
      QString column = toQt(rule.error().where);
      for (int c = 0; c < ColumnCount; ++c)
        if (rule.error().where == std::string("row.") + kColumnKeys[c])
          column = m_table->horizontalHeaderItem(c)->text();
      return invalidInput(tr("Row %1, %2: %3").arg(row + 1).arg(column, toQt(rule.error().message)));
    }
    if (!ids.insert(rule->id).second) {
      return invalidInput(tr("Row %1, Id: \"%2\" is used twice").arg(row + 1).arg(toQt(rule->id)));
    }
    out.push_back(std::move(*rule));
  }
  return out;
}

Result<metrics::BacktestResult> AlertRulesDialog::testAgainstHistory(int row) {
  if (!m_backtest) return makeError(ErrorCode::Unsupported, "no recorded history to test against");
  auto all = rules();
  if (!all) return all.error();
  if (row < 0 || row >= static_cast<int>(all->size()))
    return makeError(ErrorCode::Invalid, toStd(tr("Row %1 does not exist").arg(row + 1)));
  return m_backtest->run((*all)[static_cast<std::size_t>(row)]);
}

void AlertRulesDialog::accept() {
  if (auto read = rules(); !read) {
    m_error->setText(toQt(read.error().toString()));
    return;
  }
  QDialog::accept();
}

}  // namespace tributary::widgets
