// Back-pressure on the canvas for a runner run: the open pipeline (a fast
// datagen into a file sink) is deployed to a real `tributary-runner serve`.
// The sink's file is a named pipe that nobody reads, so its writes block
// once the pipe's buffer is full, the sink's input channel fills up, and the
// runner's metrics report it (tributary_node_queue_fill,
// tributary_node_queue_capacity_batches). The edge into the sink turns red
// with the same tooltip as for a local run; once `cat` (not our code)
// drains the pipe it turns green again.
#include <QAbstractButton>
#include <QProcess>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <sys/stat.h>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "remote_fixture.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;

class TestCanvasRunnerBackpressure final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_STATE_HOME", m_home.filePath(QStringLiteral("state")).toUtf8());
  }

  void blockedSinkOnARunnerTurnsTheEdgeRedThenGreen() {
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("out.pipe"));
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    Runner runner;
    runner.stateDir = dir.filePath(QStringLiteral("runner")).toStdString();
    runner.logFile = dir.filePath(QStringLiteral("runner.err")).toStdString();
    QVERIFY2(runner.start(), runner.log().c_str());

    model::Pipeline pipeline;
    pipeline.name = "runner-backpressure";
    pipeline.nodes = {{"orders", "source.datagen", "", {{"template", "orders"}, {"rate", 20000}}, model::Position{0, 0}},
                      {"out", "sink.file", "", {{"path", fifo.toStdString()}}, model::Position{360, 0}}};
    pipeline.edges = {{"orders", "", "out", ""}};
    widgets::PipelineDocument document(connectors::builtinSpecs());
    document.reset(pipeline);
    widgets::PipelineScene scene(&document);
    widgets::RunnersPanel panel(&document);
    panel.monitor()->setScene(&scene);
    panel.monitor()->setInterval(300);
    panel.show();
    panel.addRunner(QString::fromStdString(runner.url), QString::fromStdString(runner.token));
    auto* tree = panel.findChild<QTreeWidget*>();
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(0)->text(1), QStringLiteral("healthy"), 15000);
    QAbstractButton* deploy = nullptr;
    for (auto* b : panel.findChildren<QAbstractButton*>())
      if (b->text() == QStringLiteral("Deploy")) deploy = b;
    QVERIFY(deploy);
    deploy->click();

    widgets::EdgeItem* edge = scene.edgeItem(document.pipeline().edges[0]);
    QVERIFY(edge);
    auto level = [&] { return edge->load() ? static_cast<int>(edge->load()->level()) : -1; };
    const int full = static_cast<int>(widgets::EdgeLoad::Level::Full), low = static_cast<int>(widgets::EdgeLoad::Level::Low);
    // Nobody reads the pipe: the sink blocks, its channel fills, the runner reports it.
    QTRY_COMPARE_WITH_TIMEOUT(level(), full, 30000);
    QVERIFY2(edge->load()->fill >= 0.9, qPrintable(QString::number(edge->load()->fill)));
    QVERIFY2(edge->toolTip().contains(QStringLiteral("Queue into out:")), qPrintable(edge->toolTip()));
    QVERIFY2(edge->toolTip().contains(QStringLiteral("orders is waiting for room")), qPrintable(edge->toolTip()));
    QTRY_VERIFY_WITH_TIMEOUT(scene.nodeItem(QStringLiteral("orders"))->statusText().contains(QStringLiteral("waiting on out")),
                             5000);

    // cat drains the pipe: the sink catches up, the edge is green again.
    QProcess cat;
    cat.setStandardOutputFile(QProcess::nullDevice());
    cat.start(QStringLiteral("cat"), {fifo});
    QVERIFY(cat.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(level(), low, 15000);
    QVERIFY2(!scene.nodeItem(QStringLiteral("orders"))->statusText().contains(QStringLiteral("waiting")),
             qPrintable(scene.nodeItem(QStringLiteral("orders"))->statusText()));

    // Stop the pipeline on the runner before the reader goes away.
    auto stopped = runner.client->stop(pipeline.name);
    QVERIFY2(stopped, stopped ? "" : stopped.error().toString().c_str());
    QVERIFY(waitUntil(
        [&] {
          auto p = runner.client->pipeline(pipeline.name);
          return p && (*p)["state"] == "stopped";
        },
        std::chrono::seconds(30)));
    cat.kill();
    cat.waitForFinished();
  }

 private:
  QTemporaryDir m_home;
};

QTEST_MAIN(TestCanvasRunnerBackpressure)
#include "test_canvas_runner_backpressure.moc"
