#include "widgets/dashboard/stat_panel.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QPainter>
#include <QPainterPath>

#include "widgets/dashboard/chart_panel.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

StatPanel::StatPanel(Spec spec, QWidget* parent)
    : QWidget(parent), m_spec(std::move(spec)), m_value(std::numeric_limits<double>::quiet_NaN()) {
  setObjectName(QStringLiteral("statPanel"));
  setAttribute(Qt::WA_StyledBackground);
  setStyleSheet(QStringLiteral("#statPanel { border: 1px solid palette(mid); border-radius: 4px; }"));
  setMinimumHeight(96);
}

StatPanel::Spec StatPanel::fromPanel(const PanelSpec& panel) {
  Spec spec;
  for (const auto& q : panel.queries) spec.series.push_back(q.series);
  spec.unit = panel.unit;
  spec.scale = panel.scale;
  spec.thresholds = panel.thresholds;
  spec.max = panel.reduce == "max";
  return spec;
}

void StatPanel::refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t fromMs,
                        std::int64_t toMs) {
  m_from = fromMs;
  m_to = toMs;
  std::map<std::int64_t, double> spark;  // bucket start -> sum (or max) over series
  double value = std::numeric_limits<double>::quiet_NaN();
  // Buckets aligned to absolute time, so the series' points line up for the sum.
  const auto columns = static_cast<std::size_t>(std::max(20, width() / 4));
  std::vector<metrics::SeriesKey> keys;
  for (const auto& text : m_spec.series) {
    auto selector = metrics::SeriesSelector::parse(text);
    if (!selector) continue;
    for (const auto& label : scope) selector->matchers.push_back(label);
    for (auto& key : history.select(*selector)) keys.push_back(std::move(key));
  }
  for (const auto& key : keys) {
    if (m_spec.include && !m_spec.include(key)) continue;
    if (auto latest = history.latest(key); latest && toMs - latest->timeMs <= 5000) {
      double v = latest->value * m_spec.scale;
      value = std::isnan(value) ? v : m_spec.max ? std::max(value, v) : value + v;
    }
    for (const auto& p : history.range(key, fromMs, toMs, columns)) {
      double v = p.mean() * m_spec.scale;
      auto [it, inserted] = spark.try_emplace(p.timeMs, v);
      if (!inserted) it->second = m_spec.max ? std::max(it->second, v) : it->second + v;
    }
  }
  m_value = value;
  m_spark.assign(spark.begin(), spark.end());
  update();
}

QString StatPanel::valueText() const {
  return ChartPanel::formatValue(m_value, m_spec.unit);
}

void StatPanel::paintEvent(QPaintEvent* event) {
  QWidget::paintEvent(event);
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QRect area = rect().adjusted(8, 6, -8, -6);
  QColor color = colors::accent();
  if (!std::isnan(m_value) && !m_spec.thresholds.empty()) {
    color = colors::success();
    if (m_value >= m_spec.thresholds[0]) color = colors::warning();
    if (m_spec.thresholds.size() > 1 && m_value >= m_spec.thresholds[1]) color = colors::error();
  }
  // The sparkline behind the number, in the number's colour.
  if (m_spark.size() > 1 && m_to > m_from) {
    double lo = 0, hi = 0;
    for (const auto& [t, v] : m_spark) hi = std::max(hi, v), lo = std::min(lo, v);
    if (hi <= lo) hi = lo + 1;
    const QRectF box(area.left(), area.top() + area.height() * 0.45, area.width(), area.height() * 0.55);
    QPainterPath line, fill;
    for (std::size_t i = 0; i < m_spark.size(); ++i) {
      QPointF pt(box.left() + box.width() * static_cast<double>(m_spark[i].first - m_from) / static_cast<double>(m_to - m_from),
                 box.bottom() - box.height() * (m_spark[i].second - lo) / (hi - lo));
      if (i == 0) {
        line.moveTo(pt);
        fill.moveTo(pt.x(), box.bottom());
      } else {
        line.lineTo(pt);
      }
      fill.lineTo(pt);
    }
    fill.lineTo(fill.currentPosition().x(), box.bottom());
    QColor area2 = color;
    area2.setAlpha(40);
    p.fillPath(fill, area2);
    p.setPen(QPen(color, 1.5));
    p.drawPath(line);
  }
  QFont titleFont = font();
  titleFont.setBold(true);
  p.setFont(titleFont);
  p.setPen(palette().color(QPalette::WindowText));
  const int titleHeight = m_spec.title.isEmpty() ? 0 : QFontMetrics(titleFont).height();
  if (titleHeight) p.drawText(area, Qt::AlignLeft | Qt::AlignTop, m_spec.title);
  QFont big = font();
  big.setPointSizeF(big.pointSizeF() * 2.2);
  big.setBold(true);
  // As large as fits: a narrow stat shrinks its number rather than cut it.
  const QString text = std::isnan(m_value) ? tr("No data") : valueText();
  while (big.pointSizeF() > font().pointSizeF() && QFontMetrics(big).horizontalAdvance(text) > area.width())
    big.setPointSizeF(big.pointSizeF() * 0.9);
  p.setFont(big);
  p.setPen(color);
  p.drawText(area.adjusted(0, titleHeight, 0, 0), Qt::AlignLeft | Qt::AlignTop,
             text);
}

}  // namespace tributary::widgets
