#include "core/metrics/alert_rule.h"

#include <cmath>
#include <regex>
#include <set>

#include "core/base/units.h"

namespace tributary::metrics {

std::string_view toString(AlertCondition c) {
  switch (c) {
    case AlertCondition::Above:
      return "above";
    case AlertCondition::Below:
      return "below";
    case AlertCondition::Absent:
      return "absent";
  }
  return "above";
}

std::string_view toString(AlertState s) {
  switch (s) {
    case AlertState::Normal:
      return "normal";
    case AlertState::Pending:
      return "pending";
    case AlertState::Firing:
      return "firing";
  }
  return "normal";
}

std::string formatAlertDuration(std::int64_t ms) {
  if (ms == 0) return "0s";
  for (auto [unit, factor] : {std::pair{"h", 3'600'000LL}, std::pair{"m", 60'000LL}, std::pair{"s", 1000LL}})
    if (ms % factor == 0) return std::to_string(ms / factor) + unit;
  return std::to_string(ms) + "ms";
}

nlohmann::json toJson(const AlertRule& rule) {
  nlohmann::json j;
  j["id"] = rule.id;
  if (!rule.name.empty()) j["name"] = rule.name;
  j["series"] = rule.series.toString();
  j["condition"] = std::string(toString(rule.condition));
  if (rule.condition != AlertCondition::Absent) j["threshold"] = rule.threshold;
  j["for"] = formatAlertDuration(rule.forMs);
  j["keepFiringFor"] = formatAlertDuration(rule.keepFiringForMs);
  j["staleAfter"] = formatAlertDuration(rule.staleAfterMs);
  return j;
}

Result<AlertRule> alertRuleFromJson(const nlohmann::json& json, const std::string& path) {
  auto invalid = [](const std::string& message, const std::string& where) {
    return makeError(ErrorCode::Invalid, message, where);
  };
  if (!json.is_object()) return invalid("an alert rule must be an object", path);
  static const std::set<std::string> kKeys{"id",  "name",          "series",    "condition", "threshold",
                                           "for", "keepFiringFor", "staleAfter"};
  for (auto it = json.begin(); it != json.end(); ++it)
    if (!kKeys.count(it.key()))
      return invalid("unknown key \"" + it.key() +
                         "\" (expected: id, name, series, condition, threshold, for, keepFiringFor, staleAfter)",
                     path);
  AlertRule rule;
  auto text = [&](const char* key, bool required, std::string& out) -> Status {
    auto it = json.find(key);
    if (it == json.end()) return required ? Status(invalid(std::string("missing \"") + key + "\"", path)) : Status();
    if (!it->is_string()) return invalid("must be a string", path + "." + key);
    out = it->get<std::string>();
    return {};
  };
  if (auto s = text("id", true, rule.id); !s) return s.error();
  static const std::regex kId("[A-Za-z0-9_.-]+");
  if (!std::regex_match(rule.id, kId)) return invalid("must match [A-Za-z0-9_.-]+", path + ".id");
  if (auto s = text("name", false, rule.name); !s) return s.error();
  std::string series;
  if (auto s = text("series", true, series); !s) return s.error();
  std::string error;
  auto selector = SeriesSelector::parse(series, &error);
  if (!selector) return invalid(error, path + ".series");
  rule.series = *selector;
  std::string condition = "above";
  if (auto s = text("condition", false, condition); !s) return s.error();
  if (condition == "above")
    rule.condition = AlertCondition::Above;
  else if (condition == "below")
    rule.condition = AlertCondition::Below;
  else if (condition == "absent")
    rule.condition = AlertCondition::Absent;
  else
    return invalid("must be \"above\", \"below\" or \"absent\", not \"" + condition + "\"", path + ".condition");
  if (auto it = json.find("threshold"); it != json.end()) {
    if (!it->is_number() || !std::isfinite(it->get<double>())) return invalid("must be a number", path + ".threshold");
    rule.threshold = it->get<double>();
  } else if (rule.condition != AlertCondition::Absent) {
    return invalid("missing \"threshold\"", path);
  }
  for (auto [key, target] : {std::pair{"for", &rule.forMs}, std::pair{"keepFiringFor", &rule.keepFiringForMs},
                             std::pair{"staleAfter", &rule.staleAfterMs}}) {
    auto it = json.find(key);
    if (it == json.end()) continue;
    auto ms = base::parseDurationMs(*it);
    if (!ms || *ms < 0) return invalid("must be a duration such as 30s, 5m, 1h", path + "." + key);
    *target = *ms;
  }
  if (rule.staleAfterMs <= 0) return invalid("must be more than 0", path + ".staleAfter");
  return rule;
}

}  // namespace tributary::metrics
