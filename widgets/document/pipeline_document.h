#pragma once
// PipelineDocument: the one owner of the pipeline being designed. It holds the
// model::Pipeline value and the QUndoStack; every edit the user makes goes
// through an undo command (document_commands.h), and every change is announced
// with a signal so that the canvas, inspector and problems list can follow.
// It also re-validates the pipeline shortly after each change and publishes
// the diagnostics.
//
// Owned by the main window (or a test). GUI thread only: every signal is
// emitted on the GUI thread, synchronously from the edit that caused it.

#include <map>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"
#include "core/model/validate.h"

class QTimer;
class QUndoStack;

namespace tributary::widgets {

// Why a connection is (not) allowed, for the canvas to show.
struct ConnectionCheck {
  bool ok = false;
  QString reason;  // empty when ok
};

// Nodes and the edges among them, as copied to the clipboard or pasted.
struct Fragment {
  std::vector<model::Node> nodes;
  std::vector<model::Edge> edges;
  bool empty() const { return nodes.empty() && edges.empty(); }
};

class PipelineDocument final : public QObject {
  Q_OBJECT

 public:
  explicit PipelineDocument(const model::SpecRegistry& registry, QObject* parent = nullptr);
  ~PipelineDocument() override;

  const model::Pipeline& pipeline() const { return m_pipeline; }
  const model::SpecRegistry& registry() const { return m_registry; }
  QUndoStack* undoStack() const { return m_undo; }

  // Replaces the whole pipeline (new, open, template) and clears the undo history.
  void reset(model::Pipeline pipeline);

  // --- Edits. Each pushes one undo command; invalid requests are ignored and return false/empty.
  // Adds a node of `type` at `position` with the spec's defaults for required fields; returns its id.
  QString addNode(const QString& type, QPointF position);
  // Adds nodes and edges (paste, duplicate), renaming ids that are taken; returns the new ids.
  QStringList addFragment(Fragment fragment, QPointF offset, const QString& commandText);
  // Removes nodes (with every edge touching them) and edges.
  void removeItems(const QStringList& nodeIds, const std::vector<model::Edge>& edges);
  bool connectPorts(const model::Edge& edge);
  void moveNodes(const std::map<QString, QPointF>& positions, const QString& commandText = {});
  // `value` null removes the field from the config (falls back to the default).
  // Consecutive edits of the same field with `merge` set collapse into one undo step (typing).
  void setConfigValue(const QString& nodeId, const QString& field, const nlohmann::json& value, bool merge = false);
  void setLabel(const QString& nodeId, const QString& label);
  void setPipelineInfo(const QString& name, const QString& description, const QString& bootstrap);
  // The dashboard (panels, alert rules) saved with the pipeline; one undo step.
  void setDashboard(nlohmann::json dashboard);

  // --- Queries.
  const model::Node* node(const QString& id) const;
  const model::NodeSpec* spec(const QString& nodeId) const;
  ConnectionCheck checkConnection(const model::Edge& edge) const;
  // The port an edge end names, resolving an empty name to the only port.
  const model::PortSpec* outputPort(const model::Edge& edge) const;
  const model::PortSpec* inputPort(const model::Edge& edge) const;
  // The nodes with these ids and the edges among them.
  Fragment fragment(const QStringList& nodeIds) const;
  std::string uniqueId(const std::string& base) const;

  // Last validation result; refreshed ~100 ms after a change, or now with validateNow().
  const std::vector<model::Diagnostic>& diagnostics() const { return m_diagnostics; }
  std::vector<model::Diagnostic> diagnosticsFor(const QString& nodeId) const;
  void validateNow();
  void setValidationOptions(model::ValidationOptions options);
  // What a check against the topics on the cluster found (cluster_check.h):
  // problems, listed with the diagnostics until the next check replaces
  // them, and the partition counts of the topics found there, by topic name
  // (none: not checked).
  void setClusterFindings(std::vector<model::Diagnostic> problems, std::optional<std::map<std::string, int>> partitions);
  const std::optional<std::map<std::string, int>>& clusterPartitions() const { return m_clusterPartitions; }

  // --- Primitive mutations, for the undo commands only. They emit the signals.
  void insertNodeAt(std::size_t index, model::Node node);
  model::Node takeNodeAt(std::size_t index);
  void insertEdgeAt(std::size_t index, model::Edge edge);
  model::Edge takeEdgeAt(std::size_t index);
  void applyConfig(const QString& nodeId, nlohmann::json config);
  void applyPosition(const QString& nodeId, std::optional<model::Position> position);
  void applyLabel(const QString& nodeId, const std::string& label);
  void applyInfo(const std::string& name, const std::string& description, const std::string& bootstrap);
  void applyDashboard(nlohmann::json dashboard);
  std::optional<std::size_t> nodeIndex(const QString& id) const;
  std::optional<std::size_t> edgeIndex(const model::Edge& edge) const;

 Q_SIGNALS:
  void nodeAdded(const QString& id);
  void nodeRemoved(const QString& id);
  void edgeAdded(const tributary::model::Edge& edge);
  void edgeRemoved(const tributary::model::Edge& edge);
  void configChanged(const QString& id);
  void labelChanged(const QString& id);
  void nodeMoved(const QString& id);
  void infoChanged();
  void dashboardChanged();
  void documentReset();
  // Any change at all (after the specific signal).
  void changed();
  void diagnosticsChanged();
  void clusterFindingsChanged();

 private:
  void touched();

  const model::SpecRegistry& m_registry;
  model::Pipeline m_pipeline;
  QUndoStack* m_undo;
  QTimer* m_validateTimer;
  model::ValidationOptions m_validationOptions;
  std::vector<model::Diagnostic> m_diagnostics;
  std::vector<model::Diagnostic> m_clusterProblems;
  std::optional<std::map<std::string, int>> m_clusterPartitions;
};

}  // namespace tributary::widgets
