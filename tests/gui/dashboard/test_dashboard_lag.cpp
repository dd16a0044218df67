// The per-partition consumer-lag heatmap on a real run: a topic node with
// three partitions feeds a deliberately slow sink while kcat (not our code)
// keeps writing into partitions 0 and 2 and writes a few messages into
// partition 1 once. The heatmap's rows 0 and 2 show the lag growing; row 1
// shows none. The lag is librdkafka's per-partition statistic
// (tributary_kafka_consumer_lag{topic,partition}, every 5 s).

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/slow_sink.h"
#include "core/kafka/embedded.h"
#include "widgets/canvas/pipeline_scene.h"
#include "widgets/dashboard/chart_panel.h"
#include "widgets/dashboard/dashboard_widget.h"
#include "widgets/dashboard/heatmap_panel.h"
#include "widgets/document/pipeline_document.h"
#include "widgets/run/run_controller.h"

using namespace tributary;
using namespace tributary::widgets;

namespace {

// Takes every batch after 300 ms: far slower than kcat writes.
const std::atomic<int> kSlowSinkDelayMs{300};

// Writes `count` JSON messages into one partition with kcat.
bool produce(const QString& bootstrap, const QString& topic, int partition, int count) {
  QProcess kcat;
  kcat.start(QStringLiteral("kcat"), {QStringLiteral("-P"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"), topic,
                                      QStringLiteral("-p"), QString::number(partition)});
  if (!kcat.waitForStarted(10000)) return false;
  QByteArray lines;
  for (int i = 0; i < count; ++i) lines += QByteArray("{\"n\":") + QByteArray::number(i) + "}\n";
  kcat.write(lines);
  kcat.closeWriteChannel();
  if (!kcat.waitForFinished(30000)) {
    kcat.kill();
    kcat.waitForFinished();
    return false;
  }
  return kcat.exitCode() == 0;
}

double lastCell(const std::vector<double>& cells) {
  for (auto it = cells.rbegin(); it != cells.rend(); ++it)
    if (!std::isnan(*it)) return *it;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

class TestDashboardLag final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void slowConsumerShowsGrowingLagInItsPartitions() {
    QTemporaryDir dir;
    auto broker = kafka::ensureEmbeddedBroker(dir.filePath(QStringLiteral("broker")).toStdString());
    QVERIFY2(broker, broker ? "" : broker.error().toString().c_str());
    const QString bootstrap = QString::fromStdString(*broker);
    const QString topic = QStringLiteral("lag-heatmap");

    const runtime::FactoryRegistry registry = testing::registryWithSlowSink(kSlowSinkDelayMs);
    PipelineDocument document(registry.specs());
    model::Pipeline pipeline;
    pipeline.name = "lag";
    pipeline.nodes = {{"in", "topic", "", {{"name", topic.toStdString()}, {"partitions", 3}, {"format", "json"}},
                       model::Position{0, 0}},
                      {"slow", "test.slow_sink", "", nlohmann::json::object(), model::Position{360, 0}}};
    pipeline.edges = {{"in", "", "slow", ""}};
    document.reset(pipeline);
    PipelineScene scene(&document);
    RunController run(registry, &scene, nullptr);
    DashboardWidget dashboard(&document, &scene);
    dashboard.setRunController(&run);
    dashboard.resize(900, 700);
    PanelSpec heat = newPanel("heatmap");
    heat.id = "heat";
    dashboard.addPanel(heat);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));

    Status started = run.start(document.pipeline(), dir.path());
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Running, 20000);
    QVERIFY(produce(bootstrap, topic, 1, 20));  // partition 1: a few, read at once

    HeatmapPanel* map = dashboard.panel(QStringLiteral("heat"))->heatmapBody();
    QVERIFY(map);
    auto rowOf = [&](int partition) -> const HeatmapPanel::Row* {
      for (const auto& row : map->rows())
        if (row.name.endsWith(QStringLiteral("/%1").arg(partition))) return &row;
      return nullptr;
    };
    // kcat keeps writing into 0 and 2 (50,000 a round); the sink takes ~3,400/s.
    std::vector<double> lag0, lag2;
    for (int round = 0; round < 5; ++round) {
      QVERIFY(produce(bootstrap, topic, 0, 50000));
      QVERIFY(produce(bootstrap, topic, 2, 50000));
      QTest::qWait(5500);  // one statistics interval
      dashboard.refreshNow();
      if (rowOf(0) && rowOf(2)) {
        lag0.push_back(lastCell(rowOf(0)->cells));
        lag2.push_back(lastCell(rowOf(2)->cells));
      }
    }
    run.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), RunController::State::Stopped, 30000);
    kafka::stopEmbeddedBroker();

    QStringList names;
    for (const auto& row : map->rows()) names << row.name;
    qInfo("rows: %s", qPrintable(names.join(QStringLiteral(", "))));
    QVERIFY2(lag0.size() >= 3, qPrintable(names.join(QStringLiteral(", "))));
    QString figures;
    for (std::size_t i = 0; i < lag0.size(); ++i) figures += QStringLiteral("%1/%2 ").arg(lag0[i]).arg(lag2[i]);
    qInfo("lag of partitions 0/2 per round: %s", qPrintable(figures));
    // Rows in partition order, the lag growing in 0 and 2.
    QVERIFY(names.indexOf(QRegularExpression(QStringLiteral(".*/0$"))) <
            names.indexOf(QRegularExpression(QStringLiteral(".*/2$"))));
    QVERIFY2(lag0.back() > lag0.front() && lag0.back() > 50000, qPrintable(figures));
    QVERIFY2(lag2.back() > lag2.front() && lag2.back() > 50000, qPrintable(figures));
    // Partition 1 was read at once: no lag (a row with zeros, or none before its first statistics).
    if (const auto* one = rowOf(1)) {
      const double last = lastCell(one->cells);
      QVERIFY2(std::isnan(last) || last == 0, qPrintable(QString::number(last)));
    }
    QVERIFY(map->maxValue() >= std::max(lag0.back(), lag2.back()));
  }
};

QTEST_MAIN(TestDashboardLag)
#include "test_dashboard_lag.moc"
