#include "widgets/canvas/repartition_badge.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

namespace tributary::widgets {

namespace {
QFont badgeFont() {
  QFont font = QApplication::font();
  font.setPointSizeF(font.pointSizeF() * 0.85);
  return font;
}
}  // namespace

RepartitionBadge::RepartitionBadge(QString topic, int partitions, QString why) {
  m_text = partitions > 0 ? QCoreApplication::translate("RepartitionBadge", "⇄ %1 · %n partition(s)", nullptr,
                                                        partitions)
                                .arg(topic)
                          : QCoreApplication::translate("RepartitionBadge", "⇄ %1").arg(topic);
  setToolTip(QCoreApplication::translate("RepartitionBadge",
                                         "Repartition topic %1, inserted by the planner: %2. A run writes these "
                                         "records to it keyed by the node's key (murmur2) and reads them back, so "
                                         "that every task sees all records of its keys.")
                 .arg(topic, why));
  QFontMetricsF metrics(badgeFont());
  m_size = QSizeF(metrics.horizontalAdvance(m_text) + 12, metrics.height() + 6);
  setZValue(3);  // above nodes (1, selected 2)
  setAcceptHoverEvents(true);
}

void RepartitionBadge::setColors(const CanvasColors& colors) {
  m_border = colors.category(model::NodeCategory::Topic);
  m_fill = colors.nodeFill;
  m_textColor = colors.text;
  update();
}

void RepartitionBadge::centreOn(QPointF point) {
  setPos(point - QPointF(m_size.width() / 2, m_size.height() / 2));
}

QRectF RepartitionBadge::boundingRect() const {
  return QRectF(QPointF(-1, -1), m_size + QSizeF(2, 2));
}

void RepartitionBadge::paint(QPainter* painter, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  painter->setRenderHint(QPainter::Antialiasing);
  QPen pen(m_border, 1.5, Qt::DashLine);
  painter->setPen(pen);
  painter->setBrush(m_fill);
  const QRectF box(QPointF(0, 0), m_size);
  painter->drawRoundedRect(box, 4, 4);
  painter->setFont(badgeFont());
  painter->setPen(m_textColor);
  painter->drawText(box, Qt::AlignCenter, m_text);
}

}  // namespace tributary::widgets
