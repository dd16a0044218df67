// Running from the canvas: the demo template runs on the embedded runtime,
// every node shows records/s, edges thicken, Data Preview fills with the
// records of the selected connection, and Stop ends the run.

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

#include "core/base/log.h"
#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/panels/data_preview.h"
#include "widgets/run/run_controller.h"
#include "widgets/shell/main_window.h"

using namespace tributary;
using namespace tributary::widgets;

class TestDesignerRun final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void demoRunsWithLiveFigures() {
    QString demo = QStringLiteral(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json");
    // The demo template ships with the tree: its absence is a failure, not a reason to skip.
    QVERIFY2(QFileInfo::exists(demo), qPrintable(demo + QStringLiteral(" is missing")));
    QTemporaryDir dir;
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = dir.filePath(QStringLiteral("autosave"));
    MainWindow window(connectors::builtinSpecs(), options);
    auto* run = new RunController(connectors::builtinFactories(), window.scene(), window.dataPreview(), &window);
    window.setRunController(run);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Status opened = window.openTemplate(demo);
    QVERIFY2(opened, opened ? "" : opened.error().toString().c_str());
    window.document()->validateNow();
    QVERIFY(!model::hasErrors(window.document()->diagnostics()));

    // Watch the last connection: what reaches the sink.
    const model::Edge last = window.document()->pipeline().edges.back();
    window.scene()->edgeItem(last)->setSelected(true);

    window.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Running, 10000);
    for (const auto& node : window.document()->pipeline().nodes) {
      QString id = QString::fromStdString(node.id);
      QTRY_VERIFY2_WITH_TIMEOUT(run->nodeRate(id) > 0, qPrintable(id), 10000);
      NodeItem* item = window.scene()->nodeItem(id);
      QCOMPARE(item->status(), NodeStatus::Running);
      QVERIFY2(item->statusText().contains(QStringLiteral("records")), qPrintable(item->statusText()));
    }
    QVERIFY(window.scene()->edgeItem(last)->throughput() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(window.dataPreview()->recordCount() > 0, 10000);
    QVERIFY(window.dataPreview()->recordText(0).startsWith(QLatin1Char('{')));

    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Stopped, 30000);
    QCOMPARE(window.scene()->nodeItem(QString::fromStdString(last.to))->status(), NodeStatus::Stopped);
    // Editing after the run clears the run figures.
    window.document()->setLabel(QString::fromStdString(last.to), QStringLiteral("Output"));
    QCOMPARE(window.scene()->edgeItem(last)->throughput(), -1.0);
  }

  // An aggregate shows its state store size and late-record count on its node
  // while running (tributary_node_state_bytes, tributary_node_late_records_total).
  void aggregateShowsItsState() {
    QTemporaryDir dir;
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = dir.filePath(QStringLiteral("autosave"));
    MainWindow window(connectors::builtinSpecs(), options);
    auto* run = new RunController(connectors::builtinFactories(), window.scene(), window.dataPreview(), &window);
    window.setRunController(run);
    model::Pipeline p;
    p.name = "state-on-canvas-" + std::to_string(QCoreApplication::applicationPid());
    p.nodes.push_back(
        {"gen", "source.datagen", "", {{"template", "orders"}, {"seed", 3}, {"rate", 2000}}, model::Position{0, 0}});
    p.nodes.push_back({"agg",
                       "transform.aggregate",
                       "",
                       {{"window", "tumbling"},
                        {"size", "1h"},
                        {"group_by", {"product"}},
                        {"aggregates", {"count(*) AS n", "sum(quantity) AS units"}}},
                       model::Position{300, 0}});
    p.nodes.push_back({"out",
                       "sink.file",
                       "",
                       {{"path", dir.filePath(QStringLiteral("out.jsonl")).toStdString()}},
                       model::Position{600, 0}});
    p.edges.push_back({"gen", "", "agg", ""});
    p.edges.push_back({"agg", "", "out", ""});
    window.document()->reset(p);
    std::string problems;
    for (const auto& d : window.document()->diagnostics())
      if (d.severity == model::Severity::Error) problems += model::format(d) + "\n";
    QVERIFY2(problems.empty(), problems.c_str());

    window.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Running, 10000);
    NodeItem* agg = window.scene()->nodeItem(QStringLiteral("agg"));
    // The designer's runs keep the state in a RocksDB store under the GUI's
    // state directory: its size is there after the first flush (not 0 bytes).
    // They are on the line below the record count (the footer is too narrow for both).
    const QRegularExpression figures(QStringLiteral("^state [1-9][0-9.]* (bytes|KiB|MiB) · 0 late$"));
    QTRY_VERIFY2_WITH_TIMEOUT(figures.match(agg->runLine()).hasMatch(), qPrintable(agg->runLine()), 20000);
    QVERIFY2(agg->statusText().contains(QStringLiteral("records")), qPrintable(agg->statusText()));
    // Stateless nodes show no state figures.
    QVERIFY2(window.scene()->nodeItem(QStringLiteral("gen"))->runLine().isEmpty(),
             qPrintable(window.scene()->nodeItem(QStringLiteral("gen"))->runLine()));
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Stopped, 30000);
    QVERIFY2(figures.match(agg->runLine()).hasMatch(), qPrintable(agg->runLine()));  // still shown after the run
    // The store is under the GUI's state directory, next to the run's checkpoint.
    const std::filesystem::path state = log::stateDirectory() / "designer" / (p.name + ".state") / "agg";
    QVERIFY2(std::filesystem::is_directory(state), state.c_str());
  }

  void failedNodeTurnsRed() {
    QTemporaryDir dir;
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = dir.filePath(QStringLiteral("autosave"));
    MainWindow window(connectors::builtinSpecs(), options);
    auto* run = new RunController(connectors::builtinFactories(), window.scene(), window.dataPreview(), &window);
    window.setRunController(run);
    // A file source reading a file that does not exist fails when it opens.
    model::Pipeline p;
    p.name = "broken";
    p.nodes.push_back({"in",
                       "source.file",
                       "",
                       {{"path", dir.filePath(QStringLiteral("missing.jsonl")).toStdString()}},
                       model::Position{0, 0}});
    p.nodes.push_back({"out", "sink.stdout", "", nlohmann::json::object(), model::Position{300, 0}});
    p.edges.push_back({"in", "", "out", ""});
    window.document()->reset(p);
    // This pipeline must be valid for the run to fail at run time; if the spec
    // of source.file or sink.stdout changed, this test must change with it.
    std::string problems;
    for (const auto& d : window.document()->diagnostics())
      if (d.severity == model::Severity::Error) problems += model::format(d) + "\n";
    QVERIFY2(problems.empty(), problems.c_str());
    window.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Failed, 10000);
    QCOMPARE(window.scene()->nodeItem(QStringLiteral("in"))->status(), NodeStatus::Failed);
    QVERIFY(!run->reason().isEmpty());
  }
};

QTEST_MAIN(TestDesignerRun)
#include "test_designer_run.moc"
