#pragma once
// PipelineScene: the QGraphicsScene that shows a PipelineDocument. It is built
// from the document and follows its signals; user gestures (drop from the
// palette, drag a connection, move, delete) become document edits, never
// direct item changes, so undo and the file always agree with the picture.
// Owned by the main window (or a test), next to the document it shows. GUI thread only.

#include <map>
#include <memory>
#include <optional>

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include "widgets/canvas/canvas_theme.h"
#include "widgets/canvas/node_item.h"
#include "widgets/document/pipeline_document.h"

class QTimer;

namespace tributary::widgets {

class EdgeItem;
class ConnectionDragItem;

class PipelineScene final : public QGraphicsScene {
  Q_OBJECT

 public:
  // The MIME type the palette puts on a drag: the node type as UTF-8.
  static QString nodeTypeMimeType();

  explicit PipelineScene(PipelineDocument* document, QObject* parent = nullptr);
  ~PipelineScene() override;

  PipelineDocument* document() const { return m_document; }
  const CanvasTheme& theme() const { return *m_theme; }
  void setTheme(std::shared_ptr<const CanvasTheme> theme);

  bool snapToGrid() const { return m_snap; }
  void setSnapToGrid(bool snap) { m_snap = snap; }
  // True while the scene moves items to follow the document (no snapping, no commands).
  bool isApplyingDocument() const { return m_applying > 0; }

  NodeItem* nodeItem(const QString& id) const;
  EdgeItem* edgeItem(const model::Edge& edge) const;
  QList<NodeItem*> nodeItems() const;
  QStringList selectedNodeIds() const;
  std::vector<model::Edge> selectedEdges() const;
  void selectNode(const QString& id);
  void selectNodes(const QStringList& ids);
  // Bounding rectangle of all nodes (empty without nodes).
  QRectF contentRect() const;

  // Creates a node of `type` centred on `scenePos` (snapped), through the document.
  QString createNode(const QString& type, QPointF scenePos);
  void deleteSelection();
  void autoLayout();

  // Run view. Rates in records/s.
  void setNodeRunStats(const QString& id, double rate, std::uint64_t records, std::uint64_t errors, NodeStatus status,
                       const QString& reason);
  // The run ended: nodes keep their totals, edges stop flowing.
  void endRun();
  void setEdgeThroughput(const model::Edge& edge, double rate);
  void clearRun();

 Q_SIGNALS:
  // The user tried a connection the pipeline cannot have; `reason` says why. Emitted on release.
  void connectionRefused(const QString& reason);
  void connectionMade(const tributary::model::Edge& edge);

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
  void dragEnterEvent(QGraphicsSceneDragDropEvent* event) override;
  void dragMoveEvent(QGraphicsSceneDragDropEvent* event) override;
  void dropEvent(QGraphicsSceneDragDropEvent* event) override;

 private:
  struct Connecting {
    NodeItem* node = nullptr;
    PortRef port;
    QPointF anchor;
    NodeItem* targetNode = nullptr;
    PortRef targetPort;
    bool targetOk = false;
    QString targetReason;
  };

  void rebuild();
  NodeItem* addNodeItem(const model::Node& node);
  void addEdgeItem(const model::Edge& edge);
  void removeNodeItem(const QString& id);
  void removeEdgeItem(const model::Edge& edge);
  void refreshNode(const QString& id);
  void placeNode(const QString& id);
  void applyDiagnostics();
  void updatePortConnections(NodeItem* node);
  void commitMoves();
  model::Edge edgeFor(NodeItem* a, PortRef pa, NodeItem* b, PortRef pb) const;
  std::pair<NodeItem*, std::optional<PortRef>> portUnder(QPointF scenePos) const;
  void finishConnecting(bool commit);

  PipelineDocument* m_document;
  std::shared_ptr<const CanvasTheme> m_theme;
  QHash<QString, NodeItem*> m_nodes;
  std::vector<EdgeItem*> m_edges;
  std::optional<Connecting> m_connecting;
  ConnectionDragItem* m_dragItem = nullptr;
  QTimer* m_flowTimer;
  bool m_snap = true;
  int m_applying = 0;
  bool m_mayHaveMoved = false;
};

}  // namespace tributary::widgets
