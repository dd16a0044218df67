// dead_letter_topic: bad records of any node go to a Kafka topic, the way Kafka
// Connect's errors.deadletterqueue does. The message is the record as it was
// (key, JSON value, headers, timestamp) or the raw input that never became a
// record; why and where it failed travel in tributary.* headers.
#include <chrono>
#include <mutex>

#include <spdlog/spdlog.h>

#include "core/connectors/topic_common.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors {
namespace {

class DeadLetterTopic final : public runtime::DeadLetterSink {
 public:
  DeadLetterTopic(kafka::ClusterConfig cluster, std::string topic)
      : m_cluster(std::move(cluster)), m_topic(std::move(topic)) {}

  // Each letter is delivered (acks=all) before write() returns: the source may
  // move past a bad record only once its letter is stored. Bad records are
  // rare, so one round trip each is affordable.
  Status write(const runtime::DeadLetter& letter) override {
    std::lock_guard lock(m_mutex);
    if (!m_client)
      if (Status s = connect(); !s) return s;
    std::string key, value;
    bool hasKey = false;
    std::int64_t timestampMs = 0;
    rd_kafka_headers_t* headers = rd_kafka_headers_new(8);
    if (const record::Record* r = letter.record) {
      if (!r->key.isNull()) {
        hasKey = true;
        encodeForKafka(r->key, TopicFormat::String, key);
      }
      encodeForKafka(r->value, TopicFormat::Json, value);
      timestampMs = r->timestampMs > 0 ? r->timestampMs : 0;
      for (const auto& h : r->headers) addHeader(headers, h.key, h.value);
    } else {
      value.assign(letter.raw);
    }
    std::string time;
    record::appendIsoTimestamp(letter.timeUs, time);
    addHeader(headers, "tributary.error", letter.error.message);
    if (!letter.error.where.empty()) addHeader(headers, "tributary.error.where", letter.error.where);
    addHeader(headers, "tributary.pipeline", letter.pipeline);
    addHeader(headers, "tributary.node", letter.node);
    addHeader(headers, "tributary.origin.partition", std::to_string(letter.position.partition));
    addHeader(headers, "tributary.origin.offset", std::to_string(letter.position.offset));
    addHeader(headers, "tributary.time", time);

    kafka::DeliveryReport report;
    rd_kafka_t* rk = m_client->handle();
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(hasKey ? key.data() : nullptr, hasKey ? key.size() : 0),
        RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_TIMESTAMP(timestampMs), RD_KAFKA_V_OPAQUE(&report), RD_KAFKA_V_END);
    if (err) {
      rd_kafka_headers_destroy(headers);
      return m_client->error(err, "writing a dead letter to " + m_topic);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!report.done.load() && std::chrono::steady_clock::now() < deadline) rd_kafka_flush(rk, 100);
    if (!report.done.load())
      return m_client->timeoutError("writing a dead letter to " + m_topic, std::chrono::seconds(60));
    if (report.error) return m_client->error(report.error, "writing a dead letter to " + m_topic);
    return {};
  }

 private:
  Status connect() {
    if (Status s = ensureTopic(m_cluster, m_topic, 1, 1); !s) return s;
    auto client = kafka::Client::create(m_cluster, kafka::Client::Kind::Producer,
                                        {{"acks", "all"}, {"enable.idempotence", "true"}, {"linger.ms", "0"}});
    if (!client) return client.error();
    m_client = std::move(*client);
    spdlog::info("dead letters go to topic {}", m_topic);
    return {};
  }

  static void addHeader(rd_kafka_headers_t* headers, std::string_view name, std::string_view value) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }

  kafka::ClusterConfig m_cluster;
  std::string m_topic;
  std::mutex m_mutex;
  std::unique_ptr<kafka::Client> m_client;
};

}  // namespace

Result<std::shared_ptr<runtime::DeadLetterSink>> makeDeadLetterTopic(const runtime::NodeContext& context,
                                                                     const std::string& topic) {
  if (topic.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string::npos ||
      topic.size() > 249)
    return makeError(ErrorCode::Invalid, "\"" + topic + "\" is not a valid topic name (letters, digits, . _ - only)");
  // The pipeline's cluster only: a node's own `properties` mean something else outside topic nodes.
  kafka::ClusterConfig cluster;
  cluster.name = context.pipeline;
  cluster.bootstrap = context.cluster.bootstrap;
  cluster.properties = context.cluster.properties;
  return std::shared_ptr<runtime::DeadLetterSink>(std::make_shared<DeadLetterTopic>(std::move(cluster), topic));
}

}  // namespace tributary::connectors
