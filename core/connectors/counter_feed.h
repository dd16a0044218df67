#pragma once
// Feeds a running total that an operator keeps itself (late records so far)
// into a metrics counter, by the increase since the last call. Used by the
// stateful transforms after each batch, tick and finish; same thread as the node.

#include <cstdint>

#include "core/metrics/registry.h"

namespace tributary::connectors {

class CounterFeed {
 public:
  explicit CounterFeed(metrics::Counter* counter) : m_counter(counter) {}
  void update(std::uint64_t total) {
    if (m_counter && total > m_seen) m_counter->inc(total - m_seen);
    if (total > m_seen) m_seen = total;
  }

 private:
  metrics::Counter* m_counter;
  std::uint64_t m_seen = 0;
};

}  // namespace tributary::connectors
