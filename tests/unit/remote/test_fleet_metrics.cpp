// Reading runners' /metrics back (parsePrometheus) and merging several
// runners' figures for the GUI (FleetMetrics): sums, rates, per-runner
// series, stale runners, topic halves.
#include <QtTest>

#include "core/connectors/builtin.h"
#include "core/metrics/prometheus.h"
#include "core/metrics/prometheus_parse.h"
#include "core/metrics/registry.h"
#include "core/remote/fleet_metrics.h"

using namespace tributary;

namespace {

metrics::Labels nodeLabels(const std::string& node, const std::string& type) {
  return {{"node", node}, {"pipeline", "p"}, {"type", type}};
}

// A runner's /metrics text with the given counts.
std::string runnerText(double generated, double written, double errors, double queue, double rtt) {
  metrics::Registry r;
  r.counter("tributary_node_records_out_total", "out", nodeLabels("gen", "source.datagen")).inc(static_cast<std::uint64_t>(generated));
  r.counter("tributary_node_records_in_total", "in", nodeLabels("out", "sink.file")).inc(static_cast<std::uint64_t>(written));
  r.counter("tributary_node_records_out_total", "out", nodeLabels("out", "sink.file")).inc(static_cast<std::uint64_t>(written));
  r.counter("tributary_node_errors_total", "err", nodeLabels("out", "sink.file")).inc(static_cast<std::uint64_t>(errors));
  r.gauge("tributary_node_queue_depth", "q", nodeLabels("out", "sink.file")).set(queue);
  r.gauge("tributary_kafka_broker_rtt_seconds", "rtt", {{"broker", "1"}, {"pipeline", "p"}}).set(rtt);
  r.counter("tributary_node_records_out_total", "out", {{"node", "x"}, {"pipeline", "other"}, {"type", "t"}}).inc(99);
  auto& h = r.histogram("tributary_node_batch_latency_seconds", "lat", nodeLabels("out", "sink.file"), {0.001, 0.01, 0.1});
  for (int i = 0; i < static_cast<int>(written) % 7 + 3; ++i) h.observe(0.005);
  return metrics::renderPrometheus(r);
}

model::Pipeline pipeline() {
  model::Pipeline p;
  p.name.assign(1, 'p');
  p.nodes.push_back({"gen", "source.datagen", {}, nlohmann::json::object(), {}});
  p.nodes.push_back({"out", "sink.file", {}, nlohmann::json::object(), {}});
  p.edges.push_back({"gen", {}, "out", {}});
  return p;
}

remote::RunnerReading reading(const std::string& runner, std::int64_t t, const std::string& text) {
  remote::RunnerReading r;
  r.runner = runner;
  r.answered = true;
  r.deployed = true;
  r.state = "running";
  r.timeMs = t;
  auto families = metrics::parsePrometheus(text);
  if (families) r.families = std::move(*families);
  return r;
}

const metrics::SeriesSnapshot* find(const std::vector<metrics::FamilySnapshot>& families, const std::string& name,
                                    const metrics::Labels& must) {
  for (const auto& f : families) {
    if (f.name != name) continue;
    for (const auto& s : f.series) {
      bool ok = true;
      for (const auto& [k, v] : must) {
        std::string have;
        for (const auto& [lk, lv] : s.labels)
          if (lk == k) have = lv;
        if (have != v) ok = false;
      }
      if (ok) return &s;
    }
  }
  return nullptr;
}

}  // namespace

class TestFleetMetrics final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesWhatWeRender() {
    metrics::Registry r;
    r.counter("a_total", "A \"quoted\" help", {{"k", "v \"q\" \\ x\ny"}}).inc(42);
    r.gauge("g", "G").set(-1.5);
    auto& h = r.histogram("h_seconds", "H", {{"node", "n"}}, {0.1, 1});
    h.observe(0.05);
    h.observe(0.5);
    h.observe(0.5);
    h.observe(5);
    auto parsed = metrics::parsePrometheus(metrics::renderPrometheus(r));
    QVERIFY2(parsed, parsed ? "" : parsed.error().toString().c_str());
    // Rendering the parsed families again gives the same text.
    QCOMPARE(QString::fromStdString(metrics::renderPrometheus(*parsed)),
             QString::fromStdString(metrics::renderPrometheus(r)));
    const auto* hs = find(*parsed, "h_seconds", {{"node", "n"}});
    QVERIFY(hs);
    QCOMPARE(hs->histogram.counts, (std::vector<std::uint64_t>{1, 2, 1}));
    QCOMPARE(hs->histogram.count, std::uint64_t(4));
    const auto* a = find(*parsed, "a_total", {});
    QVERIFY(a);
    QCOMPARE(QString::fromStdString(a->labels[0].second), QStringLiteral("v \"q\" \\ x\ny"));
  }

  void refusesBadText() {
    auto bad = metrics::parsePrometheus("# TYPE x counter\nx{a=\"1\" 3\n");
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.find("line 2") != std::string::npos, bad.error().message.c_str());
    QVERIFY(!metrics::parsePrometheus("x abc\n"));
    QVERIFY(!metrics::parsePrometheus("# TYPE x weird\n"));
  }

  void mergesRunners() {
    remote::FleetMetrics fleet;
    fleet.setPipeline(pipeline(), connectors::builtinSpecs());
    fleet.update({reading("a", 1000, runnerText(100, 90, 1, 5, 0.002)), reading("b", 1000, runnerText(50, 40, 0, 7, 0.004))});
    auto nodes = fleet.nodes();
    QCOMPARE(nodes["gen"].records, std::uint64_t(150));
    QCOMPARE(nodes["out"].records, std::uint64_t(130));  // a sink: records in
    QCOMPARE(nodes["out"].errors, std::uint64_t(1));
    QCOMPARE(nodes["out"].rate, 0.0);  // no previous reading yet
    QCOMPARE(fleet.nodes("b")["gen"].records, std::uint64_t(50));

    // One second later: a wrote 100 more, b 20 more.
    fleet.update({reading("a", 2000, runnerText(200, 190, 1, 5, 0.002)), reading("b", 2000, runnerText(70, 60, 0, 7, 0.004))});
    nodes = fleet.nodes();
    QCOMPARE(nodes["out"].records, std::uint64_t(250));
    QCOMPARE(nodes["out"].rate, 120.0);
    auto families = fleet.families();
    // Merged: source="runners", no runner label; per runner: runner=<name>.
    const auto* merged = find(families, "tributary_node_records_in_total:rate", {{"node", "out"}, {"runner", ""}, {"source", "runners"}});
    QVERIFY(merged);
    QCOMPARE(merged->value, 120.0);
    const auto* a = find(families, "tributary_node_records_in_total:rate", {{"node", "out"}, {"runner", "a"}});
    QVERIFY(a);
    QCOMPARE(a->value, 100.0);
    QVERIFY(find(families, "tributary_node_queue_depth", {{"runner", ""}, {"source", "runners"}})->value == 12.0);
    // Round trips are not amounts: the maximum, not the sum.
    QCOMPARE(find(families, "tributary_kafka_broker_rtt_seconds", {{"runner", ""}, {"source", "runners"}})->value, 0.004);
    // Another pipeline's series are left out.
    QVERIFY(!find(families, "tributary_node_records_out_total", {{"pipeline", "other"}}));
    const auto* lat = find(families, "tributary_node_batch_latency_seconds", {{"runner", ""}, {"source", "runners"}});
    QVERIFY(lat);
    QCOMPARE(lat->histogram.count, std::uint64_t((190 % 7 + 3) + (60 % 7 + 3)));

    // b stops answering: its last totals stay, its rate and its own series go.
    remote::RunnerReading quiet;
    quiet.runner = "b";
    quiet.error = "no answer";
    fleet.update({reading("a", 3000, runnerText(300, 290, 1, 5, 0.002)), quiet});
    nodes = fleet.nodes();
    QCOMPARE(nodes["out"].records, std::uint64_t(290 + 60));
    QCOMPARE(nodes["out"].rate, 100.0);
    QCOMPARE(fleet.staleCount(), 1);
    families = fleet.families();
    QVERIFY(!find(families, "tributary_node_records_in_total", {{"runner", "b"}}));
    QCOMPARE(find(families, "tributary_node_records_in_total", {{"node", "out"}, {"runner", ""}, {"source", "runners"}})->value, 350.0);
    QCOMPARE(find(families, "tributary_node_queue_depth", {{"runner", ""}, {"source", "runners"}})->value, 5.0);
    auto statuses = fleet.runners();
    QCOMPARE(statuses.size(), std::size_t(2));
    QVERIFY(!statuses[1].live && statuses[1].deployed && statuses[1].lastAnswerMs == 2000);

    // A restarted pipeline on a (counter went down): counts from zero, no negative rate.
    fleet.update({reading("a", 4000, runnerText(10, 10, 0, 0, 0.002))});
    QCOMPARE(fleet.nodes()["out"].rate, 10.0);
    QCOMPARE(fleet.runners().size(), std::size_t(1));  // b was removed from the list
  }

  void namesTheConsumingHalfOfATopic() {
    model::Pipeline p;
    p.name.assign(1, 'p');
    p.nodes.push_back({"gen", "source.datagen", {}, nlohmann::json::object(), {}});
    p.nodes.push_back({"t", "topic", {}, nlohmann::json::object(), {}});
    p.nodes.push_back({"out", "sink.file", {}, nlohmann::json::object(), {}});
    p.edges.push_back({"gen", {}, "t", {}});
    p.edges.push_back({"t", {}, "out", {}});
    metrics::Registry r;
    r.counter("tributary_node_records_in_total", "in", nodeLabels("t", "topic#produce")).inc(10);
    r.counter("tributary_node_records_out_total", "out", nodeLabels("t", "topic#consume")).inc(7);
    remote::FleetMetrics fleet;
    fleet.setPipeline(p, connectors::builtinSpecs());
    fleet.update({reading("a", 1000, metrics::renderPrometheus(r))});
    auto nodes = fleet.nodes();
    QCOMPARE(nodes["t"].records, std::uint64_t(10));
    QCOMPARE(nodes["t~out"].records, std::uint64_t(7));
  }

  void foldsTheMembersOfAParallelStageIntoTheirNodes() {
    // parallelism: 2 on a runner: member 1's copies report as "in#1" and "log#1".
    metrics::Registry r;
    r.counter("tributary_node_records_out_total", "out", nodeLabels("in", "topic#consume")).inc(30);
    r.counter("tributary_node_records_out_total", "out", nodeLabels("in#1", "topic#consume")).inc(12);
    r.counter("tributary_node_records_in_total", "in", nodeLabels("log", "sink.file")).inc(29);
    r.counter("tributary_node_records_in_total", "in", nodeLabels("log#1", "sink.file")).inc(11);
    r.counter("tributary_node_records_out_total", "out", nodeLabels("log#1", "sink.file")).inc(1000);  // not a sink's throughput
    r.gauge("tributary_node_queue_depth", "q", nodeLabels("log", "sink.file")).set(5);
    r.gauge("tributary_node_queue_depth", "q", nodeLabels("log#1", "sink.file")).set(7);
    model::Pipeline p;
    p.name.assign(1, 'p');
    p.nodes.push_back({"in", "topic", {}, nlohmann::json::object(), {}});
    p.nodes.push_back({"log", "sink.file", {}, nlohmann::json::object(), {}});
    p.edges.push_back({"in", {}, "log", {}});
    remote::FleetMetrics fleet;
    fleet.setPipeline(p, connectors::builtinSpecs());
    fleet.update({reading("a:1", 1000, metrics::renderPrometheus(r))});
    auto nodes = fleet.nodes();
    QCOMPARE(nodes["in"].records, std::uint64_t{42});
    QCOMPARE(nodes["log"].records, std::uint64_t{40});
    QCOMPARE(nodes["log"].queueDepth, 12.0);
    QVERIFY(!nodes.count("in#1") && !nodes.count("log#1"));
    QCOMPARE(fleet.nodes("a:1")["log"].records, std::uint64_t{40});
  }
};

QTEST_GUILESS_MAIN(TestFleetMetrics)
#include "test_fleet_metrics.moc"
