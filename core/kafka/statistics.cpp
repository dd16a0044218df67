#include "core/kafka/statistics.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace tributary::kafka {

StatisticsMetrics::StatisticsMetrics(metrics::Registry& registry, std::string pipeline, std::string node)
    : m_registry(registry), m_pipeline(std::move(pipeline)), m_node(std::move(node)) {}

metrics::Labels StatisticsMetrics::labels(std::initializer_list<std::pair<std::string, std::string>> extra) const {
  metrics::Labels l = {{"pipeline", m_pipeline}, {"node", m_node}};
  for (const auto& e : extra) l.push_back(e);
  return l;
}

void StatisticsMetrics::update(std::string_view json) {
  nlohmann::json stats = nlohmann::json::parse(json, nullptr, false);
  if (stats.is_discarded() || !stats.is_object()) {
    spdlog::debug("{}: unreadable librdkafka statistics", m_node);
    return;
  }
  // Totals over the client's life: the counters grow by what is new.
  std::uint64_t sent = stats.value("tx_bytes", std::uint64_t{0});
  std::uint64_t received = stats.value("rx_bytes", std::uint64_t{0});
  if (sent > m_sent)
    m_registry.counter("tributary_kafka_sent_bytes_total", "Bytes sent to Kafka brokers.", labels({}))
        .inc(sent - m_sent);
  if (received > m_received)
    m_registry.counter("tributary_kafka_received_bytes_total", "Bytes received from Kafka brokers.", labels({}))
        .inc(received - m_received);
  m_sent = std::max(m_sent, sent);
  m_received = std::max(m_received, received);

  if (auto brokers = stats.find("brokers"); brokers != stats.end() && brokers->is_object()) {
    for (const auto& [name, broker] : brokers->items()) {
      // Bootstrap entries (nodeid -1) are only used to find the real brokers.
      if (!broker.is_object() || broker.value("nodeid", -1) < 0) continue;
      auto rtt = broker.find("rtt");
      if (rtt == broker.end() || !rtt->is_object() || rtt->value("cnt", 0) == 0) continue;
      std::string id = std::to_string(broker.value("nodeid", -1));
      m_registry
          .gauge("tributary_kafka_broker_rtt_seconds", "Average request round trip to a broker (last interval).",
                 labels({{"broker", id}}))
          .set(rtt->value("avg", 0.0) / 1e6);
    }
  }

  // Lag of the partitions this client consumes; partitions it gave up read 0,
  // so a sum over runners stays right.
  std::set<std::pair<std::string, std::int32_t>> seen;
  if (auto topics = stats.find("topics"); topics != stats.end() && topics->is_object()) {
    for (const auto& [topic, t] : topics->items()) {
      auto partitions = t.find("partitions");
      if (partitions == t.end() || !partitions->is_object()) continue;
      for (const auto& [partition, p] : partitions->items()) {
        std::int32_t id = p.value("partition", -1);
        // The group's lag as Kafka tools show it (from the committed offset);
        // before the first commit, from the consumer's position.
        std::int64_t lag = p.value("consumer_lag", std::int64_t{-1});
        std::int64_t high = p.value("hi_offset", std::int64_t{-1});
        std::int64_t position = p.value("app_offset", std::int64_t{-1});
        if (lag < 0 && high >= 0 && position >= 0) lag = std::max<std::int64_t>(0, high - position);
        if (id < 0 || lag < 0) continue;  // the internal UA partition, or not consumed here
        auto& gauge = m_lag[{topic, id}];
        if (!gauge)
          gauge = &m_registry.gauge("tributary_kafka_consumer_lag",
                                    "Messages between the group's committed offset (before the first commit: the consumer's position) and the partition's high watermark.",
                                    labels({{"topic", topic}, {"partition", std::to_string(id)}}));
        gauge->set(static_cast<double>(lag));
        seen.insert({topic, id});
      }
    }
  }
  for (auto& [key, gauge] : m_lag)
    if (!seen.count(key)) gauge->set(0);
}

}  // namespace tributary::kafka
