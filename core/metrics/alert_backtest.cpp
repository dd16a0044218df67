#include "core/metrics/alert_backtest.h"

#include <algorithm>
#include <map>

namespace tributary::metrics {
namespace {

// The history as it stood at each evaluation time: per series, its buckets
// from the tier the range is read from; a bucket is "the sample" at its start.
class RecordedInputs final : public AlertInputs {
 public:
  std::vector<SeriesKey> select(const SeriesSelector& selector) const override {
    std::vector<SeriesKey> out;
    for (const auto& [key, series] : m_series)
      if (selector.matches(key)) out.push_back(key);
    return out;
  }
  std::optional<MetricHistory::Latest> latest(const SeriesKey& key, std::int64_t nowMs) const override {
    auto it = m_series.find(key);
    if (it == m_series.end()) return std::nullopt;
    const auto& points = it->second;
    auto after = std::upper_bound(points.begin(), points.end(), nowMs,
                                  [](std::int64_t t, const SeriesPoint& p) { return t < p.timeMs; });
    if (after == points.begin()) return std::nullopt;
    const SeriesPoint& p = *std::prev(after);
    return MetricHistory::Latest{p.timeMs, p.mean()};
  }
  void add(const SeriesKey& key, std::vector<SeriesPoint> points) { m_series[key] = std::move(points); }
  bool empty() const { return m_series.empty(); }

 private:
  std::map<SeriesKey, std::vector<SeriesPoint>> m_series;
};

std::int64_t alignUp(std::int64_t t, std::int64_t step) {
  std::int64_t r = t % step;
  if (r < 0) r += step;
  return r == 0 ? t : t + (step - r);
}

}  // namespace

Result<BacktestResult> backtestAlert(const AlertRule& rule, const MetricHistory& history, std::int64_t fromMs,
                                     std::int64_t toMs, std::size_t maxEvaluations) {
  if (toMs <= fromMs) return makeError(ErrorCode::Invalid, "back-test range is empty: its end must be after its start");
  BacktestResult result;
  RecordedInputs inputs;
  // The rule looks back up to staleAfter: read that much before the range too,
  // so a value just before the start counts as it would have live.
  const std::int64_t readFrom = fromMs - std::max<std::int64_t>(rule.staleAfterMs, 0);
  for (const SeriesKey& key : history.select(rule.series)) {
    MetricHistory::Buckets buckets = history.buckets(key, readFrom, toMs);
    if (buckets.points.empty()) continue;
    result.stepMs = std::max(result.stepMs, buckets.resolutionMs);
    inputs.add(key, std::move(buckets.points));
    ++result.seriesCount;
  }
  if (result.stepMs == 0) result.stepMs = history.finestResolutionMs();
  const std::int64_t first = alignUp(fromMs, result.stepMs);
  const auto count = first > toMs ? 0 : static_cast<std::size_t>((toMs - first) / result.stepMs + 1);
  if (count > maxEvaluations)
    return makeError(ErrorCode::Invalid, "back-test range too long: " + std::to_string(count) + " evaluations at " +
                 formatAlertDuration(result.stepMs) + " steps (at most " + std::to_string(maxEvaluations) +
                 "); choose a shorter range");

  std::int64_t now = first;
  AlertEvaluator evaluator([&now] { return now; });
  evaluator.setRules({rule});
  std::map<SeriesKey, std::size_t> open;  // series -> index of its open interval
  for (std::size_t i = 0; i < count; ++i, now += result.stepMs) {
    for (AlertTransition& t : evaluator.evaluateAt(inputs, now)) {
      if (auto it = open.find(t.series); it != open.end()) {
        result.intervals[it->second].toMs = t.atMs;
        open.erase(it);
      }
      if (t.to != AlertState::Normal) {
        open[t.series] = result.intervals.size();
        result.intervals.push_back({t.series, t.to, t.atMs, t.atMs, false});
      }
      result.transitions.push_back(std::move(t));
    }
    ++result.evaluations;
  }
  for (const auto& [series, index] : open) {
    result.intervals[index].toMs = toMs;
    result.intervals[index].open = true;
  }
  for (const AlertInterval& interval : result.intervals)
    if (interval.state == AlertState::Firing) result.firingMs += interval.toMs - interval.fromMs;
  return result;
}

}  // namespace tributary::metrics
