#pragma once
// The set of named metrics of a process (or of one engine): families of
// counters, gauges and histograms keyed by labels. Registration takes a lock
// and returns a reference that stays valid until the series is removed;
// updating a metric through it is lock-free. collect() is safe from any thread
// and is what the Prometheus renderer and the GUI's dashboards read.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/metrics/histogram.h"
#include "core/metrics/metric.h"

namespace tributary::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { Counter, Gauge, Histogram };

struct SeriesSnapshot {
  Labels labels;
  double value = 0;             // Counter, Gauge
  HistogramSnapshot histogram;  // Histogram
};

struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::Counter;
  std::vector<SeriesSnapshot> series;  // sorted by labels
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Returns the series with these labels, creating it (and its family) on first use.
  // Names follow Prometheus rules ([a-zA-Z_:][a-zA-Z0-9_:]*); counters end in _total.
  // Asking for an existing name with another type is a programming error (assert);
  // in release builds a detached dummy metric is returned.
  Counter& counter(const std::string& name, const std::string& help, Labels labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, Labels labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, Labels labels,
                       const std::vector<double>& upperBounds);

  // Removes every series that has label `key` = `value` (e.g. a stopped pipeline's).
  // References to removed series become dangling: their owner removes them when done.
  void removeSeries(const std::string& key, const std::string& value);

  std::vector<FamilySnapshot> collect() const;

 private:
  struct Series {
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    std::string help;
    MetricType type;
    std::map<Labels, Series> series;
  };
  Family* family(const std::string& name, const std::string& help, MetricType type);

  mutable std::mutex m_mutex;
  std::map<std::string, Family> m_families;
  // Returned when a name is reused with another type, so callers never get a null reference.
  Counter m_dummyCounter;
  Gauge m_dummyGauge;
  std::unique_ptr<Histogram> m_dummyHistogram;
};

}  // namespace tributary::metrics
