#pragma once
// Reads Prometheus text exposition format 0.0.4 back into family snapshots:
// what the GUI does with a remote runner's /metrics (the inverse of
// renderPrometheus). Counters and gauges keep their value; a histogram's
// cumulative `_bucket{le=...}` lines, `_sum` and `_count` become one
// HistogramSnapshot per label set. Untyped samples read as gauges;
// timestamps are ignored. Families keep the order of the text.
// Errors name the line ("line 12: ...").

#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/metrics/registry.h"

namespace tributary::metrics {

Result<std::vector<FamilySnapshot>> parsePrometheus(std::string_view text);

}  // namespace tributary::metrics
