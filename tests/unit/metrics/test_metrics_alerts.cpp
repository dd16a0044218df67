// Alert rules: the Normal -> Pending -> Firing -> Normal state machine with
// `for` and `keep firing for`, exactly as Prometheus evaluates it, driven by a
// fake clock; absent/below conditions; staleness; rules as JSON.
#include <QtTest>

#include <cmath>

#include "core/metrics/alert_evaluator.h"
#include "core/metrics/alert_rule.h"
#include "core/metrics/metric_history.h"

using namespace tributary::metrics;

namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000;

struct Fixture {
  std::int64_t now = kT0;
  MetricHistory history;
  AlertEvaluator evaluator{[this] { return now; }};
  SeriesKey key{"lag", {{"node", "a"}, {"pipeline", "p"}}};

  // Sets the clock to T0 + seconds, records a value (NaN: none) and evaluates.
  std::vector<AlertTransition> at(double seconds, double value) {
    now = kT0 + static_cast<std::int64_t>(std::llround(seconds * 1000));
    if (!std::isnan(value)) history.add(key, now, value);
    return evaluator.evaluate(history);
  }
  AlertState state() const { return evaluator.state("r"); }
};

AlertRule rule(AlertCondition condition, double threshold, std::int64_t forMs, std::int64_t keepMs) {
  AlertRule r;
  r.id = "r";
  r.series = *SeriesSelector::parse("lag{pipeline=\"p\"}");
  r.condition = condition;
  r.threshold = threshold;
  r.forMs = forMs;
  r.keepFiringForMs = keepMs;
  r.staleAfterMs = 5000;
  return r;
}

std::string describe(AlertState s) {
  return std::string(toString(s));
}

}  // namespace

#define EXPECT_STATE(f, expected) \
  QVERIFY2((f).state() == (expected), ("state is " + describe((f).state())).c_str())

class TestMetricsAlerts final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void forHoldsPendingUntilExactlyItsDuration() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 30'000, 0)});
    f.at(0, 5);
    EXPECT_STATE(f, AlertState::Normal);
    auto t = f.at(10, 20);
    QCOMPARE(t.size(), std::size_t(1));
    QVERIFY(t[0].from == AlertState::Normal && t[0].to == AlertState::Pending);
    QCOMPARE(t[0].value, 20.0);
    QCOMPARE(t[0].series, f.key);
    f.at(39.999, 20);
    EXPECT_STATE(f, AlertState::Pending);
    t = f.at(40, 21);
    EXPECT_STATE(f, AlertState::Firing);
    QCOMPARE(t.size(), std::size_t(1));
    QVERIFY(t[0].from == AlertState::Pending && t[0].to == AlertState::Firing);
    QCOMPARE(t[0].atMs, kT0 + 40'000);
    // keep firing for = 0: resolves at the first evaluation without the condition.
    t = f.at(41, 3);
    EXPECT_STATE(f, AlertState::Normal);
    QVERIFY(t.size() == 1 && t[0].from == AlertState::Firing && t[0].to == AlertState::Normal);
    QCOMPARE(f.evaluator.history().size(), std::size_t(3));
  }

  void pendingThatStopsHoldingNeverFires() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 30'000, 60'000)});
    f.at(0, 20);
    EXPECT_STATE(f, AlertState::Pending);
    f.at(29, 5);  // keep firing for applies to Firing only
    EXPECT_STATE(f, AlertState::Normal);
    // Holding again starts a new Pending with a new activeAt.
    f.at(30, 20);
    f.at(59.999, 20);
    EXPECT_STATE(f, AlertState::Pending);
    f.at(60, 20);
    EXPECT_STATE(f, AlertState::Firing);
    QCOMPARE(f.evaluator.active().at(0).activeAtMs, kT0 + 30'000);
  }

  void keepFiringForCountsFromTheFirstEvaluationWithoutTheCondition() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 0, 60'000)});
    // for = 0: Pending and Firing in the same evaluation, as Prometheus does.
    auto t = f.at(0, 20);
    QCOMPARE(t.size(), std::size_t(2));
    QVERIFY(t[0].to == AlertState::Pending && t[1].to == AlertState::Firing);
    f.at(50, 5);  // keepFiringSince = 50 s
    EXPECT_STATE(f, AlertState::Firing);
    f.at(70, 20);  // holds again: keepFiringSince is reset
    f.at(80, 5);   // keepFiringSince = 80 s
    f.at(139.999, 5);
    EXPECT_STATE(f, AlertState::Firing);
    t = f.at(140, 5);
    EXPECT_STATE(f, AlertState::Normal);
    QVERIFY(t.size() == 1 && t[0].from == AlertState::Firing && t[0].to == AlertState::Normal);
    QCOMPARE(t[0].atMs, kT0 + 140'000);
    // The whole history, in order.
    std::vector<std::pair<AlertState, AlertState>> expected{{AlertState::Normal, AlertState::Pending},
                                                            {AlertState::Pending, AlertState::Firing},
                                                            {AlertState::Firing, AlertState::Normal}};
    QCOMPARE(f.evaluator.history().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QVERIFY(f.evaluator.history()[i].from == expected[i].first);
      QVERIFY(f.evaluator.history()[i].to == expected[i].second);
    }
  }

  void belowAndStaleValues() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Below, 1, 2000, 0)});
    f.at(0, 0);
    f.at(2, 0);
    EXPECT_STATE(f, AlertState::Firing);
    // No new sample: after staleAfter (5 s) the old value is not compared any more.
    f.at(7, NAN);
    EXPECT_STATE(f, AlertState::Firing);
    f.at(7.001, NAN);
    EXPECT_STATE(f, AlertState::Normal);
  }

  void absentFiresWhenTheSeriesStopsOrNeverExisted() {
    Fixture f;
    AlertRule r = rule(AlertCondition::Absent, 0, 10'000, 0);
    f.evaluator.setRules({r});
    f.at(0, NAN);  // no such series at all
    EXPECT_STATE(f, AlertState::Pending);
    QCOMPARE(f.evaluator.active().at(0).series.toString(), std::string("lag{pipeline=\"p\"}"));
    f.at(10, NAN);
    EXPECT_STATE(f, AlertState::Firing);
    f.at(11, 1);  // it appears: the placeholder instance resolves
    EXPECT_STATE(f, AlertState::Normal);
    f.at(16, NAN);
    EXPECT_STATE(f, AlertState::Normal);
    f.at(16.001, NAN);  // silent for more than 5 s
    EXPECT_STATE(f, AlertState::Pending);
    QCOMPARE(f.evaluator.active().at(0).series, f.key);
    f.at(26.001, NAN);
    EXPECT_STATE(f, AlertState::Firing);
  }

  void oneInstancePerSeries() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 0, 0)});
    SeriesKey other{"lag", {{"node", "b"}, {"pipeline", "p"}}};
    f.history.add(other, kT0, 50);
    f.at(0, 5);
    auto active = f.evaluator.active();
    QCOMPARE(active.size(), std::size_t(1));
    QCOMPARE(active[0].series, other);
    QVERIFY(active[0].state == AlertState::Firing);
  }

  void changingARuleEndsItsInstances() {
    Fixture f;
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 0, 0)});
    f.at(0, 20);
    EXPECT_STATE(f, AlertState::Firing);
    f.evaluator.setRules({rule(AlertCondition::Above, 10, 0, 0)});  // unchanged: carries over
    EXPECT_STATE(f, AlertState::Firing);
    f.evaluator.setRules({rule(AlertCondition::Above, 100, 0, 0)});
    EXPECT_STATE(f, AlertState::Normal);
    QVERIFY(f.evaluator.history().back().to == AlertState::Normal);
  }

  void rulesRoundTripAsJsonAndBadOnesAreNamed() {
    AlertRule r = rule(AlertCondition::Above, 2.5, 30'000, 90'000);
    r.name = "Lag too high";
    auto json = toJson(r);
    QCOMPARE(json["for"].get<std::string>(), std::string("30s"));
    QCOMPARE(json["keepFiringFor"].get<std::string>(), std::string("90s"));
    auto back = alertRuleFromJson(json, "alerts[0]");
    QVERIFY2(back, back ? "" : back.error().toString().c_str());
    QVERIFY(*back == r);

    auto bad = json;
    bad["for"] = "soon";
    auto e = alertRuleFromJson(bad, "alerts[0]");
    QVERIFY(!e);
    QCOMPARE(e.error().where, std::string("alerts[0].for"));
    bad = json;
    bad["condition"] = "sideways";
    QCOMPARE(alertRuleFromJson(bad, "alerts[1]").error().where, std::string("alerts[1].condition"));
    bad = json;
    bad["sreies"] = "x";
    QVERIFY(alertRuleFromJson(bad, "a").error().message.find("sreies") != std::string::npos);
    bad = json;
    bad.erase("threshold");
    QVERIFY(!alertRuleFromJson(bad, "a"));
    bad["condition"] = "absent";
    QVERIFY(alertRuleFromJson(bad, "a"));
  }
};

QTEST_APPLESS_MAIN(TestMetricsAlerts)
#include "test_metrics_alerts.moc"
