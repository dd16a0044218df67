#pragma once
// An alert rule on a series, with the semantics of Prometheus alerting rules
// (and Grafana's): the condition is checked at each evaluation per matching
// series; true -> Pending; still true `forMs` after it first became true ->
// Firing; false while Pending -> Normal at once; false while Firing -> stays
// Firing until it has been false for `keepFiringForMs` (0: resolves at once).
// Stored as JSON with the pipeline (see toJson/fromJson).

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/metrics/metric_history.h"

namespace tributary::metrics {

enum class AlertCondition { Above, Below, Absent };
enum class AlertState { Normal, Pending, Firing };

std::string_view toString(AlertCondition c);
std::string_view toString(AlertState s);

struct AlertRule {
  std::string id;    // unique within its set; [A-Za-z0-9_.-]+
  std::string name;  // shown to people; id when empty
  SeriesSelector series;
  AlertCondition condition = AlertCondition::Above;
  double threshold = 0;
  std::int64_t forMs = 0;
  std::int64_t keepFiringForMs = 0;
  // Absent: no sample for this long (also: a value older than this is not
  // compared with the threshold, it is stale).
  std::int64_t staleAfterMs = 5000;

  bool operator==(const AlertRule& o) const {
    return id == o.id && name == o.name && series.toString() == o.series.toString() && condition == o.condition &&
           threshold == o.threshold && forMs == o.forMs && keepFiringForMs == o.keepFiringForMs &&
           staleAfterMs == o.staleAfterMs;
  }
  std::string displayName() const { return name.empty() ? id : name; }
};

// {"id", "name", "series": "metric{node=\"x\"}", "condition": "above|below|absent",
//  "threshold", "for": "30s", "keepFiringFor": "1m", "staleAfter": "5s"}
nlohmann::json toJson(const AlertRule& rule);
// Errors name the key (`where` = path, e.g. "alerts[2].for").
Result<AlertRule> alertRuleFromJson(const nlohmann::json& json, const std::string& path);

// Durations are read as base::parseDurationMs does ("250ms", "30s", "5m", "1h")
// and written in the largest unit that divides them.
std::string formatAlertDuration(std::int64_t ms);

}  // namespace tributary::metrics
