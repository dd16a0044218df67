#pragma once
// Turns librdkafka's statistics JSON (emitted every `statistics.interval.ms`)
// into metrics of one pipeline node:
//   tributary_kafka_broker_rtt_seconds{pipeline,node,broker}        average request round trip
//   tributary_kafka_sent_bytes_total / _received_bytes_total {pipeline,node}
//   tributary_kafka_consumer_lag{pipeline,node,topic,partition}     committed offset to high watermark
// update() runs on a librdkafka thread; the registry's metrics are lock-free.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/metrics/registry.h"

namespace tributary::kafka {

class StatisticsMetrics {
 public:
  StatisticsMetrics(metrics::Registry& registry, std::string pipeline, std::string node);

  // Parses one statistics document; a malformed one is ignored (logged at debug level).
  void update(std::string_view json);

  // How often clients that feed this should emit statistics.
  static constexpr const char* kIntervalMs = "5000";

 private:
  metrics::Labels labels(std::initializer_list<std::pair<std::string, std::string>> extra) const;

  metrics::Registry& m_registry;
  std::string m_pipeline;
  std::string m_node;
  std::uint64_t m_sent = 0;      // totals seen so far, so the counters grow by the difference
  std::uint64_t m_received = 0;
  std::map<std::pair<std::string, std::int32_t>, metrics::Gauge*> m_lag;
};

}  // namespace tributary::kafka
