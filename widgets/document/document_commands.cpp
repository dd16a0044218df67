#include "widgets/document/document_commands.h"

#include <algorithm>

#include <QCoreApplication>

#include "widgets/document/pipeline_document.h"
#include "widgets/document/qt_json.h"

namespace tributary::widgets {

AddItemsCommand::AddItemsCommand(PipelineDocument* document, std::vector<model::Node> nodes,
                                 std::vector<model::Edge> edges, const QString& text)
    : QUndoCommand(text), m_document(document), m_nodes(std::move(nodes)), m_edges(std::move(edges)) {}

void AddItemsCommand::redo() {
  for (const auto& node : m_nodes) m_document->insertNodeAt(m_document->pipeline().nodes.size(), node);
  for (const auto& edge : m_edges) m_document->insertEdgeAt(m_document->pipeline().edges.size(), edge);
}

void AddItemsCommand::undo() {
  // They were appended, so they are the last ones: take them off the end.
  for (std::size_t i = 0; i < m_edges.size(); ++i) m_document->takeEdgeAt(m_document->pipeline().edges.size() - 1);
  for (std::size_t i = 0; i < m_nodes.size(); ++i) m_document->takeNodeAt(m_document->pipeline().nodes.size() - 1);
}

RemoveItemsCommand::RemoveItemsCommand(PipelineDocument* document, const QStringList& nodeIds,
                                       const std::vector<model::Edge>& edges)
    : m_document(document) {
  const auto& pipeline = document->pipeline();
  for (std::size_t i = 0; i < pipeline.nodes.size(); ++i) {
    if (nodeIds.contains(toQt(pipeline.nodes[i].id))) m_nodes.emplace_back(i, pipeline.nodes[i]);
  }
  for (std::size_t i = 0; i < pipeline.edges.size(); ++i) {
    const auto& edge = pipeline.edges[i];
    bool touches = nodeIds.contains(toQt(edge.from)) || nodeIds.contains(toQt(edge.to));
    bool chosen = std::find(edges.begin(), edges.end(), edge) != edges.end();
    if (touches || chosen) m_edges.emplace_back(i, edge);
  }
  int count = static_cast<int>(m_nodes.size() + m_edges.size());
  if (m_nodes.size() == 1)
    setText(QCoreApplication::translate("RemoveItemsCommand", "Delete %1").arg(toQt(m_nodes.front().second.id)));
  else if (m_nodes.empty() && m_edges.size() == 1)
    setText(QCoreApplication::translate("RemoveItemsCommand", "Delete connection"));
  else
    setText(QCoreApplication::translate("RemoveItemsCommand", "Delete %n item(s)", nullptr, count));
}

void RemoveItemsCommand::redo() {
  for (auto it = m_edges.rbegin(); it != m_edges.rend(); ++it) m_document->takeEdgeAt(it->first);
  for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it) m_document->takeNodeAt(it->first);
}

void RemoveItemsCommand::undo() {
  for (const auto& [index, node] : m_nodes) m_document->insertNodeAt(index, node);
  for (const auto& [index, edge] : m_edges) m_document->insertEdgeAt(index, edge);
}

MoveNodesCommand::MoveNodesCommand(PipelineDocument* document, std::map<QString, Move> moves, const QString& text)
    : QUndoCommand(text), m_document(document), m_moves(std::move(moves)) {}

void MoveNodesCommand::redo() {
  for (const auto& [id, move] : m_moves) m_document->applyPosition(id, move.after);
}

void MoveNodesCommand::undo() {
  for (const auto& [id, move] : m_moves) m_document->applyPosition(id, move.before);
}

SetConfigCommand::SetConfigCommand(PipelineDocument* document, const QString& nodeId, const QString& field,
                                   nlohmann::json before, nlohmann::json after, bool mergeable)
    : QUndoCommand(QCoreApplication::translate("SetConfigCommand", "Change %1 of %2").arg(field, nodeId)),
      m_document(document),
      m_nodeId(nodeId),
      m_field(field),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_mergeable(mergeable) {}

void SetConfigCommand::redo() {
  m_document->applyConfig(m_nodeId, m_after);
}
void SetConfigCommand::undo() {
  m_document->applyConfig(m_nodeId, m_before);
}

bool SetConfigCommand::mergeWith(const QUndoCommand* other) {
  const auto* next = static_cast<const SetConfigCommand*>(other);
  if (!m_mergeable || !next->m_mergeable || next->m_nodeId != m_nodeId || next->m_field != m_field) return false;
  m_after = next->m_after;
  setObsolete(m_after == m_before);
  return true;
}

SetLabelCommand::SetLabelCommand(PipelineDocument* document, const QString& nodeId, std::string before,
                                 std::string after)
    : QUndoCommand(QCoreApplication::translate("SetLabelCommand", "Rename %1").arg(nodeId)),
      m_document(document),
      m_nodeId(nodeId),
      m_before(std::move(before)),
      m_after(std::move(after)) {}

void SetLabelCommand::redo() {
  m_document->applyLabel(m_nodeId, m_after);
}
void SetLabelCommand::undo() {
  m_document->applyLabel(m_nodeId, m_before);
}

bool SetLabelCommand::mergeWith(const QUndoCommand* other) {
  const auto* next = static_cast<const SetLabelCommand*>(other);
  if (next->m_nodeId != m_nodeId) return false;
  m_after = next->m_after;
  setObsolete(m_after == m_before);
  return true;
}

SetInfoCommand::SetInfoCommand(PipelineDocument* document, Info before, Info after)
    : QUndoCommand(QCoreApplication::translate("SetInfoCommand", "Change pipeline settings")),
      m_document(document),
      m_before(std::move(before)),
      m_after(std::move(after)) {}

void SetInfoCommand::redo() {
  m_document->applyInfo(m_after.name, m_after.description, m_after.bootstrap);
}
void SetInfoCommand::undo() {
  m_document->applyInfo(m_before.name, m_before.description, m_before.bootstrap);
}

bool SetInfoCommand::mergeWith(const QUndoCommand* other) {
  m_after = static_cast<const SetInfoCommand*>(other)->m_after;
  setObsolete(m_after.name == m_before.name && m_after.description == m_before.description &&
              m_after.bootstrap == m_before.bootstrap);
  return true;
}

}  // namespace tributary::widgets
