// The main window as a user meets it: problems marked on the canvas and listed,
// jumping from a problem to its field, the inspector editing through undo,
// saving and opening (and refusing a broken file without losing the canvas).

#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include "tests/gui/designer/designer_fixture.h"
#include "widgets/inspector/field_editors.h"
#include "widgets/inspector/inspector.h"
#include "widgets/palette/node_palette.h"
#include "widgets/panels/problems_panel.h"
#include "widgets/shell/main_window.h"

using namespace tributary;
using namespace tributary::widgets;

class TestDesignerWindow final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<MainWindow> m_window;

  PipelineDocument* doc() { return m_window->document(); }

  // gen -> filter -> sink, all valid.
  void buildValidPipeline() {
    doc()->setPipelineInfo(QStringLiteral("orders"), QStringLiteral("test"), QStringLiteral("embedded"));
    doc()->addNode(QStringLiteral("source.gen"), QPointF(0, 0));
    doc()->setConfigValue(QStringLiteral("gen"), QStringLiteral("template"), "orders");
    doc()->addNode(QStringLiteral("transform.filter"), QPointF(300, 0));
    doc()->setConfigValue(QStringLiteral("filter"), QStringLiteral("where"), "amount > 10");
    doc()->addNode(QStringLiteral("sink.file"), QPointF(600, 0));
    doc()->setConfigValue(QStringLiteral("file"), QStringLiteral("path"), "out.jsonl");
    QVERIFY(doc()->connectPorts(model::Edge{"gen", "", "filter", ""}));
    QVERIFY(doc()->connectPorts(model::Edge{"filter", "", "file", ""}));
    doc()->validateNow();
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("TributaryTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_designer_window"));
  }

  void init() {
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = m_dir.filePath(QStringLiteral("autosave"));
    m_window = std::make_unique<MainWindow>(test::designerRegistry(), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  }

  void cleanup() { m_window.reset(); }

  void invalidConfigMarksNodeAndListsProblem() {
    buildValidPipeline();
    QVERIFY(!model::hasErrors(doc()->diagnostics()));
    NodeItem* gen = m_window->scene()->nodeItem(QStringLiteral("gen"));
    QCOMPARE(gen->status(), NodeStatus::Ok);

    doc()->setConfigValue(QStringLiteral("gen"), QStringLiteral("rate"), -5);
    // Validation runs by itself shortly after the change.
    QTRY_COMPARE(gen->status(), NodeStatus::Error);
    QVERIFY2(gen->toolTip().contains(QStringLiteral("at least 0")), qPrintable(gen->toolTip()));
    QVERIFY(gen->statusText().contains(QStringLiteral("at least 0")));
    QCOMPARE(m_window->scene()->nodeItem(QStringLiteral("filter"))->status(), NodeStatus::Ok);

    QTreeWidget* list = m_window->problems()->list();
    QTreeWidgetItem* row = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
      if (list->topLevelItem(i)->text(1) == QLatin1String("gen")) row = list->topLevelItem(i);
    QVERIFY(row);
    QVERIFY(row->text(0).contains(QStringLiteral("rate")));
    QCOMPARE(row->text(2), QStringLiteral("$.nodes[0].config.rate"));

    // Activating the problem selects the node and puts the cursor in the field.
    Q_EMIT list->itemActivated(row, 0);
    QCOMPARE(m_window->scene()->selectedNodeIds(), QStringList{QStringLiteral("gen")});
    QCOMPARE(m_window->inspector()->currentNode(), QStringLiteral("gen"));
    FieldEditor* rate = m_window->inspector()->editor(QStringLiteral("rate"));
    QVERIFY(rate);
    QTRY_VERIFY(rate->isAncestorOf(QApplication::focusWidget()));
    QVERIFY(m_window->inspector()->fieldError(QStringLiteral("rate")).contains(QStringLiteral("at least 0")));

    // Fixing it clears the mark.
    doc()->setConfigValue(QStringLiteral("gen"), QStringLiteral("rate"), 5);
    QTRY_COMPARE(gen->status(), NodeStatus::Ok);
    QTRY_VERIFY(m_window->inspector()->fieldError(QStringLiteral("rate")).isEmpty());
  }

  void inspectorEditsGoThroughUndo() {
    buildValidPipeline();
    m_window->scene()->selectNode(QStringLiteral("filter"));
    QCOMPARE(m_window->inspector()->currentNode(), QStringLiteral("filter"));
    FieldEditor* where = m_window->inspector()->editor(QStringLiteral("where"));
    QVERIFY(where);
    where->focusEditor();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_End);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("0"));
    QVERIFY(doc()->node(QStringLiteral("filter"))->config["where"] == nlohmann::json("amount > 100"));
    doc()->undoStack()->undo();
    QVERIFY(doc()->node(QStringLiteral("filter"))->config["where"] == nlohmann::json("amount > 10"));
    // The editor follows the undo.
    QVERIFY(where->value() == nlohmann::json("amount > 10"));
  }

  void saveThenOpenRoundTrips() {
    buildValidPipeline();
    doc()->setLabel(QStringLiteral("file"), QStringLiteral("Archive"));
    QVERIFY(m_window->isModified());
    QString path = m_dir.filePath(QStringLiteral("orders.tributary.json"));
    Status written = m_window->saveTo(path);
    QVERIFY2(written, written ? "" : written.error().toString().c_str());
    QVERIFY(!m_window->isModified());
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("orders.tributary.json")));
    std::string saved = test::serialized(*doc());

    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = m_dir.filePath(QStringLiteral("autosave2"));
    MainWindow other(test::designerRegistry(), options);
    Status opened = other.openFile(path);
    QVERIFY2(opened, opened ? "" : opened.error().toString().c_str());
    QCOMPARE(test::serialized(*other.document()), saved);
    QCOMPARE(other.scene()->nodeItems().size(), 3);
    QVERIFY(!other.isModified());
    QCOMPARE(other.filePath(), QFileInfo(path).absoluteFilePath());
    // Saving again writes the same bytes.
    QString again = m_dir.filePath(QStringLiteral("again.tributary.json"));
    QVERIFY(other.saveTo(again));
    QFile a(path), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());
  }

  void brokenFileIsRejectedAndCanvasKept() {
    buildValidPipeline();
    std::string before = test::serialized(*doc());
    QString path = m_dir.filePath(QStringLiteral("broken.tributary.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"tributary\": 1,\n  \"name\": \"x\",\n  \"nodes\": [ {\"id\": \"a\" \n");
    file.close();
    Status opened = m_window->openFile(path);
    QVERIFY(!opened);
    QString error = QString::fromStdString(opened.error().toString());
    QVERIFY2(error.contains(QStringLiteral("line")), qPrintable(error));
    QCOMPARE(test::serialized(*doc()), before);
    QCOMPARE(m_window->scene()->nodeItems().size(), 3);
    QVERIFY(m_window->isModified());
  }

  void autosaveWritesAndCleanSaveRemoves() {
    buildValidPipeline();
    m_window->autosaveNow();
    QVERIFY(QFile::exists(m_window->autosavePath()));
    auto recovered = model::loadPipeline(m_window->autosavePath().toStdString());
    QVERIFY(recovered.ok());
    QCOMPARE(model::serializePipeline(*recovered), test::serialized(*doc()));
    QVERIFY(m_window->saveTo(m_dir.filePath(QStringLiteral("kept.tributary.json"))));
    QVERIFY(!QFile::exists(m_window->autosavePath()));
  }

  void paletteSearchFilters() {
    auto* palette = m_window->palette();
    palette->setFilter(QStringLiteral("unwrap"));
    QVERIFY(palette->indexOfType(QStringLiteral("transform.unwrap")).isValid());
    QVERIFY(!palette->indexOfType(QStringLiteral("source.gen")).isValid());
    palette->setFilter(QString());
    QVERIFY(palette->indexOfType(QStringLiteral("source.gen")).isValid());
  }
};

QTEST_MAIN(TestDesignerWindow)
#include "test_designer_window.moc"
