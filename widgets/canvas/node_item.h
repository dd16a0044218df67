#pragma once
// NodeItem: one pipeline node on the canvas. It shows what the document and
// the last validation/run say about the node and keeps nothing the document
// lacks: the id is the link back, everything else is a display cache refreshed
// from the document. Ports are painted by the item (not child items) so that a
// thousand-node pipeline stays light; portAt() does the hit-testing.
// Owned by the PipelineScene; GUI thread only.

#include <optional>
#include <vector>

#include <QGraphicsObject>

#include "core/model/pipeline.h"
#include "core/model/validate.h"
#include "widgets/canvas/canvas_theme.h"

namespace tributary::widgets {

class EdgeItem;

struct PortRef {
  bool output = false;
  int index = 0;
  bool operator==(const PortRef&) const = default;
};

class NodeItem final : public QGraphicsObject {
  Q_OBJECT

 public:
  enum { Type = UserType + 1 };
  int type() const override { return Type; }

  NodeItem(const QString& id, std::shared_ptr<const CanvasTheme> theme);

  QString id() const { return m_id; }
  const model::NodeSpec* spec() const { return m_spec; }

  // Takes title, type, ports and position from the document's node.
  void refresh(const model::Node& node, const model::NodeSpec* spec);
  void setDiagnostics(const std::vector<const model::Diagnostic*>& diagnostics);
  // Live figures while a run is on; clearRun() goes back to the validation view.
  // `status` is Running, Failed (with `reason`) or Stopped.
  void setRunStats(double recordsPerSecond, std::uint64_t records, std::uint64_t errors, NodeStatus status,
                   const QString& reason);
  // Adds " · note" to the figures setRunStats() just showed (remote runners: "1 stale").
  void appendRunNote(const QString& note);
  // Puts `note` before the figures (what matters more than the counts, e.g. a lost connection).
  void prependRunNote(const QString& note);
  // The line below the figures while running (members of a consumer group,
  // a restore with its progress 0..1; negative: no bar); empty removes it.
  // `right`: a part shown right-aligned (idle members), never cut by the first.
  // The card grows by the line's height; ports keep their places.
  void setRunLine(const QString& line, double progress = -1, const QString& right = {});
  // The whole line as a user reads it: "5 members · 4 partitions · 1 idle".
  QString runLine() const;
  double runProgress() const { return m_visual.progress; }
  // The tooltip without run details: title, type, help, problems, alert.
  QString baseToolTip() const;
  void clearRun();
  void setTheme(std::shared_ptr<const CanvasTheme> theme);
  NodeStatus status() const { return m_visual.status; }
  QString statusText() const { return m_visual.footer; }
  // A firing alert on this node (set by the dashboard): a red badge at the
  // top-right corner with `text` as its tooltip; empty removes it.
  void setAlertBadge(const QString& text);
  QString alertBadge() const { return m_alertBadge; }

  // Ports: hit-testing (item coordinates), positions (scene coordinates), lookup by name.
  std::optional<PortRef> portAt(QPointF itemPos) const;
  QPointF portScenePos(PortRef port) const;
  int portIndex(bool output, const std::string& name) const;  // -1 when there is no such port
  int portCount(bool output) const;
  QString portName(PortRef port) const;
  model::PortKind portKind(PortRef port) const;
  void setPortHighlight(PortRef port, PortHighlight highlight);
  void clearPortHighlights();
  void setPortConnected(PortRef port, bool connected);

  void addEdge(EdgeItem* edge) { m_edges.push_back(edge); }
  void removeEdge(EdgeItem* edge);
  const std::vector<EdgeItem*>& edges() const { return m_edges; }

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
  void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  void updateToolTip();
  QSizeF cardSize() const;
  std::vector<PortVisual>& ports(bool output) { return output ? m_visual.outputs : m_visual.inputs; }
  const std::vector<PortVisual>& ports(bool output) const { return output ? m_visual.outputs : m_visual.inputs; }

  QString m_id;
  const model::NodeSpec* m_spec = nullptr;
  std::shared_ptr<const CanvasTheme> m_theme;
  NodeVisual m_visual;
  QSizeF m_size;
  QString m_problemsTip;
  QString m_help;
  std::vector<EdgeItem*> m_edges;
  NodeStatus m_validationStatus = NodeStatus::Ok;
  QString m_validationFooter;
  QString m_alertBadge;
};

}  // namespace tributary::widgets
