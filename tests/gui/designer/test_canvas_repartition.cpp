// The canvas shows the repartition topics a run inserts (core/runtime/repartition.h):
// a dashed topic badge on the edge into the aggregate or join, named with the
// internal topic and its partition count, the reason in its tooltip; it goes
// when an edit makes the input keyed by the node's key, and the Problems
// list carries a join refused for its declared partition counts. A second
// case checks against the topics as they are on a broker (ClusterCheck) and
// the count a run uses.

#include <QApplication>
#include <QGraphicsView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/connectors/builtin.h"
#include "core/runtime/repartition.h"
#include "tests/support/process.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/repartition_badge.h"
#include "widgets/document/cluster_check.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/run/run_controller.h"
#include "widgets/run/run_state.h"

using namespace tributary;
using namespace tributary::testing;
using namespace tributary::widgets;
using namespace std::chrono_literals;

namespace {
// As in the first case, but on the cluster `bootstrap` and with both join inputs keyed by order_id.
model::Pipeline shop(const std::string& bootstrap) {
  model::Pipeline pipeline;
  pipeline.name = "shop";
  pipeline.cluster.bootstrap = bootstrap;
  pipeline.nodes = {
      {"orders", "topic", "", {{"name", "orders"}, {"partitions", 4}}, model::Position{0, 0}},
      {"agg",
       "transform.aggregate",
       "",
       {{"group_by", {"warehouse"}}, {"window", "none"}, {"emit", "changes"}, {"aggregates", {"count(*) AS n"}}},
       model::Position{500, 0}},
      {"out", "sink.stdout", "", nlohmann::json::object(), model::Position{800, 0}},
      {"l", "topic", "", {{"name", "l"}, {"partitions", 6}, {"key", "order_id"}}, model::Position{0, 300}},
      {"r", "topic", "", {{"name", "r"}, {"partitions", 6}, {"key", "order_id"}}, model::Position{0, 500}},
      {"j",
       "transform.join",
       "",
       {{"left_key", "order_id"}, {"right_key", "order_id"}, {"mode", "window"}, {"before", "1m"}, {"after", "1m"}},
       model::Position{500, 400}},
      {"jout", "sink.stdout", "", nlohmann::json::object(), model::Position{800, 400}}};
  pipeline.edges = {{"orders", "", "agg", ""},
                    {"agg", "", "out", ""},
                    {"l", "", "j", "left"},
                    {"r", "", "j", "right"},
                    {"j", "", "jout", ""}};
  return pipeline;
}

QString badgeText(PipelineScene& scene, const model::Edge& edge) {
  EdgeItem* item = scene.edgeItem(edge);
  return item && item->repartitionBadge() ? item->repartitionBadge()->text() : QString();
}
}  // namespace

class TestCanvasRepartition final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void badgeOnTheEdgeIntoTheStatefulNode() {
    PipelineDocument document(connectors::builtinSpecs());
    document.setValidationOptions(connectors::defaultValidationOptions(false));
    model::Pipeline pipeline;
    pipeline.name = "shop";
    pipeline.nodes = {
        {"orders", "topic", "", {{"name", "orders"}, {"partitions", 4}}, model::Position{0, 0}},
        {"agg", "transform.aggregate", "",
         {{"group_by", {"warehouse"}}, {"window", "none"}, {"emit", "changes"}, {"aggregates", {"count(*) AS n"}}},
         model::Position{500, 0}},
        {"out", "sink.stdout", "", nlohmann::json::object(), model::Position{800, 0}},
        {"l", "topic", "", {{"name", "l"}, {"partitions", 6}, {"key", "order_id"}}, model::Position{0, 300}},
        {"r", "topic", "", {{"name", "r"}, {"partitions", 4}, {"key", "shipment_id"}}, model::Position{0, 500}},
        {"j", "transform.join", "",
         {{"left_key", "order_id"}, {"right_key", "order_id"}, {"mode", "window"}, {"before", "1m"}, {"after", "1m"}},
         model::Position{500, 400}},
        {"jout", "sink.stdout", "", nlohmann::json::object(), model::Position{800, 400}}};
    pipeline.edges = {{"orders", "", "agg", ""}, {"agg", "", "out", ""},  {"l", "", "j", "left"},
                      {"r", "", "j", "right"},   {"j", "", "jout", ""}};
    document.reset(pipeline);
    document.validateNow();
    PipelineScene scene(&document);
    QGraphicsView view(&scene);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    EdgeItem* intoAgg = scene.edgeItem(pipeline.edges[0]);
    QVERIFY(intoAgg && intoAgg->repartitionBadge());
    QCOMPARE(intoAgg->repartitionBadge()->text(), QStringLiteral("⇄ shop-agg-repartition · 4 partition(s)"));
    QVERIFY(intoAgg->repartitionBadge()->toolTip().contains(QStringLiteral("names no key")));
    QVERIFY(intoAgg->repartitionBadge()->isVisible());
    // On the middle of the edge's curve.
    const QPointF middle = intoAgg->repartitionBadge()->sceneBoundingRect().center();
    QVERIFY(intoAgg->shape().contains(intoAgg->mapFromScene(middle)));
    QVERIFY(!scene.edgeItem(pipeline.edges[1])->repartitionBadge());
    // The join: only its right side (keyed otherwise) moves, to the left's 6 partitions.
    QVERIFY(!scene.edgeItem(pipeline.edges[2])->repartitionBadge());
    QVERIFY(scene.edgeItem(pipeline.edges[3])->repartitionBadge());
    QCOMPARE(scene.edgeItem(pipeline.edges[3])->repartitionBadge()->text(),
             QStringLiteral("⇄ shop-j-right-repartition · 6 partition(s)"));

    // Declaring the topic keyed by warehouse: no repartition, the badge goes.
    document.setConfigValue(QStringLiteral("orders"), QStringLiteral("key"), "warehouse");
    QTRY_VERIFY(!scene.edgeItem(pipeline.edges[0])->repartitionBadge());

    // Both join inputs keyed by order_id with 6 and 4 partitions: refused in the Problems list, no badge.
    document.setConfigValue(QStringLiteral("r"), QStringLiteral("key"), "order_id");
    document.validateNow();
    QTRY_VERIFY(!scene.edgeItem(pipeline.edges[3])->repartitionBadge());
    const auto problems = document.diagnosticsFor(QStringLiteral("j"));
    QCOMPARE(problems.size(), std::size_t{1});
    QCOMPARE(problems[0].message,
             std::string("join `j`: its inputs are not co-partitioned: topic `l` has 6 partitions, topic `r` has 4; "
                         "both sides of a join need the same count (repartition one of them)"));

    // Equal counts, but `l` with parallelism 2: the join's inputs are read
    // by one group member, refused in the Problems list as by `validate`.
    document.setConfigValue(QStringLiteral("r"), QStringLiteral("partitions"), 6);
    document.setConfigValue(QStringLiteral("l"), QStringLiteral("parallelism"), 2);
    document.validateNow();
    const auto parallel = document.diagnosticsFor(QStringLiteral("j"));
    QCOMPARE(parallel.size(), std::size_t{1});
    QVERIFY(parallel[0].severity == model::Severity::Error);
    QCOMPARE(parallel[0].message,
             std::string("topic node `l` has parallelism 2, but it feeds join `j`, whose input topics are read by one "
                         "consumer-group member so that partition p of every input reaches the same task; remove "
                         "`parallelism` from it and run the pipeline on several runners to spread the join's "
                         "partitions"));
  }

  // The counts as the topics are on the cluster (a standalone broker, topics
  // created by kafka-python): asked in the background after the document
  // changes, the findings applied on the GUI thread. The join's inputs both
  // declare 6 partitions, but `r` has 4 on the broker: refused in the
  // Problems list with the broker's counts. An edit (`r` reads `r6`, 6
  // partitions) is checked again: the refusal goes, and the aggregate's
  // badge shows the 3 partitions `orders` has there, not the 4 it declares.
  // During a run the badge shows the count the run uses, also without any
  // cluster check.
  void countsAsTheTopicsAreOnTheCluster() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qputenv("XDG_STATE_HOME", dir.path().toUtf8());  // the run's state folder
    ChildProcess broker({TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data",
                         dir.filePath(QStringLiteral("broker")).toStdString()},
                        dir.filePath(QStringLiteral("broker.err")).toStdString(), true);
    const std::string bootstrap = readListeningLine(broker, 30s);
    QVERIFY(!bootstrap.empty());
    for (const auto& [topic, partitions] : std::vector<std::pair<QString, int>>{{QStringLiteral("orders"), 3},
                                                                                {QStringLiteral("l"), 6},
                                                                                {QStringLiteral("r"), 4},
                                                                                {QStringLiteral("r6"), 6}}) {
      Run created = runProcess(
          QString::fromLatin1(kDebianPython),
          {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py"),
           QStringLiteral("create-topic"), QString::fromStdString(bootstrap), topic, QString::number(partitions)},
          30000);
      QVERIFY2(created.exitCode == 0, qPrintable(created.out));
    }

    PipelineDocument document(connectors::builtinSpecs());
    document.setValidationOptions(connectors::defaultValidationOptions(false));
    const model::Pipeline pipeline = shop(bootstrap);
    document.reset(pipeline);
    PipelineScene scene(&document);
    QGraphicsView view(&scene);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Declared counts only: nothing refused, the badge says 4.
    QVERIFY(document.diagnosticsFor(QStringLiteral("j")).empty());
    QCOMPARE(badgeText(scene, pipeline.edges[0]), QStringLiteral("⇄ shop-agg-repartition · 4 partition(s)"));

    ClusterCheck check(&document, connectors::builtinFactories().topicPartitions());
    QSignalSpy checked(&check, &ClusterCheck::checked);
    check.checkNow();
    // The broker is asked on another thread: checkNow() returns before any
    // finding, which reaches the document through the GUI thread's event loop.
    QCOMPARE(checked.count(), 0);
    QVERIFY(document.diagnosticsFor(QStringLiteral("j")).empty());
    QVERIFY(checked.wait(20000));
    QVERIFY(
        badgeText(scene, pipeline.edges[0]).isEmpty());  // the pipeline is refused: no badges, as for declared counts
    auto problems = document.diagnosticsFor(QStringLiteral("j"));
    QCOMPARE(problems.size(), std::size_t{1});
    QVERIFY(problems[0].severity == model::Severity::Error);
    QCOMPARE(problems[0].message,
             runtime::coPartitionMessage("j", "l", 6, "r", 4) + " (the topics as they are on " + bootstrap + ")");
    QCOMPARE(problems[0].path, std::string("$.nodes[5]"));

    // An edit: checked again after the debounce, and the refusal goes.
    document.setConfigValue(QStringLiteral("r"), QStringLiteral("name"), "r6");
    QTRY_VERIFY_WITH_TIMEOUT(checked.count() >= 2 && document.diagnosticsFor(QStringLiteral("j")).empty(), 20000);
    QCOMPARE(badgeText(scene, pipeline.edges[0]), QStringLiteral("⇄ shop-agg-repartition · 3 partition(s)"));

    // A run, on a canvas without a cluster check: its badge shows the declared
    // 4 until the run starts, then the 3 partitions the run's engine uses.
    PipelineDocument runDocument(connectors::builtinSpecs());
    runDocument.setValidationOptions(connectors::defaultValidationOptions(false));
    model::Pipeline runnable = pipeline;
    runnable.nodes[4].config["name"] = "r6";
    runDocument.reset(runnable);
    PipelineScene runScene(&runDocument);
    QCOMPARE(badgeText(runScene, runnable.edges[0]), QStringLiteral("⇄ shop-agg-repartition · 4 partition(s)"));
    RunController run(connectors::builtinFactories(), &runScene, nullptr);
    Status started = run.start(runnable, dir.filePath(QStringLiteral("work")));
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Running, 20000);
    QCOMPARE(badgeText(runScene, runnable.edges[0]), QStringLiteral("⇄ shop-agg-repartition · 3 partition(s)"));
    QVERIFY(badgeText(runScene, runnable.edges[3]).isEmpty());  // both join inputs keyed by order_id, 6 and 6
    run.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Stopped, 30000);
    runScene.runState()->clear();  // back to the designer's view: the declared count
    QCOMPARE(badgeText(runScene, runnable.edges[0]), QStringLiteral("⇄ shop-agg-repartition · 4 partition(s)"));
    broker.signal(SIGTERM);
    QVERIFY(broker.wait(20s).has_value());
  }
};

QTEST_MAIN(TestCanvasRepartition)
#include "test_canvas_repartition.moc"
