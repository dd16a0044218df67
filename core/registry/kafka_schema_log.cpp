// SchemaLog on a compacted Kafka topic (see schema_log.h).
#include <chrono>
#include <memory>

#include "core/kafka/client.h"
#include "core/kafka/cluster.h"
#include "core/registry/schema_log.h"

namespace tributary::registry {
namespace {

constexpr int kTimeoutMs = 15000;

class KafkaSchemaLog final : public SchemaLog {
 public:
  KafkaSchemaLog(kafka::ClusterConfig cluster, std::string topic)
      : m_cluster(std::move(cluster)), m_topic(std::move(topic)) {}

  std::string describe() const override { return "Kafka topic " + m_topic; }

  Result<std::vector<LogRecord>> readAll() override {
    {
      auto admin = kafka::ClusterClient::connect(m_cluster);
      if (!admin) return admin.error();
      // Compact-only: the newest record per key is kept for ever.
      if (Status s = (*admin)->ensureTopic(m_topic, 1, {{"cleanup.policy", "compact"}}); !s) return s.error();
    }
    auto client = kafka::Client::create(m_cluster, kafka::Client::Kind::Consumer,
                                        {{"group.id", "tributary.schema-registry"},
                                         {"enable.auto.commit", "false"},
                                         {"enable.partition.eof", "true"}});
    if (!client) return client.error();
    rd_kafka_t* rk = (*client)->handle();
    std::int64_t low = 0, high = 0;
    if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk, m_topic.c_str(), 0, &low, &high, kTimeoutMs))
      return (*client)->error(err, "reading the offsets of " + m_topic);
    std::vector<LogRecord> records;
    if (high <= low) return records;
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), 0)->offset = low;
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk, list.get())) return (*client)->error(err, "reading " + m_topic);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    std::int64_t next = low;
    while (next < high) {
      if (std::chrono::steady_clock::now() > deadline)
        return (*client)->timeoutError("read the schemas in " + m_topic, std::chrono::milliseconds(kTimeoutMs));
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
      if (!m) continue;
      std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> guard(m, rd_kafka_message_destroy);
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        next = std::max(next, m->offset);
        continue;
      }
      if (m->err) return (*client)->error(m->err, "reading " + m_topic);
      next = m->offset + 1;
      LogRecord record;
      if (m->key) record.key.assign(static_cast<const char*>(m->key), m->key_len);
      if (m->payload) record.value = std::string(static_cast<const char*>(m->payload), m->len);
      records.push_back(std::move(record));
    }
    rd_kafka_assign(rk, nullptr);
    return records;
  }

  Status append(const LogRecord& record) override {
    if (!m_producer) {
      auto producer = kafka::Client::create(m_cluster, kafka::Client::Kind::Producer,
                                            {{"acks", "all"}, {"enable.idempotence", "true"}, {"linger.ms", "0"},
                                             {"message.timeout.ms", std::to_string(kTimeoutMs)}});
      if (!producer) return producer.error();
      m_producer = std::move(*producer);
    }
    rd_kafka_t* rk = m_producer->handle();
    kafka::DeliveryReport report;
    void* payload = record.value ? const_cast<char*>(record.value->data()) : nullptr;
    std::size_t payloadSize = record.value ? record.value->size() : 0;
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(record.key.data(), record.key.size()),
        RD_KAFKA_V_VALUE(payload, payloadSize),
        RD_KAFKA_V_OPAQUE(&report), RD_KAFKA_V_END);
    if (err) return m_producer->error(err, "writing to " + m_topic);
    // The change counts only once Kafka has it: wait for the delivery report.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs + 2000);
    while (!report.done && std::chrono::steady_clock::now() < deadline) rd_kafka_poll(rk, 50);
    if (!report.done) {
      rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_flush(rk, 1000);
      return m_producer->timeoutError("write to " + m_topic, std::chrono::milliseconds(kTimeoutMs));
    }
    if (report.error) return m_producer->error(report.error, "writing to " + m_topic);
    return {};
  }

 private:
  kafka::ClusterConfig m_cluster;
  std::string m_topic;
  std::unique_ptr<kafka::Client> m_producer;
};

}  // namespace

std::unique_ptr<SchemaLog> makeKafkaSchemaLog(kafka::ClusterConfig cluster, std::string topic) {
  return std::make_unique<KafkaSchemaLog>(std::move(cluster), std::move(topic));
}

}  // namespace tributary::registry
