#pragma once
// AlertEvaluator: evaluates alert rules against a MetricHistory at the time its
// clock says, keeping one alert instance per rule and matching series, and
// a bounded history of state transitions. The state machine is Prometheus'
// (rules/alerting.go, Eval): an instance is created Pending when its
// condition first holds (activeAt = now); it becomes Firing at the first
// evaluation where now - activeAt >= for (so for = 0 fires in the same
// evaluation); a Pending instance whose condition stops holding is dropped
// (Normal); a Firing one keeps firing while now - keepFiringSince < keepFiringFor,
// where keepFiringSince is the first evaluation at which the condition no
// longer held (reset whenever it holds again), and then resolves to Normal.
// The clock is injectable so tests drive time exactly.
// Not thread-safe: one thread (the GUI's timer, a test) owns an evaluator.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/metrics/alert_rule.h"
#include "core/metrics/metric_history.h"

namespace tributary::metrics {

struct AlertTransition {
  std::string ruleId;
  std::string ruleName;
  SeriesKey series;
  AlertState from = AlertState::Normal;
  AlertState to = AlertState::Normal;
  std::int64_t atMs = 0;
  double value = 0;  // the value that made (or, going to Normal, stopped making) the condition hold; NaN for absent
};

struct AlertInstance {
  std::string ruleId;
  SeriesKey series;
  AlertState state = AlertState::Normal;
  double value = 0;
  std::int64_t activeAtMs = -1;
  std::int64_t firedAtMs = -1;
  std::int64_t keepFiringSinceMs = -1;  // -1: the condition holds
};

// What one evaluation reads: the series a selector picks, and each one's
// newest sample as of nowMs. Live: the history as it is now; a back-test
// (alert_backtest.h): the history as it was at nowMs.
class AlertInputs {
 public:
  virtual ~AlertInputs() = default;
  virtual std::vector<SeriesKey> select(const SeriesSelector& selector) const = 0;
  virtual std::optional<MetricHistory::Latest> latest(const SeriesKey& key, std::int64_t nowMs) const = 0;
};

class AlertEvaluator {
 public:
  using Clock = std::function<std::int64_t()>;  // milliseconds
  static std::int64_t systemNowMs();

  explicit AlertEvaluator(Clock clock = &AlertEvaluator::systemNowMs, std::size_t maxHistory = 1000);

  // Replaces the rules. Instances of a rule that is unchanged (same id, same
  // definition) carry over; those of changed or removed rules end (a Firing or
  // Pending one is recorded as going to Normal).
  void setRules(std::vector<AlertRule> rules);
  const std::vector<AlertRule>& rules() const { return m_rules; }

  // One evaluation of every rule at clock(). Returns the transitions it made
  // (also appended to history()).
  std::vector<AlertTransition> evaluate(const MetricHistory& history);
  // The same evaluation on any inputs at a given time (the clock is not read).
  std::vector<AlertTransition> evaluateAt(const AlertInputs& inputs, std::int64_t nowMs);

  // Pending and Firing instances, by rule then series.
  std::vector<AlertInstance> active() const;
  // The worst state of a rule across its series.
  AlertState state(const std::string& ruleId) const;
  const std::deque<AlertTransition>& history() const { return m_history; }
  void clearHistory() { m_history.clear(); }

 private:
  void record(const AlertRule& rule, const AlertInstance& instance, AlertState from, AlertState to, std::int64_t now,
              std::vector<AlertTransition>& out);

  Clock m_clock;
  std::size_t m_maxHistory;
  std::vector<AlertRule> m_rules;
  std::map<std::pair<std::string, SeriesKey>, AlertInstance> m_instances;
  std::deque<AlertTransition> m_history;
};

}  // namespace tributary::metrics
