#include "widgets/canvas/pipeline_scene.h"

#include <algorithm>
#include <cmath>

#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QMimeData>
#include <QTimer>
#include <QUndoStack>

#include "core/runtime/repartition.h"
#include "widgets/canvas/auto_layout.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {
namespace {
constexpr qreal kSceneExtent = 1.0e6;  // room to pan in every direction
}

QString PipelineScene::nodeTypeMimeType() {
  return QStringLiteral("application/x-tributary-node-type");
}

PipelineScene::PipelineScene(PipelineDocument* document, QObject* parent)
    : QGraphicsScene(parent), m_document(document), m_theme(CanvasTheme::light()),
      m_runState(new RunState(this)),
      m_flowTimer(new QTimer(this)) {
  setSceneRect(-kSceneExtent, -kSceneExtent, 2 * kSceneExtent, 2 * kSceneExtent);
  setItemIndexMethod(QGraphicsScene::BspTreeIndex);
  connect(document, &PipelineDocument::documentReset, this, &PipelineScene::rebuild);
  connect(document, &PipelineDocument::nodeAdded, this, [this](const QString& id) {
    if (const auto* node = m_document->node(id)) addNodeItem(*node);
  });
  connect(document, &PipelineDocument::nodeRemoved, this, &PipelineScene::removeNodeItem);
  connect(document, &PipelineDocument::edgeAdded, this, &PipelineScene::addEdgeItem);
  connect(document, &PipelineDocument::edgeRemoved, this, &PipelineScene::removeEdgeItem);
  connect(document, &PipelineDocument::configChanged, this, &PipelineScene::refreshNode);
  connect(document, &PipelineDocument::labelChanged, this, &PipelineScene::refreshNode);
  connect(document, &PipelineDocument::nodeMoved, this, &PipelineScene::placeNode);
  connect(document, &PipelineDocument::diagnosticsChanged, this, &PipelineScene::applyDiagnostics);
  connect(document, &PipelineDocument::changed, this, &PipelineScene::showRepartitions);  // a key or an edge
  connect(document, &PipelineDocument::clusterFindingsChanged, this, &PipelineScene::showRepartitions);
  // While running, dashes travel along busy edges.
  m_flowTimer->setInterval(50);
  connect(m_flowTimer, &QTimer::timeout, this, [this] {
    for (EdgeItem* edge : m_edges) edge->advanceFlow(1.2);
  });
  connect(m_runState, &RunState::nodeChanged, this, &PipelineScene::showNodeRun);
  connect(m_runState, &RunState::edgeChanged, this, [this](const model::Edge& edge) {
    if (EdgeItem* item = edgeItem(edge)) showEdgeRun(item);
  });
  connect(m_runState, &RunState::runEnded, this, &PipelineScene::showRunEnded);
  connect(m_runState, &RunState::runCleared, this, &PipelineScene::showRunCleared);
  connect(m_runState, &RunState::repartitionsChanged, this, &PipelineScene::showRepartitions);
  connect(m_runState, &RunState::badgeChanged, this, [this](const QString& id) {
    if (NodeItem* item = nodeItem(id)) item->setAlertBadge(m_runState->badge(id));
  });
  rebuild();
}

PipelineScene::~PipelineScene() {
  // Items die with the scene; nobody should hear about selection changes then.
  blockSignals(true);
  m_edges.clear();
  m_nodes.clear();
  clear();
}

void PipelineScene::setTheme(std::shared_ptr<const CanvasTheme> theme) {
  m_theme = std::move(theme);
  for (NodeItem* node : std::as_const(m_nodes)) node->setTheme(m_theme);
  for (EdgeItem* edge : m_edges) edge->setTheme(m_theme);
  setBackgroundBrush(m_theme->colors().background);
  update();
}

// ---------------------------------------------------------------- building from the document

void PipelineScene::rebuild() {
  finishConnecting(false);
  clearSelection();
  m_edges.clear();
  m_nodes.clear();
  clear();
  m_dragItem = nullptr;
  const auto& pipeline = m_document->pipeline();
  m_nodes.reserve(static_cast<qsizetype>(pipeline.nodes.size()));
  bool anyUnplaced = false;
  for (const auto& node : pipeline.nodes) {
    addNodeItem(node);
    anyUnplaced |= !node.position.has_value();
  }
  for (const auto& edge : pipeline.edges) addEdgeItem(edge);
  if (anyUnplaced) {
    // A hand-written file without positions: lay it out, without an undo step.
    auto positions = widgets::autoLayout(pipeline, m_document->registry(), m_theme->geometry());
    ++m_applying;
    for (const auto& [id, pos] : positions)
      if (NodeItem* item = nodeItem(id); item && !m_document->node(id)->position) item->setPos(pos);
    --m_applying;
  }
  applyDiagnostics();
}

NodeItem* PipelineScene::addNodeItem(const model::Node& node) {
  QString id = toQt(node.id);
  if (NodeItem* existing = nodeItem(id)) return existing;
  auto* item = new NodeItem(id, m_theme);
  item->refresh(node, m_document->registry().find(node.type));
  ++m_applying;
  if (node.position) item->setPos(node.position->x, node.position->y);
  --m_applying;
  addItem(item);
  m_nodes.insert(id, item);
  if (m_runState->node(id)) showNodeRun(id);
  item->setAlertBadge(m_runState->badge(id));
  return item;
}

void PipelineScene::addEdgeItem(const model::Edge& edge) {
  NodeItem* from = nodeItem(toQt(edge.from));
  NodeItem* to = nodeItem(toQt(edge.to));
  if (!from || !to) return;  // dangling edge: validation reports it
  int out = from->spec() ? from->portIndex(true, edge.fromPort) : 0;
  int in = to->spec() ? to->portIndex(false, edge.toPort) : 0;
  if (out < 0 || in < 0) return;
  auto* item = new EdgeItem(edge, from, PortRef{true, out}, to, PortRef{false, in}, m_theme);
  addItem(item);
  m_edges.push_back(item);
  from->addEdge(item);
  to->addEdge(item);
  updatePortConnections(from);
  updatePortConnections(to);
  if (m_runState->edgeRate(edge) >= 0) showEdgeRun(item);
}

void PipelineScene::removeEdgeItem(const model::Edge& edge) {
  auto it = std::find_if(m_edges.begin(), m_edges.end(), [&](EdgeItem* e) { return e->edge() == edge; });
  if (it == m_edges.end()) return;
  EdgeItem* item = *it;
  m_edges.erase(it);
  item->fromNode()->removeEdge(item);
  item->toNode()->removeEdge(item);
  updatePortConnections(item->fromNode());
  updatePortConnections(item->toNode());
  removeItem(item);
  delete item;
}

void PipelineScene::removeNodeItem(const QString& id) {
  NodeItem* item = nodeItem(id);
  if (!item) return;
  if (m_connecting && (m_connecting->node == item || m_connecting->targetNode == item)) finishConnecting(false);
  for (EdgeItem* edge : std::vector<EdgeItem*>(item->edges())) removeEdgeItem(edge->edge());
  m_nodes.remove(id);
  removeItem(item);
  delete item;
}

void PipelineScene::refreshNode(const QString& id) {
  if (NodeItem* item = nodeItem(id))
    if (const auto* node = m_document->node(id)) item->refresh(*node, m_document->registry().find(node->type));
}

void PipelineScene::placeNode(const QString& id) {
  NodeItem* item = nodeItem(id);
  const auto* node = m_document->node(id);
  if (!item || !node || !node->position) return;
  QPointF p(node->position->x, node->position->y);
  if (item->pos() == p) return;
  ++m_applying;
  item->setPos(p);
  --m_applying;
}

void PipelineScene::updatePortConnections(NodeItem* node) {
  for (bool output : {false, true})
    for (int i = 0; i < node->portCount(output); ++i) {
      bool connected = std::any_of(node->edges().begin(), node->edges().end(), [&](EdgeItem* e) {
        return output ? (e->fromNode() == node && e->fromPort().index == i)
                      : (e->toNode() == node && e->toPort().index == i);
      });
      node->setPortConnected(PortRef{output, i}, connected);
    }
}

void PipelineScene::applyDiagnostics() {
  std::unordered_map<std::string, std::vector<const model::Diagnostic*>> byNode;
  for (const auto& d : m_document->diagnostics())
    if (!d.nodeId.empty()) byNode[d.nodeId].push_back(&d);
  static const std::vector<const model::Diagnostic*> none;
  for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
    auto found = byNode.find(toStd(it.key()));
    it.value()->setDiagnostics(found == byNode.end() ? none : found->second);
  }
  showRepartitions();
}

// The repartition topics a run of the pipeline inserts (core/runtime/repartition.h),
// as badges on the edges into their aggregates and joins. While a run is
// shown: those its engine inserted, with the counts it uses. Otherwise those
// the pipeline plans now, with the counts the last check found on the
// cluster (ClusterCheck; it follows edits within a second), else the
// declared ones. A join refused for its counts shows none (the Problems panel says why).
void PipelineScene::showRepartitions() {
  std::vector<runtime::Repartition> shown = m_runState->repartitions();
  if (shown.empty()) {
    runtime::PartitionLookup onCluster;  // unset: the declared counts only
    if (const auto& found = m_document->clusterPartitions())
      onCluster = [&](const model::Node& topic) -> Result<std::optional<int>> {
        auto it = found->find(topic.config.value("name", std::string()));
        return it == found->end() ? std::nullopt : std::optional<int>(it->second);
      };
    if (auto planned = runtime::insertRepartitions(m_document->pipeline(), m_document->registry(), onCluster))
      shown = std::move(planned->inserted);
  }
  for (EdgeItem* e : m_edges) {
    const runtime::Repartition* found = nullptr;
    for (const runtime::Repartition& r : shown)
      if (r.node == e->edge().to && (r.port.empty() || r.port == e->edge().toPort)) found = &r;
    if (found)
      e->setRepartition(toQt(found->topic), found->partitions, toQt(found->reason));
    else
      e->setRepartition({}, 0, {});
  }
}

// ---------------------------------------------------------------- lookups

NodeItem* PipelineScene::nodeItem(const QString& id) const {
  return m_nodes.value(id, nullptr);
}

EdgeItem* PipelineScene::edgeItem(const model::Edge& edge) const {
  for (EdgeItem* e : m_edges)
    if (e->edge() == edge) return e;
  return nullptr;
}

QList<NodeItem*> PipelineScene::nodeItems() const {
  return m_nodes.values();
}

QStringList PipelineScene::selectedNodeIds() const {
  QStringList ids;
  // Document order, so copies keep the order of the file.
  for (const auto& node : m_document->pipeline().nodes) {
    NodeItem* item = nodeItem(toQt(node.id));
    if (item && item->isSelected()) ids << item->id();
  }
  return ids;
}

std::vector<model::Edge> PipelineScene::selectedEdges() const {
  std::vector<model::Edge> out;
  for (EdgeItem* e : m_edges)
    if (e->isSelected()) out.push_back(e->edge());
  return out;
}

void PipelineScene::selectNode(const QString& id) {
  selectNodes({id});
}

void PipelineScene::selectNodes(const QStringList& ids) {
  clearSelection();
  for (const QString& id : ids)
    if (NodeItem* item = nodeItem(id)) item->setSelected(true);
}

QRectF PipelineScene::contentRect() const {
  QRectF rect;
  for (NodeItem* item : std::as_const(m_nodes)) rect |= item->sceneBoundingRect();
  return rect;
}

// ---------------------------------------------------------------- edits

QString PipelineScene::createNode(const QString& type, QPointF scenePos) {
  const auto* spec = m_document->registry().find(toStd(type));
  if (!spec) return {};
  QSizeF size = m_theme->geometry().size(static_cast<int>(spec->inputs.size()), static_cast<int>(spec->outputs.size()));
  QPointF topLeft = scenePos - QPointF(size.width() / 2, size.height() / 2);
  if (m_snap) {
    qreal grid = m_theme->geometry().gridSize();
    topLeft = QPointF(std::round(topLeft.x() / grid) * grid, std::round(topLeft.y() / grid) * grid);
  }
  QString id = m_document->addNode(type, topLeft);
  if (!id.isEmpty()) selectNode(id);
  return id;
}

void PipelineScene::deleteSelection() {
  m_document->removeItems(selectedNodeIds(), selectedEdges());
}

void PipelineScene::autoLayout() {
  auto positions = widgets::autoLayout(m_document->pipeline(), m_document->registry(), m_theme->geometry());
  m_document->moveNodes(positions, tr("Auto layout"));
}

void PipelineScene::commitMoves() {
  std::map<QString, QPointF> moved;
  for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
    const auto* node = m_document->node(it.key());
    if (!node) continue;
    QPointF p = it.value()->pos();
    if (!node->position || node->position->x != p.x() || node->position->y != p.y()) moved[it.key()] = p;
  }
  if (!moved.empty()) m_document->moveNodes(moved);
}

// ---------------------------------------------------------------- run view

void PipelineScene::showNodeRun(const QString& id) {
  const NodeRunFigures* run = m_runState->node(id);
  NodeItem* item = nodeItem(id);
  if (!run) {
    if (item) item->clearRun();
    return;
  }
  const NodeStatus status = run->status == RunNodeStatus::Failed    ? NodeStatus::Failed
                            : run->status == RunNodeStatus::Stopped ? NodeStatus::Stopped
                                                                    : NodeStatus::Running;
  if (item) {
    item->setRunStats(run->rate, run->records, run->errors, status, run->failure);
    if (status != NodeStatus::Failed) {  // a failed node's tooltip says why
      item->appendRunNote(run->note);
      item->prependRunNote(run->lead);
      if (!run->detail.isEmpty()) item->setToolTip(run->detail);
    }
    showRunLine(item, *run, status);
  }
  if (status == NodeStatus::Running && !m_flowTimer->isActive()) m_flowTimer->start();
}

void PipelineScene::showRunLine(NodeItem* item, const NodeRunFigures& run, NodeStatus status) {
  // Members and restores are live facts: a stopped or failed node shows neither, only its state's figures.
  if (status != NodeStatus::Running) {
    item->setRunLine(status == NodeStatus::Stopped ? run.state : QString());
    return;
  }
  const QString restore = restoreLine(run);
  const QString members = membersLine(run.members);
  if (!restore.isEmpty())
    item->setRunLine(restore, restoreShare(run));
  else if (!members.isEmpty())
    item->setRunLine(members, -1, idleMembers(run.members));
  else
    item->setRunLine(run.state);  // the footer is too narrow for it next to the record count
  QStringList tips;
  if (!restore.isEmpty()) tips << restoreTip(run).toHtmlEscaped();
  if (const QString members = membersTip(run.members); !members.isEmpty()) tips << members;
  if (!tips.isEmpty())
    item->setToolTip((run.detail.isEmpty() ? item->baseToolTip() : run.detail) + QStringLiteral("<hr>") +
                     tips.join(QStringLiteral("<br>")));
}

void PipelineScene::showEdgeRun(EdgeItem* edge) {
  edge->setThroughput(m_runState->edgeRate(edge->edge()));
  edge->setLoad(m_runState->edgeLoad(edge->edge()));
}

void PipelineScene::showRunEnded() {
  // Nodes keep their totals; edges stop flowing.
  m_flowTimer->stop();
  for (EdgeItem* edge : m_edges) showEdgeRun(edge);
}

void PipelineScene::showRunCleared() {
  m_flowTimer->stop();
  for (NodeItem* node : std::as_const(m_nodes)) node->clearRun();
  for (EdgeItem* edge : m_edges) showEdgeRun(edge);  // no rate, no load: idle
}

// ---------------------------------------------------------------- connecting by dragging

std::pair<NodeItem*, std::optional<PortRef>> PipelineScene::portUnder(QPointF scenePos) const {
  qreal r = m_theme->geometry().portHitRadius();
  const auto candidates =
      items(QRectF(scenePos - QPointF(r, r), QSizeF(2 * r, 2 * r)), Qt::IntersectsItemShape, Qt::DescendingOrder);
  NodeItem* body = nullptr;
  for (QGraphicsItem* item : candidates) {
    auto* node = qgraphicsitem_cast<NodeItem*>(item);
    if (!node) continue;
    if (auto port = node->portAt(node->mapFromScene(scenePos))) return {node, port};
    if (!body && node->contains(node->mapFromScene(scenePos))) body = node;
  }
  return {body, std::nullopt};
}

model::Edge PipelineScene::edgeFor(NodeItem* a, PortRef pa, NodeItem* b, PortRef pb) const {
  // Normalise to output -> input; name ports only on nodes that have several.
  if (!pa.output) {
    std::swap(a, b);
    std::swap(pa, pb);
  }
  model::Edge edge;
  edge.from = toStd(a->id());
  edge.to = toStd(b->id());
  if (a->portCount(true) > 1) edge.fromPort = toStd(a->portName(pa));
  if (b->portCount(false) > 1) edge.toPort = toStd(b->portName(pb));
  return edge;
}

void PipelineScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() == Qt::LeftButton && !(event->modifiers() & Qt::ShiftModifier)) {
    auto [node, port] = portUnder(event->scenePos());
    if (node && port) {
      m_connecting = Connecting{node, *port, node->portScenePos(*port)};
      if (!m_dragItem) {
        m_dragItem = new ConnectionDragItem(m_theme);
        addItem(m_dragItem);
      }
      QColor color = m_theme->colors().portColor(node->portKind(*port));
      m_dragItem->setEnds(m_connecting->anchor, event->scenePos(), color);
      m_dragItem->setRefused(false);
      m_dragItem->show();
      // Mark every port on the other side: green where this could go, struck out where not.
      for (NodeItem* other : std::as_const(m_nodes)) {
        for (int i = 0; i < other->portCount(!port->output); ++i) {
          PortRef candidate{!port->output, i};
          bool ok = other != node && m_document->checkConnection(edgeFor(node, *port, other, candidate)).ok;
          other->setPortHighlight(candidate, ok ? PortHighlight::Accept : PortHighlight::Refuse);
        }
      }
      node->setPortHighlight(*port, PortHighlight::Target);
      event->accept();
      return;
    }
  }
  m_mayHaveMoved = event->button() == Qt::LeftButton;
  QGraphicsScene::mousePressEvent(event);
}

void PipelineScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
  if (!m_connecting) {
    QGraphicsScene::mouseMoveEvent(event);
    return;
  }
  Connecting& c = *m_connecting;
  if (c.targetNode)
    c.targetNode->setPortHighlight(c.targetPort, c.targetOk ? PortHighlight::Accept : PortHighlight::Refuse);
  c.targetNode = nullptr;
  c.targetOk = false;
  c.targetReason.clear();
  QPointF end = event->scenePos();
  auto [node, port] = portUnder(event->scenePos());
  if (node && port && port->output == c.port.output) port.reset();  // same side: not a target
  if (node && !port && node != c.node && node->portCount(!c.port.output) == 1)
    port = PortRef{!c.port.output, 0};  // dropping on the body means its only port
  bool refused = false;
  if (node && port && node != c.node) {
    ConnectionCheck check = m_document->checkConnection(edgeFor(c.node, c.port, node, *port));
    c.targetNode = node;
    c.targetPort = *port;
    c.targetOk = check.ok;
    c.targetReason = check.reason;
    refused = !check.ok;
    end = node->portScenePos(*port);
    node->setPortHighlight(*port, check.ok ? PortHighlight::Target : PortHighlight::Refuse);
  } else if (node && node == c.node && port) {
    refused = false;
  }
  QColor color = m_theme->colors().portColor(c.node->portKind(c.port));
  if (c.port.output)
    m_dragItem->setEnds(c.anchor, end, color);
  else
    m_dragItem->setEnds(end, c.anchor, color);
  m_dragItem->setRefused(refused);
  for (QGraphicsView* view : views()) view->viewport()->setCursor(refused ? Qt::ForbiddenCursor : Qt::CrossCursor);
  event->accept();
}

void PipelineScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (m_connecting) {
    finishConnecting(event->button() == Qt::LeftButton);
    event->accept();
    return;
  }
  QGraphicsScene::mouseReleaseEvent(event);
  if (m_mayHaveMoved && event->button() == Qt::LeftButton) {
    m_mayHaveMoved = false;
    commitMoves();
  }
}

void PipelineScene::finishConnecting(bool commit) {
  if (!m_connecting) return;
  Connecting c = *m_connecting;
  m_connecting.reset();
  for (NodeItem* node : std::as_const(m_nodes)) node->clearPortHighlights();
  if (m_dragItem) m_dragItem->hide();
  for (QGraphicsView* view : views()) view->viewport()->unsetCursor();
  if (!commit || !c.targetNode) return;
  model::Edge edge = edgeFor(c.node, c.port, c.targetNode, c.targetPort);
  if (c.targetOk && m_document->connectPorts(edge)) {
    Q_EMIT connectionMade(edge);
  } else {
    Q_EMIT connectionRefused(c.targetReason.isEmpty() ? tr("These ports cannot be connected") : c.targetReason);
  }
}

// ---------------------------------------------------------------- drop from the palette

void PipelineScene::dragEnterEvent(QGraphicsSceneDragDropEvent* event) {
  if (event->mimeData()->hasFormat(nodeTypeMimeType())) {
    event->setDropAction(Qt::CopyAction);
    event->accept();
    return;
  }
  QGraphicsScene::dragEnterEvent(event);
}

void PipelineScene::dragMoveEvent(QGraphicsSceneDragDropEvent* event) {
  if (event->mimeData()->hasFormat(nodeTypeMimeType())) {
    event->setDropAction(Qt::CopyAction);
    event->accept();
    return;
  }
  QGraphicsScene::dragMoveEvent(event);
}

void PipelineScene::dropEvent(QGraphicsSceneDragDropEvent* event) {
  if (!event->mimeData()->hasFormat(nodeTypeMimeType())) {
    QGraphicsScene::dropEvent(event);
    return;
  }
  QString type = QString::fromUtf8(event->mimeData()->data(nodeTypeMimeType()));
  if (!createNode(type, event->scenePos()).isEmpty()) {
    event->setDropAction(Qt::CopyAction);
    event->accept();
  }
}

}  // namespace tributary::widgets
