// Stat, table and heatmap panels as panel types: added, configured, saved
// in the pipeline's "dashboard" and read back (malformed entries refused
// with the field named), and what they show from a history fed by hand.

#include <QComboBox>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTest>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/dashboard/heatmap_panel.h"
#include "widgets/dashboard/metrics_feed.h"
#include "widgets/dashboard/node_table.h"
#include "widgets/dashboard/panel_edit_dialog.h"
#include "widgets/dashboard/stat_panel.h"
#include "widgets/document/pipeline_document.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {
constexpr std::int64_t kNow = 1'700'000'000'000;

model::Pipeline demo() {
  auto p = model::loadPipeline(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json");
  return p ? *p : model::Pipeline{};
}

std::string whereOf(const nlohmann::json& panel) {
  auto read = dashboardFromJson(nlohmann::json{{"panels", nlohmann::json::array({panel})}});
  return read ? std::string("accepted") : read.error().where;
}
}  // namespace

class TestDashboardTypes final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void panelTypesAreSavedAndLoadedBack() {
    PipelineDocument document(connectors::builtinSpecs());
    document.reset(demo());
    DashboardWidget dashboard(&document, nullptr);
    const int before = static_cast<int>(dashboard.panels().size());
    PanelSpec stat = newPanel("stat");
    stat.reduce = "max";
    stat.thresholds = {5, 50};
    dashboard.addPanel(stat);
    dashboard.addPanel(newPanel("table"));
    PanelSpec heat = newPanel("heatmap");
    heat.width = 2;
    dashboard.addPanel(heat);
    QCOMPARE(static_cast<int>(dashboard.panels().size()), before + 3);

    // Saved with the pipeline; type and reduce in the file.
    const std::string text = model::serializePipeline(document.pipeline());
    auto reread = model::parsePipeline(text);
    QVERIFY(reread);
    const auto& saved = reread->dashboard["panels"];
    QCOMPARE(saved[before]["type"].get<std::string>(), std::string("stat"));
    QCOMPARE(saved[before]["reduce"].get<std::string>(), std::string("max"));
    QCOMPARE(saved[before + 1]["type"].get<std::string>(), std::string("table"));
    QCOMPARE(saved[before + 2]["type"].get<std::string>(), std::string("heatmap"));
    QVERIFY(!saved[0].contains("type"));  // time series: as before
    auto layout = dashboardFromJson(reread->dashboard);
    QVERIFY2(layout, layout ? "" : layout.error().toString().c_str());
    QVERIFY(*layout == dashboard.layoutSpec());

    // Opened again: the same panel types, each with its own body.
    PipelineDocument again(connectors::builtinSpecs());
    again.reset(*reread);
    DashboardWidget reopened(&again, nullptr);
    auto panels = reopened.panels();
    QCOMPARE(static_cast<int>(panels.size()), before + 3);
    QVERIFY(panels[before]->statBody() && !panels[before]->tableBody());
    QVERIFY(panels[before + 1]->tableBody() && !panels[before + 1]->statBody());
    QVERIFY(panels[before + 2]->heatmapBody());
    QVERIFY(!panels[0]->statBody() && !panels[0]->tableBody() && !panels[0]->heatmapBody());
    QCOMPARE(panels[before + 2]->spec().width, 2);
  }

  void malformedEntriesNameTheField() {
    const nlohmann::json q = nlohmann::json::array({{{"series", "tributary_node_queue_depth"}}});
    QCOMPARE(whereOf({{"id", "a"}, {"type", "pie"}, {"queries", q}}), std::string("$.dashboard.panels[0].type"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", 3}, {"queries", q}}), std::string("$.dashboard.panels[0].type"));
    QCOMPARE(whereOf({{"id", "a"}, {"reduce", "max"}, {"queries", q}}), std::string("$.dashboard.panels[0].reduce"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", "stat"}, {"reduce", "avg"}, {"queries", q}}),
             std::string("$.dashboard.panels[0].reduce"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", "stat"}, {"thresholds", {50, 5}}, {"queries", q}}),
             std::string("$.dashboard.panels[0].thresholds"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", "stat"}, {"thresholds", {1, 2, 3}}, {"queries", q}}),
             std::string("$.dashboard.panels[0].thresholds"));
    const nlohmann::json two = nlohmann::json::array({{{"series", "a"}}, {{"series", "b"}}});
    QCOMPARE(whereOf({{"id", "a"}, {"type", "heatmap"}, {"queries", two}}), std::string("$.dashboard.panels[0].queries"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", "table"}, {"queries", nlohmann::json::array()}}),
             std::string("$.dashboard.panels[0]"));
    QCOMPARE(whereOf({{"id", "a"}, {"type", "stat"}, {"reduce", "max"}, {"thresholds", {1, 2}}, {"queries", q}}),
             std::string("accepted"));

    // A pipeline whose saved dashboard has such an entry: the default dashboard, and the reason.
    model::Pipeline p = demo();
    p.dashboard = {{"panels", nlohmann::json::array({{{"id", "a"}, {"type", "pie"}, {"queries", q}}})}};
    std::string error;
    DashboardLayout shown = dashboardFor(p, &error);
    QVERIFY(shown == defaultDashboard(p));
    QVERIFY2(error.find("$.dashboard.panels[0].type") != std::string::npos, error.c_str());
  }

  void editorSwitchesTypeAndRefusesWhatCannotBeSaved() {
    PanelEditDialog dialog(newPanel("timeseries"), {});
    auto* type = dialog.findChild<QComboBox*>(QStringLiteral("panelType"));
    QVERIFY(type);
    type->setCurrentIndex(type->findData(QStringLiteral("table")));
    Q_EMIT type->activated(type->currentIndex());
    auto made = dialog.result();
    QVERIFY(made);
    QCOMPARE(made->type, std::string("table"));
    QVERIFY(made->queries.size() >= 3);  // the table's usual columns
    type->setCurrentIndex(type->findData(QStringLiteral("heatmap")));
    Q_EMIT type->activated(type->currentIndex());
    auto* series = dialog.findChild<QPlainTextEdit*>();
    series->appendPlainText(QStringLiteral("tributary_node_queue_depth"));
    auto refused = dialog.result();
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("exactly one") != std::string::npos, refused.error().message.c_str());
  }

  void statTableAndHeatmapShowTheHistory() {
    PipelineDocument document(connectors::builtinSpecs());
    document.reset(demo());
    DashboardWidget dashboard(&document, nullptr);
    std::int64_t now = kNow;
    dashboard.feed()->setClock([&now] { return now; });
    metrics::Registry registry;
    auto& a = registry.gauge("tributary_node_queue_depth", "x", {{"pipeline", "demo"}, {"node", "orders"}});
    auto& b = registry.gauge("tributary_node_queue_depth", "x", {{"pipeline", "demo"}, {"node", "shape"}});
    // After shape in the pipeline, before it by name: the table follows the pipeline.
    auto& f = registry.gauge("tributary_node_queue_depth", "x", {{"pipeline", "demo"}, {"node", "orders-file"}});
    std::vector<metrics::Gauge*> lag;
    for (int partition : {10, 0, 2}) {  // rows come out by partition number: 0, 2, 10
      lag.push_back(&registry.gauge("tributary_kafka_consumer_lag", "x",
                                    {{"pipeline", "demo"}, {"node", "in"}, {"topic", "t"},
                                     {"partition", std::to_string(partition)}}));
    }
    dashboard.feed()->setSource([&registry] { return registry.collect(); });
    for (int i = 0; i < 20; ++i) {
      a.set(10);
      b.set(30);
      f.set(0);
      lag[0]->set(0);             // partition 10: none
      lag[1]->set(i * 100.0);     // partition 0: growing
      lag[2]->set(5);             // partition 2: small
      dashboard.feed()->sampleNow();
      now += 1000;
    }
    PanelSpec sum = newPanel("stat");
    sum.id = "sum";
    sum.queries = {{"tributary_node_queue_depth", ""}};
    sum.thresholds = {35, 100};
    PanelSpec max = sum;
    max.id = "max";
    max.reduce = "max";
    PanelSpec table = newPanel("table");
    table.id = "table";
    PanelSpec heat = newPanel("heatmap");
    heat.id = "heat";
    for (const auto& p : {sum, max, table, heat}) dashboard.addPanel(p);
    dashboard.setRange(60 * 1000);
    dashboard.refreshNow();
    QCOMPARE(dashboard.panel(QStringLiteral("sum"))->statBody()->value(), 40.0);
    QCOMPARE(dashboard.panel(QStringLiteral("max"))->statBody()->value(), 30.0);
    QCOMPARE(dashboard.panel(QStringLiteral("sum"))->statBody()->valueText(), QStringLiteral("40 records/s"));

    NodeTable* t = dashboard.panel(QStringLiteral("table"))->tableBody();
    QCOMPARE(t->rowCount(), 3);
    int queueColumn = -1;
    for (int c = 0; c < t->columnCount(); ++c)
      if (t->horizontalHeaderItem(c)->text() == QStringLiteral("Queue")) queueColumn = c;
    QVERIFY(queueColumn > 0);
    QCOMPARE(t->item(0, 0)->text(), QStringLiteral("orders"));  // the pipeline's node order
    QCOMPARE(t->item(0, queueColumn)->text(), QStringLiteral("10"));
    QCOMPARE(t->item(1, 0)->text(), QStringLiteral("shape"));
    QCOMPARE(t->item(1, queueColumn)->text(), QStringLiteral("30"));
    QCOMPARE(t->item(2, 0)->text(), QStringLiteral("orders-file"));
    QCOMPARE(t->item(2, queueColumn)->text(), QStringLiteral("0"));

    HeatmapPanel* h = dashboard.panel(QStringLiteral("heat"))->heatmapBody();
    QCOMPARE(h->rows().size(), std::size_t(3));
    QCOMPARE(h->rows()[0].name, QStringLiteral("in t/0"));
    QCOMPARE(h->rows()[1].name, QStringLiteral("in t/2"));
    QCOMPARE(h->rows()[2].name, QStringLiteral("in t/10"));
    QCOMPARE(h->maxValue(), 1900.0);
    auto lastCell = [](const std::vector<double>& cells) {
      for (auto it = cells.rbegin(); it != cells.rend(); ++it)
        if (!std::isnan(*it)) return *it;
      return std::numeric_limits<double>::quiet_NaN();
    };
    auto firstCell = [](const std::vector<double>& cells) {
      for (double v : cells)
        if (!std::isnan(v)) return v;
      return std::numeric_limits<double>::quiet_NaN();
    };
    QCOMPARE(lastCell(h->rows()[0].cells), 1900.0);
    QVERIFY(firstCell(h->rows()[0].cells) < lastCell(h->rows()[0].cells) / 2);  // growing, left to right
    QCOMPARE(lastCell(h->rows()[1].cells), 5.0);
    QCOMPARE(lastCell(h->rows()[2].cells), 0.0);
    QVERIFY(h->colorFor(1900) != h->colorFor(0));
  }
};

QTEST_MAIN(TestDashboardTypes)
#include "test_dashboard_types.moc"
