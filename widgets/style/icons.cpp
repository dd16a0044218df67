#include "widgets/style/icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QSvgRenderer>

#include "widgets/style/app_theme.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets::icons {
namespace {

QHash<QString, QByteArray>& svgCache() {
  static QHash<QString, QByteArray> cache;
  return cache;
}
QHash<QString, QPixmap>& pixmapCache() {
  static QHash<QString, QPixmap> cache;
  return cache;
}

QByteArray svgText(const QString& path) {
  auto& cache = svgCache();
  auto it = cache.find(path);
  if (it != cache.end()) return *it;
  QFile file(path);
  QByteArray text = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
  cache.insert(path, text);
  return text;
}

QString glyphPath(const QString& name) {
  QString node = QStringLiteral(":/icons/nodes/%1.svg").arg(name);
  if (QFile::exists(node)) return node;
  return QStringLiteral(":/icons/actions/%1.svg").arg(name);
}

QPixmap render(const QByteArray& svg, int size, qreal dpr) {
  QPixmap pixmap(QSize(size, size) * dpr);
  pixmap.fill(Qt::transparent);
  QSvgRenderer renderer(svg);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  renderer.render(&painter, QRectF(0, 0, size * dpr, size * dpr));
  painter.end();
  pixmap.setDevicePixelRatio(dpr);
  return pixmap;
}

}  // namespace

void clearCache() {
  pixmapCache().clear();
}

QPixmap glyph(const QString& name, int size, const QColor& color, qreal dpr) {
  QString key = QStringLiteral("%1|%2|%3|%4").arg(name).arg(size).arg(color.name(QColor::HexArgb)).arg(dpr);
  auto& cache = pixmapCache();
  if (auto it = cache.find(key); it != cache.end()) return *it;
  QByteArray svg = svgText(glyphPath(name));
  svg.replace("currentColor", color.name().toLatin1());
  QPixmap pixmap = render(svg, size, dpr);
  cache.insert(key, pixmap);
  return pixmap;
}

QIcon action(const QString& name) {
  QIcon icon;
  QPalette palette = QGuiApplication::palette();
  QColor normal = palette.color(QPalette::WindowText);
  normal.setAlphaF(0.85f);
  QColor disabled = palette.color(QPalette::Disabled, QPalette::WindowText);
  if (name == QLatin1String("run")) normal = colors::success();
  if (name == QLatin1String("stop")) normal = colors::error();
  for (int size : {16, 20, 24, 32}) {
    for (qreal dpr : {1.0, 2.0}) {
      icon.addPixmap(glyph(name, size, normal, dpr), QIcon::Normal);
      icon.addPixmap(glyph(name, size, disabled, dpr), QIcon::Disabled);
    }
  }
  return icon;
}

QString glyphFor(const std::string& type, model::NodeCategory category) {
  struct Rule {
    const char* fragment;
    const char* glyph;
  };
  static const Rule rules[] = {
      {"datagen", "datagen"}, {"postgres", "database"}, {"mysql", "database"}, {"mqtt", "mqtt"},
      {"http", "http"},       {"filter", "filter"},     {"unwrap", "unwrap"},  {"aggregate", "aggregate"},
      {"join", "join"},       {"map", "map"},           {"stdout", "stdout"},  {"lake", "lake"},
      {"elastic", "search"},  {"file", "file"},         {"topic", "topic"},
  };
  for (const auto& rule : rules)
    if (type.find(rule.fragment) != std::string::npos) return QString::fromLatin1(rule.glyph);
  switch (category) {
    case model::NodeCategory::Source:
      return QStringLiteral("source");
    case model::NodeCategory::Transform:
      return QStringLiteral("transform");
    case model::NodeCategory::Topic:
      return QStringLiteral("topic");
    case model::NodeCategory::Sink:
      return QStringLiteral("sink");
  }
  return QStringLiteral("transform");
}

QString glyphFor(const model::NodeSpec& spec) {
  if (!spec.icon.empty()) {
    QString name = toQt(spec.icon);
    if (QFile::exists(QStringLiteral(":/icons/nodes/%1.svg").arg(name))) return name;
  }
  return glyphFor(spec.type, spec.category);
}

QPixmap nodeBadge(const model::NodeSpec& spec, int size, qreal dpr) {
  QString key =
      QStringLiteral("badge|%1|%2|%3|%4").arg(toQt(spec.type)).arg(size).arg(dpr).arg(isDarkTheme());
  auto& cache = pixmapCache();
  if (auto it = cache.find(key); it != cache.end()) return *it;
  QPixmap pixmap(QSize(size, size) * dpr);
  pixmap.fill(Qt::transparent);
  {
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(dpr, dpr);
    QColor color = categoryColor(spec.category, isDarkTheme());
    QPainterPath path;
    path.addRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22);
    painter.fillPath(path, color);
    int inner = qRound(size * 0.62);
    QPixmap g = glyph(glyphFor(spec), inner, Qt::white, dpr);
    painter.drawPixmap(QPointF((size - inner) / 2.0, (size - inner) / 2.0), g);
  }
  pixmap.setDevicePixelRatio(dpr);
  cache.insert(key, pixmap);
  return pixmap;
}

QIcon nodeIcon(const model::NodeSpec& spec) {
  QIcon icon;
  for (int size : {16, 20, 24, 32, 48})
    for (qreal dpr : {1.0, 2.0}) icon.addPixmap(nodeBadge(spec, size, dpr));
  return icon;
}

QIcon appIcon() {
  QIcon icon;
  QByteArray svg = svgText(QStringLiteral(":/icons/tributary.svg"));
  for (int size : {16, 24, 32, 48, 64, 128, 256}) icon.addPixmap(render(svg, size, 1.0));
  return icon;
}

}  // namespace tributary::widgets::icons
