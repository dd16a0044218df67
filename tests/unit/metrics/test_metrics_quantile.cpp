// Quantiles from histograms: HistogramSnapshot::quantile against values worked
// out by hand with Prometheus' histogram_quantile rules (linear interpolation
// inside the bucket, 0 as the lower edge of the first bucket, the last finite
// bound for the +Inf bucket), weighted observations, and the sampler taking
// quantiles of the interval's observations only (the bucket deltas, as
// histogram_quantile(rate(h_bucket[interval])) does).
#include <QtTest>

#include "core/metrics/histogram.h"
#include "core/metrics/metric_history.h"
#include "core/metrics/metrics_sampler.h"
#include "core/metrics/registry.h"

using namespace tributary::metrics;

namespace {
constexpr std::int64_t kStart = 1'700'000'000'000;

bool near(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}
#define QVERIFY_NEAR(actual, expected)                                                                      \
  QVERIFY2(near((actual), (expected)),                                                                      \
           qPrintable(QStringLiteral("%1 is %2, expected %3").arg(#actual).arg((actual), 0, 'g', 12).arg(   \
               (expected), 0, 'g', 12)))
}  // namespace

class TestMetricsQuantile final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void interpolatesInsideTheBucket() {
    Histogram h({1, 2, 4, 8});
    for (int i = 0; i < 10; ++i) h.observe(0.5);
    for (int i = 0; i < 30; ++i) h.observe(1.5);
    for (int i = 0; i < 60; ++i) h.observe(3);
    auto s = h.snapshot();
    // rank = q * 100; cumulative counts 10, 40, 100.
    QVERIFY_NEAR(s.quantile(0.10), 1.0);                // end of the first bucket
    QVERIFY_NEAR(s.quantile(0.05), 0.5);                // first bucket: lower edge 0
    QVERIFY_NEAR(s.quantile(0.25), 1.5);                // (25 - 10) / 30 of (1, 2]
    QVERIFY_NEAR(s.quantile(0.50), 2 + 2.0 * 10 / 60);  // (50 - 40) / 60 of (2, 4]
    QVERIFY_NEAR(s.quantile(0.99), 2 + 2.0 * 59 / 60);
    QVERIFY_NEAR(s.quantile(1.0), 4.0);
  }

  void emptyBucketsAreSkipped() {
    Histogram h({1, 2, 4, 8});
    h.observe(0.5);
    h.observe(6);  // (4, 8]; (1, 2] and (2, 4] stay empty
    auto s = h.snapshot();
    QVERIFY_NEAR(s.quantile(0.5), 1.0);
    QVERIFY_NEAR(s.quantile(0.75), 4 + 4 * 0.5);
  }

  void infBucketGivesTheLastBound() {
    Histogram h({0.1, 1});
    h.observe(0.05);
    for (int i = 0; i < 9; ++i) h.observe(50);
    auto s = h.snapshot();
    QCOMPARE(s.counts, (std::vector<std::uint64_t>{1, 0, 9}));
    QVERIFY_NEAR(s.quantile(0.99), 1.0);  // histogram_quantile returns the highest finite bound
    QVERIFY_NEAR(s.quantile(0.05), 0.05);
  }

  void emptyHistogramIsZero() {
    Histogram h(Histogram::endToEndBounds());
    QCOMPARE(h.snapshot().quantile(0.5), 0.0);
    QCOMPARE(h.snapshot().count, 0u);
  }

  void weightedObservationsEqualRepeatedOnes() {
    Histogram once(Histogram::endToEndBounds()), weighted(Histogram::endToEndBounds());
    for (double v : {0.0003, 0.004, 0.07, 2.0, 45.0, 100.0}) {
      for (int i = 0; i < 37; ++i) once.observe(v);
      weighted.observe(v, 37);
    }
    weighted.observe(1.0, 0);  // nothing
    auto a = once.snapshot(), b = weighted.snapshot();
    QCOMPARE(a.counts, b.counts);
    QCOMPARE(a.count, b.count);
    QVERIFY_NEAR(a.sum, b.sum);
    for (double q : {0.5, 0.9, 0.99}) QVERIFY_NEAR(a.quantile(q), b.quantile(q));
  }

  void endToEndBoundsCoverSlowPipelines() {
    auto bounds = Histogram::endToEndBounds();
    QVERIFY(std::is_sorted(bounds.begin(), bounds.end()));
    QVERIFY(bounds.front() <= 0.00001);  // fused in-process pipelines take tens of µs
    QVERIFY(bounds.back() >= 60);
  }

  // The sampler's p50/p99 describe the interval, not the whole run: after a
  // slow minute, a fast second shows fast quantiles.
  void samplerUsesTheIntervalsObservationsOnly() {
    Registry r;
    MetricHistory history;
    MetricsSampler sampler(history);
    Histogram& h = r.histogram("tributary_pipeline_latency_seconds", "l", {{"pipeline", "p"}},
                               Histogram::endToEndBounds());
    sampler.sample(r.collect(), kStart);
    h.observe(3.0, 1000);  // (2.5, 5]
    sampler.sample(r.collect(), kStart + 1000);
    Labels labels{{"pipeline", "p"}};
    QVERIFY_NEAR(history.latest({"tributary_pipeline_latency_seconds:p50", labels})->value, 2.5 + 2.5 * 0.5);
    QVERIFY_NEAR(history.latest({"tributary_pipeline_latency_seconds:p99", labels})->value, 2.5 + 2.5 * 0.99);

    h.observe(0.0007, 90);  // (0.0005, 0.001]
    h.observe(0.02, 10);    // (0.01, 0.025]
    sampler.sample(r.collect(), kStart + 2000);
    // Interval: 100 observations. p50: rank 50 of 90 in (0.0005, 0.001].
    // p99: rank 99, 9 of the 10 in (0.01, 0.025].
    QVERIFY_NEAR(history.latest({"tributary_pipeline_latency_seconds:p50", labels})->value,
                 0.0005 + 0.0005 * 50 / 90);
    QVERIFY_NEAR(history.latest({"tributary_pipeline_latency_seconds:p99", labels})->value, 0.01 + 0.015 * 9 / 10);
    // The whole run's quantile would be seconds: the delta is what the dashboard shows.
    QVERIFY(h.snapshot().quantile(0.5) > 2.5);

    // A new run (buckets went down) starts over from its own counts.
    Registry fresh;
    fresh.histogram("tributary_pipeline_latency_seconds", "l", {{"pipeline", "p"}}, Histogram::endToEndBounds())
        .observe(0.2, 4);  // (0.1, 0.25]
    sampler.sample(fresh.collect(), kStart + 3000);
    QVERIFY_NEAR(history.latest({"tributary_pipeline_latency_seconds:p50", labels})->value, 0.1 + 0.15 * 0.5);
    QCOMPARE(history.latest({"tributary_pipeline_latency_seconds:p50", labels})->timeMs, kStart + 3000);
  }
};

QTEST_APPLESS_MAIN(TestMetricsQuantile)
#include "test_metrics_quantile.moc"
