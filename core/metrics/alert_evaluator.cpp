#include "core/metrics/alert_evaluator.h"

#include "core/base/clock.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace tributary::metrics {

std::int64_t AlertEvaluator::systemNowMs() {
  return base::wallMs();
}

AlertEvaluator::AlertEvaluator(Clock clock, std::size_t maxHistory)
    : m_clock(std::move(clock)), m_maxHistory(maxHistory) {}

void AlertEvaluator::setRules(std::vector<AlertRule> rules) {
  std::vector<AlertTransition> ignored;
  std::int64_t now = m_clock();
  for (auto it = m_instances.begin(); it != m_instances.end();) {
    const AlertRule* oldRule = nullptr;
    for (const AlertRule& r : m_rules)
      if (r.id == it->first.first) oldRule = &r;
    bool kept = false;
    for (const AlertRule& r : rules)
      if (oldRule && r == *oldRule) kept = true;
    if (kept) {
      ++it;
      continue;
    }
    if (oldRule && it->second.state != AlertState::Normal)
      record(*oldRule, it->second, it->second.state, AlertState::Normal, now, ignored);
    it = m_instances.erase(it);
  }
  m_rules = std::move(rules);
}

void AlertEvaluator::record(const AlertRule& rule, const AlertInstance& instance, AlertState from, AlertState to,
                            std::int64_t now, std::vector<AlertTransition>& out) {
  AlertTransition t{rule.id, rule.displayName(), instance.series, from, to, now, instance.value};
  out.push_back(t);
  m_history.push_back(std::move(t));
  while (m_history.size() > m_maxHistory) m_history.pop_front();
}

namespace {

// The live inputs: the history's newest samples.
class LiveInputs final : public AlertInputs {
 public:
  explicit LiveInputs(const MetricHistory& history) : m_history(history) {}
  std::vector<SeriesKey> select(const SeriesSelector& selector) const override { return m_history.select(selector); }
  std::optional<MetricHistory::Latest> latest(const SeriesKey& key, std::int64_t) const override {
    return m_history.latest(key);
  }

 private:
  const MetricHistory& m_history;
};

}  // namespace

std::vector<AlertTransition> AlertEvaluator::evaluate(const MetricHistory& history) {
  return evaluateAt(LiveInputs(history), m_clock());
}

std::vector<AlertTransition> AlertEvaluator::evaluateAt(const AlertInputs& inputs, const std::int64_t now) {
  std::vector<AlertTransition> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const AlertRule& rule : m_rules) {
    // Which series satisfy the condition now, with the value that did it; and
    // every series' current value (NaN: none or stale), for the transitions
    // that end a condition.
    std::map<SeriesKey, double> holding, current;
    std::vector<SeriesKey> keys = inputs.select(rule.series);
    for (const SeriesKey& key : keys) {
      auto latest = inputs.latest(key, now);
      bool fresh = latest && now - latest->timeMs <= rule.staleAfterMs;
      current[key] = fresh ? latest->value : nan;
      switch (rule.condition) {
        case AlertCondition::Absent:
          if (!fresh) holding[key] = nan;
          break;
        case AlertCondition::Above:
          if (fresh && latest->value > rule.threshold) holding[key] = latest->value;
          break;
        case AlertCondition::Below:
          if (fresh && latest->value < rule.threshold) holding[key] = latest->value;
          break;
      }
    }
    if (rule.condition == AlertCondition::Absent && keys.empty())
      holding[SeriesKey{rule.series.metric, rule.series.matchers}] = nan;

    for (const auto& [key, value] : holding) {
      auto [it, inserted] = m_instances.try_emplace({rule.id, key});
      AlertInstance& a = it->second;
      if (!inserted && a.state != AlertState::Normal) {
        a.value = value;
        continue;
      }
      a = AlertInstance{rule.id, key, AlertState::Pending, value, now, -1, -1};
      record(rule, a, AlertState::Normal, AlertState::Pending, now, out);
    }
    for (auto it = m_instances.lower_bound({rule.id, SeriesKey{}});
         it != m_instances.end() && it->first.first == rule.id;) {
      AlertInstance& a = it->second;
      if (!holding.count(it->first.second)) {
        bool keepFiring = false;
        if (a.state == AlertState::Firing && rule.keepFiringForMs > 0) {
          if (a.keepFiringSinceMs < 0) a.keepFiringSinceMs = now;
          keepFiring = now - a.keepFiringSinceMs < rule.keepFiringForMs;
        }
        if (!keepFiring) {
          auto value = current.find(it->first.second);
          a.value = value == current.end() ? nan : value->second;
          record(rule, a, a.state, AlertState::Normal, now, out);
          it = m_instances.erase(it);
          continue;
        }
      } else {
        a.keepFiringSinceMs = -1;
      }
      if (a.state == AlertState::Pending && now - a.activeAtMs >= rule.forMs) {
        a.state = AlertState::Firing;
        a.firedAtMs = now;
        record(rule, a, AlertState::Pending, AlertState::Firing, now, out);
      }
      ++it;
    }
  }
  return out;
}

std::vector<AlertInstance> AlertEvaluator::active() const {
  std::vector<AlertInstance> out;
  for (const auto& [k, a] : m_instances)
    if (a.state != AlertState::Normal) out.push_back(a);
  return out;
}

AlertState AlertEvaluator::state(const std::string& ruleId) const {
  AlertState worst = AlertState::Normal;
  for (auto it = m_instances.lower_bound({ruleId, SeriesKey{}}); it != m_instances.end() && it->first.first == ruleId;
       ++it)
    if (static_cast<int>(it->second.state) > static_cast<int>(worst)) worst = it->second.state;
  return worst;
}

}  // namespace tributary::metrics
