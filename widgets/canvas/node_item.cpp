#include "widgets/canvas/node_item.h"

#include <algorithm>
#include <cmath>

#include <QCursor>
#include <QGraphicsSceneHoverEvent>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/icons.h"

namespace tributary::widgets {
namespace {

QString formatRate(double perSecond) {
  if (perSecond >= 1e6) return QStringLiteral("%1M/s").arg(perSecond / 1e6, 0, 'f', 1);
  if (perSecond >= 1e4) return QStringLiteral("%1k/s").arg(perSecond / 1e3, 0, 'f', 0);
  if (perSecond >= 1e3) return QStringLiteral("%1k/s").arg(perSecond / 1e3, 0, 'f', 1);
  return QStringLiteral("%1/s").arg(perSecond, 0, 'f', perSecond < 10 && perSecond > 0 ? 1 : 0);
}

QString formatCount(std::uint64_t n) {
  if (n >= 1000000) return QStringLiteral("%1M").arg(static_cast<double>(n) / 1e6, 0, 'f', 1);
  if (n >= 10000) return QStringLiteral("%1k").arg(static_cast<double>(n) / 1e3, 0, 'f', 0);
  return QString::number(n);
}

}  // namespace

NodeItem::NodeItem(const QString& id, std::shared_ptr<const CanvasTheme> theme) : m_id(id), m_theme(std::move(theme)) {
  setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges | ItemIsFocusable);
  setAcceptHoverEvents(true);
  setZValue(1);
  setData(0, id);
  // A node card is text, a badge and soft shadows: costly to paint, cheap to
  // blit. Panning then copies cached pixmaps; a change repaints one card.
  setCacheMode(DeviceCoordinateCache);
}

void NodeItem::refresh(const model::Node& node, const model::NodeSpec* spec) {
  prepareGeometryChange();
  m_spec = spec;
  m_visual.title = toQt(node.label.empty() ? node.id : node.label);
  m_visual.unknownType = spec == nullptr;
  if (spec) {
    QString title = toQt(spec->title.empty() ? spec->type : spec->title);
    m_visual.subtitle = node.label.empty() ? title : QStringLiteral("%1 · %2").arg(title, toQt(node.id));
    m_visual.category = spec->category;
    qreal dpr = std::max<qreal>(1.0, qApp ? qApp->devicePixelRatio() : 1.0);
    m_visual.badge = icons::nodeBadge(*spec, 36, std::max<qreal>(dpr, 2.0));
    m_help = toQt(spec->help);
    auto fill = [](std::vector<PortVisual>& out, const std::vector<model::PortSpec>& specs) {
      std::vector<PortVisual> previous = std::move(out);
      out.clear();
      for (std::size_t i = 0; i < specs.size(); ++i) {
        PortVisual port{toQt(specs[i].name), specs[i].kind};
        if (i < previous.size()) port.connected = previous[i].connected;
        out.push_back(port);
      }
    };
    fill(m_visual.inputs, spec->inputs);
    fill(m_visual.outputs, spec->outputs);
  } else {
    // Unknown to this build: one loose port each side, so its edges still show.
    m_visual.subtitle = QCoreApplication::translate("NodeItem", "unknown type %1").arg(toQt(node.type));
    m_visual.inputs = {PortVisual{QStringLiteral("in"), model::PortKind::Any}};
    m_visual.outputs = {PortVisual{QStringLiteral("out"), model::PortKind::Any}};
    m_visual.badge = icons::glyph(QStringLiteral("warning"), 36, QColor(0xdc, 0x26, 0x26), 2.0);
    m_help.clear();
  }
  m_size =
      m_theme->geometry().size(static_cast<int>(m_visual.inputs.size()), static_cast<int>(m_visual.outputs.size()));
  updateToolTip();
  update();
  for (EdgeItem* edge : m_edges) edge->updatePath();
}

void NodeItem::setDiagnostics(const std::vector<const model::Diagnostic*>& diagnostics) {
  int errors = 0, warnings = 0;
  QStringList lines;
  for (const auto* d : diagnostics) {
    (d->severity == model::Severity::Error ? errors : warnings) += 1;
    lines << QStringLiteral("%1 %2").arg(
        d->severity == model::Severity::Error ? QStringLiteral("✖") : QStringLiteral("⚠"),
        toQt(d->message).toHtmlEscaped());
  }
  if (m_visual.unknownType) ++errors;
  m_validationStatus = errors ? NodeStatus::Error : (warnings ? NodeStatus::Warning : NodeStatus::Ok);
  if (errors && warnings)
    m_validationFooter = QCoreApplication::translate("NodeItem", "%n error(s)", nullptr, errors) +
                         QStringLiteral(", ") +
                         QCoreApplication::translate("NodeItem", "%n warning(s)", nullptr, warnings);
  else if (errors)
    m_validationFooter = diagnostics.size() == 1
                             ? toQt(diagnostics.front()->message)
                             : QCoreApplication::translate("NodeItem", "%n error(s)", nullptr, errors);
  else if (warnings)
    m_validationFooter = diagnostics.size() == 1
                             ? toQt(diagnostics.front()->message)
                             : QCoreApplication::translate("NodeItem", "%n warning(s)", nullptr, warnings);
  else
    m_validationFooter = QCoreApplication::translate("NodeItem", "Ready");
  if (m_visual.unknownType && diagnostics.empty())
    m_validationFooter = QCoreApplication::translate("NodeItem", "This build does not know this type");
  m_problemsTip = lines.join(QStringLiteral("<br>"));
  if (!m_visual.running) {
    m_visual.status = m_validationStatus;
    m_visual.footer = m_validationFooter;
    m_visual.footerRight.clear();
  }
  updateToolTip();
  update();
}

void NodeItem::setRunStats(double recordsPerSecond, std::uint64_t records, std::uint64_t errors, NodeStatus status,
                           const QString& reason) {
  const bool failed = status == NodeStatus::Failed;
  m_visual.running = true;
  m_visual.status = status;
  if (failed) {
    m_visual.footer = reason.isEmpty() ? QCoreApplication::translate("NodeItem", "Failed") : reason;
    m_visual.footerRight.clear();
  } else {
    m_visual.footer = QCoreApplication::translate("NodeItem", "%1 records").arg(formatCount(records));
    if (errors)
      m_visual.footer += QCoreApplication::translate("NodeItem", " · %n error(s)", nullptr,
                                                     static_cast<int>(std::min<std::uint64_t>(errors, 1 << 30)));
    m_visual.footerRight = status == NodeStatus::Running ? formatRate(recordsPerSecond) : QString();
  }
  if (failed) setToolTip(QStringLiteral("<b>%1</b><br>%2").arg(m_visual.title.toHtmlEscaped(), reason.toHtmlEscaped()));
  update();
}

void NodeItem::appendRunNote(const QString& note) {
  if (note.isEmpty() || !m_visual.running || m_visual.status == NodeStatus::Failed) return;
  m_visual.footer += QStringLiteral(" · ") + note;
  update();
}

void NodeItem::prependRunNote(const QString& note) {
  if (note.isEmpty() || !m_visual.running || m_visual.status == NodeStatus::Failed) return;
  m_visual.footer = note + QStringLiteral(" · ") + m_visual.footer;
  update();
}

void NodeItem::setRunLine(const QString& line, double progress, const QString& right) {
  if (line.isEmpty()) progress = -1;
  const QString shownRight = line.isEmpty() ? QString() : right;
  if (line == m_visual.runLine && progress == m_visual.progress && shownRight == m_visual.runLineRight) return;
  if (line.isEmpty() != m_visual.runLine.isEmpty()) prepareGeometryChange();
  m_visual.runLine = line;
  m_visual.runLineRight = shownRight;
  m_visual.progress = progress;
  update();
}

QString NodeItem::runLine() const {
  if (m_visual.runLineRight.isEmpty()) return m_visual.runLine;
  return m_visual.runLine + QStringLiteral(" · ") + m_visual.runLineRight;
}

QSizeF NodeItem::cardSize() const {
  return m_visual.runLine.isEmpty() ? m_size : m_size + QSizeF(0, m_theme->geometry().runLineHeight());
}

void NodeItem::clearRun() {
  setRunLine({});
  if (!m_visual.running) return;
  m_visual.running = false;
  m_visual.status = m_validationStatus;
  m_visual.footer = m_validationFooter;
  m_visual.footerRight.clear();
  updateToolTip();
  update();
}

void NodeItem::setTheme(std::shared_ptr<const CanvasTheme> theme) {
  prepareGeometryChange();
  m_theme = std::move(theme);
  if (m_spec) m_visual.badge = icons::nodeBadge(*m_spec, 36, 2.0);
  update();
}

void NodeItem::updateToolTip() {
  setToolTip(baseToolTip());
}

QString NodeItem::baseToolTip() const {
  QString tip = QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span>")
                    .arg(m_visual.title.toHtmlEscaped(), m_visual.subtitle.toHtmlEscaped());
  if (!m_help.isEmpty()) tip += QStringLiteral("<br>") + m_help.toHtmlEscaped();
  if (!m_problemsTip.isEmpty()) tip += QStringLiteral("<hr>") + m_problemsTip;
  if (!m_alertBadge.isEmpty()) tip += QStringLiteral("<hr><span style='color:#d93025'>%1</span>").arg(m_alertBadge.toHtmlEscaped());
  return tip;
}

// ---------------------------------------------------------------- ports

int NodeItem::portCount(bool output) const {
  return static_cast<int>(ports(output).size());
}

std::optional<PortRef> NodeItem::portAt(QPointF itemPos) const {
  const auto& g = m_theme->geometry();
  qreal best = g.portHitRadius() * g.portHitRadius();
  std::optional<PortRef> hit;
  for (bool output : {false, true}) {
    int n = portCount(output);
    for (int i = 0; i < n; ++i) {
      QPointF at = output ? g.outputPosition(i, n, m_size) : g.inputPosition(i, n, m_size);
      QPointF d = at - itemPos;
      qreal dist = d.x() * d.x() + d.y() * d.y();
      if (dist <= best) {
        best = dist;
        hit = PortRef{output, i};
      }
    }
  }
  return hit;
}

QPointF NodeItem::portScenePos(PortRef port) const {
  const auto& g = m_theme->geometry();
  int n = portCount(port.output);
  QPointF local = port.output ? g.outputPosition(port.index, n, m_size) : g.inputPosition(port.index, n, m_size);
  return mapToScene(local);
}

int NodeItem::portIndex(bool output, const std::string& name) const {
  const auto& list = ports(output);
  if (name.empty()) return list.empty() ? -1 : 0;
  QString wanted = toQt(name);
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].name == wanted) return static_cast<int>(i);
  return -1;
}

QString NodeItem::portName(PortRef port) const {
  const auto& list = ports(port.output);
  return port.index >= 0 && port.index < static_cast<int>(list.size()) ? list[port.index].name : QString();
}

model::PortKind NodeItem::portKind(PortRef port) const {
  const auto& list = ports(port.output);
  return port.index >= 0 && port.index < static_cast<int>(list.size()) ? list[port.index].kind : model::PortKind::Any;
}

void NodeItem::setPortHighlight(PortRef port, PortHighlight highlight) {
  auto& list = ports(port.output);
  if (port.index < 0 || port.index >= static_cast<int>(list.size()) || list[port.index].highlight == highlight) return;
  list[port.index].highlight = highlight;
  update();
}

void NodeItem::clearPortHighlights() {
  bool changed = false;
  for (bool output : {false, true})
    for (auto& p : ports(output))
      if (p.highlight != PortHighlight::None) {
        p.highlight = PortHighlight::None;
        changed = true;
      }
  if (changed) update();
}

void NodeItem::setPortConnected(PortRef port, bool connected) {
  auto& list = ports(port.output);
  if (port.index < 0 || port.index >= static_cast<int>(list.size())) return;
  list[port.index].connected = connected;
  update();
}

void NodeItem::removeEdge(EdgeItem* edge) {
  m_edges.erase(std::remove(m_edges.begin(), m_edges.end(), edge), m_edges.end());
}

// ---------------------------------------------------------------- painting

QRectF NodeItem::boundingRect() const {
  qreal margin = m_theme->geometry().portRadius() + 8;
  return QRectF(QPointF(0, 0), cardSize()).adjusted(-margin, -margin, margin, margin);
}

QPainterPath NodeItem::shape() const {
  QPainterPath path;
  qreal r = m_theme->geometry().portHitRadius();
  path.addRoundedRect(QRectF(QPointF(0, 0), cardSize()), m_theme->geometry().cornerRadius(),
                      m_theme->geometry().cornerRadius());
  // Ports stick out; include them so a press on their outer half reaches us.
  const auto& g = m_theme->geometry();
  for (bool output : {false, true}) {
    int n = portCount(output);
    for (int i = 0; i < n; ++i)
      path.addEllipse(output ? g.outputPosition(i, n, m_size) : g.inputPosition(i, n, m_size), r, r);
  }
  return path;
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* /*widget*/) {
  m_visual.selected = isSelected();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
  m_theme->nodePainter().paint(painter, m_visual, cardSize(), m_theme->geometry(), m_theme->colors(), lod);
  if (!m_alertBadge.isEmpty()) {
    // Alert badge: a red disc with "!" on the top-right corner.
    const qreal r = 9;
    QPointF centre(m_size.width() - 4, 4);
    painter->setPen(QPen(Qt::white, 1.5));
    painter->setBrush(QColor(0xd9, 0x30, 0x25));
    painter->drawEllipse(centre, r, r);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(13);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), Qt::AlignCenter, QStringLiteral("!"));
  }
}

void NodeItem::setAlertBadge(const QString& text) {
  if (text == m_alertBadge) return;
  m_alertBadge = text;
  updateToolTip();
  update();
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemPositionChange) {
    auto* pipelineScene = qobject_cast<PipelineScene*>(scene());
    if (pipelineScene && pipelineScene->snapToGrid() && !pipelineScene->isApplyingDocument()) {
      qreal grid = m_theme->geometry().gridSize();
      QPointF p = value.toPointF();
      return QPointF(std::round(p.x() / grid) * grid, std::round(p.y() / grid) * grid);
    }
  } else if (change == ItemPositionHasChanged) {
    for (EdgeItem* edge : m_edges) edge->updatePath();
  } else if (change == ItemSelectedHasChanged) {
    setZValue(value.toBool() ? 2 : 1);
  }
  return QGraphicsObject::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
  m_visual.hovered = true;
  update();
  QGraphicsObject::hoverEnterEvent(event);
}

void NodeItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  setCursor(portAt(event->pos()) ? Qt::CrossCursor : Qt::ArrowCursor);
  QGraphicsObject::hoverMoveEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
  m_visual.hovered = false;
  unsetCursor();
  update();
  QGraphicsObject::hoverLeaveEvent(event);
}

}  // namespace tributary::widgets
