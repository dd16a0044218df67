#include "core/metrics/histogram.h"

#include <algorithm>

namespace tributary::metrics {

Histogram::Histogram(std::vector<double> upperBounds) : m_bounds(std::move(upperBounds)) {
  std::sort(m_bounds.begin(), m_bounds.end());
  m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
  m_counts = std::make_unique<std::atomic<std::uint64_t>[]>(m_bounds.size() + 1);
  for (std::size_t i = 0; i <= m_bounds.size(); ++i) m_counts[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value, std::uint64_t times) noexcept {
  if (times == 0) return;
  // Few buckets: a linear scan is faster than a binary search here.
  std::size_t i = 0;
  while (i < m_bounds.size() && value > m_bounds[i]) ++i;
  m_counts[i].fetch_add(times, std::memory_order_relaxed);
  m_sum.fetch_add(value * static_cast<double>(times), std::memory_order_relaxed);
  m_count.fetch_add(times, std::memory_order_relaxed);
}

HistogramSnapshot Histogram::snapshot() const {
  HistogramSnapshot s;
  s.upperBounds = m_bounds;
  s.counts.resize(m_bounds.size() + 1);
  for (std::size_t i = 0; i <= m_bounds.size(); ++i) s.counts[i] = m_counts[i].load(std::memory_order_relaxed);
  s.sum = m_sum.load(std::memory_order_relaxed);
  s.count = 0;
  for (auto c : s.counts) s.count += c;  // consistent with the buckets, unlike m_count
  return s;
}

std::vector<double> Histogram::latencyBounds() {
  return {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
          0.025,   0.05,     0.1,     0.25,   0.5,     1,      2.5,   5,      10};
}

std::vector<double> Histogram::endToEndBounds() {
  return {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,    0.1,      0.25,    0.5,    1,       2.5,    5,     10,     30,    60};
}

double HistogramSnapshot::quantile(double q) const {
  if (count == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  double rank = q * static_cast<double>(count);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (static_cast<double>(seen + counts[i]) >= rank) {
      if (i == upperBounds.size()) return upperBounds.empty() ? 0 : upperBounds.back();
      double lower = i == 0 ? 0 : upperBounds[i - 1];
      double upper = upperBounds[i];
      double within = (rank - static_cast<double>(seen)) / static_cast<double>(counts[i]);
      return lower + (upper - lower) * within;
    }
    seen += counts[i];
  }
  return upperBounds.empty() ? 0 : upperBounds.back();
}

}  // namespace tributary::metrics
