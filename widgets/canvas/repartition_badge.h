#pragma once
// RepartitionBadge: the repartition topic the planner inserts in front of an
// aggregate or join (core/runtime/repartition.h), drawn as a small dashed
// topic badge on the edge into that node, so that users see the extra topic
// a run writes and reads. The tooltip says why it was inserted. Created,
// placed on the middle of its curve and deleted by its EdgeItem; a scene item
// of its own (not the edge's child) so that it is drawn above the nodes a
// long topic name reaches into. GUI thread only.

#include <QGraphicsObject>

#include "widgets/canvas/canvas_theme.h"

namespace tributary::widgets {

class RepartitionBadge final : public QGraphicsObject {
  Q_OBJECT

 public:
  enum { Type = UserType + 4 };
  int type() const override { return Type; }

  // `topic`: the internal topic's name; `partitions`: 0 when not known yet.
  RepartitionBadge(QString topic, int partitions, QString why);

  const QString& text() const { return m_text; }
  void setColors(const CanvasColors& colors);
  // Centres the badge on `point` (scene coordinates).
  void centreOn(QPointF point);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  QString m_text;
  QSizeF m_size;
  QColor m_border, m_fill, m_textColor;
};

}  // namespace tributary::widgets
