// Metric history: ring buffers per series with downsampled tiers (min and max
// survive every downsampling), the memory bound, and the sampler that turns
// registry snapshots into rates and quantiles.
#include <QtTest>

#include <cmath>

#include "core/metrics/metric_history.h"
#include "core/metrics/metrics_sampler.h"
#include "core/metrics/registry.h"
#include "core/metrics/time_series.h"

using namespace tributary::metrics;

namespace {
constexpr std::int64_t kStart = 1'700'000'000'000;  // a realistic epoch time in ms
constexpr std::int64_t kHour = 3600 * 1000;
}  // namespace

class TestMetricsHistory final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void oneSecondBucketsKeepEverySample() {
    TimeSeries s;
    for (int i = 0; i < 600; ++i) s.add(kStart + i * 1000, i);
    auto points = s.range(kStart, kStart + 599'000, 10'000);
    QCOMPARE(points.size(), std::size_t(600));
    for (int i = 0; i < 600; ++i) {
      QCOMPARE(points[i].timeMs, kStart + i * 1000);
      QCOMPARE(points[i].mean(), double(i));
    }
    QCOMPARE(s.lastValue(), 599.0);
    QCOMPARE(s.lastTimeMs(), kStart + 599'000);
  }

  void samplesWithinOneSecondAggregate() {
    TimeSeries s;
    s.add(kStart + 100, 4);
    s.add(kStart + 500, 10);
    s.add(kStart + 900, 1);
    auto points = s.range(kStart, kStart + 999);
    QCOMPARE(points.size(), std::size_t(1));
    QCOMPARE(points[0].min, 1.0);
    QCOMPARE(points[0].max, 10.0);
    QCOMPARE(points[0].count, 3u);
    QCOMPARE(points[0].mean(), 5.0);
  }

  void mergingForAQueryKeepsMinAndMax() {
    TimeSeries s;
    // An hour of a flat 100 with one spike and one dip.
    for (int i = 0; i < 3600; ++i) s.add(kStart + i * 1000, i == 1234 ? 5000 : i == 2345 ? -7 : 100);
    auto points = s.range(kStart, kStart + kHour - 1, 60);
    QVERIFY2(points.size() <= 60, std::to_string(points.size()).c_str());
    double max = -1e9, min = 1e9;
    std::uint32_t count = 0;
    for (const auto& p : points) {
      max = std::max(max, p.max);
      min = std::min(min, p.min);
      count += p.count;
    }
    QCOMPARE(max, 5000.0);
    QCOMPARE(min, -7.0);
    QCOMPARE(count, 3600u);
    // The spike sits in the right minute.
    for (const auto& p : points)
      if (p.max == 5000.0) QVERIFY(p.timeMs <= kStart + 1'234'000 && kStart + 1'234'000 < p.timeMs + 60'000);
  }

  void coarseTiersKeepMinAndMaxBeyondTheFineTier() {
    // Small tiers so the test is quick: 1 s × 100, 10 s × 100, 100 s × 100.
    TimeSeries s({{1000, 100}, {10'000, 100}, {100'000, 100}});
    for (int i = 0; i < 2000; ++i) s.add(kStart + i * 1000, i == 150 ? 999 : i == 160 ? -999 : 1);
    // Only the 100 s tier reaches back 2000 s; seconds 150 and 160 share one
    // of its buckets, which keeps both extremes.
    auto points = s.range(kStart, kStart + 2'000'000, 1000);
    QVERIFY(!points.empty());
    QCOMPARE(points.front().timeMs, kStart);
    QCOMPARE(points.size(), std::size_t(20));
    double max = -1e9, min = 1e9;
    for (const auto& p : points) {
      max = std::max(max, p.max);
      min = std::min(min, p.min);
    }
    QCOMPARE(max, 999.0);
    QCOMPARE(min, -999.0);
    // The recent past comes from the fine tier.
    auto recent = s.range(kStart + 1'950'000, kStart + 1'999'000);
    QCOMPARE(recent.size(), std::size_t(50));
    QCOMPARE(recent.back().timeMs, kStart + 1'999'000);
  }

  void ringWrapsCorrectlyAndGapsStayGaps() {
    TimeSeries s({{1000, 100}});
    for (int i = 0; i < 250; ++i)
      if (i % 7 != 0) s.add(kStart + i * 1000, i);
    auto points = s.range(kStart, kStart + 300'000, 1000);
    // Only the last 100 seconds (150..249), without the multiples of 7.
    QVERIFY(!points.empty());
    QCOMPARE(points.front().timeMs, kStart + 150'000);
    for (const auto& p : points) {
      auto second = (p.timeMs - kStart) / 1000;
      QVERIFY(second >= 150 && second < 250 && second % 7 != 0);
      QCOMPARE(p.mean(), double(second));
    }
    int expected = 0;
    for (int i = 150; i < 250; ++i) expected += i % 7 != 0;
    QCOMPARE(int(points.size()), expected);
    // A jump far ahead clears the whole ring.
    s.add(kStart + 10'000'000, 1);
    QCOMPARE(s.range(kStart, kStart + 10'000'000).size(), std::size_t(1));
    // Too old for the ring: dropped, not written over newer data.
    s.add(kStart, 42);
    QCOMPARE(s.range(kStart, kStart + 10'000'000).size(), std::size_t(1));
  }

  void memoryIsBounded() {
    TimeSeries s;
    std::size_t max = s.maxBytes();
    // Seven hours at one sample a second: more than the 1 s tier holds.
    for (std::int64_t i = 0; i < 7 * 3600; ++i) s.add(kStart + i * 1000, double(i));
    QVERIFY2(s.memoryBytes() <= max, (std::to_string(s.memoryBytes()) + " > " + std::to_string(max)).c_str());
    QCOMPARE(s.tierSpec(0).capacity, std::size_t(6 * 3600));
    // The 1 s tier reaches back exactly six hours.
    auto fine = s.range(kStart + 7 * kHour - 6 * kHour, kStart + 7 * kHour, 100'000);
    QCOMPARE(fine.size(), std::size_t(6 * 3600));
    // A day's worth fits under a megabyte per series.
    QVERIFY2(max < 1024 * 1024 * 2, std::to_string(max).c_str());

    MetricHistory history(10);
    for (int i = 0; i < 20; ++i) history.add({"m", {{"node", std::to_string(i)}}}, kStart, 1);
    QCOMPARE(history.seriesCount(), std::size_t(10));
    QCOMPARE(history.droppedSeries(), std::size_t(10));
    QVERIFY(history.memoryBytes() <= history.maxBytes());
  }

  void selectorsParseAndMatch() {
    std::string error;
    auto s = SeriesSelector::parse("tributary_node_records_out_total:rate{node=\"shape\", pipeline=\"demo\"}", &error);
    QVERIFY2(s, error.c_str());
    QCOMPARE(s->metric, std::string("tributary_node_records_out_total:rate"));
    QVERIFY(s->matches({"tributary_node_records_out_total:rate", {{"node", "shape"}, {"pipeline", "demo"}}}));
    QVERIFY(!s->matches({"tributary_node_records_out_total:rate", {{"node", "orders"}, {"pipeline", "demo"}}}));
    QVERIFY(!SeriesSelector::parse("m{node=shape}", &error));
    QVERIFY2(error.find("quoted value") != std::string::npos, error.c_str());
    QVERIFY(!SeriesSelector::parse("9m", &error));
    QVERIFY(!SeriesSelector::parse("m{node=\"x\"", &error));
    QCOMPARE(SeriesSelector::parse("m")->toString(), std::string("m"));
  }

  void samplerMakesRatesAndQuantiles() {
    Registry r;
    MetricHistory history;
    MetricsSampler sampler(history);
    Counter& c = r.counter("x_total", "x", {{"pipeline", "p"}, {"node", "a"}, {"type", "source.datagen"}});
    Gauge& g = r.gauge("q", "q", {{"pipeline", "p"}, {"node", "a"}, {"type", "source.datagen"}});
    Histogram& h = r.histogram("lat_seconds", "l", {{"pipeline", "p"}, {"node", "a"}, {"type", "t"}}, {0.001, 0.01, 0.1});
    c.inc(100);
    g.set(7);
    sampler.sample(r.collect(), kStart);
    c.inc(500);
    for (int i = 0; i < 99; ++i) h.observe(0.0005);
    h.observe(0.05);
    sampler.sample(r.collect(), kStart + 2000);
    Labels labels{{"node", "a"}, {"pipeline", "p"}};  // "type" is dropped
    auto rate = history.latest({"x_total:rate", labels});
    QVERIFY(rate);
    QCOMPARE(rate->value, 250.0);
    QCOMPARE(history.latest({"x_total", labels})->value, 600.0);
    QCOMPARE(history.latest({"q", labels})->value, 7.0);
    auto p50 = history.latest({"lat_seconds:p50", labels});
    auto p99 = history.latest({"lat_seconds:p99", labels});
    QVERIFY(p50 && p99);
    QVERIFY2(p50->value <= 0.001, std::to_string(p50->value).c_str());
    QVERIFY2(p99->value <= 0.001 && p99->value > 0.0009, std::to_string(p99->value).c_str());
    // Only the interval's observations count: a quiet interval leaves a gap.
    sampler.sample(r.collect(), kStart + 3000);
    QCOMPARE(history.latest({"lat_seconds:p50", labels})->timeMs, kStart + 2000);
    QCOMPARE(history.latest({"x_total:rate", labels})->value, 0.0);
    // A counter reset (a new run) counts from zero, never a negative rate.
    Registry fresh;
    fresh.counter("x_total", "x", {{"pipeline", "p"}, {"node", "a"}, {"type", "source.datagen"}}).inc(30);
    sampler.sample(fresh.collect(), kStart + 4000);
    QCOMPARE(history.latest({"x_total:rate", labels})->value, 30.0);
  }
};

QTEST_APPLESS_MAIN(TestMetricsHistory)
#include "test_metrics_history.moc"
