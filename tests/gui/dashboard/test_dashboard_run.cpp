// The dashboard with a real run: the demo pipeline on the embedded runtime
// fills the default dashboard with non-zero series within seconds; an alert
// rule with a low threshold goes Pending, then Firing after its `for`, marks
// the canvas node with a badge and shows the banner; the log view gets the
// alert too. Offscreen.

#include <QFileInfo>
#include <QLayout>
#include <QProcess>
#include <QTemporaryDir>
#include <QScrollArea>
#include <QTabWidget>
#include <QTest>
#include <QTableWidget>
#include <QTreeWidget>
#include <QDockWidget>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/dashboard/alerts_view.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/dashboard/full_dashboard.h"
#include "widgets/dashboard/stat_panel.h"
#include "widgets/dashboard/metrics_feed.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/panels/log_panel.h"
#include "widgets/run/run_controller.h"
#include "widgets/shell/main_window.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {

bool hasNonZero(ChartPanel* panel, QString* why) {
  if (!panel) {
    *why = QStringLiteral("no such panel");
    return false;
  }
  for (const auto& line : panel->lines())
    if (line.max > 0) return true;
  *why = QStringLiteral("%1: %2 lines, none above 0").arg(QString::fromStdString(panel->spec().id)).arg(panel->lines().size());
  return false;
}

}  // namespace

class TestDashboardRun final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void demoFillsTheDashboardAndAnAlertFires() {
    QString demo = QStringLiteral(TRIBUTARY_SOURCE_DIR "/resources/templates/demo.tributary.json");
    QTemporaryDir dir;
    MainWindow::Options options;
    options.interactive = false;
    options.autosaveDirectory = dir.filePath(QStringLiteral("autosave"));
    MainWindow window(connectors::builtinSpecs(), options);
    auto* run = new RunController(connectors::builtinFactories(), window.scene(), window.dataPreview(), &window);
    window.setRunController(run);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Status opened = window.openTemplate(demo);
    QVERIFY2(opened, opened ? "" : opened.error().toString().c_str());
    DashboardWidget* dashboard = window.dashboard();
    QVERIFY(dashboard);
    window.dashboardDock()->show();
    window.dashboardDock()->raise();
    // The generated default: one panel per figure the issue lists.
    for (const char* id : {"records-in", "records-out", "end-to-end", "latency", "errors", "queue", "bytes"})
      QVERIFY2(dashboard->panel(QString::fromLatin1(id)), id);

    std::vector<metrics::AlertTransition> seen;
    connect(dashboard->feed(), &MetricsFeed::alertsChanged, this,
            [&seen](const std::vector<metrics::AlertTransition>& t) { seen.insert(seen.end(), t.begin(), t.end()); });

    window.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Running, 10000);

    // Non-zero series within seconds: records in and out per node, latency, bytes.
    QString why;
    for (const char* id : {"records-in", "records-out", "end-to-end", "latency", "bytes"})
      QTRY_VERIFY2_WITH_TIMEOUT(hasNonZero(dashboard->panel(QString::fromLatin1(id)), &why), qPrintable(why), 15000);
    // End-to-end latency: both quantiles of the pipeline, in ms, above zero and p50 <= p99.
    ChartPanel* e2e = dashboard->panel(QStringLiteral("end-to-end"));
    auto quantileLine = [&](const QString& name) -> const ChartPanel::Line* {
      for (const auto& line : e2e->lines())
        if (line.name == name) return &line;
      return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(quantileLine(QStringLiteral("p50")) && quantileLine(QStringLiteral("p99")) &&
                                 quantileLine(QStringLiteral("p50"))->last > 0 &&
                                 quantileLine(QStringLiteral("p99"))->last > 0,
                             15000);
    QVERIFY2(e2e->lines().size() == 2, qPrintable(e2e->legendText()));
    QVERIFY(quantileLine(QStringLiteral("p50"))->last <= quantileLine(QStringLiteral("p99"))->last);
    QVERIFY2(e2e->legendText().contains(QStringLiteral(" ms")), qPrintable(e2e->legendText()));
    // For the docs: TRIBUTARY_SCREENSHOT_DIR=docs/screenshots keeps a picture of the whole grid.
    if (QString shots = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR"); !shots.isEmpty()) {
      QTest::qWait(8000);  // a few more seconds of history
      // Floating and wide enough for the legends.
      window.dashboardDock()->setFloating(true);
      window.dashboardDock()->resize(1300, 900);
      QTest::qWait(500);
      dashboard->refreshNow();
      QVERIFY(dashboard->grab().save(shots + QStringLiteral("/dashboard-panels.png")));
      window.dashboardDock()->setFloating(false);
    }
    // The full-size view: since the run started (a young run, not the whole 5 minutes),
    // stats with values, a row per node, the same panels.
    {
      const auto [from, to] = dashboard->visibleRange();
      QVERIFY2(to - from < dashboard->rangeMs(), qPrintable(QString::number(to - from)));
      // A tab of the main window next to the designer canvas, not a window.
      QCOMPARE(window.mainTabs()->count(), 2);
      dashboard->openFullDashboard();
      FullDashboard* full = dashboard->fullDashboard();
      QVERIFY(full);
      QVERIFY(!full->isWindow());
      QCOMPARE(window.mainTabs()->currentWidget(), static_cast<QWidget*>(full));
      QTRY_VERIFY(full->isVisible());
      QCOMPARE(full->panels().size(), dashboard->panels().size());
      QTRY_VERIFY_WITH_TIMEOUT(full->stats()[0]->value() > 0, 5000);  // records in /s
      QVERIFY2(full->stats()[1]->value() > 0, qPrintable(full->stats()[1]->valueText()));  // records out /s
      QVERIFY(full->nodeTable()->rowCount() >= static_cast<int>(window.document()->pipeline().nodes.size()));
      QStringList rows;
      for (int r = 0; r < full->nodeTable()->rowCount(); ++r) rows << full->nodeTable()->item(r, 0)->text();
      QVERIFY2(rows.contains(QStringLiteral("orders")) && rows.contains(QStringLiteral("shape")), qPrintable(rows.join(QLatin1Char(','))));
      // The grid takes as many 480 px columns as the tab is wide.
      window.resize(1600, 1000);
      QTRY_VERIFY(full->columns() >= 2);
      QTRY_COMPARE(full->columns(), std::max(1, full->findChild<QScrollArea*>()->viewport()->width() / 480));
      if (QString shots = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QTest::qWait(1500);
        full->refreshNow();
        QVERIFY(full->grab().save(shots + QStringLiteral("/dashboard-full.png")));
      }
      window.mainTabs()->setCurrentIndex(0);  // back to the designer
      QTRY_VERIFY(!full->isVisible());
    }
    ChartPanel* out = dashboard->panel(QStringLiteral("records-out"));
    QStringList names;
    for (const auto& line : out->lines()) names << line.name;
    for (const char* node : {"orders", "large-paid", "shape"})
      QVERIFY2(names.contains(QString::fromLatin1(node)), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY2(out->legendText().contains(QStringLiteral("records/s")), qPrintable(out->legendText()));
    QVERIFY(out->csv().startsWith(QStringLiteral("time,")));
    QVERIFY(out->tooltipAt(dashboard->feed()->now()).contains(QStringLiteral("orders")));

    // The embedded runtime's /metrics endpoint (what `tributary --metrics-listen` turns on), read with curl.
    Status listening = run->setMetricsListen(QStringLiteral("127.0.0.1:0"));
    QVERIFY2(listening, listening ? "" : listening.error().toString().c_str());
    QProcess curl;
    curl.start(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("5"), run->metricsUrl()});
    QVERIFY(curl.waitForFinished(10000));
    QByteArray exposition = curl.readAllStandardOutput();
    QVERIFY2(exposition.contains("tributary_node_records_out_total{node=\"orders\",pipeline=\"demo\""),
             exposition.left(2000).constData());
    listening = run->setMetricsListen(QStringLiteral("127.0.0.1:99999"));
    QVERIFY(!listening);
    QString listenError = QString::fromStdString(listening.error().toString());
    QVERIFY2(listenError.contains(QStringLiteral("out of range")), qPrintable(listenError));
    QVERIFY(run->setMetricsListen(QString()));

    // A rule with a low threshold on the datagen source's output rate.
    metrics::AlertRule rule;
    rule.id = "busy";
    rule.name = "Orders flowing";
    rule.series = *metrics::SeriesSelector::parse("tributary_node_records_out_total:rate{node=\"orders\"}");
    rule.condition = metrics::AlertCondition::Above;
    rule.threshold = 1;
    rule.forMs = 2000;
    dashboard->setAlertRules({rule});
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->feed()->alerts().state("busy") == metrics::AlertState::Firing, 15000);
    // Pending came first, and Firing no sooner than `for` after it.
    std::int64_t pendingAt = -1, firingAt = -1;
    for (const auto& t : seen) {
      if (t.ruleId != "busy") continue;
      if (t.to == metrics::AlertState::Pending && pendingAt < 0) pendingAt = t.atMs;
      if (t.to == metrics::AlertState::Firing && firingAt < 0) firingAt = t.atMs;
    }
    QVERIFY2(pendingAt > 0 && firingAt > 0, "both transitions seen");
    QVERIFY2(firingAt - pendingAt >= 2000, qPrintable(QString::number(firingAt - pendingAt)));
    // The node carries the badge; the other nodes do not.
    QTRY_VERIFY(!window.scene()->nodeItem(QStringLiteral("orders"))->alertBadge().isEmpty());
    QVERIFY(window.scene()->nodeItem(QStringLiteral("shape"))->alertBadge().isEmpty());
    QVERIFY(dashboard->bannerText().contains(QStringLiteral("Orders flowing")));
    QVERIFY(dashboard->alertsView()->activeList()->topLevelItemCount() == 1);
    QVERIFY(dashboard->alertsView()->historyList()->topLevelItemCount() >= 2);
    // The firing alert is in the log view as well.
    QTRY_VERIFY(window.logPanel()->text().contains(QStringLiteral("alert firing: Orders flowing")));

    // The rule is saved with the pipeline.
    std::string saved = model::serializePipeline(window.document()->pipeline());
    QVERIFY2(saved.find("\"busy\"") != std::string::npos, saved.c_str());
    auto reread = model::parsePipeline(saved);
    QVERIFY(reread);
    QVERIFY(reread->dashboard == window.document()->pipeline().dashboard);

    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunController::State::Stopped, 30000);
    // No more samples: the rate series goes stale and the alert resolves.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->feed()->alerts().state("busy") == metrics::AlertState::Normal, 15000);
    QTRY_VERIFY(window.scene()->nodeItem(QStringLiteral("orders"))->alertBadge().isEmpty());
  }
};

QTEST_MAIN(TestDashboardRun)
#include "test_dashboard_run.moc"
