// Back-pressure on the canvas: a fast source into a deliberately slow sink
// fills the sink's input channel, and the edge between them turns red (the
// tooltip gives the queue and says the source waits, the source's footer says
// "waiting on"); when the sink catches up the edge turns green again. The
// sink is a test node whose write() sleeps while the test says so.

#include <atomic>
#include <chrono>
#include <thread>

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QTest>

#include "tests/support/slow_sink.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/run/run_controller.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {

std::atomic<int> g_delayMs{0};

}  // namespace

class TestCanvasBackpressure final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void slowSinkTurnsTheEdgeRedThenGreen() {
    const runtime::FactoryRegistry registry = testing::registryWithSlowSink(g_delayMs);
    PipelineDocument document(registry.specs());
    model::Pipeline pipeline;
    pipeline.name = "backpressure";
    pipeline.nodes = {{"orders", "source.datagen", "", {{"template", "orders"}, {"rate", 20000}}, model::Position{0, 0}},
                      {"slow", "test.slow_sink", "", nlohmann::json::object(), model::Position{360, 0}}};
    pipeline.edges = {{"orders", "", "slow", ""}};
    document.reset(pipeline);
    PipelineScene scene(&document);
    RunController run(registry, &scene, nullptr);
    QGraphicsView view(&scene);
    view.resize(760, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    EdgeItem* edge = scene.edgeItem(pipeline.edges[0]);
    QVERIFY(edge);
    QVERIFY(!edge->load());

    // 20,000 records/s in batches of at most 1,024 into a sink that takes 5 batches a second.
    g_delayMs = 200;
    Status started = run.start(document.pipeline());
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Running, 10000);
    QElapsedTimer clock;
    clock.start();
    auto level = [&] { return edge->load() ? static_cast<int>(edge->load()->level()) : -1; };
    const int full = static_cast<int>(EdgeLoad::Level::Full), low = static_cast<int>(EdgeLoad::Level::Low);
    QTRY_COMPARE_WITH_TIMEOUT(level(), full, 1000);
    qInfo("red after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY2(edge->load()->fill >= 0.9, qPrintable(QString::number(edge->load()->fill)));
    QVERIFY2(edge->toolTip().contains(QStringLiteral("Queue into slow:")), qPrintable(edge->toolTip()));
    QVERIFY2(edge->toolTip().contains(QStringLiteral("of 8 batches")), qPrintable(edge->toolTip()));
    QVERIFY2(edge->toolTip().contains(QStringLiteral("orders is waiting for room")), qPrintable(edge->toolTip()));
    QTRY_VERIFY_WITH_TIMEOUT(scene.nodeItem(QStringLiteral("orders"))->statusText().contains(QStringLiteral("waiting on slow")),
                             1000);
    if (QByteArray dir = qgetenv("TRIBUTARY_SCREENSHOTS"); !dir.isEmpty()) {
      view.fitInView(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
      QApplication::processEvents();
      QVERIFY(view.grab().save(QString::fromUtf8(dir) + QStringLiteral("/canvas-backpressure-red.png")));
    }

    // The sink catches up: the queue drains and the edge is green again.
    g_delayMs = 0;
    clock.restart();
    QTRY_COMPARE_WITH_TIMEOUT(level(), low, 2000);
    qInfo("green after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY2(!scene.nodeItem(QStringLiteral("orders"))->statusText().contains(QStringLiteral("waiting")),
             qPrintable(scene.nodeItem(QStringLiteral("orders"))->statusText()));

    run.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Stopped, 30000);
    // A stopped run shows no queue: the edge has its port colour back.
    QVERIFY(!edge->load());
  }
};

QTEST_MAIN(TestCanvasBackpressure)
#include "test_canvas_backpressure.moc"
