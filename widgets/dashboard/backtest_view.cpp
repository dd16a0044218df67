#include "widgets/dashboard/backtest_view.h"

#include <cmath>

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/dashboard/chart_panel.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {
namespace {

QString duration(std::int64_t ms) {
  if (ms < 60'000) return QObject::tr("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', ms % 1000 ? 1 : 0);
  if (ms < 3'600'000) return QObject::tr("%1 min").arg(static_cast<double>(ms) / 60'000.0, 0, 'f', 1);
  return QObject::tr("%1 h").arg(static_cast<double>(ms) / 3'600'000.0, 0, 'f', 1);
}

}  // namespace

const std::vector<std::int64_t>& BacktestView::ranges() {
  static const std::vector<std::int64_t> kRanges{15 * 60'000LL, 3'600'000LL,      6 * 3'600'000LL,
                                                 24 * 3'600'000LL, 7 * 86'400'000LL, 30 * 86'400'000LL};
  return kRanges;
}

BacktestView::BacktestView(const metrics::MetricHistory& history, std::int64_t nowMs, QWidget* parent)
    : QWidget(parent),
      m_history(history),
      m_now(nowMs),
      m_range(new QComboBox(this)),
      m_summary(new QLabel(this)),
      m_chart(nullptr),
      m_table(new QTableWidget(0, 4, this)) {
  for (const QString& text : {tr("Last 15 minutes"), tr("Last hour"), tr("Last 6 hours"), tr("Last 24 hours"),
                              tr("Last 7 days"), tr("Last 30 days")})
    m_range->addItem(text);
  m_range->setCurrentIndex(1);
  m_range->setObjectName(QStringLiteral("backtestRange"));
  PanelSpec spec;
  spec.id = "backtest";
  m_chart = new ChartPanel(spec, this);
  m_chart->setMenuVisible(false);
  m_summary->setWordWrap(true);
  m_summary->setTextFormat(Qt::RichText);
  m_table->setHorizontalHeaderLabels({tr("Time"), tr("Series"), tr("Transition"), tr("Value")});
  m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_table->verticalHeader()->hide();
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Range:"), this));
  top->addWidget(m_range);
  top->addWidget(m_summary, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  auto* body = new QHBoxLayout;
  body->addWidget(m_chart, 3);
  body->addWidget(m_table, 2);
  layout->addLayout(body, 1);
}

void BacktestView::setRangeIndex(int index) {
  m_range->setCurrentIndex(index);
}

QString BacktestView::summary() const {
  return m_summary->text();
}

Result<metrics::BacktestResult> BacktestView::run(const metrics::AlertRule& rule) {
  const std::int64_t range = ranges()[static_cast<std::size_t>(std::max(0, m_range->currentIndex()))];
  const std::int64_t from = m_now - range;
  auto result = metrics::backtestAlert(rule, m_history, from, m_now);
  m_table->setRowCount(0);
  if (!result) {
    m_summary->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                           .arg(colors::error().name(), toQt(result.error().toString()).toHtmlEscaped()));
    m_chart->setBands({});
    return result;
  }
  const auto& r = *result;
  // The chart: the rule's series, its threshold, Pending and Firing shaded.
  PanelSpec spec;
  spec.id = "backtest";
  spec.title = rule.displayName();
  spec.queries = {{rule.series.toString(), "{node}"}};
  if (rule.condition != metrics::AlertCondition::Absent) spec.thresholds = {rule.threshold};
  m_chart->setSpec(spec);
  std::vector<ChartPanel::Band> bands;
  for (const auto& interval : r.intervals) {
    QColor color = interval.state == metrics::AlertState::Firing ? colors::error() : QColor(0xf0, 0xa0, 0x20);
    color.setAlpha(70);
    bands.push_back({interval.fromMs, interval.toMs, color});
  }
  m_chart->setBands(std::move(bands));
  m_chart->refresh(m_history, {}, from, m_now);

  const QString format = range > 86'400'000 ? QStringLiteral("dd.MM HH:mm:ss") : QStringLiteral("HH:mm:ss");
  m_table->setRowCount(static_cast<int>(r.transitions.size()));
  for (int row = 0; row < m_table->rowCount(); ++row) {
    const auto& t = r.transitions[static_cast<std::size_t>(row)];
    auto set = [&](int column, const QString& text) { m_table->setItem(row, column, new QTableWidgetItem(text)); };
    set(0, QDateTime::fromMSecsSinceEpoch(t.atMs).toString(format));
    set(1, toQt(t.series.toString()));
    set(2, QStringLiteral("%1 → %2").arg(toQt(std::string(metrics::toString(t.from))),
                                         toQt(std::string(metrics::toString(t.to)))));
    set(3, std::isnan(t.value) ? tr("absent") : QString::number(t.value, 'g', 6));
    if (t.to == metrics::AlertState::Firing)
      for (int c = 0; c < 4; ++c) m_table->item(row, c)->setForeground(colors::error());
  }
  m_table->resizeColumnToContents(0);
  m_table->resizeColumnToContents(2);
  int fired = 0;
  for (const auto& t : r.transitions)
    if (t.to == metrics::AlertState::Firing) ++fired;
  const QString times = fired == 0 ? tr("never") : fired == 1 ? tr("once") : tr("%1 times").arg(fired);
  m_summary->setText(
      tr("<b>Would have fired %1</b>, firing %2 in total; %3 transitions over %4 series. "
         "Evaluated every %5 (%6 evaluations), as the live evaluator does. "
         "Shaded: <span style='color:#d08000'>pending</span>, <span style='color:%7'>firing</span>.")
          .arg(times)
          .arg(duration(r.firingMs))
          .arg(r.transitions.size())
          .arg(r.seriesCount)
          .arg(duration(r.stepMs))
          .arg(r.evaluations)
          .arg(colors::error().name()));
  return result;
}

}  // namespace tributary::widgets
