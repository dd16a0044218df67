#pragma once
// MetricHistory: the time series of a process, by key (a metric name plus
// labels, e.g. `tributary_node_records_out_total:rate{node="shape",pipeline="demo"}`).
// Fed by a MetricsSampler, read by dashboards and the alert evaluator.
//
// Bounded: at most maxSeries series, each at most TimeSeries::maxBytes(); a
// series beyond the limit is refused (counted in droppedSeries()).
// Thread-safe: every method takes the one mutex; queries copy what they return.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/registry.h"
#include "core/metrics/time_series.h"

namespace tributary::metrics {

struct SeriesKey {
  std::string metric;
  Labels labels;  // sorted by key

  std::string label(const std::string& key) const;
  // metric{k="v",...} in the Prometheus notation, labels sorted.
  std::string toString() const;
  auto operator<=>(const SeriesKey&) const = default;
};

// Picks series: the metric name must match exactly, and every given label
// must equal its value (a label not given matches anything).
struct SeriesSelector {
  std::string metric;
  Labels matchers;
  bool matches(const SeriesKey& key) const;
  std::string toString() const;
  // Parses `metric{k="v",...}` (labels optional). Nullopt with *error on bad text.
  static std::optional<SeriesSelector> parse(const std::string& text, std::string* error = nullptr);
};

class MetricHistory {
 public:
  explicit MetricHistory(std::size_t maxSeries = 5000, std::vector<TierSpec> tiers = TimeSeries::defaultTiers());

  void add(const SeriesKey& key, std::int64_t timeMs, double value);

  std::vector<SeriesKey> keys() const;
  std::vector<SeriesKey> select(const SeriesSelector& selector) const;
  std::vector<SeriesPoint> range(const SeriesKey& key, std::int64_t fromMs, std::int64_t toMs,
                                 std::size_t maxPoints = 2000) const;
  // The buckets of [fromMs, toMs] as stored, unmerged, from the tier range()
  // reads, with that tier's resolution (0 and none: no such series).
  struct Buckets {
    std::int64_t resolutionMs = 0;
    std::vector<SeriesPoint> points;
  };
  Buckets buckets(const SeriesKey& key, std::int64_t fromMs, std::int64_t toMs) const;
  // The finest tier's resolution (1 s by default).
  std::int64_t finestResolutionMs() const;
  // The newest sample (nullopt: no such series or no sample yet).
  struct Latest {
    std::int64_t timeMs;
    double value;
  };
  std::optional<Latest> latest(const SeriesKey& key) const;

  std::size_t seriesCount() const;
  std::size_t droppedSeries() const;
  std::size_t memoryBytes() const;
  // The worst case: maxSeries series, each full.
  std::size_t maxBytes() const;
  void clear();

 private:
  mutable std::mutex m_mutex;
  std::size_t m_maxSeries;
  std::vector<TierSpec> m_tiers;
  std::map<SeriesKey, TimeSeries> m_series;
  std::size_t m_dropped = 0;
};

}  // namespace tributary::metrics
