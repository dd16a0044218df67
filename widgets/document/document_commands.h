#pragma once
// The undo commands that change a PipelineDocument. Each one records enough to
// restore the exact previous value (indices included), so undo followed by redo
// gives back byte-identical pipelines. Owned by the document's QUndoStack; GUI thread.

#include <map>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include <QString>
#include <QUndoCommand>

#include "core/model/pipeline.h"

namespace tributary::widgets {

class PipelineDocument;

// Appends nodes and edges (add from the palette, paste, duplicate, connect).
class AddItemsCommand final : public QUndoCommand {
 public:
  AddItemsCommand(PipelineDocument* document, std::vector<model::Node> nodes, std::vector<model::Edge> edges,
                  const QString& text);
  void redo() override;
  void undo() override;

 private:
  PipelineDocument* m_document;
  std::vector<model::Node> m_nodes;
  std::vector<model::Edge> m_edges;
};

// Removes nodes and edges, remembering where each one was.
class RemoveItemsCommand final : public QUndoCommand {
 public:
  RemoveItemsCommand(PipelineDocument* document, const QStringList& nodeIds, const std::vector<model::Edge>& edges);
  void redo() override;
  void undo() override;
  bool isEmpty() const { return m_nodes.empty() && m_edges.empty(); }

 private:
  PipelineDocument* m_document;
  std::vector<std::pair<std::size_t, model::Node>> m_nodes;  // ascending index
  std::vector<std::pair<std::size_t, model::Edge>> m_edges;  // ascending index
};

class MoveNodesCommand final : public QUndoCommand {
 public:
  struct Move {
    std::optional<model::Position> before;
    model::Position after;
  };
  MoveNodesCommand(PipelineDocument* document, std::map<QString, Move> moves, const QString& text);
  void redo() override;
  void undo() override;

 private:
  PipelineDocument* m_document;
  std::map<QString, Move> m_moves;
};

class SetConfigCommand final : public QUndoCommand {
 public:
  enum { Id = 7001 };
  SetConfigCommand(PipelineDocument* document, const QString& nodeId, const QString& field, nlohmann::json before,
                   nlohmann::json after, bool mergeable);
  void redo() override;
  void undo() override;
  int id() const override { return Id; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  PipelineDocument* m_document;
  QString m_nodeId;
  QString m_field;
  nlohmann::json m_before;  // whole config objects
  nlohmann::json m_after;
  bool m_mergeable;
};

class SetLabelCommand final : public QUndoCommand {
 public:
  enum { Id = 7002 };
  SetLabelCommand(PipelineDocument* document, const QString& nodeId, std::string before, std::string after);
  void redo() override;
  void undo() override;
  int id() const override { return Id; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  PipelineDocument* m_document;
  QString m_nodeId;
  std::string m_before, m_after;
};

class SetInfoCommand final : public QUndoCommand {
 public:
  enum { Id = 7003 };
  struct Info {
    std::string name, description, bootstrap;
  };
  SetInfoCommand(PipelineDocument* document, Info before, Info after);
  void redo() override;
  void undo() override;
  int id() const override { return Id; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  PipelineDocument* m_document;
  Info m_before, m_after;
};

}  // namespace tributary::widgets
