#pragma once
// ProblemsPanel: the validation diagnostics of the document as a list
// (severity, node, message, where). Double-click (or Enter) asks the main
// window to select the node and focus the field. Owned by the bottom dock; GUI thread only.

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace tributary::widgets {

class PipelineDocument;

class ProblemsPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit ProblemsPanel(PipelineDocument* document, QWidget* parent = nullptr);
  QTreeWidget* list() const { return m_list; }
  int count() const;
  // Summary for a tab title: "Problems (3)".
  QString title() const;

 Q_SIGNALS:
  void problemActivated(const QString& nodeId, const QString& field);
  void countChanged(int errors, int warnings);

 private:
  void refresh();

  PipelineDocument* m_document;
  QTreeWidget* m_list;
  QLabel* m_empty = nullptr;
  int m_errors = 0, m_warnings = 0;
};

}  // namespace tributary::widgets
