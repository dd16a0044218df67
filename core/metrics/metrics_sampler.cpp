#include "core/metrics/metrics_sampler.h"

#include <algorithm>

namespace tributary::metrics {

MetricsSampler::MetricsSampler(MetricHistory& history, std::set<std::string> dropLabels)
    : m_history(history), m_drop(std::move(dropLabels)) {}

void MetricsSampler::reset() {
  m_previous.clear();
}

Labels MetricsSampler::kept(const Labels& labels) const {
  Labels out;
  for (const auto& l : labels)
    if (!m_drop.count(l.first)) out.push_back(l);
  std::sort(out.begin(), out.end());
  return out;
}

void MetricsSampler::sample(const std::vector<FamilySnapshot>& families, std::int64_t nowMs) {
  for (const FamilySnapshot& family : families) {
    for (const SeriesSnapshot& series : family.series) {
      SeriesKey full{family.name, series.labels};
      Labels labels = kept(series.labels);
      auto prev = m_previous.find(full);
      bool havePrev = prev != m_previous.end() && nowMs > prev->second.timeMs;
      double dt = havePrev ? static_cast<double>(nowMs - prev->second.timeMs) / 1000.0 : 0;
      switch (family.type) {
        case MetricType::Gauge:
          m_history.add({family.name, labels}, nowMs, series.value);
          break;
        case MetricType::Counter: {
          m_history.add({family.name, labels}, nowMs, series.value);
          if (havePrev) {
            double delta = series.value >= prev->second.value ? series.value - prev->second.value : series.value;
            m_history.add({rateName(family.name), labels}, nowMs, delta / dt);
          }
          break;
        }
        case MetricType::Histogram: {
          const HistogramSnapshot& h = series.histogram;
          if (havePrev && prev->second.buckets.size() == h.counts.size()) {
            HistogramSnapshot delta;
            delta.upperBounds = h.upperBounds;
            delta.counts.resize(h.counts.size());
            bool reset = false;
            for (std::size_t i = 0; i < h.counts.size(); ++i) {
              if (h.counts[i] < prev->second.buckets[i]) reset = true;
              delta.counts[i] = h.counts[i] - std::min(h.counts[i], prev->second.buckets[i]);
            }
            if (reset) delta.counts = h.counts;
            for (auto c : delta.counts) delta.count += c;
            // No observations in the interval: a gap, not a zero latency.
            if (delta.count > 0) {
              m_history.add({quantileName(family.name, 50), labels}, nowMs, delta.quantile(0.5));
              m_history.add({quantileName(family.name, 99), labels}, nowMs, delta.quantile(0.99));
            }
          }
          break;
        }
      }
      Previous& p = m_previous[full];
      p.timeMs = nowMs;
      p.value = series.value;
      p.buckets = series.histogram.counts;
    }
  }
}

}  // namespace tributary::metrics
