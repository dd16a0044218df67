#include "widgets/dashboard/heatmap_panel.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <QDateTime>
#include <QPainter>

#include "widgets/dashboard/chart_panel.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {
namespace {

constexpr int kAxisHeight = 16;  // time labels under the cells
constexpr int kLegendHeight = 16;

// Rows in the order people read partitions: node, topic, then partition as a number.
std::tuple<std::string, std::string, long long, std::string> rowOrder(const metrics::SeriesKey& key) {
  const std::string partition = key.label("partition");
  char* end = nullptr;
  long long number = std::strtoll(partition.c_str(), &end, 10);
  if (partition.empty() || *end) number = -1;
  return {key.label("node"), key.label("topic"), number, key.toString()};
}

}  // namespace

HeatmapPanel::HeatmapPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("heatmapPanel"));
  setMinimumHeight(120);
}

int HeatmapPanel::labelWidth() const {
  int w = 0;
  const QFontMetrics fm(font());
  for (const Row& r : m_rows) w = std::max(w, fm.horizontalAdvance(r.name));
  return std::min(w + 8, width() / 3);
}

int HeatmapPanel::cellColumns() const {
  // About 6 px per slice.
  return std::clamp((width() - labelWidth()) / 6, 10, 240);
}

void HeatmapPanel::refresh(const metrics::MetricHistory& history, const metrics::Labels& scope,
                           const std::string& selectorText, const std::string& legend, double scale,
                           const std::string& unit, std::int64_t fromMs, std::int64_t toMs) {
  m_from = fromMs;
  m_to = std::max(toMs, fromMs + 1);
  m_unit = unit;
  m_rows.clear();
  m_max = 0;
  auto selector = metrics::SeriesSelector::parse(selectorText);
  if (!selector) {
    update();
    return;
  }
  for (const auto& label : scope) selector->matchers.push_back(label);
  auto keys = history.select(*selector);
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return rowOrder(a) < rowOrder(b); });
  for (const auto& key : keys) m_rows.push_back({ChartPanel::seriesName(legend, key), {}});
  const int columns = cellColumns();
  const double span = static_cast<double>(m_to - m_from);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto& cells = m_rows[i].cells;
    cells.assign(static_cast<std::size_t>(columns), std::numeric_limits<double>::quiet_NaN());
    for (const auto& p : history.range(keys[i], fromMs, toMs, static_cast<std::size_t>(columns))) {
      if (p.count == 0) continue;
      const auto c = static_cast<std::size_t>(
          std::clamp(static_cast<int>(static_cast<double>(p.timeMs - m_from) / span * columns), 0, columns - 1));
      const double v = std::max(p.min, p.max) * scale;
      cells[c] = std::isnan(cells[c]) ? v : std::max(cells[c], v);
      m_max = std::max(m_max, v);
    }
    // A gauge holds its value until the next sample (lag comes every 5 s):
    // slices after a sample show it until the next one (none before the first).
    double held = std::numeric_limits<double>::quiet_NaN();
    for (double& cell : cells) {
      if (std::isnan(cell)) cell = held;
      else held = cell;
    }
  }
  update();
}

QColor HeatmapPanel::colorFor(double value) const {
  // Pale green at 0, amber at half the largest value, red at the largest.
  const double f = m_max > 0 ? std::clamp(value / m_max, 0.0, 1.0) : 0;
  const QColor low(0xd9, 0xf0, 0xd3), mid(0xf5, 0xb0, 0x41), high(0xd6, 0x27, 0x28);
  auto mix = [](const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
  };
  return f < 0.5 ? mix(low, mid, f * 2) : mix(mid, high, (f - 0.5) * 2);
}

void HeatmapPanel::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  p.setPen(palette().color(QPalette::WindowText));
  if (m_rows.empty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No data: no per-partition series yet."));
    return;
  }
  const int left = labelWidth();
  const QRect cellsArea(left, 2, width() - left - 2, height() - kAxisHeight - kLegendHeight - 4);
  const int columns = static_cast<int>(m_rows.front().cells.size());
  const double rowH = static_cast<double>(cellsArea.height()) / static_cast<double>(m_rows.size());
  const double colW = static_cast<double>(cellsArea.width()) / std::max(1, columns);
  const QFontMetrics fm(font());
  for (std::size_t r = 0; r < m_rows.size(); ++r) {
    const double y = cellsArea.top() + rowH * static_cast<double>(r);
    if (rowH >= fm.height() * 0.8 || r % static_cast<std::size_t>(std::ceil(fm.height() / rowH)) == 0)
      p.drawText(QRectF(0, y, left - 4, std::max(rowH, static_cast<double>(fm.height()))),
                 Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(m_rows[r].name, Qt::ElideLeft, left - 4));
    const auto& cells = m_rows[r].cells;
    for (int c = 0; c < columns; ++c) {
      const double v = cells[static_cast<std::size_t>(c)];
      if (std::isnan(v)) continue;
      // One pixel more, so neighbouring cells leave no seams.
      p.fillRect(QRectF(cellsArea.left() + colW * c, y, colW + 1, std::max(1.0, rowH - 1)), colorFor(v));
    }
  }
  // Time labels: start, middle, end.
  const QString format = m_to - m_from > 24LL * 3600 * 1000 ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm:ss");
  const int axisY = cellsArea.bottom() + 2;
  for (int i = 0; i <= 2; ++i) {
    const std::int64_t t = m_from + (m_to - m_from) * i / 2;
    const QString text = QDateTime::fromMSecsSinceEpoch(t).toString(format);
    const int x = cellsArea.left() + cellsArea.width() * i / 2;
    const int w = fm.horizontalAdvance(text);
    const int tx = i == 0 ? x : i == 2 ? x - w : x - w / 2;
    p.drawText(QRect(tx, axisY, w + 2, kAxisHeight), Qt::AlignLeft | Qt::AlignVCenter, text);
  }
  // Colour legend: 0 ... the largest value.
  const QRect ramp(cellsArea.left(), axisY + kAxisHeight, std::min(160, cellsArea.width() / 2), kLegendHeight - 4);
  for (int x = 0; x < ramp.width(); ++x)
    p.fillRect(QRect(ramp.left() + x, ramp.top(), 1, ramp.height()),
               colorFor(m_max * x / std::max(1, ramp.width() - 1)));
  p.drawText(QRect(ramp.right() + 6, ramp.top() - 3, cellsArea.width() - ramp.width() - 6, kLegendHeight),
             Qt::AlignLeft | Qt::AlignVCenter,
             tr("0 to %1").arg(ChartPanel::formatValue(m_max, m_unit)));
}

}  // namespace tributary::widgets
