#pragma once
// Shared set-up for the designer's GUI tests: the made-up node types of the
// model tests (so the tests do not depend on which connectors exist) and a
// few helpers to drive the canvas with real mouse events.

#include <QGraphicsView>
#include <QTest>

#include "core/model/pipeline_file.h"
#include "tests/unit/model/test_registry_fixture.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/document/pipeline_document.h"

namespace tributary::test {

inline const model::SpecRegistry& designerRegistry() {
  static const model::SpecRegistry registry = fixtureRegistry();
  return registry;
}

inline std::string serialized(const widgets::PipelineDocument& document) {
  return model::serializePipeline(document.pipeline());
}

// Viewport coordinates of a node's port.
inline QPoint portPoint(widgets::PipelineView* view, const QString& nodeId, bool output, int index = 0) {
  widgets::NodeItem* item = view->pipelineScene()->nodeItem(nodeId);
  return view->mapFromScene(item->portScenePos(widgets::PortRef{output, index}));
}

// Presses on `from`, moves in steps to `to` and releases there, as a hand would.
inline void dragMouse(QWidget* viewport, QPoint from, QPoint to, Qt::MouseButton button = Qt::LeftButton) {
  QTest::mousePress(viewport, button, Qt::NoModifier, from);
  for (int i = 1; i <= 4; ++i) QTest::mouseMove(viewport, from + (to - from) * i / 4);
  QTest::mouseRelease(viewport, button, Qt::NoModifier, to);
}

}  // namespace tributary::test
