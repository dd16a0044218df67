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
#include <QGraphicsItem>
#include <QGraphicsLayout>
#include <QFileDialog>
#include <QMessageBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QMouseEvent>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QPolygonF>
#include <QToolButton>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include "widgets/dashboard/heatmap_panel.h"
#include "widgets/dashboard/node_table.h"
#include "widgets/dashboard/stat_panel.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                           QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f),
                           QColor(0xd6, 0x27, 0x28)};

}  // namespace

QString ChartPanel::seriesName(const std::string& legend, const metrics::SeriesKey& key) {
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

// The time axis and, when QtCharts cannot use OpenGL, the series' lines.
//
// QtCharts relays out an axis' labels on every range change, visible or not,
// and its raster line item recomputes an outline of the whole line
// (QPainterPathStroker, miter joins) on every replace() and axis change,
// about 3 µs of CPU per point. A sliding time range changes both every
// second. So the chart's x axis is a hidden value axis over "ms since the
// range start", which keeps its range while the range's length does, and this
// layer draws the time grid and labels (ticks on whole seconds, minutes,
// hours or days) and the lines as cosmetic polylines, mapped at paint time.
class LineLayer final : public QGraphicsItem {
 public:
  LineLayer(QChart* chart, QValueAxis* y) : QGraphicsItem(chart), m_chart(chart), m_y(y) {
    setZValue(10);  // above the grid
    setAcceptedMouseButtons(Qt::NoButton);
  }
  // Lines in (ms since fromMs, value); empty when OpenGL series draw them.
  void set(std::int64_t fromMs, std::int64_t toMs, std::vector<std::pair<QColor, QList<QPointF>>> lines) {
    m_from = fromMs;
    m_to = toMs;
    m_lines = std::move(lines);
    update();
  }
  void plotAreaChanged() {
    prepareGeometryChange();
    update();
  }
  void setBands(std::vector<ChartPanel::Band> bands) {
    m_bands = std::move(bands);
    update();
  }
  void setFont(const QFont& font) { m_font = font; }
  int labelHeight() const { return QFontMetrics(m_font).height() + 4; }
  QRectF boundingRect() const override { return m_chart->plotArea().adjusted(-40, 0, 40, labelHeight()); }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
    const QRectF area = m_chart->plotArea();
    const double span = static_cast<double>(m_to - m_from);
    const double y0 = m_y->min(), y1 = m_y->max();
    if (area.isEmpty() || span <= 0 || y1 <= y0) return;
    const double sx = area.width() / span, sy = area.height() / (y1 - y0);
    painter->save();
    for (const auto& band : m_bands) {
      double left = std::max(area.left(), area.left() + static_cast<double>(band.fromMs - m_from) * sx);
      double right = std::min(area.right(), area.left() + static_cast<double>(band.toMs - m_from) * sx);
      if (right > left) painter->fillRect(QRectF(left, area.top(), std::max(1.0, right - left), area.height()), band.color);
    }
    paintTimeAxis(painter, area, sx);
    painter->setClipRect(area.adjusted(-0.5, -0.5, 0.5, 0.5));
    painter->setRenderHint(QPainter::Antialiasing);
    QPolygonF polyline;
    for (const auto& [color, points] : m_lines) {
      polyline.resize(points.size());
      for (qsizetype i = 0; i < points.size(); ++i)
        polyline[i] = QPointF(area.left() + points[i].x() * sx, area.bottom() - (points[i].y() - y0) * sy);
      QPen pen(color, 1);
      pen.setCosmetic(true);
      painter->setPen(pen);
      painter->drawPolyline(polyline);
    }
    painter->restore();
  }

 private:
  void paintTimeAxis(QPainter* painter, const QRectF& area, double pixelsPerMs) {
    const std::int64_t span = m_to - m_from;
    const QString format = span > 6 * 3'600'000       ? QStringLiteral("dd.MM HH:mm")
                           : span >= 15 * 60'000 ? QStringLiteral("HH:mm")
                                                 : QStringLiteral("HH:mm:ss");
    const QFontMetrics fm(m_font);
    const double labelWidth = fm.horizontalAdvance(QStringLiteral("00.00 00:00:00").left(format.size())) + 24;
    static constexpr std::int64_t kSteps[] = {1'000,     2'000,     5'000,      10'000,     15'000,     30'000,
                                              60'000,    120'000,   300'000,    600'000,    900'000,    1'800'000,
                                              3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000, 86'400'000,
                                              172'800'000, 604'800'000};
    std::int64_t step = kSteps[std::size(kSteps) - 1];
    for (std::int64_t s : kSteps)
      if (static_cast<double>(s) * pixelsPerMs >= labelWidth) {
        step = s;
        break;
      }
    // Ticks on whole steps of local time (midnight for days).
    const std::int64_t offset = QDateTime::fromMSecsSinceEpoch(m_from).offsetFromUtc() * 1000LL;
    std::int64_t first = ((m_from + offset + step - 1) / step) * step - offset;
    QColor grid = m_chart->axes(Qt::Vertical).isEmpty() ? QColor(Qt::lightGray)
                                                         : m_chart->axes(Qt::Vertical).first()->gridLineColor();
    painter->setFont(m_font);
    for (std::int64_t t = first; t <= m_to; t += step) {
      double x = area.left() + static_cast<double>(t - m_from) * pixelsPerMs;
      painter->setPen(QPen(grid, 0));
      painter->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
      painter->setPen(m_chart->axes(Qt::Vertical).isEmpty() ? QColor(Qt::gray)
                                                            : m_chart->axes(Qt::Vertical).first()->labelsColor());
      QRectF box(x - labelWidth / 2, area.bottom() + 2, labelWidth, fm.height());
      // The chart ends just right of the plot: a label that would be cut there is left out.
      const double textWidth = fm.horizontalAdvance(QDateTime::fromMSecsSinceEpoch(t).toString(format));
      if (x + textWidth / 2 > area.right() + 6) continue;
      painter->drawText(box, Qt::AlignHCenter | Qt::AlignTop, QDateTime::fromMSecsSinceEpoch(t).toString(format));
    }
  }

  QChart* m_chart;
  QValueAxis* m_y;
  QFont m_font;
  std::int64_t m_from = 0, m_to = 0;
  std::vector<std::pair<QColor, QList<QPointF>>> m_lines;
  std::vector<ChartPanel::Band> m_bands;
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
      m_axisX(new QValueAxis),
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
  // The time axis is drawn by the line layer (see there); this one maps x.
  m_axisX->setVisible(false);
  m_axisY->setLabelFormat(QStringLiteral("%.4g"));
  m_axisY->setTickCount(5);
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  m_axisY->setLabelsFont(small);
  m_axisY->setTitleFont(small);
  m_chart->addAxis(m_axisX, Qt::AlignBottom);
  m_chart->addAxis(m_axisY, Qt::AlignLeft);
  m_lineLayer = new LineLayer(m_chart, m_axisY);
  m_lineLayer->setFont(small);
  m_chart->setMargins(QMargins(0, 0, 0, m_lineLayer->labelHeight()));
  connect(m_chart, &QChart::plotAreaChanged, this, [this] { m_lineLayer->plotAreaChanged(); });
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
  // Stat, table and heatmap panels: their own body instead of the chart and legend.
  if (m_body) {
    m_body->deleteLater();
    m_body = nullptr;
    m_stat = nullptr;
    m_table = nullptr;
    m_heatmap = nullptr;
  }
  if (m_spec.type == "stat") {
    m_body = m_stat = new StatPanel(StatPanel::fromPanel(m_spec), this);
    m_stat->setStyleSheet(QStringLiteral("#statPanel { border: none; }"));
  } else if (m_spec.type == "table") {
    std::vector<NodeTable::Column> columns;
    for (const auto& q : m_spec.queries)
      columns.push_back({toQt(q.legend.empty() ? q.series : q.legend), q.series, m_spec.unit, m_spec.scale});
    m_body = m_table = new NodeTable(std::move(columns), this);
  } else if (m_spec.type == "heatmap") {
    m_body = m_heatmap = new HeatmapPanel(this);
  }
  m_view->setVisible(!m_body);
  m_legend->setVisible(!m_body);
  if (m_body) {
    m_body->setMinimumHeight(m_view->minimumHeight());
    static_cast<QVBoxLayout*>(layout())->insertWidget(1, m_body, 1);
  }
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

bool ChartPanel::useOpenGL() {
  // QtCharts can draw line series with OpenGL (no per-redraw outline of every
  // line on the CPU). Only with a hardware context: a software one (llvmpipe
  // under Xvfb, no context on the offscreen platform) draws slower than the
  // raster path. TRIBUTARY_CHARTS_OPENGL=0/1 overrides the check.
  static const bool use = [] {
    QByteArray forced = qgetenv("TRIBUTARY_CHARTS_OPENGL");
    if (!forced.isEmpty()) return forced != "0";
    QOpenGLContext context;
    QOffscreenSurface surface;
    surface.create();
    if (!context.create() || !context.makeCurrent(&surface)) return false;
    auto renderer = QString::fromLatin1(reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER)));
    context.doneCurrent();
    return !renderer.isEmpty() && !renderer.contains(QStringLiteral("llvmpipe"), Qt::CaseInsensitive) &&
           !renderer.contains(QStringLiteral("softpipe"), Qt::CaseInsensitive) &&
           !renderer.contains(QStringLiteral("software"), Qt::CaseInsensitive);
  }();
  return use;
}

std::tuple<double, double, int> ChartPanel::niceRange(double lo, double hi, int ticks) {
  // A step of 1, 2, 2.5 or 5 times a power of ten, with the range's ends on steps.
  double raw = (hi - lo) / std::max(1, ticks - 1);
  if (!(raw > 0) || !std::isfinite(raw)) return {lo, lo + 1, 2};
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  double niceLo = std::floor(lo / step) * step, niceHi = std::ceil(hi / step) * step;
  if (niceHi <= niceLo) niceHi = niceLo + step;
  return {niceLo, niceHi, static_cast<int>(std::lround((niceHi - niceLo) / step)) + 1};
}

int ChartPanel::pixelColumns() const {
  // The plot area once the chart has been laid out; before that the view less the axes' room.
  int width = static_cast<int>(m_chart->plotArea().width());
  if (width <= 0) width = m_view->width() - 60;
  return std::max(60, width);
}

bool ChartPanel::isOnScreen() const {
  // Hidden (a closed or tabbed-away dock) or scrolled out of view: nothing to draw.
  return isVisible() && !visibleRegion().isEmpty();
}

QList<QPointF> ChartPanel::pixelPoints(const std::vector<metrics::SeriesPoint>& points, std::int64_t fromMs,
                                       double pixelHeight) {
  // One point per pixel column whose min and max fall on the same pixel row;
  // otherwise two, min and max, in the order that continues the line from the
  // previous column, so spikes between the columns' samples stay visible.
  QList<QPointF> out;
  out.reserve(static_cast<qsizetype>(points.size() * 2));
  double previous = NAN;
  for (const auto& p : points) {
    auto x = static_cast<double>(p.timeMs - fromMs);
    if (p.max - p.min <= pixelHeight) {
      previous = p.mean();
      out.append(QPointF(x, previous));
    } else if (!std::isnan(previous) && std::fabs(previous - p.max) < std::fabs(previous - p.min)) {
      out.append(QPointF(x, p.max));
      out.append(QPointF(x, p.min));
      previous = p.min;
    } else {
      out.append(QPointF(x, p.min));
      out.append(QPointF(x, p.max));
      previous = p.max;
    }
  }
  return out;
}

void ChartPanel::refresh(const metrics::MetricHistory& history, const metrics::Labels& scope, std::int64_t fromMs,
                         std::int64_t toMs) {
  m_from = fromMs;
  m_to = toMs;
  if (m_stat) return m_stat->refresh(history, scope, fromMs, toMs);
  if (m_table) return m_table->refresh(history, scope, toMs);
  if (m_heatmap) {
    const PanelQuery& q = m_spec.queries.front();
    return m_heatmap->refresh(history, scope, q.series, q.legend, m_spec.scale, m_spec.unit, fromMs, toMs);
  }
  // Min/max per pixel column of the plot, from the history's tiers: no more
  // points than the pixels can show, and no spike lost between them.
  const auto columns = static_cast<std::size_t>(pixelColumns());
  std::vector<Line> lines;
  bool anySeries = false;
  for (const PanelQuery& query : m_spec.queries) {
    auto selector = metrics::SeriesSelector::parse(query.series);
    if (!selector) continue;
    for (const auto& label : scope) selector->matchers.push_back(label);
    for (const metrics::SeriesKey& key : history.select(*selector)) {
      anySeries = true;
      Line line;
      line.name = seriesName(query.legend, key);
      line.points = history.range(key, fromMs, toMs, columns);
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
  updateLegend();
  m_chartStale = true;
  if (isOnScreen()) updateChart();
}

void ChartPanel::setBands(std::vector<Band> bands) {
  m_lineLayer->setBands(std::move(bands));
}

void ChartPanel::setMenuVisible(bool visible) {
  m_menuButton->setVisible(visible);
  m_title->setCursor(visible ? Qt::OpenHandCursor : Qt::ArrowCursor);
  m_title->setToolTip(visible ? tr("Drag to move the panel") : QString());
  m_movable = visible;
}

void ChartPanel::syncChart() {
  if (m_chartStale && isOnScreen()) updateChart();
}

void ChartPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  // Drawn after the event, once the panel has its place (and its visible region).
  QTimer::singleShot(0, this, &ChartPanel::syncChart);
}

void ChartPanel::updateChart() {
  m_chartStale = false;
  // With OpenGL one QLineSeries per line; without, the line layer draws them.
  const std::size_t seriesWanted = useOpenGL() ? m_lines.size() : 0;
  while (m_series.size() > seriesWanted) {
    m_chart->removeSeries(m_series.back());
    delete m_series.back();
    m_series.pop_back();
  }
  while (m_series.size() < seriesWanted) {
    auto* s = new QLineSeries;
    s->setPen(QPen(kPalette[m_series.size() % std::size(kPalette)], 1.5));
    s->setUseOpenGL(true);
    m_chart->addSeries(s);
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
    m_series.push_back(s);
  }
  double lo = 0, hi = 0;
  bool any = false;
  for (const Line& line : m_lines) {
    lo = any ? std::min(lo, line.min) : line.min;
    hi = any ? std::max(hi, line.max) : line.max;
    any = true;
  }
  for (double t : m_spec.thresholds) {
    lo = any ? std::min(lo, t) : t;
    hi = any ? std::max(hi, t) : t;
    any = true;
  }
  if (!any) hi = 1;
  lo = std::min(lo, 0.0);  // rates and depths read best from zero
  if (hi <= lo) hi = lo + 1;
  // Nice numbers computed here, so the axis changes (and QtCharts relays out
  // its labels) only when the rounded range does, not with every new maximum.
  const auto [niceLo, niceHi, yTicks] = niceRange(lo, hi + (hi - lo) * 0.05, 5);
  const auto span = static_cast<double>(m_to - m_from);  // x is ms since m_from
  const bool xChanged = m_axisX->min() != 0 || m_axisX->max() != span;
  const bool yChanged = m_axisY->min() != niceLo || m_axisY->max() != niceHi;
  // QtCharts recomputes a series' whole geometry on every axis change and
  // every replace(). Emptying the series first makes the axis changes cheap,
  // so each series is laid out once per redraw: by its replace().
  if (xChanged || yChanged)
    for (QLineSeries* s : m_series) s->clear();
  if (yChanged) {
    m_axisY->setRange(niceLo, niceHi);
    if (m_axisY->tickCount() != yTicks) m_axisY->setTickCount(yTicks);
  }
  if (xChanged) m_axisX->setRange(0, span);
  // A value span smaller than one pixel row needs one point, not two.
  const double pixelHeight = (niceHi - niceLo) / std::max(1.0, m_chart->plotArea().height());
  std::vector<std::pair<QColor, QList<QPointF>>> lines;
  for (std::size_t i = 0; i < m_lines.size(); ++i) {
    QList<QPointF> points = pixelPoints(m_lines[i].points, m_from, pixelHeight);
    if (m_series.empty()) {
      lines.emplace_back(kPalette[i % std::size(kPalette)], std::move(points));
    } else {
      m_series[i]->setName(m_lines[i].name);
      m_series[i]->replace(points);  // one replace() per series
    }
  }
  m_lineLayer->set(m_from, m_to, std::move(lines));
  for (std::size_t i = 0; i < m_thresholds.size(); ++i) {
    double t = m_spec.thresholds[i];
    m_thresholds[i]->replace(QList<QPointF>{QPointF(0, t), QPointF(span, t)});
  }
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
    if (event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton && m_movable) {
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
    value.rx() += static_cast<double>(m_from);  // x is ms since the range start
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
