#pragma once
// A histogram with fixed bucket bounds (Prometheus style): observe() is
// lock-free and safe from any thread; snapshot() may run concurrently and
// returns per-bucket counts that are each exact but not a consistent cut.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace tributary::metrics {

struct HistogramSnapshot {
  std::vector<double> upperBounds;    // ascending; +Inf is implicit after the last
  std::vector<std::uint64_t> counts;  // per bucket, NOT cumulative; size = bounds + 1 (last: +Inf)
  double sum = 0;
  std::uint64_t count = 0;

  // Estimated value at quantile q (0..1) by linear interpolation inside the
  // bucket, as Prometheus' histogram_quantile does. 0 when empty.
  double quantile(double q) const;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upperBounds);

  void observe(double value) noexcept { observe(value, 1); }
  // `times` observations of the same value (a batch of records that share one latency).
  void observe(double value, std::uint64_t times) noexcept;
  HistogramSnapshot snapshot() const;
  const std::vector<double>& upperBounds() const { return m_bounds; }

  // 10 µs … 10 s, for batch latencies in seconds.
  static std::vector<double> latencyBounds();
  // 10 µs … 60 s, for end-to-end latencies in seconds (a fused in-process
  // pipeline takes tens of µs, a backed-up one seconds).
  static std::vector<double> endToEndBounds();

 private:
  std::vector<double> m_bounds;
  std::unique_ptr<std::atomic<std::uint64_t>[]> m_counts;
  std::atomic<double> m_sum{0};
  std::atomic<std::uint64_t> m_count{0};
};

}  // namespace tributary::metrics
