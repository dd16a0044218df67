#pragma once
// Counters and gauges: single numbers updated lock-free from any thread and
// read (for snapshots, dashboards and the Prometheus endpoint) from any other.
// Relaxed atomics: a reader sees each number on its own, not a consistent cut
// across several, which is what metrics need.

#include <atomic>
#include <cstdint>

namespace tributary::metrics {

// A monotonically increasing count (records, bytes, errors).
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { m_value.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return m_value.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> m_value{0};
};

// A value that goes up and down (queue depth, last position, state).
class Gauge {
 public:
  void set(double v) noexcept { m_value.store(v, std::memory_order_relaxed); }
  void add(double v) noexcept { m_value.fetch_add(v, std::memory_order_relaxed); }
  double value() const noexcept { return m_value.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> m_value{0};
};

}  // namespace tributary::metrics
