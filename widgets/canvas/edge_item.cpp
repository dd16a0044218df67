#include "widgets/canvas/edge_item.h"

#include <algorithm>
#include <cmath>

#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>

#include "widgets/canvas/repartition_badge.h"
#include "widgets/document/qt_json.h"
#include "widgets/style/app_theme.h"

namespace tributary::widgets {

EdgeItem::EdgeItem(model::Edge edge, NodeItem* from, PortRef fromPort, NodeItem* to, PortRef toPort,
                   std::shared_ptr<const CanvasTheme> theme)
    : m_edge(std::move(edge)),
      m_from(from),
      m_to(to),
      m_fromPort(fromPort),
      m_toPort(toPort),
      m_theme(std::move(theme)) {
  setFlags(ItemIsSelectable);
  setAcceptHoverEvents(true);
  setZValue(0);
  setToolTip(QStringLiteral("%1 → %2").arg(toQt(m_edge.from), toQt(m_edge.to)));
  updatePath();
}

void EdgeItem::updatePath() {
  prepareGeometryChange();
  QPointF a = m_from->portScenePos(m_fromPort);
  QPointF b = m_to->portScenePos(m_toPort);
  m_path = m_theme->edgePainter().path(a, b);
  QPainterPathStroker stroker;
  stroker.setWidth(14);
  stroker.setCapStyle(Qt::RoundCap);
  m_shape = stroker.createStroke(m_path);
  applyColor();
  placeRepartitionBadge();
  update();
}

void EdgeItem::setRepartition(const QString& topic, int partitions, const QString& why) {
  const QString key = topic + QLatin1Char('\n') + QString::number(partitions) + QLatin1Char('\n') + why;
  if (key == m_repartitionKey) return;  // unchanged (validation runs after every edit)
  m_repartitionKey = key;
  delete m_repartition.data();
  if (topic.isEmpty() || !scene()) return;
  m_repartition = new RepartitionBadge(topic, partitions, why);
  scene()->addItem(m_repartition);
  m_repartition->setVisible(isVisible());
  placeRepartitionBadge();
}

RepartitionBadge* EdgeItem::repartitionBadge() const {
  return m_repartition.data();
}

EdgeItem::~EdgeItem() {
  delete m_repartition.data();  // null when the scene, going away, deleted it first
}

void EdgeItem::placeRepartitionBadge() {
  if (!m_repartition) return;
  m_repartition->setColors(m_theme->colors());
  m_repartition->centreOn(mapToScene(m_path.pointAtPercent(0.5)));
}

void EdgeItem::applyColor() {
  m_visual.color = m_theme->colors().portColor(m_from->portKind(m_fromPort));
  if (m_load) {
    using Level = EdgeLoad::Level;
    m_visual.color = m_load->level() == Level::Low    ? colors::success()
                     : m_load->level() == Level::Busy ? colors::warning()
                                                      : colors::error();
  }
}

void EdgeItem::setTheme(std::shared_ptr<const CanvasTheme> theme) {
  m_theme = std::move(theme);
  updatePath();
}

void EdgeItem::setThroughput(double recordsPerSecond) {
  m_throughput = recordsPerSecond;
  if (recordsPerSecond < 0) {
    m_visual.width = 2.0;
    m_visual.flowing = false;
    setToolTip(QStringLiteral("%1 → %2").arg(toQt(m_edge.from), toQt(m_edge.to)));
  } else {
    // Logarithmic: 10/s is a hair above idle, 100k/s is about four times as thick.
    m_visual.width = 2.0 + std::clamp(std::log10(1.0 + recordsPerSecond) * 1.3, 0.0, 7.0);
    m_visual.flowing = recordsPerSecond > 0;
    setToolTip(QStringLiteral("%1 → %2\n%3 records/s")
                   .arg(toQt(m_edge.from), toQt(m_edge.to))
                   .arg(recordsPerSecond, 0, 'f', recordsPerSecond < 10 ? 1 : 0));
  }
  prepareGeometryChange();
  update();
}

void EdgeItem::setLoad(std::optional<EdgeLoad> load) {
  m_load = load;
  applyColor();
  if (load) {
    QString tip = toolTip();
    tip += tr("\nQueue into %1: %2 records, %3 % of %4 batches")
               .arg(toQt(m_edge.to))
               .arg(load->records, 0, 'f', 0)
               .arg(load->fill * 100, 0, 'f', 0)
               .arg(load->capacityBatches, 0, 'f', 0);
    if (load->level() == EdgeLoad::Level::Full)
      tip += tr("\n%1 is waiting for room: %2 takes records more slowly than they come")
                 .arg(toQt(m_edge.from), toQt(m_edge.to));
    setToolTip(tip);
  }
  update();
}

void EdgeItem::advanceFlow(qreal step) {
  if (!m_visual.flowing) return;
  m_visual.dashOffset = std::fmod(m_visual.dashOffset + step, 8000.0);
  update();
}

QRectF EdgeItem::boundingRect() const {
  qreal pad = m_visual.width + 8;
  return m_path.controlPointRect().adjusted(-pad, -pad, pad, pad);
}

QPainterPath EdgeItem::shape() const {
  return m_shape;
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  painter->setRenderHint(QPainter::Antialiasing);
  m_visual.selected = isSelected();
  m_theme->edgePainter().paint(painter, m_path, m_visual, m_theme->colors());
}

QVariant EdgeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemSelectedHasChanged) setZValue(value.toBool() ? 0.5 : 0);
  return QGraphicsObject::itemChange(change, value);
}

void EdgeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
  m_visual.hovered = true;
  update();
  QGraphicsObject::hoverEnterEvent(event);
}

void EdgeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
  m_visual.hovered = false;
  update();
  QGraphicsObject::hoverLeaveEvent(event);
}

ConnectionDragItem::ConnectionDragItem(std::shared_ptr<const CanvasTheme> theme) : m_theme(std::move(theme)) {
  setZValue(5);
  m_visual.temporary = true;
  m_visual.width = 2.0;
}

void ConnectionDragItem::setEnds(QPointF from, QPointF to, QColor color) {
  prepareGeometryChange();
  m_path = m_theme->edgePainter().path(from, to);
  m_visual.color = color;
  update();
}

void ConnectionDragItem::setRefused(bool refused) {
  if (m_visual.refused == refused) return;
  m_visual.refused = refused;
  update();
}

QRectF ConnectionDragItem::boundingRect() const {
  return m_path.controlPointRect().adjusted(-6, -6, 6, 6);
}

void ConnectionDragItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  painter->setRenderHint(QPainter::Antialiasing);
  m_theme->edgePainter().paint(painter, m_path, m_visual, m_theme->colors());
}

}  // namespace tributary::widgets
