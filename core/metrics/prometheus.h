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

// A number as Prometheus writes it: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string formatPrometheusValue(double value);

}  // namespace tributary::metrics
