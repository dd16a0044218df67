// Restore progress on the canvas. A pipeline with an aggregate (one group per
// order: as many keys as records) that reads a topic runs on a real
// `tributary-runner serve` with its embedded broker, so the aggregate's
// store has a changelog topic; it is stopped once every order went in. Its local state folder is then deleted (the
// checkpoint stays) and the pipeline started again: the aggregate restores
// its store from the changelog, and while it does the node on the canvas
// shows "restoring N %" over a progress bar and, in its tooltip, "Restoring
// its state from the changelog: X of Y records" — read from the runner's
// /metrics (tributary_state_restore_records / _total), the way a designer run
// reads its own registry. Once the restore is done the line is gone.
#include <QAbstractButton>
#include <QGraphicsView>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "remote_fixture.h"
#include "widgets/canvas/node_item.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/canvas/pipeline_view.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/runners/remote_run_monitor.h"
#include "widgets/runners/runners_panel.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kKeys = 150000;
const char* kName = "restore-canvas";

nlohmann::json pipelineJson(const std::string& out) {
  nlohmann::json p = {{"tributary", 1}, {"name", kName}, {"cluster", {{"bootstrap", "embedded"}}}};
  p["nodes"] = {
      {{"id", "orders"},
       {"type", "source.datagen"},
       {"config", {{"template", "orders"}, {"rate", 0}, {"count", kKeys}, {"seed", 7}}},
       {"ui", {{"x", 0}, {"y", 0}}}},
      {{"id", "in"},
       {"type", "topic"},
       {"config", {{"name", "restore_canvas_orders"}, {"create", true}, {"partitions", 1}}},
       {"ui", {{"x", 300}, {"y", 0}}}},
      {{"id", "agg"},
       {"type", "transform.aggregate"},
       {"config",
        {{"window", "none"}, {"group_by", {"order_id"}}, {"aggregates", {"count(*) AS n"}}, {"emit", "changes"}}},
       {"ui", {{"x", 600}, {"y", 0}}}},
      {{"id", "out"},
       {"type", "sink.file"},
       {"config", {{"path", out}, {"fsync", "none"}}},
       {"ui", {{"x", 900}, {"y", 0}}}}};
  p["edges"] = {{{"from", "orders"}, {"to", "in"}}, {{"from", "in"}, {"to", "agg"}}, {{"from", "agg"}, {"to", "out"}}};
  return p;
}

std::string stateOf(Runner& runner) {
  auto p = runner.client->pipeline(kName);
  return p ? p->value("state", std::string()) : std::string();
}

// Records that entered node `id`, as the runner's status says.
std::uint64_t recordsIn(Runner& runner, const std::string& id) {
  auto p = runner.client->pipeline(kName);
  if (p && p->contains("nodes"))
    for (const auto& n : (*p)["nodes"])
      if (n.value("id", "") == id) return n.value("records_in", std::uint64_t{0});
  return 0;
}

}  // namespace

class TestCanvasRestore final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
  }

  void restoreProgressOnTheNodeWhileItLasts() {
    Runner runner;
    runner.stateDir = m_dir.filePath(QStringLiteral("runner")).toStdString();
    runner.logFile = m_dir.filePath(QStringLiteral("runner.err")).toStdString();
    QVERIFY2(runner.start(), runner.log().c_str());
    const nlohmann::json pipeline = pipelineJson(m_dir.filePath(QStringLiteral("out.jsonl")).toStdString());

    // First run: every order through the topic into the aggregate (its store
    // and its changelog on the runner's embedded broker), then a clean stop.
    auto deployed = runner.client->deploy(pipeline.dump(), true);
    QVERIFY2(deployed, deployed ? "" : deployed.error().toString().c_str());
    QVERIFY2(waitUntil([&] { return recordsIn(runner, "agg") >= static_cast<std::uint64_t>(kKeys); }, 120s, 300ms),
             runner.log().c_str());
    auto stopped = runner.client->stop(kName);
    QVERIFY2(stopped, stopped ? "" : stopped.error().toString().c_str());
    QVERIFY2(waitUntil([&] { return stateOf(runner) == "stopped"; }, 60s, 300ms), runner.log().c_str());
    const std::filesystem::path stores =
        std::filesystem::path(runner.stateDir) / "checkpoints" / (std::string(kName) + ".state");
    QVERIFY2(std::filesystem::exists(stores / "agg"), stores.c_str());

    // The canvas watches the runner.
    widgets::PipelineDocument document(connectors::builtinSpecs());
    auto parsed = model::parsePipeline(pipeline.dump());
    QVERIFY(parsed);
    document.reset(*parsed);
    widgets::PipelineScene scene(&document);
    widgets::PipelineView view(&scene);
    view.resize(1180, 220);
    view.show();
    widgets::RunnersPanel panel(&document);
    panel.monitor()->setScene(&scene);
    panel.monitor()->setInterval(100);
    panel.addRunner(QString::fromStdString(runner.url), QString::fromStdString(runner.token));
    widgets::NodeItem* agg = scene.nodeItem(QStringLiteral("agg"));
    QVERIFY(agg);
    const qreal designHeight = agg->boundingRect().height();
    QTRY_VERIFY_WITH_TIMEOUT(agg->statusText().contains(QStringLiteral("records")), 15000);
    QVERIFY2(agg->runLine().isEmpty(), qPrintable(agg->runLine()));  // a finished run: no restore shown

    // The local stores go; the checkpoint stays: the next start restores from the changelog.
    std::filesystem::remove_all(stores);
    auto started = runner.client->start(kName);
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    static const QRegularExpression shown(QStringLiteral("^restoring ([0-9]+) %$"));
    static const QRegularExpression tip(
        QStringLiteral("Restoring its state from the changelog: ([0-9,.\\s]+) of ([0-9,.\\s]+) records"));
    QTRY_VERIFY2_WITH_TIMEOUT(shown.match(agg->runLine()).hasMatch(), runner.log().c_str(), 60000);
    // Not a check: TRIBUTARY_SCREENSHOT=FILE saves a picture of the canvas while it restores.
    if (QByteArray shot = qgetenv("TRIBUTARY_SCREENSHOT"); !shot.isEmpty()) {
      (void)QTest::qWaitFor([&] { return agg->runProgress() >= 0.3 || agg->runLine().isEmpty(); }, 5000);
      view.centerOn(agg);
      view.grab().save(QString::fromUtf8(shot));
    }
    const int percent = shown.match(agg->runLine()).captured(1).toInt();
    QVERIFY2(percent >= 0 && percent < 100, qPrintable(agg->runLine()));
    QVERIFY(agg->runProgress() >= 0 && agg->runProgress() < 1);
    QVERIFY(agg->boundingRect().height() > designHeight);
    auto m = tip.match(agg->toolTip());
    QVERIFY2(m.hasMatch(), qPrintable(agg->toolTip()));
    auto number = [](QString s) { return s.remove(QRegularExpression(QStringLiteral("[^0-9]"))).toULongLong(); };
    const qulonglong done = number(m.captured(1)), total = number(m.captured(2));
    qInfo("canvas: %s; tooltip: %llu of %llu records", qPrintable(agg->runLine()), done, total);
    // Every key was written to the changelog once at least.
    QVERIFY2(total >= static_cast<qulonglong>(kKeys) && done < total, qPrintable(agg->toolTip()));
    QCOMPARE(percent, static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * 100));

    // Done: the line goes, and the runner says it restored.
    QTRY_VERIFY2_WITH_TIMEOUT(agg->runLine().isEmpty(), qPrintable(agg->runLine()), 60000);
    QCOMPARE(agg->boundingRect().height(), designHeight);
    QVERIFY2(runner.log().find("restor") != std::string::npos, runner.log().c_str());
    QVERIFY2(waitUntil([&] { return stateOf(runner) == "running"; }, 30s, 200ms), stateOf(runner).c_str());
    stopped = runner.client->stop(kName);
    QVERIFY2(stopped, stopped ? "" : stopped.error().toString().c_str());
    QVERIFY2(waitUntil([&] { return stateOf(runner) == "stopped"; }, 60s, 300ms), runner.log().c_str());
  }

 private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TestCanvasRestore)
#include "test_canvas_restore.moc"
