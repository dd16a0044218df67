#include "widgets/dashboard/chart_panel.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDrag>
#include <QMimeData>
#include <QApplication>
#include <QFile>
#include <QGraphicsLayout>
#include <QFileDialog>
#include <QMessageBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                           QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f),
                           QColor(0xd6, 0x27, 0x28)};

QString legendName(const std::string& legend, const metrics::SeriesKey& key) {
  if (legend.empty()) return toQt(key.toString());
  std::string out;
  for (std::size_t i = 0; i < legend.size(); ++i) {
    if (legend[i] == '{') {
      auto close = legend.find('}', i);
      if (close != std::string::npos) {
        out += key.label(legend.substr(i + 1, close - i - 1));
        i = close;
        continue;
      }
    }
    out += legend[i];
  }
  // Labels a series lacks leave doubled spaces behind.
  QString text = toQt(out).simplified();
  if (text.isEmpty()) text = toQt(key.metric);
  // Remote runners' series: say whose they are unless the legend does.
  if (key.label("source") == "runners" && legend.find("{runner}") == std::string::npos) {
    std::string runner = key.label("runner");
    text += runner.empty() ? QObject::tr(" (all runners)") : QStringLiteral(" @ ") + toQt(runner);
  }
  return text;
}

}  // namespace

// The legend table (series, min, max, mean, last), painted directly: a
// rich-text label re-laid out every second cost more than the chart itself.
class LegendView final : public QWidget {
 public:
  struct Row {
    QColor color;
    QString name, min, max, mean, last;
  };
  explicit LegendView(QWidget* parent) : QWidget(parent) { setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed); }
  void setRows(std::vector<Row> rows, QString empty, QString unit) {
    m_unit = std::move(unit);
    bool resize = rows.size() != m_rows.size() || rows.empty() != m_rows.empty();
    m_rows = std::move(rows);
    m_empty = std::move(empty);
    if (resize) updateGeometry();
    update();
  }
  QSize sizeHint() const override {
    int lines = static_cast<int>(std::max<std::size_t>(m_rows.size(), 1)) + (m_rows.empty() ? 0 : 1);
    return {200, lines * fontMetrics().height() + 2};
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const int h = fm.height();
    const QColor muted = colors::mutedText();
    if (m_rows.empty()) {
      p.setPen(muted);
      p.drawText(QRect(0, 0, width(), h), Qt::AlignLeft | Qt::AlignVCenter, m_empty);
      return;
    }
    // Value columns as wide as their widest cell; the name takes the rest.
    const QString headers[] = {ChartPanel::tr("min"), ChartPanel::tr("max"), ChartPanel::tr("mean"),
                               ChartPanel::tr("last")};
    int column = 0;
    for (const QString& header : headers) column = std::max(column, fm.horizontalAdvance(header) + 10);
    for (const Row& r : m_rows)
      for (const QString* cell : {&r.min, &r.max, &r.mean, &r.last})
        column = std::max(column, fm.horizontalAdvance(*cell) + 10);
    const int nameWidth = std::max(40, width() - 4 * column);
    p.setPen(muted);
    p.drawText(QRect(0, 0, nameWidth - 4, h), Qt::AlignLeft | Qt::AlignVCenter, m_unit);
    for (int c = 0; c < 4; ++c)
      p.drawText(QRect(nameWidth + c * column, 0, column - 4, h), Qt::AlignRight | Qt::AlignVCenter, headers[c]);
    p.setPen(palette().color(QPalette::WindowText));
    int y = h;
    for (const Row& r : m_rows) {
      p.fillRect(QRect(0, y + h / 2 - 4, 8, 8), r.color);
      p.drawText(QRect(12, y, nameWidth - 14, h), Qt::AlignLeft | Qt::AlignVCenter,
                 fm.elidedText(r.name, Qt::ElideRight, nameWidth - 14));
      const QString* cells[] = {&r.min, &r.max, &r.mean, &r.last};
      for (int c = 0; c < 4; ++c)
        p.drawText(QRect(nameWidth + c * column, y, column - 4, h), Qt::AlignRight | Qt::AlignVCenter, *cells[c]);
      y += h;
    }
  }

 private:
  std::vector<Row> m_rows;
  QString m_empty, m_unit;
};

QString ChartPanel::formatValue(double v, const std::string& unit, bool withUnit) {
  if (std::isnan(v)) return QStringLiteral("–");
  auto scaled = [](double x, const char* const* prefixes, double step) {
    int i = 0;
    while (std::fabs(x) >= step && prefixes[i + 1]) {
      x /= step;
      ++i;
    }
    // Whole numbers without a fraction, but "2.00k" rather than "2k" next to "1.98k".
    int decimals = std::fabs(x) >= 100 || (i == 0 && x == std::floor(x)) ? 0 : std::fabs(x) >= 10 ? 1 : 2;
    return QString::number(x, 'f', decimals) + QString::fromLatin1(prefixes[i]);
  };
  static const char* const kCounts[] = {"", "k", "M", "G", "T", nullptr};
  static const char* const kBytes[] = {" B", " kB", " MB", " GB", " TB", nullptr};
  if (unit == "bytes/s") return scaled(v, kBytes, 1000) + (withUnit ? QStringLiteral("/s") : QString());
  if (unit == "bytes") return scaled(v, kBytes, 1000);
  if (unit == "ms")
    return QString::number(v, 'f', std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 1 ? 1 : 3) +
           (withUnit ? QStringLiteral(" ms") : QString());
  if (unit == "s") return QString::number(v, 'f', 2) + (withUnit ? QStringLiteral(" s") : QString());
  QString number = scaled(v, kCounts, 1000);
  return unit.empty() || unit == "count" || !withUnit ? number : number + QLatin1Char(' ') + toQt(unit);
}

ChartPanel::ChartPanel(PanelSpec spec, QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_menuButton(new QToolButton(this)),
      m_chart(new QChart),
      m_view(new QChartView(m_chart, this)),
      m_axisX(new QDateTimeAxis),
      m_axisY(new QValueAxis),
      m_legend(new LegendView(this)) {
  setObjectName(QStringLiteral("chartPanel"));
  setAttribute(Qt::WA_StyledBackground);
  setStyleSheet(QStringLiteral("#chartPanel { border: 1px solid palette(mid); border-radius: 4px; }"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 4, 6, 4);
  layout->setSpacing(2);
  auto* header = new QHBoxLayout;
  QFont bold = m_title->font();
  bold.setBold(true);
  m_title->setFont(bold);
  header->addWidget(m_title, 1);
  m_title->setObjectName(QStringLiteral("panelTitle"));
  m_title->setCursor(Qt::OpenHandCursor);
  m_title->setToolTip(tr("Drag to move the panel"));
  m_title->installEventFilter(this);
  m_menuButton->setIcon(icons::action(QStringLiteral("settings")));
  m_menuButton->setAutoRaise(true);
  m_menuButton->setPopupMode(QToolButton::InstantPopup);
  m_menuButton->setToolTip(tr("Panel: edit, resize, move, export, remove"));
  header->addWidget(m_menuButton);
  layout->addLayout(header);

  m_chart->legend()->hide();
  m_chart->setMargins(QMargins(0, 0, 0, 0));
  m_chart->layout()->setContentsMargins(0, 0, 0, 0);
  m_chart->setBackgroundRoundness(0);
  m_chart->setAnimationOptions(QChart::NoAnimation);
  bool dark = isDarkTheme();
  m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  m_chart->setBackgroundBrush(palette().base());
  m_axisX->setFormat(QStringLiteral("HH:mm:ss"));
  m_axisX->setTickCount(5);
  m_axisY->setLabelFormat(QStringLiteral("%.4g"));
  m_axisY->setTickCount(5);
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  m_axisX->setLabelsFont(small);
  m_axisY->setLabelsFont(small);
  m_axisY->setTitleFont(small);
  m_chart->addAxis(m_axisX, Qt::AlignBottom);
  m_chart->addAxis(m_axisY, Qt::AlignLeft);
  m_view->setRenderHint(QPainter::Antialiasing);
  m_view->setMinimumHeight(150);
  m_view->setMouseTracking(true);
  m_view->viewport()->installEventFilter(this);
  // QGraphicsView takes drops by default, which would stop a dragged panel
  // over a chart from reaching the dashboard's grid.
  m_view->setAcceptDrops(false);
  m_view->viewport()->setAcceptDrops(false);
  layout->addWidget(m_view, 1);

  m_legend->setFont(small);
  layout->addWidget(m_legend);
  setSpec(std::move(spec));
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setSpec(PanelSpec spec) {
  m_spec = std::move(spec);
  m_title->setText(toQt(m_spec.title.empty() ? m_spec.id : m_spec.title));
  m_axisY->setTitleText(toQt(m_spec.unit));
  for (QLineSeries* t : m_thresholds) {
    m_chart->removeSeries(t);
    delete t;
  }
  m_thresholds.clear();
  for (double threshold : m_spec.thresholds) {
    auto* line = new QLineSeries;
    line->setName(tr("threshold %1").arg(formatValue(threshold, m_spec.unit)));
    QPen pen(colors::error());
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.2);
    line->setPen(pen);
    m_chart->addSeries(line);
    line->attachAxis(m_axisX);
    line->attachAxis(m_axisY);
    m_thresholds.push_back(line);
  }
  buildMenu();
}

void ChartPanel::buildMenu() {
  auto* menu = new QMenu(this);
  menu->addAction(tr("Edit panel…"), this, &ChartPanel::editRequested);
  QMenu* size = menu->addMenu(tr("Size"));
  for (auto [w, h, text] : {std::tuple{1, 1, tr("Small (1 × 1)")}, std::tuple{2, 1, tr("Wide (2 × 1)")},
                            std::tuple{1, 2, tr("Tall (1 × 2)")}, std::tuple{2, 2, tr("Large (2 × 2)")}}) {
    QAction* a = size->addAction(text, this, [this, w = w, h = h] { Q_EMIT resizeRequested(w, h); });
    a->setCheckable(true);
    a->setChecked(m_spec.width == w && m_spec.height == h);
  }
  menu->addAction(tr("Move earlier"), this, [this] { Q_EMIT moveRequested(-1); });
  menu->addAction(tr("Move later"), this, [this] { Q_EMIT moveRequested(1); });
  menu->addSeparator();
  auto exportTo = [this](const QString& filter, const QString& suffix, bool png) {
    QString base = toQt(m_spec.id) + suffix;
    QString path = QFileDialog::getSaveFileName(this, tr("Export panel"), base, filter);
    if (path.isEmpty()) return;
    bool ok = png ? exportPng(path) : exportCsv(path);
    if (!ok) QMessageBox::warning(this, tr("Export panel"), tr("Cannot write %1.").arg(path));
  };
  menu->addAction(tr("Export picture (PNG)…"), this,
                  [exportTo, this] { exportTo(tr("PNG images (*.png)"), QStringLiteral(".png"), true); });
  menu->addAction(tr("Export data (CSV)…"), this,
                  [exportTo, this] { exportTo(tr("CSV files (*.csv)"), QStringLiteral(".csv"), false); });
  menu->addSeparator();
  menu->addAction(icons::action(QStringLiteral("delete")), tr("Remove panel"), this, &ChartPanel::removeRequested);
  if (QMenu* old = m_menuButton->menu()) old->deleteLater();
  m_menuButton->setMenu(menu);
}

void ChartPanel::refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t fromMs,
                         std::int64_t toMs) {
  m_from = fromMs;
  m_to = toMs;
  // About one point per three pixels: the line looks the same, and stroking
  // it (the bulk of a redraw) costs in proportion to its points.
  std::size_t maxPoints = static_cast<std::size_t>(std::max(60, m_view->width() / 3));
  std::vector<Line> lines;
  bool anySeries = false;
  for (const PanelQuery& query : m_spec.queries) {
    auto selector = metrics::SeriesSelector::parse(query.series);
    if (!selector) continue;
    for (const auto& label : scope) selector->matchers.push_back(label);
    for (const metrics::SeriesKey& key : history.select(*selector)) {
      anySeries = true;
      Line line;
      line.name = legendName(query.legend, key);
      line.points = history.range(key, fromMs, toMs, maxPoints);
      if (line.points.empty()) continue;
      double sum = 0;
      std::uint64_t count = 0;
      line.min = INFINITY;
      line.max = -INFINITY;
      for (auto& p : line.points) {
        p.min *= m_spec.scale;
        p.max *= m_spec.scale;
        p.sum *= m_spec.scale;
        line.min = std::min(line.min, std::min(p.min, p.max));
        line.max = std::max(line.max, std::max(p.min, p.max));
        sum += p.sum;
        count += p.count;
      }
      line.mean = count ? sum / static_cast<double>(count) : 0;
      line.last = line.points.back().mean();
      lines.push_back(std::move(line));
    }
  }
  m_lines = std::move(lines);
  // A panel on series this pipeline does not have (a user dashboard made for
  // another one) says so instead of looking broken.
  m_emptyText = anySeries || m_spec.queries.empty() ? tr("No data in this range yet.")
                                                    : tr("No data: this pipeline has no such series yet.");

  // Reuse the QLineSeries objects; replace() swaps all points at once.
  while (m_series.size() > m_lines.size()) {
    m_chart->removeSeries(m_series.back());
    delete m_series.back();
    m_series.pop_back();
  }
  while (m_series.size() < m_lines.size()) {
    auto* s = new QLineSeries;
    QPen pen(kPalette[m_series.size() % std::size(kPalette)]);
    pen.setWidthF(1.5);
    s->setPen(pen);
    m_chart->addSeries(s);
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
    m_series.push_back(s);
  }
  double lo = 0, hi = 0;
  bool any = false;
  for (std::size_t i = 0; i < m_lines.size(); ++i) {
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(m_lines[i].points.size()));
    for (const auto& p : m_lines[i].points) points.append(QPointF(static_cast<double>(p.timeMs), p.mean()));
    m_series[i]->setName(m_lines[i].name);
    m_series[i]->replace(points);
    lo = any ? std::min(lo, m_lines[i].min) : m_lines[i].min;
    hi = any ? std::max(hi, m_lines[i].max) : m_lines[i].max;
    any = true;
  }
  for (std::size_t i = 0; i < m_thresholds.size(); ++i) {
    double t = m_spec.thresholds[i];
    m_thresholds[i]->replace(QList<QPointF>{QPointF(static_cast<double>(fromMs), t), QPointF(static_cast<double>(toMs), t)});
    lo = any ? std::min(lo, t) : t;
    hi = any ? std::max(hi, t) : t;
    any = true;
  }
  if (!any) hi = 1;
  lo = std::min(lo, 0.0);  // rates and depths read best from zero
  if (hi <= lo) hi = lo + 1;
  m_axisY->setRange(lo, hi + (hi - lo) * 0.05);
  m_axisY->applyNiceNumbers();
  m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
  // About one time label per 90 pixels, so they never elide.
  int ticks = std::clamp(static_cast<int>(m_chart->plotArea().width()) / 90 + 1, 2, 7);
  if (m_axisX->tickCount() != ticks) m_axisX->setTickCount(ticks);
  m_axisX->setFormat(toMs - fromMs > 6 * 3600 * 1000 ? QStringLiteral("dd.MM HH:mm")
                     : toMs - fromMs >= 15 * 60 * 1000 ? QStringLiteral("HH:mm")
                                                       : QStringLiteral("HH:mm:ss"));
  updateLegend();
}

QString ChartPanel::legendText() const {
  if (m_lines.empty()) return m_emptyText;
  QString text;
  for (const Line& l : m_lines)
    text += QStringLiteral("%1\tmin %2\tmax %3\tmean %4\tlast %5\n")
                .arg(l.name, formatValue(l.min, m_spec.unit), formatValue(l.max, m_spec.unit),
                     formatValue(l.mean, m_spec.unit), formatValue(l.last, m_spec.unit));
  return text;
}

void ChartPanel::updateLegend() {
  std::vector<LegendView::Row> rows;
  rows.reserve(m_lines.size());
  for (std::size_t i = 0; i < m_lines.size(); ++i) {
    const Line& l = m_lines[i];
    // The unit heads the table once; cells carry only the number (and a byte prefix).
    auto cell = [this](double v) { return formatValue(v, m_spec.unit, false); };
    rows.push_back({kPalette[i % std::size(kPalette)], l.name, cell(l.min), cell(l.max), cell(l.mean), cell(l.last)});
  }
  m_legend->setRows(std::move(rows), m_emptyText, toQt(m_spec.unit));
}

QString ChartPanel::tooltipAt(std::int64_t timeMs) const {
  QString text = QStringLiteral("<b>%1</b>").arg(QDateTime::fromMSecsSinceEpoch(timeMs).toString(QStringLiteral("HH:mm:ss")));
  for (std::size_t i = 0; i < m_lines.size(); ++i) {
    const auto& pts = m_lines[i].points;
    auto it = std::lower_bound(pts.begin(), pts.end(), timeMs,
                               [](const metrics::SeriesPoint& p, std::int64_t t) { return p.timeMs < t; });
    const metrics::SeriesPoint* best = nullptr;
    if (it != pts.end()) best = &*it;
    if (it != pts.begin() && (!best || timeMs - std::prev(it)->timeMs < best->timeMs - timeMs)) best = &*std::prev(it);
    QString value = best ? formatValue(best->mean(), m_spec.unit) : QStringLiteral("–");
    text += QStringLiteral("<br><span style='color:%1'>&#9632;</span> %2: <b>%3</b>")
                .arg(kPalette[i % std::size(kPalette)].name(), m_lines[i].name.toHtmlEscaped(), value);
  }
  return text;
}

QMimeData* ChartPanel::dragMimeData() const {
  auto* data = new QMimeData;
  data->setData(QString::fromLatin1(kMimeType), QByteArray::fromStdString(m_spec.id));
  return data;
}

QString ChartPanel::panelIdFrom(const QMimeData* data) {
  if (!data || !data->hasFormat(QString::fromLatin1(kMimeType))) return {};
  return QString::fromUtf8(data->data(QString::fromLatin1(kMimeType)));
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_title) {
    auto* mouse = static_cast<QMouseEvent*>(event);
    if (event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
      m_pressAt = mouse->position().toPoint();
    } else if (event->type() == QEvent::MouseButtonRelease) {
      m_pressAt = {-1, -1};
    } else if (event->type() == QEvent::MouseMove && (mouse->buttons() & Qt::LeftButton) && m_pressAt.x() >= 0 &&
               (mouse->position().toPoint() - m_pressAt).manhattanLength() >= QApplication::startDragDistance()) {
      m_pressAt = {-1, -1};
      auto* drag = new QDrag(this);
      drag->setMimeData(dragMimeData());
      QPixmap picture = grab().scaledToWidth(std::min(width(), 240), Qt::SmoothTransformation);
      drag->setPixmap(picture);
      drag->setHotSpot(QPoint(picture.width() / 2, 8));
      drag->exec(Qt::MoveAction);
      // The dashboard moves the panel now, outside the drag's event loop: the
      // move rebuilds the grid, which must not delete this panel while exec() runs.
      Q_EMIT dragFinished();
      return true;
    }
  }
  if (watched == m_view->viewport() && event->type() == QEvent::MouseMove && !m_lines.empty()) {
    auto* mouse = static_cast<QMouseEvent*>(event);
    QPointF value = m_chart->mapToValue(m_view->mapToScene(mouse->position().toPoint()));
    if (m_chart->plotArea().contains(m_view->mapToScene(mouse->position().toPoint())))
      QToolTip::showText(mouse->globalPosition().toPoint(), tooltipAt(static_cast<std::int64_t>(value.x())), m_view);
    else
      QToolTip::hideText();
  }
  return QWidget::eventFilter(watched, event);
}

QString ChartPanel::csv() const {
  // One row per time, one column per series; empty cells where a series has no point.
  std::map<std::int64_t, std::vector<double>> rows;
  for (std::size_t i = 0; i < m_lines.size(); ++i)
    for (const auto& p : m_lines[i].points) {
      auto& row = rows[p.timeMs];
      row.resize(m_lines.size(), NAN);
      row[i] = p.mean();
    }
  auto quote = [](QString s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')))
      s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
  };
  QString out = QStringLiteral("time");
  for (const Line& l : m_lines) out += QLatin1Char(',') + quote(l.name + (m_spec.unit.empty() ? QString() : QStringLiteral(" (%1)").arg(toQt(m_spec.unit))));
  out += QLatin1Char('\n');
  for (const auto& [t, values] : rows) {
    out += QDateTime::fromMSecsSinceEpoch(t).toUTC().toString(Qt::ISODateWithMs);
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
      out += QLatin1Char(',');
      if (i < values.size() && !std::isnan(values[i])) out += QString::number(values[i], 'g', 10);
    }
    out += QLatin1Char('\n');
  }
  return out;
}

bool ChartPanel::exportPng(const QString& path) const {
  return const_cast<ChartPanel*>(this)->grab().save(path, "PNG");
}

bool ChartPanel::exportCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  QByteArray data = csv().toUtf8();
  return file.write(data) == data.size();
}

}  // namespace tributary::widgets
