#pragma once
// PipelineScene: the QGraphicsScene that shows a PipelineDocument. It is built
// from the document and follows its signals; user gestures (drop from the
// palette, drag a connection, move, delete) become document edits, never
// direct item changes, so undo and the file always agree with the picture.
// Run figures come the same way: the scene owns a RunState (runState()) that
// the run's writers fill, and only reads it, following its change signals.
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
#include "widgets/run/run_state.h"

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

  // What the run shows on the canvas. Writers (RunController, RemoteRunMonitor,
  // DashboardWidget) change it; the scene follows.
  RunState* runState() const { return m_runState; }

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
  void showRepartitions();
  void updatePortConnections(NodeItem* node);
  void commitMoves();
  model::Edge edgeFor(NodeItem* a, PortRef pa, NodeItem* b, PortRef pb) const;
  std::pair<NodeItem*, std::optional<PortRef>> portUnder(QPointF scenePos) const;
  void finishConnecting(bool commit);
  // Run view: copy what m_runState says onto the items.
  void showNodeRun(const QString& id);
  void showEdgeRun(EdgeItem* edge);
  // The members / restore line below a running node's figures, and their tooltip.
  void showRunLine(NodeItem* item, const NodeRunFigures& run, NodeStatus status);
  void showRunEnded();
  void showRunCleared();

  PipelineDocument* m_document;
  std::shared_ptr<const CanvasTheme> m_theme;
  QHash<QString, NodeItem*> m_nodes;
  std::vector<EdgeItem*> m_edges;
  std::optional<Connecting> m_connecting;
  ConnectionDragItem* m_dragItem = nullptr;
  RunState* m_runState;
  QTimer* m_flowTimer;
  bool m_snap = true;
  int m_applying = 0;
  bool m_mayHaveMoved = false;
};

}  // namespace tributary::widgets
