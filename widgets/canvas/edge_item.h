#pragma once
// EdgeItem: a connection between an output port and an input port, drawn as a
// bezier curve by the theme's EdgePainter. It holds the model::Edge it stands
// for (the key back into the document) and pointers to its two NodeItems.
// ConnectionDragItem is the loose curve that follows the mouse while the user
// drags a new connection. Owned by the PipelineScene; GUI thread only.

#include <memory>
#include <optional>

#include <QGraphicsObject>
#include <QPointer>

#include "core/model/pipeline.h"
#include "widgets/canvas/canvas_theme.h"
#include "widgets/canvas/node_item.h"
#include "widgets/run/run_state.h"

namespace tributary::widgets {

class EdgeItem final : public QGraphicsObject {
  Q_OBJECT

 public:
  enum { Type = UserType + 2 };
  int type() const override { return Type; }

  EdgeItem(model::Edge edge, NodeItem* from, PortRef fromPort, NodeItem* to, PortRef toPort,
           std::shared_ptr<const CanvasTheme> theme);
  ~EdgeItem() override;

  const model::Edge& edge() const { return m_edge; }
  NodeItem* fromNode() const { return m_from; }
  NodeItem* toNode() const { return m_to; }
  PortRef fromPort() const { return m_fromPort; }
  PortRef toPort() const { return m_toPort; }

  void updatePath();
  void setTheme(std::shared_ptr<const CanvasTheme> theme);
  // Records per second along the edge while running (the line thickens); negative: not running.
  void setThroughput(double recordsPerSecond);
  // Colours the edge by how full the channel it feeds is, and says so in the
  // tooltip (none: the port's colour). Call after setThroughput.
  void setLoad(std::optional<EdgeLoad> load);
  std::optional<EdgeLoad> load() const { return m_load; }
  double throughput() const { return m_throughput; }
  void advanceFlow(qreal step);
  // The repartition topic a run inserts on this edge (repartition_badge.h); an empty topic removes it.
  void setRepartition(const QString& topic, int partitions, const QString& why);
  class RepartitionBadge* repartitionBadge() const;

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
  void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  model::Edge m_edge;
  NodeItem* m_from;
  NodeItem* m_to;
  PortRef m_fromPort, m_toPort;
  std::shared_ptr<const CanvasTheme> m_theme;
  QPainterPath m_path;
  QPainterPath m_shape;
  EdgeVisual m_visual;
  double m_throughput = -1;
  std::optional<EdgeLoad> m_load;
  QPointer<class RepartitionBadge> m_repartition;  // in the scene while this edge is; null: none
  QString m_repartitionKey;                         // what it shows: topic, partitions, why
  void applyColor();
  void placeRepartitionBadge();
};

class ConnectionDragItem final : public QGraphicsItem {
 public:
  enum { Type = UserType + 3 };
  int type() const override { return Type; }

  explicit ConnectionDragItem(std::shared_ptr<const CanvasTheme> theme);
  // `from` is always the output end, `to` the input end.
  void setEnds(QPointF from, QPointF to, QColor color);
  void setRefused(bool refused);
  bool refused() const { return m_visual.refused; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  std::shared_ptr<const CanvasTheme> m_theme;
  QPainterPath m_path;
  EdgeVisual m_visual;
};

}  // namespace tributary::widgets
