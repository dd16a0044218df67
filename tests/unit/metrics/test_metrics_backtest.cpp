// Alert back-testing: a synthetic history with known crossings gives exactly
// the expected transitions (`for`, `keep firing for` and staleness included),
// the same ones the live evaluator makes when fed the same samples second by
// second, and a range read from a coarse tier steps at that tier's resolution.
#include <QtTest>

#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/metrics/alert_backtest.h"
#include "core/metrics/metric_history.h"

using namespace tributary::metrics;

namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000;  // a whole 10 s
const SeriesKey kKey{"lag", {{"node", "a"}, {"pipeline", "p"}}};

std::int64_t at(int seconds) {
  return kT0 + seconds * 1000LL;
}

AlertRule rule(AlertCondition condition, double threshold, std::int64_t forMs, std::int64_t keepMs = 0) {
  static const std::string kId = "r";  // assigned as a string: GCC 12 misreports a literal here (-Wrestrict)
  AlertRule r;
  r.id = kId;
  r.series = *SeriesSelector::parse("lag{pipeline=\"p\"}");
  r.condition = condition;
  r.threshold = threshold;
  r.forMs = forMs;
  r.keepFiringForMs = keepMs;
  r.staleAfterMs = 5000;
  return r;
}

// One sample per second for seconds [0, n); value(s) NaN: no sample.
void fill(MetricHistory& history, int n, const std::function<double(int)>& value) {
  for (int s = 0; s < n; ++s)
    if (double v = value(s); !std::isnan(v)) history.add(kKey, at(s), v);
}

// (seconds since T0, from, to, value) per transition, for readable comparisons.
using Row = std::tuple<double, std::string_view, std::string_view, double>;
std::vector<Row> rows(const std::vector<AlertTransition>& transitions) {
  std::vector<Row> out;
  for (const auto& t : transitions)
    out.emplace_back(static_cast<double>(t.atMs - kT0) / 1000.0, toString(t.from), toString(t.to), t.value);
  return out;
}

QString show(const std::vector<Row>& rs) {
  QString text;
  for (const auto& [s, from, to, v] : rs)
    text += QStringLiteral("\n  %1 s %2 -> %3 (%4)").arg(s).arg(QLatin1String(from.data(), static_cast<qsizetype>(from.size())), QLatin1String(to.data(), static_cast<qsizetype>(to.size()))).arg(v);
  return text;
}

#define COMPARE_ROWS(actual, expected)                                                                   \
  QVERIFY2((actual) == (expected),                                                                        \
           qPrintable(QStringLiteral("got:") + show(actual) + QStringLiteral("\nexpected:") + show(expected)))

// 10, with 100 in [20, 30), [50, 80) and the 3 s spike [90, 93).
double crossings(int s) {
  return (s >= 20 && s < 30) || (s >= 50 && s < 80) || (s >= 90 && s < 93) ? 100 : 10;
}

}  // namespace

class TestMetricsBacktest final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void knownCrossingsGiveExactlyTheTransitions() {
    MetricHistory history;
    fill(history, 120, crossings);
    auto result = backtestAlert(rule(AlertCondition::Above, 50, 5000), history, at(0), at(119));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    QCOMPARE(result->stepMs, std::int64_t(1000));
    QCOMPARE(result->evaluations, std::size_t(120));
    QCOMPARE(result->seriesCount, std::size_t(1));
    // A transition to Normal carries the value that ended the condition.
    const std::vector<Row> want{
        {20, "normal", "pending", 100}, {25, "pending", "firing", 100}, {30, "firing", "normal", 10},
        {50, "normal", "pending", 100}, {55, "pending", "firing", 100}, {80, "firing", "normal", 10},
        {90, "normal", "pending", 100}, {93, "pending", "normal", 10}};
    COMPARE_ROWS(rows(result->transitions), want);
    // Intervals: Pending for exactly `for`, then Firing until the value drops;
    // the 3 s spike never fires.
    QCOMPARE(result->intervals.size(), std::size_t(5));
    auto interval = [&](std::size_t i) {
      const auto& v = result->intervals[i];
      return std::tuple{toString(v.state), (v.fromMs - kT0) / 1000, (v.toMs - kT0) / 1000, v.open};
    };
    QCOMPARE(interval(0), std::tuple(std::string_view("pending"), 20LL, 25LL, false));
    QCOMPARE(interval(1), std::tuple(std::string_view("firing"), 25LL, 30LL, false));
    QCOMPARE(interval(2), std::tuple(std::string_view("pending"), 50LL, 55LL, false));
    QCOMPARE(interval(3), std::tuple(std::string_view("firing"), 55LL, 80LL, false));
    QCOMPARE(interval(4), std::tuple(std::string_view("pending"), 90LL, 93LL, false));
    QCOMPARE(result->firingMs, std::int64_t(30'000));
  }

  void matchesTheLiveEvaluatorSampleForSample() {
    // The live path: a sample every second, the evaluator run right after it.
    MetricHistory live;
    std::int64_t now = kT0;
    AlertEvaluator evaluator([&now] { return now; });
    AlertRule r = rule(AlertCondition::Above, 50, 5000, 7000);
    evaluator.setRules({r});
    std::vector<AlertTransition> liveTransitions;
    for (int s = 0; s < 120; ++s) {
      now = at(s);
      live.add(kKey, now, crossings(s));
      for (auto& t : evaluator.evaluate(live)) liveTransitions.push_back(t);
    }
    auto result = backtestAlert(r, live, at(0), at(119));
    QVERIFY(result.ok());
    QVERIFY(!liveTransitions.empty());
    COMPARE_ROWS(rows(result->transitions), rows(liveTransitions));
  }

  void keepFiringForBridgesShortDips() {
    MetricHistory history;
    // 100 in [10, 20) and [25, 30); for = 0 fires in the same evaluation.
    fill(history, 60, [](int s) { return (s >= 10 && s < 20) || (s >= 25 && s < 30) ? 100.0 : 10.0; });
    auto result = backtestAlert(rule(AlertCondition::Above, 50, 0, 10'000), history, at(0), at(59));
    QVERIFY(result.ok());
    // The dip [20, 25) is shorter than keep-firing-for; from 30 it is not: resolved at 40.
    const std::vector<Row> want{
        {10, "normal", "pending", 100}, {10, "pending", "firing", 100}, {40, "firing", "normal", 10}};
    COMPARE_ROWS(rows(result->transitions), want);
    QCOMPARE(result->firingMs, std::int64_t(30'000));
  }

  void aGapGoesStaleAndAnAbsentRuleFires() {
    MetricHistory history;
    fill(history, 60, [](int s) { return s >= 30 && s < 50 ? NAN : 1.0; });
    auto result = backtestAlert(rule(AlertCondition::Absent, 0, 3000), history, at(0), at(59));
    QVERIFY(result.ok());
    // Last sample at 29 s: fresh through 34 s (stale after 5 s), Pending at 35,
    // Firing 3 s later, Normal when samples return at 50.
    const std::vector<Row> want{
        {35, "normal", "pending", NAN}, {38, "pending", "firing", NAN}, {50, "firing", "normal", 1}};
    auto got = rows(result->transitions);
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      QCOMPARE(std::get<0>(got[i]), std::get<0>(want[i]));
      QCOMPARE(std::get<1>(got[i]), std::get<1>(want[i]));
      QCOMPARE(std::get<2>(got[i]), std::get<2>(want[i]));
      QCOMPARE(std::isnan(std::get<3>(got[i])), std::isnan(std::get<3>(want[i])));
    }
  }

  // Seed 000's "No changes captured from MySQL": while a run is on, the
  // sampler records the capture's rate every second, 0 when nothing arrives,
  // so a stall is a rate below the threshold (an `absent` rule never fired).
  void seed000CaptureStallFires() {
    std::ifstream in(TRIBUTARY_SOURCE_DIR "/resources/templates/seed000-maf-ods.tributary.json");
    auto doc = nlohmann::json::parse(in);
    std::optional<AlertRule> stalled;
    for (const auto& a : doc["dashboard"]["alerts"])
      if (a["id"] == "mysql-capture-stalled") stalled = *alertRuleFromJson(a, "alerts");
    QVERIFY(stalled);
    MetricHistory history;
    const SeriesKey capture{"tributary_node_records_out_total:rate",
                            {{"node", "mysql-cdc"}, {"pipeline", "seed000-maf-ods"}}};
    for (int s = 0; s < 150; ++s) history.add(capture, at(s), s < 30 || s >= 120 ? 5.0 : 0.0);
    auto result = backtestAlert(*stalled, history, at(0), at(149));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    // The capture stops at 30 s: Pending at once, Firing 60 s later, Normal when it resumes at 120 s.
    auto got = rows(result->transitions);
    const std::vector<Row> want{
        {30, "normal", "pending", 0}, {90, "pending", "firing", 0}, {120, "firing", "normal", 5}};
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) QCOMPARE(got[i], want[i]);
  }

  void aCoarseTierStepsAtItsResolution() {
    // 30 s of 1 s buckets, then 10 s buckets: a 5-minute range reads the coarse tier.
    MetricHistory history(10, {{1000, 30}, {10'000, 1000}});
    fill(history, 300, [](int s) { return s >= 100 && s < 160 ? 100.0 : 10.0; });
    auto result = backtestAlert(rule(AlertCondition::Above, 50, 20'000), history, at(0), at(299));
    QVERIFY(result.ok());
    QCOMPARE(result->stepMs, std::int64_t(10'000));
    QCOMPARE(result->evaluations, std::size_t(30));
    const std::vector<Row> want{
        {100, "normal", "pending", 100}, {120, "pending", "firing", 100}, {160, "firing", "normal", 10}};
    COMPARE_ROWS(rows(result->transitions), want);
  }

  void anOpenIntervalEndsAtTheRangeEnd() {
    MetricHistory history;
    fill(history, 40, [](int s) { return s >= 30 ? 100.0 : 10.0; });
    auto result = backtestAlert(rule(AlertCondition::Above, 50, 2000), history, at(0), at(39));
    QVERIFY(result.ok());
    QCOMPARE(result->intervals.size(), std::size_t(2));
    QVERIFY(result->intervals[1].state == AlertState::Firing);
    QVERIFY(result->intervals[1].open);
    QCOMPARE(result->intervals[1].toMs, at(39));
  }

  void badRangesAreRefusedWithTheReason() {
    MetricHistory history;
    fill(history, 10, [](int) { return 1.0; });
    auto reversed = backtestAlert(rule(AlertCondition::Above, 0, 0), history, at(9), at(0));
    QVERIFY(!reversed.ok());
    QVERIFY2(reversed.error().message.find("end must be after its start") != std::string::npos,
             reversed.error().message.c_str());
    auto tooLong = backtestAlert(rule(AlertCondition::Above, 0, 0), history, at(0), at(9), 5);
    QVERIFY(!tooLong.ok());
    QVERIFY2(tooLong.error().message.find("10 evaluations at 1s steps (at most 5)") != std::string::npos,
             tooLong.error().message.c_str());
  }
};

QTEST_APPLESS_MAIN(TestMetricsBacktest)
#include "test_metrics_backtest.moc"
