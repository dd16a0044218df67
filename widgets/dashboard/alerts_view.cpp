#include "widgets/dashboard/alerts_view.h"

#include <cmath>

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

QColor stateColor(metrics::AlertState s) {
  switch (s) {
    case metrics::AlertState::Firing:
      return colors::error();
    case metrics::AlertState::Pending:
      return colors::warning();
    case metrics::AlertState::Normal:
      return colors::success();
  }
  return {};
}

QString time(std::int64_t ms) {
  return ms < 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QString shortName(const metrics::SeriesKey& key) {
  std::string node = key.label("node");
  return toQt(node.empty() ? key.metric : node);
}

QString value(double v) {
  return std::isnan(v) ? QStringLiteral("absent") : QString::number(v, 'g', 6);
}

}  // namespace

AlertsView::AlertsView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_active(new QTreeWidget(this)), m_history(new QTreeWidget(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* top = new QHBoxLayout;
  top->addWidget(m_summary, 1);
  auto* edit = new QPushButton(icons::action(QStringLiteral("settings")), tr("Rules…"), this);
  edit->setObjectName(QStringLiteral("editRules"));
  connect(edit, &QPushButton::clicked, this, &AlertsView::editRulesRequested);
  top->addWidget(edit);
  layout->addLayout(top);
  // The node (or, without one, the metric) names the series; the whole selector is in the tooltip.
  m_active->setHeaderLabels({tr("Alert"), tr("Node"), tr("State"), tr("Since"), tr("Value")});
  m_active->setRootIsDecorated(false);
  m_active->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_active->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_active->header()->setStretchLastSection(false);
  layout->addWidget(m_active, 1);
  auto* historyTitle = new QLabel(tr("History"), this);
  layout->addWidget(historyTitle);
  m_history->setHeaderLabels({tr("Time"), tr("Alert"), tr("Node"), tr("Change"), tr("Value")});
  m_history->setRootIsDecorated(false);
  m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_history->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_history->header()->setStretchLastSection(false);
  layout->addWidget(m_history, 1);
  m_summary->setText(tr("No alert rules yet."));
}

void AlertsView::update(const metrics::AlertEvaluator& evaluator) {
  auto active = evaluator.active();
  int firing = 0, pending = 0;
  m_active->clear();
  for (const auto& a : active) {
    const metrics::AlertRule* rule = nullptr;
    for (const auto& r : evaluator.rules())
      if (r.id == a.ruleId) rule = &r;
    auto* item = new QTreeWidgetItem(
        {rule ? toQt(rule->displayName()) : toQt(a.ruleId), shortName(a.series),
         toQt(std::string(metrics::toString(a.state))),
         time(a.state == metrics::AlertState::Firing ? a.firedAtMs : a.activeAtMs), value(a.value)});
    item->setForeground(2, stateColor(a.state));
    for (int c = 0; c < 5; ++c) item->setToolTip(c, toQt(a.series.toString()));
    m_active->addTopLevelItem(item);
    (a.state == metrics::AlertState::Firing ? firing : pending)++;
  }
  if (evaluator.rules().empty())
    m_summary->setText(tr("No alert rules yet."));
  else
    m_summary->setText(tr("%1 rules · <span style='color:%2'><b>%3 firing</b></span> · %4 pending")
                           .arg(evaluator.rules().size())
                           .arg(firing ? colors::error().name() : colors::mutedText().name())
                           .arg(firing)
                           .arg(pending));
  const auto& history = evaluator.history();
  std::int64_t newest = history.empty() ? -1 : history.back().atMs;
  if (history.size() == m_shownHistory && newest == m_lastHistoryTime) return;
  m_shownHistory = history.size();
  m_lastHistoryTime = newest;
  m_history->clear();
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    auto* item = new QTreeWidgetItem({time(it->atMs), toQt(it->ruleName), shortName(it->series),
                                      QStringLiteral("→ ") + toQt(std::string(metrics::toString(it->to))),
                                      value(it->value)});
    item->setForeground(3, stateColor(it->to));
    for (int c = 0; c < 5; ++c)
      item->setToolTip(c, toQt(it->series.toString()) + QStringLiteral("\n") +
                              toQt(std::string(metrics::toString(it->from))) + QStringLiteral(" → ") +
                              toQt(std::string(metrics::toString(it->to))));
    m_history->addTopLevelItem(item);
  }
}

}  // namespace tributary::widgets
