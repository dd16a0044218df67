#pragma once
// MetricsSampler: turns registry snapshots, taken at intervals, into the
// series a dashboard draws and alerts watch:
//   gauge g                 -> g                      (the value)
//   counter c_total         -> c_total (the total) and c_total:rate (per second since the last sample)
//   histogram h             -> h:p50, h:p99           (quantiles of the observations since the last sample,
//                                                       as histogram_quantile(rate(h_bucket)) would give)
// Labels are kept except those in dropLabels (by default "type", so a node's
// series are keyed by pipeline and node only). A counter that went down (a
// restarted run) counts from zero again, as Prometheus' rate() does.
// One thread at a time (the owner's timer); the history it writes is thread-safe.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/metrics/metric_history.h"
#include "core/metrics/registry.h"

namespace tributary::metrics {

class MetricsSampler {
 public:
  explicit MetricsSampler(MetricHistory& history, std::set<std::string> dropLabels = {"type"});

  void sample(const std::vector<FamilySnapshot>& families, std::int64_t nowMs);
  // Forgets previous values (the next sample starts rates afresh).
  void reset();

  static std::string rateName(const std::string& counter) { return counter + ":rate"; }
  static std::string quantileName(const std::string& histogram, int percent) {
    return histogram + ":p" + std::to_string(percent);
  }

 private:
  struct Previous {
    std::int64_t timeMs = 0;
    double value = 0;
    std::vector<std::uint64_t> buckets;
  };
  Labels kept(const Labels& labels) const;

  MetricHistory& m_history;
  std::set<std::string> m_drop;
  std::map<SeriesKey, Previous> m_previous;
};

}  // namespace tributary::metrics
