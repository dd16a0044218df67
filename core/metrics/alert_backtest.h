#pragma once
// Alert back-testing: "how often and when would this rule have fired on the
// recorded history?" Runs the live AlertEvaluator (same state machine, same
// `for`, `keepFiringFor` and staleness rules) over a time range of a
// MetricHistory, one evaluation per bucket of the tier the range is read from
// (1 s for the last 6 hours, 1 min up to 7 days, 10 min up to 30 days, with
// the default tiers). At each evaluation time t a series' value is the mean of
// its bucket starting at t (with 1 s sampling: the sample itself), stamped t;
// a series without a bucket at t keeps its last one, which goes stale as it
// would live. The evaluator starts from Normal at the range's start.
// Pure computation, no threads: call it from any thread that may read the history.

#include <cstdint>
#include <vector>

#include "core/base/result.h"
#include "core/metrics/alert_evaluator.h"

namespace tributary::metrics {

// A stretch of time one series spent Pending or Firing: [fromMs, toMs).
// `open`: still in that state at the end of the range (toMs = the range's end).
struct AlertInterval {
  SeriesKey series;
  AlertState state = AlertState::Pending;
  std::int64_t fromMs = 0;
  std::int64_t toMs = 0;
  bool open = false;
};

struct BacktestResult {
  std::int64_t stepMs = 0;        // evaluation interval (the tier's resolution)
  std::size_t evaluations = 0;    // how many times the rule was evaluated
  std::size_t seriesCount = 0;    // series the rule's selector matched in the range
  std::vector<AlertTransition> transitions;  // in time order
  std::vector<AlertInterval> intervals;      // in start order
  std::int64_t firingMs = 0;                 // total time spent Firing, over all series
};

// Errors: an empty or reversed range, a range beyond what the history holds, or
// more than maxEvaluations evaluations (the message says which).
Result<BacktestResult> backtestAlert(const AlertRule& rule, const MetricHistory& history, std::int64_t fromMs,
                                     std::int64_t toMs, std::size_t maxEvaluations = 200'000);

}  // namespace tributary::metrics
