#include "core/metrics/registry.h"

#include <algorithm>
#include <cassert>

namespace tributary::metrics {

Registry::Family* Registry::family(const std::string& name, const std::string& help, MetricType type) {
  auto [it, inserted] = m_families.try_emplace(name, Family{help, type, {}});
  if (!inserted && it->second.type != type) {
    assert(false && "metric name registered with two types");
    return nullptr;
  }
  return &it->second;
}

static Labels sorted(Labels labels) {
  std::sort(labels.begin(), labels.end());
  return labels;
}

Counter& Registry::counter(const std::string& name, const std::string& help, Labels labels) {
  std::lock_guard lock(m_mutex);
  Family* f = family(name, help, MetricType::Counter);
  if (!f) return m_dummyCounter;
  Series& s = f->series[sorted(std::move(labels))];
  if (!s.counter) s.counter = std::make_unique<Counter>();
  return *s.counter;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, Labels labels) {
  std::lock_guard lock(m_mutex);
  Family* f = family(name, help, MetricType::Gauge);
  if (!f) return m_dummyGauge;
  Series& s = f->series[sorted(std::move(labels))];
  if (!s.gauge) s.gauge = std::make_unique<Gauge>();
  return *s.gauge;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help, Labels labels,
                               const std::vector<double>& upperBounds) {
  std::lock_guard lock(m_mutex);
  Family* f = family(name, help, MetricType::Histogram);
  if (!f) {
    if (!m_dummyHistogram) m_dummyHistogram = std::make_unique<Histogram>(upperBounds);
    return *m_dummyHistogram;
  }
  Series& s = f->series[sorted(std::move(labels))];
  if (!s.histogram) s.histogram = std::make_unique<Histogram>(upperBounds);
  return *s.histogram;
}

void Registry::removeSeries(const std::string& key, const std::string& value) {
  std::lock_guard lock(m_mutex);
  for (auto fit = m_families.begin(); fit != m_families.end();) {
    auto& series = fit->second.series;
    for (auto it = series.begin(); it != series.end();) {
      bool match = std::find(it->first.begin(), it->first.end(), std::pair{key, value}) != it->first.end();
      it = match ? series.erase(it) : std::next(it);
    }
    fit = series.empty() ? m_families.erase(fit) : std::next(fit);
  }
}

std::vector<FamilySnapshot> Registry::collect() const {
  std::lock_guard lock(m_mutex);
  std::vector<FamilySnapshot> out;
  out.reserve(m_families.size());
  for (const auto& [name, family] : m_families) {
    FamilySnapshot f{name, family.help, family.type, {}};
    for (const auto& [labels, series] : family.series) {
      SeriesSnapshot s;
      s.labels = labels;
      if (series.counter) s.value = static_cast<double>(series.counter->value());
      if (series.gauge) s.value = series.gauge->value();
      if (series.histogram) s.histogram = series.histogram->snapshot();
      f.series.push_back(std::move(s));
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace tributary::metrics
