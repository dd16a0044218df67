// A connected source's state on the canvas while the run is live: source.mqtt
// against a real Mosquitto shows "connected · subscribed TOPIC" on its node;
// with the broker killed it shows "reconnecting · attempt N · back-off S s",
// and "connected" again once the broker is back on the same port. The figures
// come from the source's gauges through the run's metrics registry, as the
// aggregate's "state … · … late" does.

#include <QApplication>
#include <QGraphicsView>
#include <QTemporaryDir>
#include <QTest>

#include "core/connectors/builtin.h"
#include "tests/integration/sources/source_harness.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/run/run_controller.h"

using namespace tributary;
using namespace tributary::widgets;

class TestCanvasSourceState final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mqttConnectionStateOnTheNode() {
    testing::MosquittoBroker broker;
    QVERIFY(broker.start());
    QTemporaryDir dir;
    const runtime::FactoryRegistry registry = connectors::builtinFactories();
    PipelineDocument document(registry.specs());
    model::Pipeline pipeline;
    pipeline.name = "mqtt-state";
    pipeline.nodes = {{"iot", "source.mqtt", "",
                       {{"brokers", {broker.uri()}},
                        {"topics", {"iot/+/readings", "alerts/#"}},
                        {"qos", 1},
                        {"client_id", "canvas-state-test"},
                        {"reconnect_backoff", "400ms"}},
                       model::Position{0, 0}},
                      {"out", "sink.file", "", {{"path", dir.filePath(QStringLiteral("out.jsonl")).toStdString()}},
                       model::Position{360, 0}}};
    pipeline.edges = {{"iot", "", "out", ""}};
    document.reset(pipeline);
    PipelineScene scene(&document);
    RunController run(registry, &scene, nullptr);
    QGraphicsView view(&scene);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    NodeItem* node = scene.nodeItem(QStringLiteral("iot"));
    QVERIFY(node);
    QVERIFY(!node->statusText().contains(QStringLiteral("connected")));

    Status started = run.start(document.pipeline());
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(
        node->statusText().contains(QStringLiteral("connected · subscribed iot/+/readings, alerts/#")), 10000);
    // Records flow and the state stays on the footer next to the count.
    QVERIFY(broker.publish("iot/dev-1/readings", {"{\"t\":1}", "{\"t\":2}"}));
    QTRY_VERIFY_WITH_TIMEOUT(node->statusText().startsWith(QStringLiteral("2 records")), 10000);
    QVERIFY2(node->statusText().contains(QStringLiteral("connected")), qPrintable(node->statusText()));

    // The broker goes away: attempts and back-off show while it is down.
    broker.kill(SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(node->statusText().contains(QStringLiteral("reconnecting · attempt ")), 10000);
    QVERIFY2(node->statusText().contains(QStringLiteral(" s")), qPrintable(node->statusText()));
    QVERIFY2(!node->statusText().contains(QStringLiteral("subscribed")), qPrintable(node->statusText()));
    // The attempt count grows (0.4 s, 0.8 s, 1.6 s … between attempts).
    QTRY_VERIFY_WITH_TIMEOUT(node->statusText().contains(QStringLiteral("attempt 3")), 15000);
    QVERIFY2(node->statusText().contains(QStringLiteral("back-off 1.6 s")), qPrintable(node->statusText()));
    if (QByteArray shots = qgetenv("TRIBUTARY_SCREENSHOTS"); !shots.isEmpty()) {
      view.fitInView(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
      QApplication::processEvents();
      QVERIFY(view.grab().save(QString::fromUtf8(shots) + QStringLiteral("/canvas-mqtt-reconnecting.png")));
    }

    // Back on the same port: connected and subscribed again.
    QVERIFY(broker.start());
    QTRY_VERIFY_WITH_TIMEOUT(
        node->statusText().contains(QStringLiteral("connected · subscribed iot/+/readings, alerts/#")), 30000);
    QVERIFY2(!node->statusText().contains(QStringLiteral("reconnecting")), qPrintable(node->statusText()));

    run.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Stopped, 30000);
    // A stopped run keeps its totals but no live connection state.
    QVERIFY2(!node->statusText().contains(QStringLiteral("connected")), qPrintable(node->statusText()));
  }
};

QTEST_MAIN(TestCanvasSourceState)
#include "test_canvas_source_state.moc"
