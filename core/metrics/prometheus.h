#pragma once
// Prometheus text exposition format 0.0.4 for a whole registry, as served by a
// runner's /metrics endpoint and checked by promtool in the tests.

#include <string>
#include <vector>

#include "core/metrics/registry.h"

namespace tributary::metrics {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string renderPrometheus(const std::vector<FamilySnapshot>& families);
inline std::string renderPrometheus(const Registry& registry) {
  return renderPrometheus(registry.collect());
}

// Whether c may appear in a metric or label name ([a-zA-Z_:][a-zA-Z0-9_:]*);
// first: at the start of the name, where digits are not allowed.
inline bool isMetricNameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}

// A number as Prometheus writes it: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string formatPrometheusValue(double value);

}  // namespace tributary::metrics
