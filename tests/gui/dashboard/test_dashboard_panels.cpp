// Dashboard pieces without a run: panels drawn from a history fed by hand
// (legend min/max/mean/last, thresholds, CSV and PNG export), editing the
// grid (add, remove, move, resize) as undoable changes saved with the
// pipeline, a broken saved dashboard falling back to the default with the
// error shown; and the log view fed by spdlog from other threads (filters by
// level, node and text; bounded; copy).

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFile>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/dashboard/alert_rules_dialog.h"
#include "widgets/dashboard/backtest_view.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/panel_edit_dialog.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/dashboard/metrics_feed.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/panels/log_panel.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {
constexpr std::int64_t kNow = 1'700'000'000'000;

model::Pipeline demo() {
  auto p = model::loadPipeline(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json");
  return p ? *p : model::Pipeline{};
}
}  // namespace

class TestDashboardPanels final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void panelShowsLegendThresholdsAndExports() {
    metrics::MetricHistory history;
    metrics::SeriesKey a{"x:rate", {{"node", "a"}, {"pipeline", "p"}}};
    metrics::SeriesKey b{"x:rate", {{"node", "b"}, {"pipeline", "p"}}};
    metrics::SeriesKey other{"x:rate", {{"node", "a"}, {"pipeline", "other"}}};
    for (int i = 0; i < 60; ++i) {
      history.add(a, kNow - 59'000 + i * 1000, i);  // 0..59
      history.add(b, kNow - 59'000 + i * 1000, 1000);
      history.add(other, kNow - 59'000 + i * 1000, 5);
    }
    PanelSpec spec;
    spec.id = "x";
    spec.title = "X";
    spec.unit = "ms";
    spec.scale = 1000;
    spec.queries = {{"x:rate", "{node}"}};
    spec.thresholds = {40000};
    ChartPanel panel(spec);
    panel.resize(1400, 400);  // wide enough for one point per second of the 5 minutes
    panel.show();
    panel.refresh(history, {{"pipeline", "p"}}, kNow - 5 * 60'000, kNow);
    QCOMPARE(panel.lines().size(), std::size_t(2));  // the other pipeline's series is out of scope
    const auto& la = panel.lines()[0];
    QCOMPARE(la.name, QStringLiteral("a"));
    QCOMPARE(la.min, 0.0);
    QCOMPARE(la.max, 59000.0);
    QCOMPARE(la.mean, 29500.0);
    QCOMPARE(la.last, 59000.0);
    QVERIFY2(panel.legendText().contains(QStringLiteral("max 59000 ms")), qPrintable(panel.legendText()));
    QString tip = panel.tooltipAt(kNow - 30'000);
    QVERIFY2(tip.contains(QStringLiteral("29000 ms")) && tip.contains(QStringLiteral("1000000 ms")), qPrintable(tip));
    QString csv = panel.csv();
    QStringList rows = csv.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(rows.size(), 61);
    QCOMPARE(rows[0], QStringLiteral("time,a (ms),b (ms)"));
    QVERIFY2(rows[60].endsWith(QStringLiteral(",59000,1000000")), qPrintable(rows[60]));
    QTemporaryDir dir;
    QVERIFY(panel.exportCsv(dir.filePath(QStringLiteral("x.csv"))));
    QVERIFY(panel.exportPng(dir.filePath(QStringLiteral("x.png"))));
    QImage image(dir.filePath(QStringLiteral("x.png")));
    QVERIFY(!image.isNull() && image.width() > 100);
    QCOMPARE(ChartPanel::formatValue(1234, "records/s"), QStringLiteral("1.23k records/s"));
    QCOMPARE(ChartPanel::formatValue(2'500'000, "bytes/s"), QStringLiteral("2.50 MB/s"));
  }

  void gridEditsAreUndoableAndSaved() {
    PipelineDocument document(connectors::builtinSpecs());
    document.reset(demo());
    PipelineScene scene(&document);
    DashboardWidget dashboard(&document, &scene);
    QCOMPARE(dashboard.panels().size(), 7);
    QVERIFY(document.pipeline().dashboard.is_null());  // the default is not written until edited

    dashboard.removePanel(QStringLiteral("bytes"));
    QCOMPARE(dashboard.panels().size(), 6);
    QVERIFY(document.pipeline().dashboard.is_object());
    dashboard.movePanel(QStringLiteral("queue"), -1);
    QCOMPARE(dashboard.layoutSpec().panels[4].id, std::string("queue"));
    dashboard.resizePanel(QStringLiteral("latency"), 2, 2);
    PanelSpec extra;
    extra.id = "records-in";  // taken: gets a fresh id
    extra.title = "Mine";
    extra.queries = {{"tributary_node_queue_depth{node=\"shape\"}", "{node}"}};
    dashboard.addPanel(extra);
    QCOMPARE(dashboard.panels().size(), 7);
    QCOMPARE(dashboard.layoutSpec().panels.back().id, std::string("panel-1"));

    // The file keeps it, and reading it back gives the same dashboard.
    auto reread = model::parsePipeline(model::serializePipeline(document.pipeline()));
    QVERIFY(reread);
    auto layout = dashboardFromJson(reread->dashboard);
    QVERIFY2(layout, layout ? "" : layout.error().toString().c_str());
    QVERIFY(*layout == dashboard.layoutSpec());
    QCOMPARE(layout->panels[3].width, 2);

    // Undo walks back through each edit.
    for (int i = 0; i < 4; ++i) document.undoStack()->undo();
    QVERIFY(document.pipeline().dashboard.is_null());
    QCOMPARE(dashboard.panels().size(), 7);
    QVERIFY(dashboard.panel(QStringLiteral("bytes")));
  }

  void brokenSavedDashboardFallsBackToTheDefault() {
    model::Pipeline p = demo();
    p.dashboard = nlohmann::json{{"panels", nlohmann::json::array({{{"id", "a"}, {"queries", "nope"}}})}};
    PipelineDocument document(connectors::builtinSpecs());
    document.reset(p);
    DashboardWidget dashboard(&document, nullptr);
    QCOMPARE(dashboard.panels().size(), 7);
    auto error = dashboardFromJson(p.dashboard);
    QVERIFY(!error);
    QCOMPARE(error.error().where, std::string("$.dashboard.panels[0]"));
  }

  // Pipelines with topics get the Kafka figures of librdkafka's statistics.
  void pipelinesWithTopicsGetKafkaPanels() {
    auto ids = [](const DashboardLayout& layout) {
      std::set<std::string> out;
      for (const auto& panel : layout.panels) out.insert(panel.id);
      return out;
    };
    auto withTopics = model::loadPipeline(TRIBUTARY_SOURCE_DIR "/resources/templates/seed004-products.tributary.json");
    QVERIFY(withTopics.ok());
    auto kafka = ids(defaultDashboard(*withTopics));
    QVERIFY(kafka.count("lag") && kafka.count("kafka-bytes") && kafka.count("kafka-rtt"));
    QVERIFY(kafka.count("lag-partitions"));  // the per-partition heatmap
    auto plain = ids(defaultDashboard(demo()));
    QVERIFY(!plain.count("lag") && !plain.count("kafka-bytes") && !plain.count("kafka-rtt"));
    // Pipelines with aggregates or joins get their state size and late records.
    auto stateful = model::loadPipeline(TRIBUTARY_SOURCE_DIR "/resources/templates/seed002-daily-report.tributary.json");
    QVERIFY(stateful.ok());
    auto report = ids(defaultDashboard(*stateful));
    QVERIFY(report.count("state-bytes") && report.count("late-records") && report.count("restore-progress"));
    QVERIFY(!plain.count("state-bytes") && !plain.count("late-records") && !plain.count("restore-progress"));
  }

  void historyDrivesPanelsWithAFakeClock() {
    PipelineDocument document(connectors::builtinSpecs());
    document.reset(demo());
    DashboardWidget dashboard(&document, nullptr);
    std::int64_t now = kNow;
    dashboard.feed()->setClock([&now] { return now; });
    metrics::Registry registry;
    auto& c = registry.counter("tributary_node_records_out_total", "x",
                               {{"pipeline", "demo"}, {"node", "orders"}, {"type", "source.datagen"}});
    dashboard.feed()->setSource([&registry] { return registry.collect(); });
    for (int i = 0; i < 10; ++i) {
      c.inc(500);
      dashboard.feed()->sampleNow();
      now += 1000;
    }
    dashboard.setRange(5 * 60 * 1000);
    ChartPanel* out = dashboard.panel(QStringLiteral("records-out"));
    QCOMPARE(out->lines().size(), std::size_t(1));
    QCOMPARE(out->lines()[0].last, 500.0);
    // Paused: no redraw until resumed.
    dashboard.setPaused(true);
    for (int i = 0; i < 5; ++i) {
      c.inc(2000);
      dashboard.feed()->sampleNow();
      now += 1000;
    }
    dashboard.refreshNow();
    QCOMPARE(out->lines()[0].last, 500.0);
    dashboard.setPaused(false);
    QCOMPARE(out->lines()[0].last, 2000.0);
    // Without a run, "absent" rules rest (every series is quiet then); the rule is still saved.
    metrics::AlertRule quiet;
    quiet.id = "quiet";
    quiet.series = *metrics::SeriesSelector::parse("nothing_like_this");
    quiet.condition = metrics::AlertCondition::Absent;
    dashboard.setAlertRules({quiet});
    now += 10000;
    dashboard.feed()->sampleNow();
    QVERIFY(dashboard.feed()->alerts().state("quiet") == metrics::AlertState::Normal);
    QVERIFY(document.pipeline().dashboard["alerts"][0]["condition"] == "absent");
    // A custom range before the data: nothing to draw.
    dashboard.setCustomRange(kNow - 3'600'000, kNow - 1'800'000);
    QVERIFY(out->lines().empty());
  }

  void editorsNameTheBadRowAndColumn() {
    metrics::AlertRule rule;
    rule.id = "slow";
    rule.series = *metrics::SeriesSelector::parse("tributary_node_batch_latency_seconds:p99{node=\"shape\"}");
    rule.threshold = 0.5;
    rule.forMs = 30000;
    AlertRulesDialog rules({rule}, {});
    auto errorOf = [](const auto& result) { return result ? QString() : QString::fromStdString(result.error().toString()); };
    auto read = rules.rules();
    QString error = errorOf(read);
    QVERIFY2(read && read->size() == 1 && (*read)[0] == rule, qPrintable(error));
    rules.table()->item(0, 5)->setText(QStringLiteral("soon"));  // For
    read = rules.rules();
    error = errorOf(read);
    QVERIFY(!read);
    QVERIFY2(error.startsWith(QStringLiteral("Row 1, For:")), qPrintable(error));
    rules.table()->item(0, 5)->setText(QStringLiteral("1m"));
    rules.table()->item(0, 2)->setText(QStringLiteral("m{node=shape}"));  // Series
    read = rules.rules();
    error = errorOf(read);
    QVERIFY(!read);
    QVERIFY2(error.startsWith(QStringLiteral("Row 1, Series:")), qPrintable(error));
    rules.table()->item(0, 2)->setText(QStringLiteral("m{node=\"shape\"}"));
    rules.addRow(rule);  // the same id twice
    read = rules.rules();
    error = errorOf(read);
    QVERIFY(!read);
    QVERIFY2(error.contains(QStringLiteral("used twice")), qPrintable(error));
    rules.table()->removeRow(1);
    read = rules.rules();
    error = errorOf(read);
    QVERIFY2(read && (*read)[0].forMs == 60000 && (*read)[0].series.metric == "m", qPrintable(error));

    PanelSpec spec;
    spec.id = "p";
    spec.queries = {{"x", "{node}"}};
    PanelEditDialog edit(spec, {"x", "y"});
    auto edited = edit.result();
    QVERIFY(edited && *edited == spec);
    edit.findChild<QPlainTextEdit*>()->setPlainText(QStringLiteral("x | {node}\ny{node=\"a\" | a"));
    edited = edit.result();
    error = errorOf(edited);
    QVERIFY(!edited);
    QVERIFY2(error.startsWith(QStringLiteral("Series line 2")), qPrintable(error));
  }

  void ruleEditorBackTestsAgainstHistory() {
    // An hour of lag at 1 s: 10, with 100 from -40 to -30 min and from -10 to -5 min,
    // and a 20 s spike at -20 min that is shorter than `for`.
    metrics::MetricHistory history;
    metrics::SeriesKey key{"tributary_node_consumer_lag", {{"node", "orders"}, {"pipeline", "p"}}};
    auto high = [](int s) { return (s >= 1200 && s < 1800) || (s >= 3000 && s < 3300) || (s >= 2400 && s < 2420); };
    for (int s = 0; s < 3600; ++s) history.add(key, kNow - 3'600'000 + s * 1000LL, high(s) ? 100 : 10);
    metrics::AlertRule rule;
    rule.id = "lagging";
    rule.series = *metrics::SeriesSelector::parse("tributary_node_consumer_lag");
    rule.threshold = 50;
    rule.forMs = 60'000;
    AlertRulesDialog dialog({rule}, {}, nullptr, &history, kNow);
    QVERIFY(dialog.backtest());
    dialog.resize(1100, 760);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.backtest()->setRangeIndex(1);  // the last hour
    auto result = dialog.testAgainstHistory(0);
    QVERIFY2(result, result ? "" : result.error().toString().c_str());
    // Pending at -40 min, Firing 60 s later, Normal at -30 min; again at -10 min; the spike only Pending.
    QTableWidget* table = dialog.backtest()->transitions();
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r)
      rows << table->item(r, 0)->text() + QLatin1Char(' ') + table->item(r, 2)->text() + QLatin1Char(' ') +
                  table->item(r, 3)->text();
    auto at = [](int s) { return QDateTime::fromMSecsSinceEpoch(kNow - 3'600'000 + s * 1000LL).toString(QStringLiteral("HH:mm:ss")); };
    QStringList expected{at(1200) + QStringLiteral(" normal → pending 100"), at(1260) + QStringLiteral(" pending → firing 100"),
                         at(1800) + QStringLiteral(" firing → normal 10"),   at(2400) + QStringLiteral(" normal → pending 100"),
                         at(2420) + QStringLiteral(" pending → normal 10"),  at(3000) + QStringLiteral(" normal → pending 100"),
                         at(3060) + QStringLiteral(" pending → firing 100"), at(3300) + QStringLiteral(" firing → normal 10")};
    QCOMPARE(rows, expected);
    QVERIFY2(dialog.backtest()->summary().contains(QStringLiteral("Would have fired 2 times")),
             qPrintable(dialog.backtest()->summary()));
    QVERIFY2(dialog.backtest()->summary().contains(QStringLiteral("every 1 s (3601 evaluations)")),
             qPrintable(dialog.backtest()->summary()));
    QCOMPARE(dialog.backtest()->chart()->lines().size(), std::size_t(1));
    // An invalid edit is named, not tested.
    dialog.table()->item(0, 5)->setText(QStringLiteral("soon"));
    auto bad = dialog.testAgainstHistory(0);
    QVERIFY(!bad);
    QVERIFY2(QString::fromStdString(bad.error().toString()).startsWith(QStringLiteral("Row 1, For:")),
             bad.error().toString().c_str());
    if (QByteArray dir = qgetenv("TRIBUTARY_SCREENSHOTS"); !dir.isEmpty()) {
      dialog.table()->item(0, 5)->setText(QStringLiteral("1m"));
      QVERIFY(dialog.testAgainstHistory(0));
      QApplication::processEvents();
      QVERIFY(dialog.grab().save(QString::fromUtf8(dir) + QStringLiteral("/dashboard-backtest.png")));
    }
  }

  void logViewTakesSpdlogRecordsFromAnyThread() {
    LogPanel panel;
    panel.resize(800, 300);
    panel.show();
    std::thread worker([] {
      spdlog::warn("node shape: bad record (dead-letter): test-{}", 1);
      spdlog::info("pipeline demo running");
      spdlog::error("node orders: test-{}", 2);
    });
    worker.join();
    QTRY_VERIFY(panel.text().contains(QStringLiteral("test-2")));
    QVERIFY2(panel.text().contains(QStringLiteral("WARN  [shape] node shape: bad record")), qPrintable(panel.text()));
    panel.setNodeFilter(QStringLiteral("shape"));
    QVERIFY(panel.text().contains(QStringLiteral("test-1")) && !panel.text().contains(QStringLiteral("test-2")));
    panel.setNodeFilter(QString());
    panel.setMinimumLevel(spdlog::level::err);
    QVERIFY(!panel.text().contains(QStringLiteral("test-1")) && panel.text().contains(QStringLiteral("test-2")));
    panel.setMinimumLevel(0);
    panel.setTextFilter(QStringLiteral("PIPELINE DEMO"));
    QCOMPARE(panel.rowCount(), 1);
    panel.copy();
    QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("pipeline demo running")));
    panel.setTextFilter(QString());

    // A flood stays bounded and keeps the newest.
    std::thread flood([] {
      for (int i = 0; i < 60000; ++i) spdlog::info("flood {}", i);
    });
    flood.join();
    QTRY_VERIFY(panel.text().contains(QStringLiteral("flood 59999")));
    QVERIFY(panel.totalCount() <= 50000);
  }
};

QTEST_MAIN(TestDashboardPanels)
#include "test_dashboard_panels.moc"
