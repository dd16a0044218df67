// Live metrics from two real runners: the open pipeline (datagen
// -> file, local mode) is deployed from the Runners panel to two
// `tributary-runner serve` processes on loopback. The canvas badges must show
// the sum of the runners' own counters (read from their APIs independently),
// the dashboard a merged line and, with "Per runner", one line per runner;
// a runner killed with -9 is shown as unreachable and its rate leaves the
// merged rate. Saves a screenshot (docs/screenshots with TRIBUTARY_SCREENSHOTS).
#include <QAbstractButton>
#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <csignal>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "remote_fixture.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

const char* kPipeline =
    "{\"tributary\": 1, \"name\": \"live/metrics demo\", \"cluster\": {\"bootstrap\": \"embedded\"},"
    " \"nodes\": ["
    "  {\"id\": \"gen\", \"type\": \"source.datagen\", \"config\": {\"rate\": 400, \"template\": \"orders\"}, \"ui\": {\"x\": 40, \"y\": 60}},"
    "  {\"id\": \"shape\", \"type\": \"transform.map\", \"config\": {\"select\": \"order_id, amount\"}, \"ui\": {\"x\": 300, \"y\": 60}},"
    "  {\"id\": \"out\", \"type\": \"sink.file\", \"config\": {\"path\": \"out/orders.jsonl\"}, \"ui\": {\"x\": 560, \"y\": 60}}],"
    " \"edges\": [{\"from\": \"gen\", \"to\": \"shape\"}, {\"from\": \"shape\", \"to\": \"out\"}]}";

// A runner's own count of records its file sink took in (-1: no answer).
std::int64_t sinkCount(Runner& runner, const std::string& pipeline) {
  auto p = runner.client->pipeline(pipeline);
  if (!p) return -1;
  for (const auto& n : (*p)["nodes"])
    if (n.value("id", "") == "out") return n.value("records_in", std::int64_t{0});
  return 0;
}

QAbstractButton* button(QWidget* parent, const QString& text) {
  for (auto* b : parent->findChildren<QAbstractButton*>())
    if (b->text() == text) return b;
  return nullptr;
}

}  // namespace

class TestRunnersLiveMetrics final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // The panel remembers runners (settings, token files): keep this test's apart.
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_STATE_HOME", m_home.filePath(QStringLiteral("state")).toUtf8());
  }

  void mergesTwoRunners() {
    QTemporaryDir dir;
    Runner a, b;
    a.stateDir = dir.filePath(QStringLiteral("a")).toStdString();
    a.logFile = dir.filePath(QStringLiteral("a.err")).toStdString();
    b.stateDir = dir.filePath(QStringLiteral("b")).toStdString();
    b.logFile = dir.filePath(QStringLiteral("b.err")).toStdString();
    QVERIFY2(a.start(), a.log().c_str());
    QVERIFY2(b.start(), b.log().c_str());

    auto pipeline = model::parsePipeline(kPipeline);
    QVERIFY2(pipeline, pipeline ? "" : pipeline.error().toString().c_str());
    const std::string name = pipeline->name;
    widgets::PipelineDocument document(connectors::builtinSpecs());
    document.reset(*pipeline);
    widgets::PipelineScene scene(&document);
    QSplitter window(Qt::Vertical);
    window.resize(1440, 1100);
    auto* view = new widgets::PipelineView(&scene, &window);
    auto* dashboard = new widgets::DashboardWidget(&document, &scene, &window);
    auto* panel = new widgets::RunnersPanel(&document, &window);
    panel->monitor()->setScene(&scene);
    dashboard->setRemoteMonitor(panel->monitor());
    window.addWidget(view);
    window.addWidget(dashboard);
    window.addWidget(panel);
    window.setSizes({230, 650, 220});
    window.show();

    panel->addRunner(QString::fromStdString(a.url), QString::fromStdString(a.token));
    panel->addRunner(QString::fromStdString(b.url), QString::fromStdString(b.token));
    auto* tree = panel->findChild<QTreeWidget*>();
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(1)->text(1), QStringLiteral("healthy"), 15000);
    QVERIFY(button(panel, QStringLiteral("Deploy")));
    button(panel, QStringLiteral("Deploy"))->click();  // nothing selected: both runners

    // Both run it; the merged figures follow the runners' own counters.
    QVERIFY(waitUntil([&] { return sinkCount(a, name) > 300 && sinkCount(b, name) > 300; }, std::chrono::seconds(30)));
    QTRY_VERIFY_WITH_TIMEOUT(panel->monitor()->fleet().deployedCount() == 2, 10000);
    widgets::NodeItem* out = scene.nodeItem(QStringLiteral("out"));
    QVERIFY(out);
    auto canvasCount = [&] { return panel->monitor()->fleet().nodes()["out"].records; };
    {
      std::int64_t before = sinkCount(a, name) + sinkCount(b, name);
      QTRY_VERIFY_WITH_TIMEOUT(static_cast<std::int64_t>(canvasCount()) >= before, 10000);
      std::uint64_t shown = canvasCount();
      std::int64_t after = sinkCount(a, name) + sinkCount(b, name);
      QVERIFY2(static_cast<std::int64_t>(shown) <= after,
               qPrintable(QStringLiteral("canvas %1, runners %2..%3").arg(shown).arg(before).arg(after)));
      QCOMPARE(out->status(), widgets::NodeStatus::Running);
    }
    // Both runners at ~400 records/s: the merged rate counts both.
    QTRY_VERIFY_WITH_TIMEOUT(panel->monitor()->fleet().nodes()["out"].rate > 600, 15000);
    QVERIFY2(out->toolTip().contains(widgets::RemoteRunMonitor::runnerLabel(QString::fromStdString(a.url))) &&
                 out->toolTip().contains(widgets::RemoteRunMonitor::runnerLabel(QString::fromStdString(b.url))),
             qPrintable(out->toolTip()));

    // The dashboard: a merged line per node; with "Per runner" one more per runner.
    QVERIFY(dashboard->showsRunners());
    dashboard->refreshNow();
    widgets::ChartPanel* recordsIn = dashboard->panel(QStringLiteral("records-in"));
    QVERIFY(recordsIn);
    auto linesFor = [&](const QString& node) {
      QStringList names;
      for (const auto& l : recordsIn->lines())
        if (l.name.startsWith(node + QLatin1Char(' '))) names << l.name;
      return names;
    };
    QTRY_VERIFY_WITH_TIMEOUT((dashboard->refreshNow(), linesFor(QStringLiteral("out")).size() == 1), 10000);
    QCOMPARE(linesFor(QStringLiteral("out")).front(), QStringLiteral("out (all runners)"));
    dashboard->setPerRunner(true);
    QStringList perRunner = linesFor(QStringLiteral("out"));
    QCOMPARE(perRunner.size(), 3);
    QVERIFY2(perRunner.filter(QStringLiteral(" @ ")).size() == 2, qPrintable(perRunner.join(QLatin1Char('|'))));

    const bool keep = qEnvironmentVariableIsSet("TRIBUTARY_SCREENSHOTS");
    QString shot = keep ? QStringLiteral(TRIBUTARY_SOURCE_DIR "/docs/screenshots/runners-live-metrics.png")
                        : dir.filePath(QStringLiteral("runners-live-metrics.png"));
    if (keep) {
      // A picture worth keeping: some seconds of lines, drawn over the last minute.
      QTest::qWait(15000);
      qint64 now = QDateTime::currentMSecsSinceEpoch();
      dashboard->setCustomRange(now - 60000, now + 2000);
      view->fitToContents();
    }
    QVERIFY(window.grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));

    // Stopped everywhere: the counters are final, and the canvas shows exactly their sum.
    button(panel, QStringLiteral("Stop"))->click();
    QVERIFY(waitUntil(
        [&] {
          auto pa = a.client->pipeline(name), pb = b.client->pipeline(name);
          return pa && pb && (*pa)["state"] == "stopped" && (*pb)["state"] == "stopped";
        },
        std::chrono::seconds(30)));
    const std::int64_t total = sinkCount(a, name) + sinkCount(b, name);
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<std::int64_t>(canvasCount()), total, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(out->status(), widgets::NodeStatus::Stopped, 10000);
    QVERIFY2(out->statusText().startsWith(QString::number(total) + QLatin1String(" records")) || total >= 10000,
             qPrintable(out->statusText()));

    // Running again, then runner b dies: shown as unreachable, its rate leaves the merged rate.
    button(panel, QStringLiteral("Start"))->click();
    QVERIFY(waitUntil([&] { return sinkCount(b, name) > 300; }, std::chrono::seconds(30)));
    QTRY_VERIFY_WITH_TIMEOUT(panel->monitor()->fleet().nodes()["out"].rate > 600, 15000);
    ::kill(b.process->pid(), SIGKILL);
    b.process->wait(std::chrono::seconds(10));
    QTRY_COMPARE_WITH_TIMEOUT(panel->monitor()->fleet().staleCount(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->monitor()->fleet().nodes()["out"].rate < 600, 15000);
    QVERIFY(panel->monitor()->fleet().nodes()["out"].rate > 0);
    QCOMPARE(tree->topLevelItem(1)->text(1), QStringLiteral("unreachable"));
    QVERIFY2(out->toolTip().contains(QLatin1String("unreachable")), qPrintable(out->toolTip()));
    QVERIFY2(out->statusText().contains(QStringLiteral("records · 1 stale")), qPrintable(out->statusText()));
    if (keep) {
      dashboard->setPerRunner(false);
      QTest::qWait(3000);  // a few seconds of the live runner alone
      qint64 now = QDateTime::currentMSecsSinceEpoch();
      dashboard->setCustomRange(now - 60000, now + 2000);
      view->fitToContents();
      QVERIFY(window.grab().save(QStringLiteral(TRIBUTARY_SOURCE_DIR "/docs/screenshots/runners-live-stale.png")));
    }
    auto* live = panel->findChild<QLabel*>(QStringLiteral("runnersLive"));
    QVERIFY(live && live->text().contains(QLatin1String("1 unreachable")));
    // b's last line is gone from the per-runner breakdown (a gap, not a flat line).
    const QString bLabel = widgets::RemoteRunMonitor::runnerLabel(QString::fromStdString(b.url));
    QVERIFY(!panel->monitor()->fleet().families().empty());
    for (const auto& f : panel->monitor()->fleet().families())
      for (const auto& s : f.series)
        for (const auto& [k, v] : s.labels) QVERIFY(!(k == "runner" && v == bLabel.toStdString()));
  }
 private:
  QTemporaryDir m_home;
};

QTEST_MAIN(TestRunnersLiveMetrics)
#include "test_runners_live_metrics.moc"
