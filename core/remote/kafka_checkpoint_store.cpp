#include "core/remote/kafka_checkpoint_store.h"

#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/record/timestamp.h"
#include "core/remote/internal_topics.h"

namespace tributary::remote {
namespace {

constexpr int kTimeoutMs = 15000;

bool isGroupSource(const std::string& type) {
  return type.size() >= 8 && type.compare(type.size() - 8, 8, "#consume") == 0;
}

// Compact-only: the newest checkpoint per key is kept for ever. Only closed
// segments are compacted, so the active one rolls after an hour or 16 MiB:
// that bounds what load() reads beyond one record per source.
std::vector<std::pair<std::string, std::string>> checkpointTopicConfigs() {
  return {{"cleanup.policy", "compact"}, {"segment.ms", "3600000"}, {"segment.bytes", "16777216"}};
}

}  // namespace

KafkaCheckpointStore::KafkaCheckpointStore(kafka::ClusterConfig cluster, std::string pipeline, std::string runner)
    : m_cluster(std::move(cluster)), m_pipeline(std::move(pipeline)), m_runner(std::move(runner)) {}

KafkaCheckpointStore::~KafkaCheckpointStore() = default;

std::string KafkaCheckpointStore::location() const {
  return std::string("Kafka topic ") + kCheckpointTopic + " (keys " + m_pipeline + "/<node>)";
}

Result<nlohmann::json> KafkaCheckpointStore::load() const {
  if (Status s = ensureInternalTopic(m_cluster, kCheckpointTopic, checkpointTopicConfigs()); !s) return s.error();
  auto client = kafka::Client::create(m_cluster, kafka::Client::Kind::Consumer,
                                      {{"group.id", "tributary.checkpoint-reader"},
                                       {"enable.auto.commit", "false"},
                                       {"enable.partition.eof", "true"}});
  if (!client) return client.error();
  rd_kafka_t* rk = (*client)->handle();
  std::int64_t low = 0, high = 0;
  if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk, kCheckpointTopic, 0, &low, &high, kTimeoutMs))
    return (*client)->error(err, std::string("reading the offsets of ") + kCheckpointTopic);
  nlohmann::json sources = nlohmann::json::object();
  const std::string prefix = m_pipeline + "/";
  if (high > low) {
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), kCheckpointTopic, 0)->offset = low;
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk, list.get()))
      return (*client)->error(err, std::string("reading ") + kCheckpointTopic);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    std::int64_t next = low;
    while (next < high) {
      if (std::chrono::steady_clock::now() > deadline)
        return (*client)->timeoutError(std::string("read the checkpoints in ") + kCheckpointTopic,
                                       std::chrono::milliseconds(kTimeoutMs));
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
      if (!m) continue;
      std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> guard(m, rd_kafka_message_destroy);
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        next = std::max(next, m->offset);
        continue;
      }
      if (m->err) return (*client)->error(m->err, std::string("reading ") + kCheckpointTopic);
      next = m->offset + 1;
      std::string key(static_cast<const char*>(m->key), m->key ? m->key_len : 0);
      if (key.compare(0, prefix.size(), prefix) != 0) continue;
      std::string node = key.substr(prefix.size());
      if (node.empty() || node.find('/') != std::string::npos) continue;
      if (!m->payload) {  // a tombstone: the source's checkpoint was deleted
        sources.erase(node);
        continue;
      }
      auto doc = nlohmann::json::parse(static_cast<const char*>(m->payload),
                                       static_cast<const char*>(m->payload) + m->len, nullptr, false);
      if (doc.is_discarded() || !doc.is_object() || !doc.contains("state")) {
        spdlog::warn("{} offset {}: the checkpoint of {} is damaged; ignored", kCheckpointTopic, m->offset, key);
        continue;
      }
      sources[node] = {{"type", doc.value("type", std::string())}, {"state", doc["state"]}};
    }
    rd_kafka_assign(rk, nullptr);
  }
  m_loaded.clear();
  for (const auto& [node, entry] : sources.items()) m_loaded[node] = entry["state"];
  return sources;
}

Status KafkaCheckpointStore::save(const nlohmann::json& sources) {
  struct Pending {
    std::string key, value;
    std::string node;
    nlohmann::json state;
  };
  std::vector<Pending> pending;
  for (const auto& [node, entry] : sources.items()) {
    std::string type = entry.value("type", std::string());
    if (isGroupSource(type)) continue;
    const nlohmann::json& state = entry.contains("state") ? entry["state"] : nlohmann::json();
    auto written = m_written.find(node);
    if (written != m_written.end() && written->second == state) continue;
    if (written == m_written.end())
      if (auto loaded = m_loaded.find(node); loaded != m_loaded.end() && loaded->second == state) {
        m_written[node] = state;  // what was loaded is already stored
        continue;
      }
    auto now = base::wallMicros();
    nlohmann::json doc = {{"tributary_checkpoint", 1}, {"pipeline", m_pipeline}, {"node", node}, {"type", type},
                          {"state", state},           {"runner", m_runner},     {"updated", record::formatIsoTimestamp(now)}};
    pending.push_back({m_pipeline + "/" + node, doc.dump(), node, state});
  }
  if (pending.empty()) return {};
  if (!m_producer) {
    auto producer = kafka::Client::create(m_cluster, kafka::Client::Kind::Producer,
                                          {{"acks", "all"}, {"enable.idempotence", "true"}, {"linger.ms", "0"},
                                           {"message.timeout.ms", std::to_string(kTimeoutMs)}});
    if (!producer) return producer.error();
    m_producer = std::move(*producer);
  }
  rd_kafka_t* rk = m_producer->handle();
  std::vector<kafka::DeliveryReport> reports(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) {
    Pending& p = pending[i];
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(kCheckpointTopic), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(p.key.data(), p.key.size()), RD_KAFKA_V_VALUE(p.value.data(), p.value.size()),
        RD_KAFKA_V_OPAQUE(&reports[i]), RD_KAFKA_V_END);
    if (err) {
      rd_kafka_flush(rk, kTimeoutMs);
      return m_producer->error(err, std::string("writing a checkpoint to ") + kCheckpointTopic);
    }
  }
  // Wait for the delivery reports: the checkpoint counts only once Kafka has it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs + 2000);
  while (rd_kafka_outq_len(rk) > 0 && std::chrono::steady_clock::now() < deadline) rd_kafka_flush(rk, 100);
  rd_kafka_poll(rk, 0);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (!reports[i].done)
      return m_producer->timeoutError(std::string("write a checkpoint to ") + kCheckpointTopic,
                                      std::chrono::milliseconds(kTimeoutMs));
    if (reports[i].error)
      return m_producer->error(reports[i].error, std::string("writing a checkpoint to ") + kCheckpointTopic);
    m_written[pending[i].node] = pending[i].state;
  }
  return {};
}

}  // namespace tributary::remote
