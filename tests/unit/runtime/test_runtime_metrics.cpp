// Metrics: counters, gauges, histograms, the registry and the Prometheus text
// format (checked byte for byte, and by promtool when it is installed).
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

#include "core/metrics/prometheus.h"
#include "core/metrics/registry.h"

using namespace tributary::metrics;

class TestRuntimeMetrics final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void countersAreExactUnderConcurrency() {
    Registry r;
    Counter& c = r.counter("x_total", "x", {{"node", "a"}});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 100000; ++i) c.inc();
      });
    for (auto& t : threads) t.join();
    QCOMPARE(c.value(), 400000u);
    QCOMPARE(&r.counter("x_total", "x", {{"node", "a"}}), &c);  // same series, same object
  }

  void histogramQuantiles() {
    Histogram h({1, 2, 4, 8});
    for (int i = 0; i < 50; ++i) h.observe(0.5);
    for (int i = 0; i < 50; ++i) h.observe(3);
    auto s = h.snapshot();
    QCOMPARE(s.count, 100u);
    QCOMPARE(s.counts, (std::vector<std::uint64_t>{50, 0, 50, 0, 0}));
    QCOMPARE(s.sum, 175.0);
    QVERIFY(s.quantile(0.25) <= 1.0);
    QVERIFY(s.quantile(0.9) > 2.0 && s.quantile(0.9) <= 4.0);
    h.observe(100);  // beyond the last bound: +Inf bucket
    QCOMPARE(h.snapshot().counts.back(), 1u);
  }

  void prometheusTextExact() {
    Registry r;
    r.counter("tributary_node_records_in_total", "Records in.", {{"node", "gen"}, {"pipeline", "demo"}}).inc(42);
    r.gauge("tributary_node_queue_depth", "Queued \\ records\nnow.", {{"node", "a\"b"}}).set(2.5);
    Histogram& h = r.histogram("lat_seconds", "Latency.", {}, {0.1, 1});
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    const char* expected =
        "# HELP lat_seconds Latency.\n"
        "# TYPE lat_seconds histogram\n"
        "lat_seconds_bucket{le=\"0.1\"} 1\n"
        "lat_seconds_bucket{le=\"1\"} 2\n"
        "lat_seconds_bucket{le=\"+Inf\"} 3\n"
        "lat_seconds_sum 5.55\n"
        "lat_seconds_count 3\n"
        "# HELP tributary_node_queue_depth Queued \\\\ records\\nnow.\n"
        "# TYPE tributary_node_queue_depth gauge\n"
        "tributary_node_queue_depth{node=\"a\\\"b\"} 2.5\n"
        "# HELP tributary_node_records_in_total Records in.\n"
        "# TYPE tributary_node_records_in_total counter\n"
        "tributary_node_records_in_total{node=\"gen\",pipeline=\"demo\"} 42\n";
    QCOMPARE(QString::fromStdString(renderPrometheus(r)), QString::fromLatin1(expected));
  }

  void removeSeriesDropsAPipeline() {
    Registry r;
    r.counter("a_total", "a", {{"pipeline", "one"}}).inc();
    r.counter("a_total", "a", {{"pipeline", "two"}}).inc();
    r.removeSeries("pipeline", "one");
    auto families = r.collect();
    QCOMPARE(families.size(), 1u);
    QCOMPARE(families[0].series.size(), 1u);
    QCOMPARE(families[0].series[0].labels[0].second, std::string("two"));
  }

  void promtoolAcceptsTheOutput() {
    QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty()) QSKIP("promtool is not installed");
    Registry r;
    r.counter("tributary_node_records_in_total", "Records in.", {{"node", "gen"}}).inc(3);
    r.gauge("tributary_node_queue_depth", "Depth.", {{"node", "gen"}}).set(1);
    r.histogram("tributary_node_batch_latency_seconds", "Latency.", {{"node", "gen"}}, Histogram::latencyBounds())
        .observe(0.002);
    QProcess p;
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(p.waitForStarted());
    std::string text = renderPrometheus(r);
    p.write(text.data(), static_cast<qint64>(text.size()));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, (p.readAllStandardOutput() + p.readAllStandardError()).constData());
  }
};

QTEST_APPLESS_MAIN(TestRuntimeMetrics)
#include "test_runtime_metrics.moc"
