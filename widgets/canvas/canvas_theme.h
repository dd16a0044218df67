#pragma once
// How the canvas looks, as swappable strategy objects: colours (CanvasColors),
// node and port geometry (NodeGeometry), and painters for nodes and edges.
// A CanvasTheme bundles one of each; the scene hands it to every item, and a
// theme change is one setTheme() call. Immutable once built; GUI thread only.

#include <memory>
#include <vector>

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include "core/model/node_spec.h"

class QPainter;

namespace tributary::widgets {

enum class NodeStatus { Ok, Warning, Error, Running, Failed, Stopped };
enum class PortHighlight { None, Accept, Refuse, Target };

struct CanvasColors {
  QColor background, gridMinor, gridMajor;
  QColor nodeFill, nodeHeader, nodeBorder, nodeShadow, text, mutedText, divider;
  QColor selection, hover;
  QColor ok, warning, error, running;
  QColor portRecords, portChanges, portAny;
  QColor edge, accept, refuse;
  bool dark = false;

  QColor portColor(model::PortKind kind) const;
  QColor category(model::NodeCategory category) const;
};

struct PortVisual {
  QString name;
  model::PortKind kind = model::PortKind::Records;
  PortHighlight highlight = PortHighlight::None;
  bool connected = false;
};

// Everything a node painter needs, gathered by the node item.
struct NodeVisual {
  QString title;
  QString subtitle;
  model::NodeCategory category = model::NodeCategory::Source;
  QPixmap badge;
  std::vector<PortVisual> inputs, outputs;
  NodeStatus status = NodeStatus::Ok;
  QString footer;       // "Ready", "2 problems", "1.2k rec/s · 0 errors"
  QString footerRight;  // secondary figure, right-aligned
  // While running, a line below the footer: a consumer group's members
  // ("2 members · 4 partitions") or a restore ("restoring 41 %"); empty: none.
  QString runLine;
  QString runLineRight;  // its second part, right-aligned ("1 idle"), so the first is not cut
  double progress = -1;  // 0..1: a thin progress bar under runLine; negative: none
  bool selected = false;
  bool hovered = false;
  bool running = false;
  bool unknownType = false;
};

struct EdgeVisual {
  QColor color;
  qreal width = 2.0;
  bool selected = false;
  bool hovered = false;
  bool temporary = false;
  bool refused = false;
  bool flowing = false;  // animated dashes while running
  qreal dashOffset = 0;
};

class NodeGeometry {
 public:
  virtual ~NodeGeometry() = default;
  virtual QSizeF size(int inputs, int outputs) const;
  virtual QPointF inputPosition(int index, int count, QSizeF size) const;
  virtual QPointF outputPosition(int index, int count, QSizeF size) const;
  virtual qreal portRadius() const { return 5.5; }
  virtual qreal portHitRadius() const { return 13.0; }
  virtual qreal gridSize() const { return 20.0; }
  virtual qreal cornerRadius() const { return 10.0; }
  // Extra height at the bottom of a node for NodeVisual::runLine (ports keep their places).
  virtual qreal runLineHeight() const { return 20.0; }
  // Horizontal gap and vertical gap between nodes for automatic layout.
  virtual QSizeF layoutSpacing() const { return {60.0, 36.0}; }

 protected:
  QPointF portPosition(int index, int count, QSizeF size, qreal x) const;
};

class NodePainter {
 public:
  virtual ~NodePainter() = default;
  // `size` is the whole card: with a runLine, its last runLineHeight() is the run line's strip.
  virtual void paint(QPainter* painter, const NodeVisual& node, QSizeF size, const NodeGeometry& geometry,
                     const CanvasColors& colors, qreal levelOfDetail) const;

 protected:
  // The run line's strip (`strip`: its rectangle in the card): text and, for a restore, a progress bar.
  virtual void paintRunLine(QPainter* painter, const NodeVisual& node, QRectF strip, const CanvasColors& colors) const;
};

class EdgePainter {
 public:
  virtual ~EdgePainter() = default;
  virtual QPainterPath path(QPointF from, QPointF to) const;
  virtual void paint(QPainter* painter, const QPainterPath& path, const EdgeVisual& edge,
                     const CanvasColors& colors) const;
};

class CanvasTheme {
 public:
  CanvasTheme(CanvasColors colors, std::shared_ptr<const NodeGeometry> geometry,
              std::shared_ptr<const NodePainter> nodePainter, std::shared_ptr<const EdgePainter> edgePainter);

  static std::shared_ptr<const CanvasTheme> light();
  static std::shared_ptr<const CanvasTheme> dark();
  static std::shared_ptr<const CanvasTheme> forDark(bool dark) { return dark ? CanvasTheme::dark() : light(); }

  const CanvasColors& colors() const { return m_colors; }
  const NodeGeometry& geometry() const { return *m_geometry; }
  const NodePainter& nodePainter() const { return *m_nodePainter; }
  const EdgePainter& edgePainter() const { return *m_edgePainter; }

 private:
  CanvasColors m_colors;
  std::shared_ptr<const NodeGeometry> m_geometry;
  std::shared_ptr<const NodePainter> m_nodePainter;
  std::shared_ptr<const EdgePainter> m_edgePainter;
};

}  // namespace tributary::widgets
