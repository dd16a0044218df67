// The canvas as a user drives it: drop from the palette, connect ports with the
// mouse (and be refused), move, delete, copy/paste, undo/redo, auto layout.

#include <QApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include "tests/gui/designer/designer_fixture.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/palette/node_palette.h"

using namespace tributary;
using namespace tributary::widgets;

class TestDesignerCanvas final : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PipelineDocument> m_document;
  std::unique_ptr<PipelineScene> m_scene;
  std::unique_ptr<PipelineView> m_view;

  QString add(const char* type, qreal x, qreal y) {
    return m_document->addNode(QString::fromLatin1(type), QPointF(x, y));
  }

 private Q_SLOTS:
  void init() {
    m_document = std::make_unique<PipelineDocument>(test::designerRegistry());
    m_scene = std::make_unique<PipelineScene>(m_document.get());
    m_view = std::make_unique<PipelineView>(m_scene.get());
    m_view->resize(1200, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->centerOn(400, 150);
  }

  void cleanup() {
    m_view.reset();
    m_scene.reset();
    m_document.reset();
  }

  void dropFromPaletteCreatesNode() {
    NodePalette palette(test::designerRegistry());
    QModelIndex index = palette.indexOfType(QStringLiteral("transform.filter"));
    QVERIFY(index.isValid());
    // The payload the palette's own model puts on a drag.
    std::unique_ptr<QMimeData> mime(palette.view()->model()->mimeData({index}));
    QVERIFY(mime);
    QVERIFY(mime->hasFormat(PipelineScene::nodeTypeMimeType()));
    QWidget* viewport = m_view->viewport();
    QPoint at(500, 300);
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);

    const auto& nodes = m_document->pipeline().nodes;
    QCOMPARE(nodes.size(), std::size_t(1));
    QCOMPARE(nodes[0].type, std::string("transform.filter"));
    QCOMPARE(nodes[0].id, std::string("filter"));
    NodeItem* item = m_scene->nodeItem(QStringLiteral("filter"));
    QVERIFY(item);
    QVERIFY(item->isSelected());
    // Centred under the drop point (within the snapping grid).
    QPointF centre = item->sceneBoundingRect().center();
    QPointF dropped = m_view->mapToScene(at);
    QVERIFY2(std::abs(centre.x() - dropped.x()) <= 20 && std::abs(centre.y() - dropped.y()) <= 20,
             qPrintable(QStringLiteral("node at %1,%2, dropped at %3,%4")
                            .arg(centre.x())
                            .arg(centre.y())
                            .arg(dropped.x())
                            .arg(dropped.y())));
    // One undo step removes it again.
    m_document->undoStack()->undo();
    QVERIFY(m_document->pipeline().nodes.empty());
    QVERIFY(!m_scene->nodeItem(QStringLiteral("filter")));
  }

  void connectingPortsCreatesEdge() {
    QString gen = add("source.gen", 0, 0);
    QString filter = add("transform.filter", 400, 0);
    QWidget* viewport = m_view->viewport();
    QSignalSpy made(m_scene.get(), &PipelineScene::connectionMade);
    test::dragMouse(viewport, test::portPoint(m_view.get(), gen, true), test::portPoint(m_view.get(), filter, false));
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(1));
    const model::Edge& edge = m_document->pipeline().edges[0];
    QCOMPARE(edge.from, std::string("gen"));
    QCOMPARE(edge.to, std::string("filter"));
    QVERIFY(edge.fromPort.empty() && edge.toPort.empty());  // single ports stay unnamed in the file
    QCOMPARE(made.count(), 1);
    EdgeItem* item = m_scene->edgeItem(edge);
    QVERIFY(item);
    // The curve runs between the two ports.
    QCOMPARE(item->shape().contains(m_scene->nodeItem(gen)->portScenePos({true, 0})), true);

    // Dragging backwards, from an input to an output, connects the same way.
    QString gen2 = add("source.gen", 0, 200);
    QString sink = add("sink.file", 800, 100);
    test::dragMouse(viewport, test::portPoint(m_view.get(), sink, false), test::portPoint(m_view.get(), gen2, true));
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(2));
    QCOMPARE(m_document->pipeline().edges[1].from, std::string("gen2"));

    // The edge follows a moved node.
    QPointF before = item->boundingRect().center();
    m_document->moveNodes({{filter, QPointF(400, 300)}});
    QVERIFY(item->boundingRect().center() != before);
  }

  void incompatibleConnectionIsRefusedVisibly() {
    QString cdc = add("source.cdc", 0, 0);             // emits change events
    QString filter = add("transform.filter", 400, 0);  // takes records only
    QString sink = add("sink.file", 400, 200);         // takes both
    QWidget* viewport = m_view->viewport();
    QSignalSpy refused(m_scene.get(), &PipelineScene::connectionRefused);

    QPoint from = test::portPoint(m_view.get(), cdc, true);
    QPoint to = test::portPoint(m_view.get(), filter, false);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(viewport, (from + to) / 2);
    // While dragging, the records-only input is struck out and the file sink's input offered.
    ConnectionDragItem* drag = nullptr;
    for (QGraphicsItem* item : m_scene->items())
      if (auto* d = qgraphicsitem_cast<ConnectionDragItem*>(item)) drag = d;
    QVERIFY(drag && drag->isVisible());
    QTest::mouseMove(viewport, to);
    QVERIFY(drag->refused());
    QCOMPARE(viewport->cursor().shape(), Qt::ForbiddenCursor);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, to);

    QVERIFY(m_document->pipeline().edges.empty());
    QCOMPARE(refused.count(), 1);
    QString reason = refused.first().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("changes")), qPrintable(reason));
    QVERIFY(!drag->isVisible());
    QVERIFY(!m_document->undoStack()->canUndo() ||
            m_document->undoStack()->undoText().startsWith(QStringLiteral("Add")));

    // The compatible target next to it works.
    test::dragMouse(viewport, from, test::portPoint(m_view.get(), sink, false));
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(1));
    // A second identical connection and a cycle are refused too.
    test::dragMouse(viewport, from, test::portPoint(m_view.get(), sink, false));
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(1));
    QCOMPARE(refused.count(), 2);
  }

  void undoRedoRestoreExactState() {
    std::vector<std::string> states{test::serialized(*m_document)};
    auto snap = [&] { states.push_back(test::serialized(*m_document)); };
    QString gen = add("source.gen", 0, 0);
    snap();
    QString filter = add("transform.filter", 300, 0);
    snap();
    QString sink = add("sink.file", 600, 0);
    snap();
    QWidget* viewport = m_view->viewport();
    test::dragMouse(viewport, test::portPoint(m_view.get(), gen, true), test::portPoint(m_view.get(), filter, false));
    snap();
    test::dragMouse(viewport, test::portPoint(m_view.get(), filter, true), test::portPoint(m_view.get(), sink, false));
    snap();
    m_document->setConfigValue(gen, QStringLiteral("rate"), 250);
    snap();
    m_document->setConfigValue(filter, QStringLiteral("where"), "price > 10");
    snap();
    m_document->setLabel(sink, QStringLiteral("Archive"));
    snap();
    // Move a node with the mouse: press on its body, drag, release.
    QPoint body = m_view->mapFromScene(m_scene->nodeItem(filter)->sceneBoundingRect().center() + QPointF(0, 10));
    test::dragMouse(viewport, body, body + QPoint(60, 80));
    QVERIFY(m_document->node(filter)->position->y > 0);
    snap();
    // Delete the middle node: its two edges go with it, in one step.
    m_scene->selectNode(filter);
    m_scene->deleteSelection();
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(0));
    snap();
    m_scene->autoLayout();
    snap();
    QCOMPARE(m_document->undoStack()->count(), static_cast<int>(states.size()) - 1);

    for (auto i = states.size() - 1; i > 0; --i) {
      m_document->undoStack()->undo();
      QCOMPARE(test::serialized(*m_document), states[i - 1]);
    }
    QCOMPARE(m_scene->nodeItems().size(), 0);
    for (std::size_t i = 1; i < states.size(); ++i) {
      m_document->undoStack()->redo();
      QCOMPARE(test::serialized(*m_document), states[i]);
    }
    // The scene agrees with the document after all that.
    QCOMPARE(m_scene->nodeItems().size(), static_cast<qsizetype>(m_document->pipeline().nodes.size()));
    for (const auto& node : m_document->pipeline().nodes) {
      NodeItem* item = m_scene->nodeItem(QString::fromStdString(node.id));
      QVERIFY(item);
      QCOMPARE(item->pos(), QPointF(node.position->x, node.position->y));
    }
  }

  void typingMergesIntoOneUndoStep() {
    QString filter = add("transform.filter", 0, 0);
    int before = m_document->undoStack()->count();
    for (const char* text : {"p", "pr", "pri", "price > 1"})
      m_document->setConfigValue(filter, QStringLiteral("where"), text, true);
    QCOMPARE(m_document->undoStack()->count(), before + 1);
    m_document->undoStack()->undo();
    QVERIFY(!m_document->node(filter)->config.contains("where"));
  }

  void duplicateAndPasteRenameIds() {
    QString gen = add("source.gen", 0, 0);
    QString filter = add("transform.filter", 300, 0);
    QVERIFY(m_document->connectPorts(model::Edge{"gen", "", "filter", ""}));
    Fragment fragment = m_document->fragment({gen, filter});
    QCOMPARE(fragment.edges.size(), std::size_t(1));
    QStringList ids = m_document->addFragment(fragment, QPointF(40, 40), QStringLiteral("Duplicate"));
    QCOMPARE(ids, (QStringList{QStringLiteral("gen2"), QStringLiteral("filter2")}));
    QCOMPARE(m_document->pipeline().edges.size(), std::size_t(2));
    QCOMPARE(m_document->pipeline().edges[1].from, std::string("gen2"));
    QCOMPARE(m_document->node(QStringLiteral("gen2"))->position->x, 40.0);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->pipeline().nodes.size(), std::size_t(2));
  }

  void zoomAndFit() {
    add("source.gen", 0, 0);
    add("sink.file", 3000, 2000);
    m_view->fitToContents();
    QVERIFY(m_view->zoom() < 0.5);
    QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QVERIFY(visible.contains(m_scene->contentRect()));
    qreal z = m_view->zoom();
    QWheelEvent wheel(QPointF(300, 300), m_view->viewport()->mapToGlobal(QPointF(300, 300)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QPointF under = m_view->mapToScene(QPoint(300, 300));
    QApplication::sendEvent(m_view->viewport(), &wheel);
    QVERIFY(m_view->zoom() > z);
    // The point under the cursor stays put.
    QPointF after = m_view->mapToScene(QPoint(300, 300));
    QVERIFY2(QLineF(under, after).length() < 3.0 / m_view->zoom(), "zoom drifted");
    // Middle-button drag pans.
    QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
    test::dragMouse(m_view->viewport(), QPoint(400, 400), QPoint(500, 450), Qt::MiddleButton);
    QVERIFY(m_view->mapToScene(m_view->viewport()->rect().center()) != centre);
  }
};

QTEST_MAIN(TestDesignerCanvas)
#include "test_designer_canvas.moc"
