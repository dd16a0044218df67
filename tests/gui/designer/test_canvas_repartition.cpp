// The canvas shows the repartition topics a run inserts (core/runtime/repartition.h):
// a dashed topic badge on the edge into the aggregate or join, named with the
// internal topic and its partition count, the reason in its tooltip; it goes
// when an edit makes the input keyed by the node's key, and the Problems
// list carries a join refused for its declared partition counts.

#include <QApplication>
#include <QGraphicsView>
#include <QTest>

#include "core/connectors/builtin.h"
#include "widgets/canvas/edge_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/repartition_badge.h"
#include "widgets/document/pipeline_document.h"

using namespace tributary;
using namespace tributary::widgets;

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
  }
};

QTEST_MAIN(TestCanvasRepartition)
#include "test_canvas_repartition.moc"
