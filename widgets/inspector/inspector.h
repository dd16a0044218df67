#pragma once
// Inspector: the form on the right. For a selected node it builds one row per
// config field from the node type's spec (FieldEditor per type, help text,
// default as placeholder, the validation error under the field); with nothing
// selected it edits the pipeline's name, description and cluster; for an edge
// it says what flows along it. Every change goes to the document as an undo
// command; document changes (undo, redo) flow back into the editors.
// While a run shows a topic node's consumer group members (RunState, fed by a
// local run or the runners), the node's page lists each member with the
// partitions it holds now, kept up to date on every rebalance.
// Owned by the main window's dock; GUI thread only.

#include <map>

#include <QPointer>
#include <QWidget>

#include "core/model/pipeline.h"

class QLabel;
class QLineEdit;
class QScrollArea;
class QVBoxLayout;
class QToolButton;
class QFrame;

namespace tributary::widgets {

class PipelineDocument;
class FieldEditor;
class RunState;

class Inspector final : public QWidget {
  Q_OBJECT

 public:
  explicit Inspector(PipelineDocument* document, QWidget* parent = nullptr);

  // What to show: a node, an edge, or (both empty) the pipeline.
  void showNode(const QString& nodeId);
  void showEdge(const model::Edge& edge);
  void showPipeline();
  QString currentNode() const { return m_nodeId; }
  // The run figures to follow (the scene's RunState); the node page shows its members from them.
  void setRunState(RunState* state);
  // The node page's member list as shown (empty when hidden), for tests.
  QString membersText() const;

  // Scrolls to a field, opens the advanced section if needed, and focuses its editor.
  void focusField(const QString& field);
  FieldEditor* editor(const QString& field) const;
  // The error text shown under a field (empty when none), for tests.
  QString fieldError(const QString& field) const;

 private:
  struct Row {
    FieldEditor* editor = nullptr;
    QLabel* error = nullptr;
    QWidget* container = nullptr;
    bool advanced = false;
  };

  void clearForm();
  void buildNodeForm();
  void buildPipelineForm();
  void buildEdgeForm();
  void refreshValues();
  void refreshDiagnostics();
  void refreshMembers();
  QWidget* header(const QPixmap& badge, const QString& title, const QString& subtitle);
  void onDocumentReset();

  PipelineDocument* m_document;
  QScrollArea* m_scroll;
  QWidget* m_page = nullptr;
  QVBoxLayout* m_layout = nullptr;
  QString m_nodeId;
  std::optional<model::Edge> m_edge;
  std::map<QString, Row> m_rows;
  QLabel* m_nodeProblems = nullptr;
  QPointer<RunState> m_runState;
  QWidget* m_membersBox = nullptr;  // heading and list, shown while the run reports members
  QLabel* m_members = nullptr;
  QLineEdit* m_label = nullptr;
  QLineEdit* m_name = nullptr;
  QLineEdit* m_description = nullptr;
  QLineEdit* m_bootstrap = nullptr;
  QLabel* m_summary = nullptr;
  QWidget* m_advancedBox = nullptr;
  QToolButton* m_advancedToggle = nullptr;
};

}  // namespace tributary::widgets
