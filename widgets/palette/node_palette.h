#pragma once
// NodePalette: the list of node types on the left, grouped into Sources,
// Transforms, Topics and Sinks, with a search field. Items can be dragged onto
// the canvas (MIME type PipelineScene::nodeTypeMimeType()) or activated with a
// double-click / Enter to add them at the centre of the view.
// Owned by the main window's dock; GUI thread only.

#include <QWidget>

#include "core/model/spec_registry.h"

class QLineEdit;
class QTreeView;
class QStandardItemModel;
class QSortFilterProxyModel;
class QMimeData;
class QModelIndex;

namespace tributary::widgets {

class NodePalette final : public QWidget {
  Q_OBJECT

 public:
  explicit NodePalette(const model::SpecRegistry& registry, QWidget* parent = nullptr);

  void setFilter(const QString& text);
  QTreeView* view() const { return m_view; }
  // The drag payload for a node type (what a drag from the palette carries).
  static QMimeData* mimeDataFor(const QString& type);
  // The index of a type in the view, for tests and keyboard navigation.
  QModelIndex indexOfType(const QString& type) const;
  void rebuild();

 Q_SIGNALS:
  void typeActivated(const QString& type);

 private:
  const model::SpecRegistry& m_registry;
  QLineEdit* m_search;
  QTreeView* m_view;
  QStandardItemModel* m_model;
  QSortFilterProxyModel* m_proxy;
};

}  // namespace tributary::widgets
