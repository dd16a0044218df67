// A connected source's state on the canvas while the run is live: source.mqtt
// against a real Mosquitto shows "N records · connected" on its node and the
// subscribed topic filters (in name order) in its tooltip; with the broker
// killed it shows "reconnecting #N · S s · …" (the attempt and the back-off,
// before the counts), and "connected" again once the broker is back on the
// same port. The figures come from the source's gauges through the run's
// metrics registry, as the aggregate's "state … · … late" does.

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
    pipeline.nodes = {{"iot",
                       "source.mqtt",
                       "",
                       {{"brokers", {broker.uri()}},
                        {"topics", {"iot/+/readings", "alerts/#"}},
                        {"qos", 1},
                        {"client_id", "canvas-state-test"},
                        {"reconnect_backoff", "400ms"}},
                       model::Position{0, 0}},
                      {"out",
                       "sink.file",
                       "",
                       {{"path", dir.filePath(QStringLiteral("out.jsonl")).toStdString()}},
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
    const QString subscribed = QStringLiteral("Connected; subscribed to alerts/#, iot/+/readings");
    QTRY_VERIFY2_WITH_TIMEOUT(node->toolTip().contains(subscribed), qPrintable(node->toolTip()), 10000);
    QVERIFY2(node->statusText().endsWith(QStringLiteral(" · connected")), qPrintable(node->statusText()));
    // Records flow and the state stays on the footer after the count.
    QVERIFY(broker.publish("iot/dev-1/readings", {"{\"t\":1}", "{\"t\":2}"}));
    QTRY_VERIFY2_WITH_TIMEOUT(node->statusText() == QStringLiteral("2 records · connected"),
                              qPrintable(node->statusText()), 10000);

    // The broker goes away: the attempt and the back-off come first on the footer.
    broker.kill(SIGKILL);
    QTRY_VERIFY2_WITH_TIMEOUT(node->statusText().startsWith(QStringLiteral("reconnecting #")),
                              qPrintable(node->statusText()), 10000);
    QVERIFY2(node->statusText().endsWith(QStringLiteral(" · 2 records")), qPrintable(node->statusText()));
    QVERIFY2(node->toolTip().contains(QStringLiteral("Reconnecting: attempt ")), qPrintable(node->toolTip()));
    // The attempts count up and the back-off doubles (0.4 s, 0.8 s, 1.6 s …).
    QTRY_VERIFY2_WITH_TIMEOUT(node->statusText() == QStringLiteral("reconnecting #3 · 1.6 s · 2 records"),
                              qPrintable(node->statusText()), 15000);
    QVERIFY2(node->toolTip().contains(QStringLiteral("attempt 3 failed; the next one after a back-off of 1.6 s")),
             qPrintable(node->toolTip()));
    if (QByteArray shots = qgetenv("TRIBUTARY_SCREENSHOTS"); !shots.isEmpty()) {
      view.fitInView(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
      QApplication::processEvents();
      QVERIFY(view.grab().save(QString::fromUtf8(shots) + QStringLiteral("/canvas-mqtt-reconnecting.png")));
    }

    // Back on the same port: connected and subscribed again.
    QVERIFY(broker.start());
    QTRY_VERIFY2_WITH_TIMEOUT(node->statusText() == QStringLiteral("2 records · connected"),
                              qPrintable(node->statusText()), 30000);
    QTRY_VERIFY2_WITH_TIMEOUT(node->toolTip().contains(subscribed), qPrintable(node->toolTip()), 5000);

    run.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Stopped, 30000);
    // A stopped run keeps its totals but no live connection state.
    QVERIFY2(!node->statusText().contains(QStringLiteral("connected")), qPrintable(node->statusText()));
  }
};

QTEST_MAIN(TestCanvasSourceState)
#include "test_canvas_source_state.moc"
